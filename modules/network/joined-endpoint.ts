import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { DataAwsVpcEndpoint } from "@cdktf/provider-aws/lib/data-aws-vpc-endpoint";
import { VpcEndpointPolicy } from "@cdktf/provider-aws/lib/vpc-endpoint-policy";
import { VpcEndpointRouteTableAssociation } from "@cdktf/provider-aws/lib/vpc-endpoint-route-table-association";
import { PolicyDocument } from "../policies/document";
import { dynamoDbServiceName } from "../private/aws-names";
import { policyText } from "../private/policy-text";
import { checkRegion, checkVpcEndpointId, validateAll } from "../private/validation";
import { checkRouteTableIds } from "./network-options";

export interface JoinedEndpointProps {
  /** Region of the endpoint; picks the service name `com.amazonaws.<region>.dynamodb`. */
  readonly region: string;
  /** The existing DynamoDB gateway endpoint (`vpce-…`). */
  readonly vpcEndpointId: string;
  /**
   * More route tables to put the endpoint on (additive associations). Only
   * safe when the endpoint's owner does not set `route_table_ids` inline.
   * @default - none
   */
  readonly associateRouteTableIds?: readonly string[];
  /**
   * Manage the endpoint's policy with this document. It is never destroyed
   * here (`prevent_destroy`): destroying it would reset the endpoint to full access.
   * @default - the policy is left to the endpoint's owner
   */
  readonly policyDocument?: PolicyDocument;
  /**
   * Provider for the endpoint's region.
   * @default - the stack's default aws provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A DynamoDB gateway endpoint that exists already and that this stack joins
 * without owning it. It is read at plan time, and the plan fails with a clear
 * message unless it is an available DynamoDB gateway endpoint in the region
 * that has route tables (one without carries no traffic, so `aws:SourceVpce`
 * would never be set and every guarded request would be denied).
 *
 * Creates `data.aws_vpc_endpoint`; `aws_vpc_endpoint_route_table_association`
 * for each extra route table; `aws_vpc_endpoint_policy` when it manages the policy.
 */
export class JoinedEndpoint extends Construct {
  /** The endpoint as read at plan time. */
  public readonly resource: DataAwsVpcEndpoint;
  /** ID of the endpoint, the `aws:SourceVpce` value. */
  public readonly vpcEndpointId: string;
  /** VPC of the endpoint. */
  public readonly vpcId: string;
  /** DynamoDB's prefix list in the region. */
  public readonly prefixListId: string;
  /** Route tables the endpoint is on, as read at plan time. */
  public readonly routeTableIds: string[];

  constructor(scope: Construct, id: string, props: JoinedEndpointProps) {
    super(scope, id);
    const where = this.node.path;
    const extra = props.associateRouteTableIds ?? [];
    validateAll((problems) => {
      problems.check(() => checkRegion(where, "region", props.region));
      problems.check(() => checkVpcEndpointId(where, "vpcEndpointId", props.vpcEndpointId));
      if (props.associateRouteTableIds !== undefined) {
        problems.check(() => checkRouteTableIds(where, "associateRouteTableIds", extra, "must list at least one route table, or be left out"));
      }
    });
    const service = dynamoDbServiceName(props.region);
    const postcondition = [
      {
        condition: '${self.vpc_endpoint_type == "Gateway" && self.service_name == "' + service + '"}',
        errorMessage: `${props.vpcEndpointId} must be a gateway endpoint for ${service} to carry this perimeter's requests.`,
      },
      { condition: '${self.state == "available"}', errorMessage: `${props.vpcEndpointId} must be available.` },
      ...(extra.length
        ? []
        : [
            {
              condition: "${length(self.route_table_ids) > 0}",
              errorMessage: `${props.vpcEndpointId} is on no route table: requests never go through it, aws:SourceVpce is never set, and the guard would deny every request. Add route tables (network.associateRouteTableIds) or use another endpoint.`,
            },
          ]),
    ];
    this.resource = new DataAwsVpcEndpoint(this, "Resource", { provider: props.provider, id: props.vpcEndpointId, lifecycle: { postcondition } });
    this.vpcEndpointId = props.vpcEndpointId;
    this.vpcId = this.resource.vpcId;
    this.prefixListId = this.resource.prefixListId;
    this.routeTableIds = this.resource.routeTableIds;

    if (extra.length) {
      const ns = new Construct(this, "RouteTables");
      for (const routeTableId of extra) {
        new VpcEndpointRouteTableAssociation(ns, routeTableId, { provider: props.provider, vpcEndpointId: props.vpcEndpointId, routeTableId });
      }
    }
    if (props.policyDocument) {
      new VpcEndpointPolicy(this, "Policy", {
        provider: props.provider,
        vpcEndpointId: props.vpcEndpointId,
        policy: policyText(this, props.policyDocument),
        // Destroying it would reset the endpoint to full access: hand it back with a removed block instead.
        lifecycle: { preventDestroy: true },
      });
    }
  }
}
