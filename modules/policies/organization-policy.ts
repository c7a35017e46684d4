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
export const PRINCIPAL_TAGGING_ACTIONS: readonly string[] = [
  "iam:CreateRole",
  "iam:CreateUser",
  "iam:TagRole",
  "iam:TagUser",
  "iam:UntagRole",
  "iam:UntagUser",
];

/** Calls that take the guard off a principal or weaken it: the `iam:PolicyARN` of a detach names it; the rest act on the policy. */
export const GUARD_DETACH_ACTIONS: readonly string[] = ["iam:DetachGroupPolicy", "iam:DetachRolePolicy", "iam:DetachUserPolicy"];
export const GUARD_POLICY_ACTIONS: readonly string[] = [
  "iam:CreatePolicyVersion",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:SetDefaultPolicyVersion",
];
/** Calls that take a user out of a guarded group, on the group's ARN. */
export const GUARDED_GROUP_ACTIONS: readonly string[] = ["iam:DeleteGroup", "iam:RemoveUserFromGroup"];
/**
 * Calls by which someone who is not an admin becomes one: rewriting an admin role's trust policy
 * or permissions, passing it to a service that runs code as it, giving an admin user new
 * credentials, or deleting either (and creating it again under the same name).
 */
export const ADMIN_TAKEOVER_ACTIONS: readonly string[] = [
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:DeleteRole",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteUser",
  "iam:DeleteUserPermissionsBoundary",
  "iam:PassRole",
  "iam:PutRolePermissionsBoundary",
  "iam:PutRolePolicy",
  "iam:PutUserPermissionsBoundary",
  "iam:PutUserPolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateLoginProfile",
];

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
  /**
   * The perimeters' guard policies, account wildcarded (`arn:aws:iam::*:policy/<name>`): only
   * admins detach them, change their versions or delete them.
   * @default - none
   */
  readonly guardPolicyArnPatterns?: readonly string[];
  /**
   * Groups the guard is attached to (`arn:aws:iam::*:group/<name>`): only admins take users out.
   * @default - none
   */
  readonly guardedGroupArnPatterns?: readonly string[];
}

/**
 * One SCP for every perimeter of an organization (a target holds at most five
 * SCPs): outside the named admins, nobody creates a table under a perimeter's
 * name, restores a perimeter table's backups, imports or restores into it, changes a
 * perimeter table's resource policy or adds a replica, or sets or removes an
 * exemption tag on a role, a user or a session (when a perimeter exempts by tag);
 * nor takes the guard off a principal, weakens it, or takes over an admin
 * (`ADMIN_TAKEOVER_ACTIONS` on the admins' own ARNs).
 *
 * The IAM condition key `iam:PolicyARN` names the managed policy of an attach or
 * detach call, and policy-version calls act on the policy's ARN
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
 * SCPs bind no principal of the organization's management account
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
 * a perimeter there has none of these locks.
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
    {
      Sid: "DenyAdminTakeoverExceptAdmins",
      Effect: "Deny",
      Action: [...ADMIN_TAKEOVER_ACTIONS],
      Resource: [...input.adminPrincipalArns],
      Condition: admins,
    },
  ];
  const guards = input.guardPolicyArnPatterns ?? [];
  if (guards.length) {
    statements.push(
      {
        Sid: "DenyGuardDetachExceptAdmins",
        Effect: "Deny",
        Action: [...GUARD_DETACH_ACTIONS],
        Resource: "*",
        Condition: { ArnLike: { "iam:PolicyARN": [...guards] }, ...admins },
      },
      { Sid: "DenyGuardChangesExceptAdmins", Effect: "Deny", Action: [...GUARD_POLICY_ACTIONS], Resource: [...guards], Condition: admins },
    );
  }
  const groups = input.guardedGroupArnPatterns ?? [];
  if (groups.length) {
    statements.push({
      Sid: "DenyLeavingGuardedGroupsExceptAdmins",
      Effect: "Deny",
      Action: [...GUARDED_GROUP_ACTIONS],
      Resource: [...groups],
      Condition: admins,
    });
  }
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
