import { Construct } from "constructs";
import { policyText } from "../private/policy-text";
import { ITerraformDependable, Token, TerraformProvider } from "cdktf";
import { DynamodbResourcePolicy } from "@cdktf/provider-aws/lib/dynamodb-resource-policy";
import { POLICY_SIZE_LIMITS, PolicyDocument, policySize } from "../policies/document";
import { fail } from "../private/validation";

export interface TableResourcePolicyProps {
  /** ARN of the table, replica or stream the policy is attached to. */
  readonly resourceArn: string;
  /** The policy, from `tableResourcePolicyDocument()` or `streamResourcePolicyDocument()`. */
  readonly document: PolicyDocument;
  /**
   * Provider for the table's region.
   * @default - the stack's default aws provider
   */
  readonly provider?: TerraformProvider;
  /**
   * What must exist before the policy is put (a table's replicas: DynamoDB
   * refuses a policy while the table is being updated).
   * @default - only what the policy refers to
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * How many to make, when that is known only at plan (1 or 0: a stream a table has then).
   * @default - one
   */
  readonly count?: number;
}

/**
 * A resource policy on a DynamoDB table or stream. `confirm_remove_self_resource_access`
 * stays false, so DynamoDB itself refuses a policy that would lock the
 * principal applying it out of managing the policy.
 *
 * Creates `aws_dynamodb_resource_policy`.
 */
export class TableResourcePolicy extends Construct {
  public readonly resource: DynamodbResourcePolicy;

  constructor(scope: Construct, id: string, props: TableResourcePolicyProps) {
    super(scope, id);
    const text = policyText(this, props.document);
    if (!Token.isUnresolved(text) && policySize(props.document) > POLICY_SIZE_LIMITS.resource) {
      fail(
        this.node.path,
        "document",
        `must be at most ${POLICY_SIZE_LIMITS.resource} characters (DynamoDB's 20 KB limit)`,
        `${policySize(props.document)} characters`,
      );
    }
    this.resource = new DynamodbResourcePolicy(this, "Resource", {
      provider: props.provider,
      count: props.count,
      resourceArn: props.resourceArn,
      policy: text,
      dependsOn: props.dependsOn?.length ? props.dependsOn : undefined,
    });
  }
}
