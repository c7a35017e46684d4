import { Construct } from "constructs";
import { Fn } from "cdktf";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { TerraformProvider } from "cdktf";
import { checkVpcCidr, fail, formatIpv4, isUnresolved, parseIpv4Cidr } from "./validation";
import { FlowLogOptions, VpcFlowLog, checkFlowLogOptions } from "./vpc-flow-log";

/** Options of a new VPC that users choose. */
export interface PrivateVpcOptions {
  /**
   * IPv4 CIDR of the VPC, a network address from /16 to /28.
   * @default "10.0.0.0/16"
   */
  readonly cidrBlock?: string;
  /**
   * Availability zones, one private subnet and route table each; at least 2, at most 16, all in the VPC's region.
   * @default - the first two zones the account has available in the region, looked up at plan time
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Flow logs of the VPC.
   * @default - to a new CloudWatch log group kept 365 days, encrypted with a new KMS key
   */
  readonly flowLogs?: FlowLogOptions;
}

export interface PrivateVpcProps extends PrivateVpcOptions {
  /** Region of the VPC; zones must belong to it. */
  readonly region: string;
  /** Account of the VPC, for the flow log role and key policies. */
  readonly accountId: string;
  /**
   * Provider for the VPC's region.
   * @default - the stack's default aws provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Value of the `Name` tag, suffixed per resource.
   * @default - the construct id
   */
  readonly name?: string;
}

const DEFAULT_CIDR = "10.0.0.0/16";
const MIN_ZONES = 2;
const MAX_ZONES = 16;
/** AWS's smallest subnet. */
const SMALLEST_SUBNET_PREFIX = 28;

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
 * Checks new-VPC options; returns the subnet CIDRs, or undefined when the VPC
 * CIDR is only known at apply time. `prefix` is prepended to prop names.
 */
export function checkPrivateVpcOptions(
  where: string,
  prefix: string,
  props: PrivateVpcOptions,
  region: string,
): string[] | undefined {
  const cidrBlock = props.cidrBlock ?? DEFAULT_CIDR;
  checkVpcCidr(where, `${prefix}cidrBlock`, cidrBlock);
  const zones = props.availabilityZones;
  if (zones !== undefined) {
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
  }
  checkFlowLogOptions(where, `${prefix}flowLogs.`, props.flowLogs ?? {});
  if (isUnresolved(cidrBlock)) return undefined;
  const zoneCount = zones?.length ?? MIN_ZONES;
  const cidrs = subnetCidrs(cidrBlock, zoneCount);
  if (!cidrs) {
    fail(where, `${prefix}cidrBlock`, `must leave room for ${zoneCount} subnets of at least /${SMALLEST_SUBNET_PREFIX} (one per zone)`, cidrBlock);
  }
  return cidrs;
}

/**
 * A VPC with DNS support and hostnames on and one private subnet per
 * availability zone, each with its own route table. It has no internet
 * gateway: DynamoDB is reached through the gateway endpoint's routes. The
 * default security group is taken over with no rules, so nothing placed in
 * it by accident can talk, and flow logs record every packet decision.
 */
export class PrivateVpc extends Construct {
  /** The VPC resource. */
  public readonly resource: Vpc;
  /** ID of the VPC. */
  public readonly vpcId: string;
  /** IDs of the private subnets, one per zone. */
  public readonly subnetIds: string[];
  /** IDs of the route tables, one per subnet. */
  public readonly routeTableIds: string[];

  constructor(scope: Construct, id: string, props: PrivateVpcProps) {
    super(scope, id);
    const cidrBlock = props.cidrBlock ?? DEFAULT_CIDR;
    const name = props.name ?? id;
    const where = this.node.path;

    const cidrs = checkPrivateVpcOptions(where, "", props, props.region);
    const zones = props.availabilityZones;
    const zoneCount = zones?.length ?? MIN_ZONES;

    const provider = props.provider;
    this.resource = new Vpc(this, "Resource", {
      provider,
      cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    });
    this.vpcId = this.resource.id;

    const available = zones
      ? undefined
      : new DataAwsAvailabilityZones(this, "AvailableZones", {
          provider,
          state: "available",
          filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        });

    this.subnetIds = [];
    this.routeTableIds = [];
    const zoneScope = new Construct(this, "Zones");
    for (let i = 0; i < zoneCount; i++) {
      const zone = new Construct(zoneScope, String(i));
      const subnet = new Subnet(zone, "Subnet", {
        provider,
        vpcId: this.vpcId,
        cidrBlock: cidrs ? cidrs[i] : Fn.cidrsubnet(cidrBlock, 4, i),
        availabilityZone: zones ? zones[i] : Fn.element(available!.names, i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-private-${i}` },
      });
      const routeTable = new RouteTable(zone, "RouteTable", {
        provider,
        vpcId: this.vpcId,
        tags: { Name: `${name}-private-${i}` },
      });
      new RouteTableAssociation(zone, "Association", {
        provider,
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      this.subnetIds.push(subnet.id);
      this.routeTableIds.push(routeTable.id);
    }

    // Managing the default security group with no rules removes the
    // allow-all rules AWS puts in it (Checkov CKV2_AWS_12, Security Hub EC2.2).
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      provider,
      vpcId: this.vpcId,
      ingress: [],
      egress: [],
      tags: { Name: `${name}-default-no-traffic` },
    });

    const flowLogs = props.flowLogs ?? {};
    if ((flowLogs.destination ?? "cloud-watch-logs") !== "none") {
      new VpcFlowLog(this, "FlowLog", {
        ...flowLogs,
        provider,
        vpcId: this.vpcId,
        region: props.region,
        accountId: props.accountId,
        name,
      });
    }
  }
}
