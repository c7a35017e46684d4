import { Construct } from "constructs";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { dynamoDbServiceName } from "./aws-names";
import { checkRegion, checkRouteTableId, checkVpcId, fail, isUnresolved } from "./validation";

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
   * Endpoint policy as JSON text.
   * @default - AWS's default, full access through the endpoint
   */
  readonly policy?: string;
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
    checkRegion(where, "region", props.region);
    checkVpcId(where, "vpcId", props.vpcId);
    const routeTableIds = props.routeTableIds ?? [];
    if (!isUnresolved(routeTableIds) && routeTableIds.length === 0) {
      fail(
        where,
        "routeTableIds",
        "must list at least one route table: a gateway endpoint without routes carries no traffic, so aws:SourceVpce is never set and the guard denies every request",
        routeTableIds,
      );
    }
    const seen = new Set<string>();
    routeTableIds.forEach((rtb, i) => {
      checkRouteTableId(where, `routeTableIds[${i}]`, rtb);
      if (!isUnresolved(rtb) && seen.has(rtb)) fail(where, `routeTableIds[${i}]`, "must not repeat a route table", rtb);
      seen.add(rtb);
    });

    this.resource = new VpcEndpoint(this, "Resource", {
      vpcId: props.vpcId,
      serviceName: dynamoDbServiceName(props.region),
      vpcEndpointType: "Gateway",
      routeTableIds: [...routeTableIds],
      policy: props.policy,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.vpcEndpointId = this.resource.id;
    this.prefixListId = this.resource.prefixListId;
    this.routeTableIds = [...routeTableIds];
  }
}
