import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { DataAwsVpcEndpoint } from "@cdktf/provider-aws/lib/data-aws-vpc-endpoint";
import { VpcEndpointPolicy } from "@cdktf/provider-aws/lib/vpc-endpoint-policy";
import { VpcEndpointRouteTableAssociation } from "@cdktf/provider-aws/lib/vpc-endpoint-route-table-association";
import { ACCOUNT_READ_ACTIONS } from "../policies/actions";
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
  /**
   * The account the perimeter's tables belong to. Unless this construct manages the endpoint's
   * policy, the plan fails when that policy lets DynamoDB actions through to `*` or to tables of
   * any other account (AWS's default full-access policy among them).
   * @default - the policy is not checked
   */
  readonly accountId?: string;
  /**
   * The document the endpoint's owner should apply, quoted in the check's message.
   * @default - none quoted
   */
  readonly expectedPolicyJson?: string;
}

/** DynamoDB actions with no resource type: an endpoint policy can only allow them on `*`, and none reaches a table. */
const ACCOUNT_LEVEL_ACTIONS = [
  ...ACCOUNT_READ_ACTIONS,
  "dynamodb:ListStreams",
  "dynamodb:ListBackups",
  "dynamodb:ListGlobalTables",
  "dynamodb:ListContributorInsights",
];

/**
 * A Terraform condition over `self.policy`: true unless an Allow lets DynamoDB
 * actions that reach tables (`*`, `dynamodb:…` but the account-level reads, a
 * wildcard that covers them, or `NotAction`)
 * through to a resource that is not a table of `accountId` (`*`, another
 * account, a wildcard account, or `NotResource`). No policy is AWS's default:
 * full access.
 */
export function endpointPolicyCheck(accountId: string): string {
  const fullAccess = '[{Effect = "Allow", Action = "*", Resource = "*"}]';
  const statements = `flatten([try(jsondecode(self.policy).Statement, ${fullAccess})])`;
  // Account-level reads name no table (they can only be allowed on "*"): they copy nothing anywhere.
  const accountLevel = `[${ACCOUNT_LEVEL_ACTIONS.map((a) => `"${a.toLowerCase()}"`).join(", ")}]`;
  const dynamodbAction = `a == "*" || (startswith(lower(a), "dynamodb:") && !contains(${accountLevel}, lower(a))) || (endswith(a, "*") && startswith("dynamodb:", lower(trimsuffix(a, "*"))))`;
  const admitsDynamoDb = `(try(s.NotAction, null) != null || length([for a in flatten([try(s.Action, [])]) : a if ${dynamodbAction}]) > 0)`;
  const ownTablesOnly = `(try(s.NotResource, null) == null && alltrue([for r in flatten([try(s.Resource, [])]) : can(regex("^arn:aws[a-z-]*:dynamodb:[^:]*:${accountId}:", r))]))`;
  return `\${alltrue([for s in ${statements} : try(s.Effect, "") != "Allow" || !${admitsDynamoDb} || ${ownTablesOnly}])}`;
}

/**
 * A DynamoDB gateway endpoint that exists already and that this stack joins
 * without owning it. It is read at plan time, and the plan fails with a clear
 * message unless it is an available DynamoDB gateway endpoint in the region
 * that has route tables (one without carries no traffic, so `aws:SourceVpce`
 * would never be set and every guarded request would be denied), and, when
 * its policy is its owner's, unless that policy keeps DynamoDB to tables of
 * the perimeter's account.
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
        problems.check(() =>
          checkRouteTableIds(where, "associateRouteTableIds", extra, "must list at least one route table, or be left out"),
        );
      }
    });
    this.resource = new DataAwsVpcEndpoint(this, "Resource", {
      provider: props.provider,
      id: props.vpcEndpointId,
      lifecycle: { postcondition: joinedEndpointChecks(props) },
    });
    this.vpcEndpointId = props.vpcEndpointId;
    this.vpcId = this.resource.vpcId;
    this.prefixListId = this.resource.prefixListId;
    this.routeTableIds = this.resource.routeTableIds;

    if (extra.length) {
      const ns = new Construct(this, "RouteTables");
      for (const routeTableId of extra) {
        new VpcEndpointRouteTableAssociation(ns, routeTableId, {
          provider: props.provider,
          vpcEndpointId: props.vpcEndpointId,
          routeTableId,
        });
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

/** What the plan checks the joined endpoint is: a gateway for DynamoDB, available, with a policy that keeps copies in, on a route table. */
function joinedEndpointChecks(props: JoinedEndpointProps): Array<{ condition: string; errorMessage: string }> {
  const extra = props.associateRouteTableIds ?? [];
  const service = dynamoDbServiceName(props.region);
  return [
    {
      condition: '${self.vpc_endpoint_type == "Gateway" && self.service_name == "' + service + '"}',
      errorMessage: `${props.vpcEndpointId} must be a gateway endpoint for ${service} to carry this perimeter's requests.`,
    },
    { condition: '${self.state == "available"}', errorMessage: `${props.vpcEndpointId} must be available.` },
    ...(props.accountId === undefined || props.policyDocument
      ? []
      : [
          {
            condition: endpointPolicyCheck(props.accountId),
            errorMessage:
              `${props.vpcEndpointId}'s policy lets DynamoDB actions through to tables of other accounts or to '*' (AWS's default policy does): anything in the VPC could copy this perimeter's items out through it. ` +
              `Its owner must apply the perimeter's endpoint policy${props.expectedPolicyJson ? `: ${props.expectedPolicyJson}` : " (output vpc_endpoint_policy_document)"}; or set network.manageEndpointPolicy to manage it here.`,
          },
        ]),
    ...(extra.length
      ? []
      : [
          {
            condition: "${length(self.route_table_ids) > 0}",
            errorMessage: `${props.vpcEndpointId} is on no route table: requests never go through it, aws:SourceVpce is never set, and the guard would deny every request. Add route tables (network.associateRouteTableIds) or use another endpoint.`,
          },
        ]),
  ];
}
