import { Construct } from "constructs";
import { Token } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { POLICY_SIZE_LIMITS, PolicyDocument, policySize } from "../policies/document";
import { policyText } from "../private/policy-text";
import { checkPolicyName, fail, validateAll } from "../private/validation";
import { PolicyAttachments, Principals, validatePrincipals } from "./policy-attachments";

export interface ManagedPolicyProps {
  /** Name of the customer-managed policy, 1 to 128 characters of `[\w+=,.@-]`. */
  readonly policyName: string;
  /** Shown in the IAM console. */
  readonly description: string;
  /** The policy document; values may be Terraform references. */
  readonly document: PolicyDocument;
  /**
   * Existing principals the policy is attached to.
   * @default - nobody
   */
  readonly principals?: Principals;
}

/** A policy about tables must name at least one, by ARN or by pattern: IAM refuses an empty resource list. */
export function checkNamesTables(where: string, tableArns: readonly string[], tableArnPatterns: readonly string[] = []): void {
  if (tableArns.length + tableArnPatterns.length === 0)
    fail(where, "tableArns", "must name at least one table (or tableArnPatterns a pattern)", tableArns);
}

/**
 * A customer-managed IAM policy written as static JSON (Terraform references
 * inside, so the plan shows it) and attached to existing users, roles and
 * groups by name.
 *
 * Creates `aws_iam_policy` and a PolicyAttachments.
 */
export class ManagedPolicy extends Construct {
  /** The policy resource. */
  public readonly resource: IamPolicy;
  /** ARN of the policy. */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: ManagedPolicyProps) {
    super(scope, id);
    const principals = props.principals ?? {};
    const where = this.node.path;
    const text = policyText(this, props.document);
    validateAll((problems) => {
      problems.check(() => checkPolicyName(where, "policyName", props.policyName));
      validatePrincipals(problems, where, "principals", principals);
      // With Terraform references inside, the final size is only known at apply;
      // DynamoDbIsolation checks those against worst-case values up front.
      problems.check(() => {
        if (!Token.isUnresolved(text) && policySize(props.document) > POLICY_SIZE_LIMITS.identity) {
          fail(
            where,
            "document",
            `must be at most ${POLICY_SIZE_LIMITS.identity} characters (IAM's limit for managed policies)`,
            `${policySize(props.document)} characters`,
          );
        }
      });
    });

    this.resource = new IamPolicy(this, "Resource", {
      name: props.policyName,
      description: props.description,
      policy: text,
    });
    this.policyArn = this.resource.arn;
    new PolicyAttachments(this, "Attachments", { policyArn: this.policyArn, principals });
  }
}
