import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformProvider, Token } from "cdktf";
import { PolicyDocument } from "../policies/document";
import { dynamoDbServiceName } from "../private/aws-names";
import { policyText } from "../private/policy-text";
import { InterfaceEndpointService } from "./interface-endpoint-options";

export interface InterfaceEndpointsProps {
  /** Region of the VPC; picks the service names. */
  readonly region: string;
  readonly vpcId: string;
  /** Subnets for the endpoints' network interfaces. */
  readonly subnetIds: readonly string[];
  /** One endpoint per service. */
  readonly services: readonly InterfaceEndpointService[];
  /** Sources admitted on HTTPS. */
  readonly allowedCidrs: readonly string[];
  readonly allowedSecurityGroupIds: readonly string[];
  /** Each service's endpoint policy; it replaces AWS's full-access default. */
  readonly policies: Readonly<Record<InterfaceEndpointService, PolicyDocument>>;
  /** Names the security group and tags the endpoints: `<name>-dynamodb…`. */
  readonly name: string;
  /**
   * Provider for the VPC's region.
   * @default - the stack's default aws provider
   */
  readonly provider?: TerraformProvider;
}

/** One interface endpoint, as the perimeter's policies and outputs name it. */
export interface InterfaceEndpointAttributes {
  /** `vpce-…`: the `aws:SourceVpce` of requests through it. */
  readonly id: string;
  /** The endpoint-specific DNS names (regional first, then one per zone), to set as the SDK's endpoint URL. */
  readonly dnsNames: string[];
}

/** The construct id of each service's endpoint: part of its Terraform address. */
const ENDPOINT_IDS: Record<InterfaceEndpointService, string> = { dynamodb: "Dynamodb", "dynamodb-streams": "Streams" };
const SERVICE_SUFFIX: Record<InterfaceEndpointService, string> = { dynamodb: "", "dynamodb-streams": "-streams" };

/**
 * Interface endpoints (AWS PrivateLink) for DynamoDB and DynamoDB Streams in
 * one VPC, behind one security group that admits HTTPS from the given CIDRs
 * and security groups only, and has no egress rule (the endpoints answer;
 * they never open connections). Private DNS is off: DynamoDB's and DynamoDB
 * Streams' PrivateLink documentation lists private and hybrid DNS as
 * unsupported, so clients use the endpoint-specific DNS names. Validation of
 * the options is the caller's (`validateInterfaceEndpointOptions`).
 *
 * Creates `aws_security_group`, one `aws_vpc_security_group_ingress_rule` per
 * source, and one `aws_vpc_endpoint` per service.
 */
export class InterfaceEndpoints extends Construct {
  public readonly securityGroup: SecurityGroup;
  /** The endpoints, by service. */
  public readonly endpoints: Partial<Record<InterfaceEndpointService, InterfaceEndpointAttributes>> = {};
  /** Every endpoint's id, in `services` order. */
  public readonly vpcEndpointIds: string[];

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      provider: props.provider,
      vpcId: props.vpcId,
      name: `${props.name}-dynamodb-endpoints`,
      description: `HTTPS to the DynamoDB interface endpoints of ${props.name}`,
      tags: { Name: `${props.name}-dynamodb-endpoints` },
    });
    const rule = (ruleId: string, source: { cidrIpv4?: string; referencedSecurityGroupId?: string }, description: string) =>
      new VpcSecurityGroupIngressRule(this, ruleId, {
        provider: props.provider,
        securityGroupId: this.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description,
        ...source,
      });
    // Construct ids from the source itself, so adding or removing one source leaves the others' addresses alone.
    props.allowedCidrs.forEach((cidr, i) => rule(`FromCidr-${Token.isUnresolved(cidr) ? i : cidr.replace(/[./]/g, "-")}`, { cidrIpv4: cidr }, `HTTPS from ${Token.isUnresolved(cidr) ? "a network" : cidr}`));
    props.allowedSecurityGroupIds.forEach((sg, i) => rule(`FromGroup-${Token.isUnresolved(sg) ? i : sg}`, { referencedSecurityGroupId: sg }, "HTTPS from a security group"));

    this.vpcEndpointIds = props.services.map((service) => {
      const endpoint = new VpcEndpoint(this, ENDPOINT_IDS[service], {
        provider: props.provider,
        vpcId: props.vpcId,
        // com.amazonaws.<region>.dynamodb and com.amazonaws.<region>.dynamodb-streams.
        serviceName: `${dynamoDbServiceName(props.region)}${SERVICE_SUFFIX[service]}`,
        vpcEndpointType: "Interface",
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroup.id],
        privateDnsEnabled: false,
        policy: policyText(this, props.policies[service]),
        tags: { Name: `${props.name}-dynamodb${SERVICE_SUFFIX[service]}-interface` },
      });
      this.endpoints[service] = { id: endpoint.id, dnsNames: Token.asList(endpoint.interpolationForAttribute("dns_entry[*].dns_name")) };
      return endpoint.id;
    });
  }
}
