import { Construct } from "constructs";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Token, TerraformProvider } from "cdktf";
import { POLICY_SIZE_LIMITS, PolicyDocument, policySize } from "../policies/document";
import { dynamoDbServiceName } from "../private/aws-names";
import { policyText } from "../private/policy-text";
import { checkRegion, checkVpcId, fail, validateAll } from "../private/validation";
import { checkRouteTableIds } from "./network-options";

export interface GatewayEndpointProps {
  /** Region of the VPC; picks the service name `com.amazonaws.<region>.dynamodb`. */
  readonly region: string;
  /** VPC the endpoint belongs to. */
  readonly vpcId: string;
  /**
   * Every route table of the subnets that reach DynamoDB; at least one. The
   * endpoint adds a route to DynamoDB's prefix list in each.
   */
  readonly routeTableIds: readonly string[];
  /**
   * Endpoint policy; it replaces AWS's full-access default, so it must
   * contain an Allow with a Principal. At most 20,480 characters.
   * @default - AWS's default, full access through the endpoint
   */
  readonly policyDocument?: PolicyDocument;
  /**
   * Provider for the VPC's region.
   * @default - the stack's default aws provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags on the endpoint.
   * @default - none beyond the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Gateway VPC endpoint for DynamoDB, associated with every given route
 * table. Route tables are set inline (`route_table_ids`) and never also with
 * `aws_vpc_endpoint_route_table_association`: the two overwrite each other.
 *
 * Creates `aws_vpc_endpoint`.
 */
export class GatewayEndpoint extends Construct {
  /** The endpoint resource. */
  public readonly resource: VpcEndpoint;
  /** ID of the endpoint (`vpce-…`), the value of `aws:SourceVpce` on requests through it. */
  public readonly vpcEndpointId: string;
  /** ID of DynamoDB's prefix list in the region, for security group egress rules. */
  public readonly prefixListId: string;
  /** Route tables the endpoint is associated with. */
  public readonly routeTableIds: string[];

  constructor(scope: Construct, id: string, props: GatewayEndpointProps) {
    super(scope, id);
    const where = this.node.path;
    const routeTableIds = props.routeTableIds ?? [];
    const policy = props.policyDocument ? policyText(this, props.policyDocument) : undefined;
    validateAll((problems) => {
      problems.check(() => checkRegion(where, "region", props.region));
      problems.check(() => checkVpcId(where, "vpcId", props.vpcId));
      problems.check(() =>
        checkRouteTableIds(
          where,
          "routeTableIds",
          routeTableIds,
          "must list at least one route table: a gateway endpoint without routes carries no traffic, so aws:SourceVpce is never set and the guard denies every request",
        ),
      );
      const document = props.policyDocument;
      if (!document) return;
      problems.check(() => {
        if (!document.Statement.some((st) => st.Effect === "Allow" && st.Principal !== undefined)) {
          fail(where, "policyDocument", "must contain an Allow statement with a Principal (it replaces the full-access default)", policy);
        }
      });
      problems.check(() => {
        if (!Token.isUnresolved(policy) && policySize(document) > POLICY_SIZE_LIMITS.endpoint) {
          fail(where, "policyDocument", `must be at most ${POLICY_SIZE_LIMITS.endpoint} characters`, `${policySize(document)} characters`);
        }
      });
    });

    this.resource = new VpcEndpoint(this, "Resource", {
      provider: props.provider,
      vpcId: props.vpcId,
      serviceName: dynamoDbServiceName(props.region),
      vpcEndpointType: "Gateway",
      routeTableIds: [...routeTableIds],
      policy,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.vpcEndpointId = this.resource.id;
    this.prefixListId = this.resource.prefixListId;
    this.routeTableIds = [...routeTableIds];
  }
}
