import {
  Problems,
  checkEachOnce,
  checkNetworkAddress,
  checkSecurityGroupId,
  checkSubnetId,
  fail,
  isUnresolved,
  parseIpv4Cidr,
} from "../private/validation";

/** The services an interface endpoint can serve: DynamoDB, and DynamoDB Streams (which has no gateway endpoint). */
export type InterfaceEndpointService = "dynamodb" | "dynamodb-streams";
export const INTERFACE_ENDPOINT_SERVICES: readonly InterfaceEndpointService[] = ["dynamodb", "dynamodb-streams"];

/**
 * Interface endpoints (AWS PrivateLink) in one region, for clients the gateway
 * endpoint cannot serve: on-premises networks over Direct Connect or VPN,
 * peered VPCs, Transit Gateway attachments, and stream readers.
 */
export interface InterfaceEndpointOptions {
  /**
   * Which services get an interface endpoint; each once.
   * @default ["dynamodb"]: add "dynamodb-streams" for stream readers that are not Lambda event source mappings
   */
  readonly services?: readonly InterfaceEndpointService[];
  /**
   * IPv4 CIDRs that may reach the endpoints on HTTPS (443): the on-premises
   * or peered networks. `0.0.0.0/0` is refused.
   * @default none; `allowedCidrs` or `allowedSecurityGroupIds` must name a source
   */
  readonly allowedCidrs?: readonly string[];
  /**
   * Security groups whose members may reach the endpoints on HTTPS: `sg-…` in
   * the same VPC or a peered one, or `<account>/sg-…` in another account's
   * peered VPC. With a new VPC, only a Terraform reference (a group made in
   * the same stack): no existing group can be in, or peered with, a VPC that
   * does not exist yet.
   * @default none; `allowedCidrs` or `allowedSecurityGroupIds` must name a source
   */
  readonly allowedSecurityGroupIds?: readonly string[];
  /**
   * Subnets (`subnet-…`, one per zone at most) to place the endpoints' network
   * interfaces in; required with an existing VPC (`vpcId`).
   * @default - the new VPC's private subnets
   */
  readonly subnetIds?: readonly string[];
}

/** The widest source network admitted: anything wider is close to "anyone", and /1 halves add up to 0.0.0.0/0. */
const WIDEST_PREFIX = 8;

/** An allowed source CIDR as Terraform's `cidr_ipv4` takes it: a network address, no leading zeros, at most /8 wide. */
function checkSourceCidr(where: string, prop: string, cidr: string): void {
  if (isUnresolved(cidr)) return;
  const parsed = typeof cidr === "string" && !/(^|\.)0\d/.test(cidr) ? parseIpv4Cidr(cidr) : undefined;
  if (!parsed) fail(where, prop, "must be an IPv4 CIDR such as '10.20.0.0/16'", cidr);
  if (parsed.prefix === 0) fail(where, prop, "must not be 0.0.0.0/0: name the networks that may reach the endpoints", cidr);
  if (parsed.prefix < WIDEST_PREFIX)
    fail(where, prop, `must be /${WIDEST_PREFIX} or narrower: name the networks that may reach the endpoints`, cidr);
  checkNetworkAddress(where, prop, cidr, parsed);
}

/** The services asked for, with the default filled in. */
export function interfaceEndpointServices(options: InterfaceEndpointOptions): InterfaceEndpointService[] {
  return [...(options.services ?? ["dynamodb"])];
}

/**
 * Every rule of `<prefix>interfaceEndpoints`; `network` tells where they go:
 * a new VPC (its subnets), an existing VPC (`subnetIds` required), or a joined
 * endpoint (refused: the VPC is its owner's).
 */
export function validateInterfaceEndpointOptions(
  problems: Problems,
  where: string,
  prefix: string,
  options: InterfaceEndpointOptions,
  network: { readonly vpcId?: string; readonly vpcEndpointId?: string },
): void {
  const p = `${prefix}interfaceEndpoints`;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    problems.check(() => fail(where, p, "must be an object: { services, allowedCidrs, allowedSecurityGroupIds, subnetIds }", options));
    return;
  }
  problems.check(() => {
    if (network.vpcEndpointId !== undefined) {
      fail(
        where,
        p,
        `is not available with ${prefix}vpcEndpointId: a joined endpoint's VPC and subnets are its owner's (create the interface endpoints there, and list their ids in extraEndpointIds)`,
        options,
      );
    }
  });
  problems.check(() => {
    const services = options.services;
    if (services !== undefined && services.length === 0)
      fail(where, `${p}.services`, `must name at least one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`, services);
    checkEachOnce(where, `${p}.services`, services, (s, at) => {
      if (!INTERFACE_ENDPOINT_SERVICES.includes(s)) fail(where, at, `must be one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`, s);
    });
  });
  problems.check(() => {
    if ((options.allowedCidrs ?? []).length === 0 && (options.allowedSecurityGroupIds ?? []).length === 0) {
      fail(
        where,
        p,
        "must name at least one allowed source in allowedCidrs or allowedSecurityGroupIds: an interface endpoint nobody may reach only costs money",
        options,
      );
    }
  });
  validateSources(problems, where, prefix, options, network);
  validateSubnets(problems, where, prefix, options, network);
}

type Placement = { readonly vpcId?: string; readonly vpcEndpointId?: string };

/** Who may reach the endpoints: CIDRs, or security groups (of this stack, when the VPC is new). */
function validateSources(problems: Problems, where: string, prefix: string, options: InterfaceEndpointOptions, network: Placement): void {
  const p = `${prefix}interfaceEndpoints`;
  problems.check(() => checkEachOnce(where, `${p}.allowedCidrs`, options.allowedCidrs, (cidr, at) => checkSourceCidr(where, at, cidr)));
  const newVpc = network.vpcId === undefined && network.vpcEndpointId === undefined;
  problems.check(() =>
    checkEachOnce(where, `${p}.allowedSecurityGroupIds`, options.allowedSecurityGroupIds, (id, at) => {
      checkSecurityGroupId(where, at, id);
      if (newVpc && !isUnresolved(id))
        fail(
          where,
          at,
          `must be a reference to a security group made in this stack when the VPC is new: an existing group cannot be in, or peered with, a VPC that does not exist yet (use allowedCidrs, or ${prefix}vpcId)`,
          id,
        );
    }),
  );
}

/** Where the endpoints go: the new VPC's own subnets, or the listed subnets of an existing VPC. */
function validateSubnets(problems: Problems, where: string, prefix: string, options: InterfaceEndpointOptions, network: Placement): void {
  const p = `${prefix}interfaceEndpoints`;
  problems.check(() => {
    if (network.vpcEndpointId !== undefined) return;
    if (network.vpcId === undefined) {
      if (options.subnetIds !== undefined)
        fail(where, `${p}.subnetIds`, `is only allowed with ${prefix}vpcId (the new VPC's private subnets are used)`, options.subnetIds);
      return;
    }
    if ((options.subnetIds ?? []).length === 0) {
      fail(
        where,
        `${p}.subnetIds`,
        `must list the subnets of ${prefix}vpcId to place the endpoints in (at least one): the module cannot choose subnets in a VPC it does not own`,
        options.subnetIds,
      );
    }
    checkEachOnce(where, `${p}.subnetIds`, options.subnetIds, (id, at) => checkSubnetId(where, at, id));
  });
}
