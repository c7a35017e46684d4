import { Problems, checkEachOnce, checkRouteTableId, checkVpcId, fail, isUnresolved } from "../private/validation";
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
  if (network.vpcId === undefined) {
    problems.check(() => {
      if (network.routeTableIds !== undefined) {
        fail(where, `${prefix}routeTableIds`, `is only allowed with ${prefix}vpcId (a new VPC brings its own route tables)`, network.routeTableIds);
      }
    });
    validatePrivateVpcOptions(problems, where, prefix, network, region);
    return;
  }
  problems.check(() => checkVpcId(where, `${prefix}vpcId`, network.vpcId!));
  problems.check(() => {
    if (network.cidrBlock !== undefined) {
      fail(where, `${prefix}cidrBlock`, `must not be set with ${prefix}vpcId (the existing VPC keeps its own CIDR)`, network.cidrBlock);
    }
  });
  problems.check(() => {
    if (network.availabilityZones !== undefined) fail(where, `${prefix}availabilityZones`, `must not be set with ${prefix}vpcId`, network.availabilityZones);
  });
  problems.check(() => {
    if (network.flowLogs !== undefined) {
      fail(where, `${prefix}flowLogs`, `must not be set with ${prefix}vpcId (flow logs of an existing VPC belong to its owner)`, network.flowLogs);
    }
  });
  problems.check(() =>
    checkRouteTableIds(
      where,
      `${prefix}routeTableIds`,
      network.routeTableIds,
      "must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic",
    ),
  );
}
