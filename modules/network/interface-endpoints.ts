import { Construct } from "constructs";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
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
  /**
   * Read the subnets at plan time and stop the plan unless each is in `vpcId`
   * and no two share a zone (AWS refuses either at apply): for subnets a
   * config names, not for the ones a new VPC makes.
   * @default false
   */
  readonly checkSubnets?: boolean;
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
 * they never open connections). Private DNS is off: DynamoDB Streams'
 * PrivateLink documentation lists private and hybrid DNS as unsupported, and
 * inside the VPC the regional DynamoDB name should keep using the gateway
 * endpoint; clients elsewhere use the endpoint-specific DNS names. Validation
 * of the options is the caller's (`validateInterfaceEndpointOptions`).
 *
 * Creates `aws_security_group`, one `aws_vpc_security_group_ingress_rule` per
 * source, and one `aws_vpc_endpoint` per service; reads `data.aws_subnet` for
 * each subnet with `checkSubnets`.
 */
export class InterfaceEndpoints extends Construct {
  public readonly securityGroup: SecurityGroup;
  /** The endpoints, by service. */
  public readonly endpoints: Partial<Record<InterfaceEndpointService, InterfaceEndpointAttributes>> = {};

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    // A name prefix (AWS adds a unique suffix) within the provider's 100 characters, never starting with "sg-"
    // (AWS refuses it), and a new group before the old one goes: the endpoints use it until they move.
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      provider: props.provider,
      vpcId: props.vpcId,
      namePrefix: `dynamodb-endpoints-${props.name.slice(0, 60)}-`,
      description: "HTTPS to the DynamoDB interface endpoints of this perimeter",
      tags: { Name: `${props.name.slice(0, 200)}-dynamodb-endpoints` },
      lifecycle: { createBeforeDestroy: true },
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
    props.allowedCidrs.forEach((cidr, i) =>
      rule(
        `FromCidr-${Token.isUnresolved(cidr) ? i : cidr.replace(/[./]/g, "-")}`,
        { cidrIpv4: cidr },
        `HTTPS from ${Token.isUnresolved(cidr) ? "a network" : cidr}`,
      ),
    );
    props.allowedSecurityGroupIds.forEach((sg, i) =>
      rule(`FromGroup-${Token.isUnresolved(sg) ? i : sg}`, { referencedSecurityGroupId: sg }, "HTTPS from a security group"),
    );

    const precondition = props.checkSubnets ? this.subnetChecks(props) : [];
    for (const service of props.services) {
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
        lifecycle: precondition.length ? { precondition } : undefined,
      });
      this.endpoints[service] = { id: endpoint.id, dnsNames: Token.asList(endpoint.interpolationForAttribute("dns_entry[*].dns_name")) };
    }
  }

  /** Each named subnet read at plan time: in the VPC (a postcondition), and the zones all different (a precondition for the endpoints). */
  private subnetChecks(props: InterfaceEndpointsProps): Array<{ condition: string; errorMessage: string }> {
    if (Token.isUnresolved(props.subnetIds) || props.subnetIds.some((id) => Token.isUnresolved(id))) return [];
    const vpcKnown = !Token.isUnresolved(props.vpcId);
    const subnets = props.subnetIds.map(
      (id) =>
        new DataAwsSubnet(this, `Subnet-${id}`, {
          provider: props.provider,
          id,
          lifecycle: vpcKnown
            ? {
                postcondition: [
                  {
                    condition: `\${self.vpc_id == "${props.vpcId}"}`,
                    errorMessage: `${id} must be a subnet of ${props.vpcId}, the VPC the interface endpoints are made in.`,
                  },
                ],
              }
            : undefined,
        }),
    );
    const zones = subnets.map((s) => `${s.fqn}.availability_zone`).join(", ");
    return [
      {
        condition: `\${length(distinct([${zones}])) == ${subnets.length}}`,
        errorMessage: `The interface endpoints' subnets (${props.subnetIds.join(", ")}) must each be in a different availability zone: an interface endpoint takes one subnet per zone.`,
      },
    ];
  }
}
