/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import { PolicyDocument, PolicyStatement } from "./document";
import { PrincipalExemption, exceptPrincipals } from "./outside-denies";

/**
 * Calls that make a key unusable or hand it to someone else: disabling it or
 * scheduling its deletion (DynamoDB archives a table whose key stays
 * inaccessible for seven days, past deletion protection), replacing its policy,
 * revoking DynamoDB's grants, turning rotation off, and changing its tags, aliases
 * or description (which other policies and people key on). Each takes the key's
 * ARN as its resource. `kms:RetireGrant` is not among them: a key policy cannot
 * stop it (KMS Developer Guide, grant-delete); the organization's SCP does.
 */
export const KEY_TAMPERING_ACTIONS: readonly string[] = [
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

export interface KeyPolicyDocumentInput {
  readonly partition: string;
  readonly accountId: string;
  /**
   * CloudWatch Logs log groups (full ARNs) whose events the key encrypts;
   * the regional logs service principal may use the key for those only.
   */
  readonly logGroupArns?: readonly string[];
  /**
   * SNS topics (full ARNs) the key encrypts, that EventBridge rules publish to: EventBridge
   * may generate and read data keys for those topics only (SNS passes the topic's ARN as the
   * encryption context, SNS Developer Guide, sns-key-management).
   */
  readonly snsTopicArns?: readonly string[];
  /**
   * SNS topics (full ARNs) the key encrypts that CloudWatch alarms publish to: CloudWatch may
   * generate and read data keys for those topics only (SNS Developer Guide, sns-key-management,
   * on AWS services publishing to encrypted topics).
   */
  readonly alarmTopicArns?: readonly string[];
  /**
   * Trails (full ARNs) whose log files the key encrypts: CloudTrail may generate data keys for
   * those trails only, and describe the key (CloudTrail User Guide, create-kms-key-policy-for-cloudtrail).
   */
  readonly cloudTrailArns?: readonly string[];
  /** Region of the key, for the logs service principal. */
  readonly region: string;
  readonly dnsSuffix: string;
  /**
   * The only principals who may tamper with the key (`KEY_TAMPERING_ACTIONS`) or
   * create a grant that is not for an AWS resource. KMS refuses a key policy that
   * would stop its writer from writing it again, so whoever applies the stack must
   * be among them.
   * @default - no lock: the account's IAM policies decide
   */
  readonly operators?: PrincipalExemption;
}

/**
 * A key policy that delegates the key to the account's IAM policies, as
 * AWS's default key policy does, and nothing wider: `kms:*` goes to the
 * account root only, never to `*`. CloudWatch Logs, when named, gets the
 * cryptographic actions bound to its log groups by encryption context.
 * With `operators`, a key policy's Deny binds every principal of every
 * account, the account root and IAM administrators included, and no identity
 * policy or SCP can lift it.
 */
export function keyPolicyDocument(input: KeyPolicyDocumentInput): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "AccountAdministersKeyThroughIam",
      Effect: "Allow",
      Principal: { AWS: `arn:${input.partition}:iam::${input.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  statements.push(...serviceStatements(input));
  if (input.operators) {
    const except = exceptPrincipals(input.operators);
    statements.push(
      {
        Sid: "DenyKeyTamperingExceptOperators",
        Effect: "Deny",
        Principal: "*",
        Action: [...KEY_TAMPERING_ACTIONS],
        Resource: "*",
        Condition: except,
      },
      {
        // DynamoDB creates its grants for the table with kms:GrantIsForAWSResource true; a grant to anyone else is a new key user.
        Sid: "DenyGrantsNotForAwsResourcesExceptOperators",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:CreateGrant",
        Resource: "*",
        Condition: { BoolIfExists: { "kms:GrantIsForAWSResource": "false" }, ...except },
      },
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** What AWS services that write through the key may do, each bound to the resources named. */
function serviceStatements(input: KeyPolicyDocumentInput): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (input.logGroupArns && input.logGroupArns.length > 0) {
    statements.push({
      Sid: "CloudWatchLogsEncryptsNamedLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${input.region}.${input.dnsSuffix}` },
      Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [...input.logGroupArns] } },
    });
  }
  if (input.snsTopicArns && input.snsTopicArns.length > 0) {
    statements.push({
      Sid: "EventBridgePublishesToNamedTopics",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:sns:topicArn": [...input.snsTopicArns] } },
    });
  }
  if (input.alarmTopicArns && input.alarmTopicArns.length > 0) {
    statements.push({
      Sid: "CloudWatchAlarmsPublishToNamedTopics",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:sns:topicArn": [...input.alarmTopicArns] } },
    });
  }
  // CloudTrail's documented key policy: data keys for this account's trails, with aws:SourceArn naming the trail
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
  if (input.cloudTrailArns && input.cloudTrailArns.length > 0) {
    const trails = { StringEquals: { "aws:SourceArn": [...input.cloudTrailArns] } };
    statements.push(
      {
        Sid: "CloudTrailEncryptsNamedTrails",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          ...trails,
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${input.partition}:cloudtrail:*:${input.accountId}:trail/*` },
        },
      },
      {
        Sid: "CloudTrailDescribesKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: trails,
      },
    );
  }
  return statements;
}
