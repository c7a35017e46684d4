import { Construct } from "constructs";
import { Fn, TerraformProvider } from "cdktf";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { validateAll } from "../private/validation";
import { resolveFlowLogOptions } from "./flow-log-options";
import { PrivateVpcOptions, resolvePrivateVpcOptions, subnetCidrs, validatePrivateVpcOptions } from "./private-vpc-options";
import { VpcFlowLog } from "./vpc-flow-log";
import { DnsFirewall } from "./dns-firewall";
import type { EncryptionKeyProps } from "../kms/encryption-key";

export interface PrivateVpcProps extends PrivateVpcOptions {
  /** Region of the VPC; zones must belong to it. */
  readonly region: string;
  /** Account of the VPC, for the flow log role and key policies. */
  readonly accountId: string;
  /**
   * How the keys of the flow logs and the DNS query logs are locked (`EncryptionKey`'s `operators` and `preventDestroy`).
   * @default - no lock
   */
  readonly flowLogKeyLock?: Pick<EncryptionKeyProps, "operators" | "preventDestroy">;
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

/**
 * A VPC with DNS support and hostnames on and one private subnet per
 * availability zone, each with its own route table. It has no internet
 * gateway: DynamoDB is reached through the gateway endpoint's routes. The
 * default security group is taken over with no rules, so nothing placed in
 * it by accident can talk, and flow logs record every packet decision.
 *
 * Creates `aws_vpc`, per zone `aws_subnet`, `aws_route_table` and
 * `aws_route_table_association`, `aws_default_security_group`,
 * `data.aws_availability_zones` (when no zones are given) and a VpcFlowLog.
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
    const { cidrBlock, zoneCount } = resolvePrivateVpcOptions(props);
    const name = props.name ?? id;
    validateAll((problems) => validatePrivateVpcOptions(problems, this.node.path, "", props, props.region));
    const provider = props.provider;
    this.resource = new Vpc(this, "Resource", {
      provider,
      cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    });
    this.vpcId = this.resource.id;

    const zoneIds = this.addZones(props, name, cidrBlock, zoneCount);
    this.subnetIds = zoneIds.subnetIds;
    this.routeTableIds = zoneIds.routeTableIds;

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
    const logged = { provider, vpcId: this.vpcId, region: props.region, accountId: props.accountId, name, keyLock: props.flowLogKeyLock };
    if (resolveFlowLogOptions(flowLogs).destination !== "none") new VpcFlowLog(this, "FlowLog", { ...flowLogs, ...logged });
    if (props.dnsFirewall?.enabled === true) new DnsFirewall(this, "DnsFirewall", { ...props.dnsFirewall, ...logged });
  }

  /** Step: one private subnet per zone, each with a route table of its own (no route out). */
  private addZones(
    props: PrivateVpcProps,
    name: string,
    cidrBlock: string,
    zoneCount: number,
  ): { subnetIds: string[]; routeTableIds: string[] } {
    const provider = props.provider;
    // Undefined while the CIDR is a Terraform reference: then Terraform splits it.
    const cidrs = subnetCidrs(cidrBlock, zoneCount);
    const zones = props.availabilityZones;
    const available = zones
      ? undefined
      : new DataAwsAvailabilityZones(this, "AvailableZones", {
          provider,
          state: "available",
          filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        });
    const subnetIds: string[] = [];
    const routeTableIds: string[] = [];
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
        // A looked-up zone is chosen once: when the lookup's answer changes (a zone no longer
        // offered), the subnet stays where it is instead of being replaced with everything in it.
        lifecycle: zones ? undefined : { ignoreChanges: ["availability_zone"] },
      });
      const routeTable = new RouteTable(zone, "RouteTable", { provider, vpcId: this.vpcId, tags: { Name: `${name}-private-${i}` } });
      new RouteTableAssociation(zone, "Association", { provider, subnetId: subnet.id, routeTableId: routeTable.id });
      subnetIds.push(subnet.id);
      routeTableIds.push(routeTable.id);
    }
    return { subnetIds, routeTableIds };
  }
}
