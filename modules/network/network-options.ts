import {
  Problems,
  checkEachOnce,
  checkRouteTableId,
  checkTableName,
  checkVpcEndpointId,
  checkVpcId,
  fail,
  isUnresolved,
} from "../private/validation";
import { InterfaceEndpointOptions, validateInterfaceEndpointOptions } from "./interface-endpoint-options";
import { PrivateVpcOptions, validatePrivateVpcOptions } from "./private-vpc-options";

/** Where an endpoint goes: a new private VPC (default) or an existing VPC. */
export interface NetworkOptions extends PrivateVpcOptions {
  /**
   * ID of an existing VPC; then `routeTableIds` is required and no VPC is created.
   * @default - a new VPC is created
   */
  readonly vpcId?: string;
  /**
   * Every route table of the existing VPC's subnets that reach DynamoDB; only with `vpcId`.
   * @default - the new VPC's route tables
   */
  readonly routeTableIds?: readonly string[];
  /**
   * Join an existing DynamoDB gateway endpoint (`vpce-…`) instead of creating
   * one: it is read at plan time (the plan fails unless it is a DynamoDB
   * gateway endpoint with route tables), never managed, and the policies
   * accept requests through it. No VPC, route table or flow log is created.
   * @default - a new endpoint
   */
  readonly vpcEndpointId?: string;
  /**
   * With `vpcEndpointId`: more route tables to put the endpoint on, as
   * `aws_vpc_endpoint_route_table_association` resources. Only safe when the
   * endpoint's owner does not set its `route_table_ids` inline (that list
   * would remove these).
   * @default - none: the owner's route tables only
   */
  readonly associateRouteTableIds?: readonly string[];
  /**
   * With `vpcEndpointId`: manage the endpoint's policy here (an
   * `aws_vpc_endpoint_policy` with `prevent_destroy`, since destroying it
   * resets the endpoint to full access). Only one stack may manage it.
   * @default false: the policy is left to the endpoint's owner; the output `vpc_endpoint_policy_document` is the document to apply
   */
  readonly manageEndpointPolicy?: boolean;
  /**
   * With `vpcEndpointId`: the tables of other perimeters that join the same
   * endpoint. Its policy (managed here, or the document its owner applies)
   * lets their tables through too, so one document serves them all. A config
   * file fills it in for every stack that joins an endpoint another stack of
   * the config joins.
   * @default - none: the policy names this perimeter's tables only
   */
  readonly endpointSharedWith?: readonly SharedEndpointTables[];
  /**
   * Interface endpoints for DynamoDB and DynamoDB Streams in this region's VPC,
   * for on-premises networks, peered VPCs and stream readers, with their own
   * security group and the perimeter's endpoint policies; their ids join every
   * policy's endpoint list. Not with `vpcEndpointId`.
   * @default - none: only the gateway endpoint
   */
  readonly interfaceEndpoints?: InterfaceEndpointOptions;
}

/** How another perimeter that joins the same endpoint names its tables: by name, or by prefix. */
export interface SharedEndpointTables {
  /** Its tables' names. @default - none */
  readonly tableNames?: readonly string[];
  /** The prefix its tables' names start with. @default - none */
  readonly tableNamePrefix?: string;
}

/**
 * Route tables a gateway endpoint is put on: at least one (`whenEmpty` says
 * why, for the caller's context), each a well-formed id, none twice.
 */
export function checkRouteTableIds(where: string, prop: string, ids: readonly string[] | undefined, whenEmpty: string): void {
  if (!isUnresolved(ids) && (ids ?? []).length === 0) fail(where, prop, whenEmpty, ids);
  checkEachOnce(where, prop, ids, (rtb, p) => checkRouteTableId(where, p, rtb), undefined, "must not repeat a route table");
}

/** Every rule of a region's network options; `prefix` is e.g. "network." or "replicas[0].network.". */
export function validateNetworkOptions(problems: Problems, where: string, prefix: string, network: NetworkOptions, region: string): void {
  if (network.interfaceEndpoints !== undefined)
    validateInterfaceEndpointOptions(problems, where, prefix, network.interfaceEndpoints, network);
  const onlyWhenJoining = (prop: "associateRouteTableIds" | "manageEndpointPolicy" | "endpointSharedWith") =>
    problems.check(() => {
      if (network[prop] !== undefined)
        fail(
          where,
          `${prefix}${prop}`,
          `is only allowed with ${prefix}vpcEndpointId (an endpoint created here is managed whole)`,
          network[prop],
        );
    });
  if (network.vpcEndpointId !== undefined) {
    validateJoinedEndpoint(problems, where, prefix, network);
    return;
  }
  onlyWhenJoining("associateRouteTableIds");
  onlyWhenJoining("manageEndpointPolicy");
  onlyWhenJoining("endpointSharedWith");
  if (network.vpcId === undefined) {
    problems.check(() => {
      if (network.routeTableIds !== undefined) {
        fail(
          where,
          `${prefix}routeTableIds`,
          `is only allowed with ${prefix}vpcId (a new VPC brings its own route tables)`,
          network.routeTableIds,
        );
      }
    });
    validatePrivateVpcOptions(problems, where, prefix, network, region);
    return;
  }
  validateExistingVpc(problems, where, prefix, network);
}

/** An existing VPC is its owner's: its id and the route tables the endpoint joins, nothing a new VPC would bring. */
function validateExistingVpc(problems: Problems, where: string, prefix: string, network: NetworkOptions): void {
  problems.check(() => checkVpcId(where, `${prefix}vpcId`, network.vpcId!));
  const ownersOnly = (prop: "cidrBlock" | "availabilityZones" | "flowLogs" | "dnsFirewall", why: string) =>
    problems.check(() => {
      if (network[prop] !== undefined) fail(where, `${prefix}${prop}`, `must not be set with ${prefix}vpcId${why}`, network[prop]);
    });
  ownersOnly("cidrBlock", " (the existing VPC keeps its own CIDR)");
  ownersOnly("availabilityZones", "");
  ownersOnly("flowLogs", " (flow logs of an existing VPC belong to its owner)");
  ownersOnly("dnsFirewall", " (the DNS of an existing VPC belongs to its owner)");
  problems.check(() =>
    checkRouteTableIds(
      where,
      `${prefix}routeTableIds`,
      network.routeTableIds,
      "must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic",
    ),
  );
}

/** An existing endpoint is its owner's: only its id, extra route tables and (optionally) its policy are ours. */
function validateJoinedEndpoint(problems: Problems, where: string, prefix: string, network: NetworkOptions): void {
  problems.check(() => checkVpcEndpointId(where, `${prefix}vpcEndpointId`, network.vpcEndpointId!));
  for (const prop of ["vpcId", "routeTableIds", "cidrBlock", "availabilityZones", "flowLogs", "dnsFirewall"] as const) {
    problems.check(() => {
      if (network[prop] !== undefined) {
        fail(
          where,
          `${prefix}${prop}`,
          `must not be set with ${prefix}vpcEndpointId (the joined endpoint's VPC and route tables are its owner's)`,
          network[prop],
        );
      }
    });
  }
  problems.each(network.endpointSharedWith ?? [], (shared, i) => {
    const p = `${prefix}endpointSharedWith[${i}]`;
    if (!shared.tableNames?.length && shared.tableNamePrefix === undefined) fail(where, p, "needs tableNames or tableNamePrefix", shared);
    (shared.tableNames ?? []).forEach((name, t) => checkTableName(where, `${p}.tableNames[${t}]`, name));
    if (
      shared.tableNamePrefix !== undefined &&
      !isUnresolved(shared.tableNamePrefix) &&
      !/^[A-Za-z0-9_.-]{1,254}$/.test(shared.tableNamePrefix)
    ) {
      fail(where, `${p}.tableNamePrefix`, "must be 1 to 254 characters of A-Z a-z 0-9 _ . -", shared.tableNamePrefix);
    }
  });
  if (network.associateRouteTableIds === undefined) return;
  problems.check(() =>
    checkRouteTableIds(
      where,
      `${prefix}associateRouteTableIds`,
      network.associateRouteTableIds,
      "must list at least one route table, or be left out",
    ),
  );
}
