import { Problems, checkVpcCidr, fail, formatIpv4, isUnresolved, parseIpv4Cidr } from "../private/validation";
import { DnsFirewallOptions, validateDnsFirewallOptions } from "./dns-firewall";
import { FlowLogOptions, validateFlowLogOptions } from "./flow-log-options";

/** A new private VPC's options, its defaults, its rules and its subnet plan. */

/** Options of a new VPC that users choose. */
export interface PrivateVpcOptions {
  /**
   * IPv4 CIDR of the VPC, a network address from /16 to /28.
   * @default "10.0.0.0/16"
   */
  readonly cidrBlock?: string;
  /**
   * Availability zones, one private subnet and route table each; at least 2, at most 16, all in the VPC's region.
   * @default - the first two zones the account has available in the region, looked up at plan time; once a subnet exists it keeps its zone, whatever the lookup answers later
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Flow logs of the VPC.
   * @default - to a new CloudWatch log group kept 365 days, encrypted with a new KMS key
   */
  readonly flowLogs?: FlowLogOptions;
  /**
   * Route 53 Resolver DNS Firewall and query logging on the VPC (`DnsFirewall`).
   * @default - none: the VPC resolves any domain of the internet, and no log records its queries
   */
  readonly dnsFirewall?: DnsFirewallOptions;
}

/** AWS's smallest subnet. */
const SMALLEST_SUBNET_PREFIX = 28;
const MIN_ZONES = 2;
const MAX_ZONES = 16;

/** New-VPC options with every default filled in. */
export interface ResolvedPrivateVpcOptions extends PrivateVpcOptions {
  readonly cidrBlock: string;
  /** One private subnet and route table per zone. */
  readonly zoneCount: number;
}

/** Fills in the new-VPC defaults; the one place they are written. */
export function resolvePrivateVpcOptions(options: PrivateVpcOptions): ResolvedPrivateVpcOptions {
  return { ...options, cidrBlock: options.cidrBlock ?? "10.0.0.0/16", zoneCount: options.availabilityZones?.length ?? MIN_ZONES };
}

/**
 * Splits a VPC CIDR into `count` equal subnets. Each subnet is /4 smaller than
 * the VPC (room for more subnets later) but never smaller than /28.
 */
export function subnetCidrs(vpcCidr: string, count: number): string[] | undefined {
  const parsed = parseIpv4Cidr(vpcCidr);
  if (!parsed) return undefined;
  const needBits = Math.ceil(Math.log2(count));
  const prefix = Math.max(Math.min(parsed.prefix + 4, SMALLEST_SUBNET_PREFIX), parsed.prefix + needBits);
  if (prefix > SMALLEST_SUBNET_PREFIX) return undefined;
  const size = 2 ** (32 - prefix);
  return Array.from({ length: count }, (_, i) => `${formatIpv4(parsed.address + i * size)}/${prefix}`);
}

/**
 * Every rule of new-VPC options; `prefix` is prepended to prop names. The
 * subnet plan is checked only once the CIDR and zones are sound.
 */
export function validatePrivateVpcOptions(
  problems: Problems,
  where: string,
  prefix: string,
  options: PrivateVpcOptions,
  region: string,
): void {
  const { cidrBlock, zoneCount } = resolvePrivateVpcOptions(options);
  const before = problems.count;
  problems.check(() => checkVpcCidr(where, `${prefix}cidrBlock`, cidrBlock));
  const zones = options.availabilityZones;
  if (zones !== undefined) {
    problems.check(() => {
      if (!Array.isArray(zones) || zones.length < MIN_ZONES || zones.length > MAX_ZONES) {
        fail(where, `${prefix}availabilityZones`, `must list ${MIN_ZONES} to ${MAX_ZONES} zones`, zones);
      }
      const seen = new Set<string>();
      zones.forEach((zone, i) => {
        if (isUnresolved(zone)) return;
        if (typeof zone !== "string" || !zone.startsWith(region) || !/^[a-z0-9-]+[a-z]$/.test(zone)) {
          fail(where, `${prefix}availabilityZones[${i}]`, `must be a zone name in region ${region} such as '${region}a'`, zone);
        }
        if (seen.has(zone)) fail(where, `${prefix}availabilityZones[${i}]`, "must not repeat a zone", zone);
        seen.add(zone);
      });
    });
  }
  validateFlowLogOptions(problems, where, `${prefix}flowLogs.`, options.flowLogs ?? {});
  validateDnsFirewallOptions(problems, where, `${prefix}dnsFirewall.`, options.dnsFirewall ?? {});
  if (problems.count > before || isUnresolved(cidrBlock)) return;
  problems.check(() => {
    if (!subnetCidrs(cidrBlock, zoneCount)) {
      fail(
        where,
        `${prefix}cidrBlock`,
        `must leave room for ${zoneCount} subnets of at least /${SMALLEST_SUBNET_PREFIX} (one per zone)`,
        cidrBlock,
      );
    }
  });
}
