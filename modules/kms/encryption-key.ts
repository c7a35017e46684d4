import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { TerraformProvider } from "cdktf";
import { keyPolicyDocument } from "../policies/key-policy";
import { PrincipalExemption } from "../policies/outside-denies";
import { dnsSuffixOf, partitionOf } from "../private/aws-names";
import { policyText } from "../private/policy-text";
import { fail, isUnresolved } from "../private/validation";

export interface EncryptionKeyProps {
  /** Region of the key (KMS keys are regional). */
  readonly region: string;
  /** Account that owns the key; its root principal administers it through IAM. */
  readonly accountId: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /** Alias without the `alias/` prefix; letters, digits and `/ _ -`. */
  readonly aliasName: string;
  /**
   * CloudWatch Logs log group ARNs the logs service may encrypt with this key.
   * @default - none
   */
  readonly logGroupArns?: readonly string[];
  /**
   * SNS topic ARNs EventBridge may publish to with this key.
   * @default - none
   */
  readonly snsTopicArns?: readonly string[];
  /**
   * SNS topic ARNs CloudWatch alarms may publish to with this key.
   * @default - none
   */
  readonly alarmTopicArns?: readonly string[];
  /**
   * Trail ARNs CloudTrail may encrypt log files for with this key.
   * @default - none
   */
  readonly cloudTrailArns?: readonly string[];
  /**
   * The only principals who may disable the key, schedule its deletion, replace
   * its policy, revoke grants, change its tags or aliases, or grant it to anyone
   * but an AWS service acting for a resource (`keyPolicyDocument`). Whoever
   * applies the stack must be one of them, or KMS refuses the policy.
   * @default - no lock: the account's IAM policies decide
   */
  readonly operators?: PrincipalExemption;
  /**
   * Terraform's `prevent_destroy` on the key: a plan that would schedule its
   * deletion stops instead.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Tags on the key, besides the provider's default tags.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Provider for the key's region.
   * @default - the stack's default aws provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A customer-managed KMS key with yearly rotation and an explicit key policy
 * that gives `kms:*` to the account root only (delegating to IAM), locked
 * against tampering by all but `operators` when they are given, plus an alias
 * for people reading the console.
 *
 * Creates `aws_kms_key` and `aws_kms_alias`.
 */
export class EncryptionKey extends Construct {
  public readonly resource: KmsKey;
  /** ARN of the key. */
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    if (!isUnresolved(props.aliasName) && !/^[A-Za-z0-9/_-]{1,250}$/.test(props.aliasName)) {
      fail(this.node.path, "aliasName", "must be 1 to 250 characters of A-Z a-z 0-9 / _ -", props.aliasName);
    }
    const operators = props.operators;
    if (operators && operators.principalArns.length === 0 && operators.principalTag === undefined) {
      // A lock nobody holds: KMS would refuse the policy, since it stops its own writer.
      fail(
        this.node.path,
        "operators",
        "must name at least one principal ARN or a principal tag: nobody else may write the key's policy",
        operators,
      );
    }
    this.resource = new KmsKey(this, "Resource", {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyText(
        this,
        keyPolicyDocument({
          partition: partitionOf(props.region),
          accountId: props.accountId,
          region: props.region,
          dnsSuffix: dnsSuffixOf(props.region),
          logGroupArns: props.logGroupArns,
          snsTopicArns: props.snsTopicArns,
          alarmTopicArns: props.alarmTopicArns,
          cloudTrailArns: props.cloudTrailArns,
          operators,
        }),
      ),
      ...(props.tags ? { tags: { ...props.tags } } : {}),
      ...(props.preventDestroy ? { lifecycle: { preventDestroy: true } } : {}),
    });
    new KmsAlias(this, "Alias", {
      provider: props.provider,
      name: `alias/${props.aliasName}`,
      targetKeyId: this.resource.keyId,
    });
    this.keyArn = this.resource.arn;
  }
}
