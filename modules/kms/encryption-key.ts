import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { TerraformProvider } from "cdktf";
import { keyPolicyDocument } from "../policies/key-policy";
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
   * Provider for the key's region.
   * @default - the stack's default aws provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A customer-managed KMS key with yearly rotation and an explicit key policy
 * that gives `kms:*` to the account root only (delegating to IAM), plus an
 * alias for people reading the console.
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
        }),
      ),
    });
    new KmsAlias(this, "Alias", {
      provider: props.provider,
      name: `alias/${props.aliasName}`,
      targetKeyId: this.resource.keyId,
    });
    this.keyArn = this.resource.arn;
  }
}
