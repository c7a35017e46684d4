/**
 * The service control policy a perimeter needs from its organization, as a
 * pure function. What it denies, no policy in the account can: a restore is
 * authorised on a backup, which has no resource policy; an import or a
 * restore from AWS Backup creates a table no policy names yet; and only an
 * SCP can stop a principal from giving itself an exemption tag.
 */

import { PolicyDocument, PolicyStatement } from "./document";

/** Service control policies are limited to 5,120 characters. */
export const SCP_SIZE_LIMIT = 5120;

/**
 * DynamoDB calls only the organization's admins may make on the perimeters' tables, from anywhere:
 * every copy of a table, whatever the account's policies say, and changes to its resource policy.
 * `CreateTable` because grants and endpoint policies name tables by pattern: a table someone else
 * creates under a perimeter's prefix would be reachable through them.
 */
export const ADMIN_ONLY_TABLE_ACTIONS: readonly string[] = [
  "dynamodb:CreateTable",
  "dynamodb:CreateTableReplica",
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:EnableKinesisStreamingDestination",
  "dynamodb:ExportTableToPointInTime",
  "dynamodb:ImportTable",
  "dynamodb:PutResourcePolicy",
  "dynamodb:RestoreTableFromAwsBackup",
  "dynamodb:RestoreTableFromBackup",
  // Authorised on the source table and the new one: a restore of any table into a perimeter's name, too.
  "dynamodb:RestoreTableToPointInTime",
  "dynamodb:UpdateKinesisStreamingDestination",
];

/** Calls that can put a tag on a principal or a session, each supporting `aws:TagKeys`. */
export const PRINCIPAL_TAGGING_ACTIONS: readonly string[] = ["iam:CreateRole", "iam:CreateUser", "iam:TagRole", "iam:TagUser", "iam:UntagRole", "iam:UntagUser"];

export interface OrganizationPolicyDocumentInput {
  /**
   * The perimeters' tables, account wildcarded: `arn:aws:dynamodb:*:*:table/<prefix>*`, or a
   * table's `…:table/<name>` and `…:table/<name>/*`. Anything under a table (its backups) is
   * covered by the second form, or by the prefix's `*`.
   */
  readonly tableArnPatterns: readonly string[];
  /** The organization's admins (ARN patterns): deploy roles that write resource policies and add replicas. */
  readonly adminPrincipalArns: readonly string[];
  /** Principal tag keys that exempt from a perimeter: only admins may set or remove them. */
  readonly exemptionTagKeys: readonly string[];
}

/**
 * One SCP for every perimeter of an organization (a target holds at most five
 * SCPs): outside the named admins, nobody creates a table under a perimeter's
 * name, restores a perimeter table's backups, imports or restores into it, changes a
 * perimeter table's resource policy or adds a replica, or sets or removes an
 * exemption tag on a role, a user or a session (when a perimeter exempts by tag).
 */
export function organizationPolicyDocument(input: OrganizationPolicyDocumentInput): PolicyDocument {
  const admins = { ArnNotLikeIfExists: { "aws:PrincipalArn": [...input.adminPrincipalArns] } };
  // Tag keys in any case: IAM matches `aws:PrincipalTag/<key>` whatever the case of the key, so every spelling exempts.
  const tagged = { "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": [...input.exemptionTagKeys] } };
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyPerimeterCopiesAndPolicyChangesExceptAdmins",
      Effect: "Deny",
      Action: [...ADMIN_ONLY_TABLE_ACTIONS],
      Resource: [...input.tableArnPatterns],
      Condition: admins,
    },
  ];
  if (input.exemptionTagKeys.length === 0) return { Version: "2012-10-17", Statement: statements };
  statements.push(
    {
      Sid: "DenyExemptionTagsOnPrincipalsExceptAdmins",
      Effect: "Deny",
      Action: [...PRINCIPAL_TAGGING_ACTIONS],
      Resource: "*",
      Condition: { ...tagged, ...admins },
    },
    {
      // Session tags become principal tags for the session: `aws:PrincipalTag` would read them.
      Sid: "DenyExemptionTagsOnSessionsExceptAdmins",
      Effect: "Deny",
      Action: "sts:TagSession",
      Resource: "*",
      Condition: { ...tagged, ...admins },
    },
  );
  return { Version: "2012-10-17", Statement: statements };
}
