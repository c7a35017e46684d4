/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import { PolicyDocument, PolicyStatement } from "./document";

export interface KeyPolicyDocumentInput {
  readonly partition: string;
  readonly accountId: string;
  /**
   * CloudWatch Logs log groups (full ARNs) whose events the key encrypts;
   * the regional logs service principal may use the key for those only.
   */
  readonly logGroupArns?: readonly string[];
  /** Region of the key, for the logs service principal. */
  readonly region: string;
  readonly dnsSuffix: string;
}

/**
 * A key policy that delegates the key to the account's IAM policies, as
 * AWS's default key policy does, and nothing wider: `kms:*` goes to the
 * account root only, never to `*`. CloudWatch Logs, when named, gets the
 * cryptographic actions bound to its log groups by encryption context.
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
  return { Version: "2012-10-17", Statement: statements };
}

