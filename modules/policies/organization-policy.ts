/**
 * The service control policies a perimeter needs from its organization, as a
 * pure function. What it denies, no policy in the account can: a restore is
 * authorised on a backup, which has no resource policy; an import or a
 * restore from AWS Backup creates a table no policy names yet; and only an
 * SCP can stop a principal from giving itself an exemption tag.
 */

import { PolicyDocument, PolicyStatement } from "./document";
import { EXEMPT_TAG_VALUE } from "./outside-denies";

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
/**
 * Calls that take a user out of a guarded group, on the group's ARN. Renaming or moving a group
 * (`UpdateGroup`, authorised on the old name and the new) would leave the guard on a group nobody
 * is in, and the users under a name the SCP does not know.
 */
export const GUARDED_GROUP_ACTIONS: readonly string[] = ["iam:DeleteGroup", "iam:RemoveUserFromGroup", "iam:UpdateGroup"];
/**
 * What anyone may still do to an admin or an exempt principal under the SCP: read it, and call
 * STS (assuming the role, which its trust policy decides; tagging a session, which a statement of
 * its own decides for exemption tags). Everything else IAM authorises on a role or user ARN is for
 * admins only, including actions IAM adds later: creating a principal at an exempt ARN (which may
 * hold wildcards), rewriting its trust policy or permissions, passing it to a service that runs
 * code as it, giving a user new or re-enabled credentials (keys, passwords, SSH keys,
 * service-specific credentials, signing certificates, MFA devices), renaming a user into an
 * exempt name, or deleting either (and creating it again under the same name).
 */
export const EXEMPT_PRINCIPAL_USES: readonly string[] = ["iam:Get*", "iam:List*", "sts:*"];

/**
 * The tag every resource a perimeter creates to protect or watch itself carries (its keys,
 * endpoints, flow logs and their log groups, DNS Firewall and query logging): the SCP lets only
 * admins change those. Never on tables, whose resource policies protect them.
 */
export const PERIMETER_TAG_KEY = "dynamodb-isolation:perimeter";

/**
 * What anyone may still do to a perimeter's tagged resources under the SCP: use the keys
 * (DynamoDB decrypts with the caller's credentials, and creates its grants so; the key policy
 * decides grants), write and read the logs (the flow-log role writes them), and read every
 * setting. Everything else, including actions AWS adds later, is for admins only: disabling,
 * deleting or re-policying a key, retiring its grants (which no key policy can stop: KMS
 * Developer Guide, https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html),
 * turning rotation off; changing or deleting an endpoint, a flow log, a log group's retention or
 * key; changing the DNS Firewall's domains, rules or associations, or its query logging.
 */
export const PERIMETER_RESOURCE_USES: readonly string[] = [
  "ec2:Describe*",
  // Restoring a key (undoing a scheduled deletion, enabling it or its rotation) only ever helps.
  "kms:CancelKeyDeletion",
  "kms:CreateGrant",
  "kms:Decrypt",
  "kms:Describe*",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:Get*",
  "kms:List*",
  "kms:ReEncrypt*",
  "logs:CreateLogStream",
  "logs:Describe*",
  "logs:FilterLogEvents",
  "logs:Get*",
  "logs:List*",
  "logs:PutLogEvents",
  "logs:StartLiveTail",
  "logs:StartQuery",
  "logs:StopQuery",
  "route53resolver:Get*",
  "route53resolver:List*",
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
  /**
   * Principals a perimeter exempts by ARN (its control-plane and key operators, its replica
   * managers): taking one over is denied like taking over an admin.
   * @default - none
   */
  readonly exemptPrincipalArns?: readonly string[];
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

/** The organization's two SCPs: what guards the perimeters' resources, and what guards the principals. */
export interface OrganizationPolicyDocuments {
  /**
   * The perimeters' tables and the resources tagged `PERIMETER_TAG_KEY`, and the exemption tags:
   * nobody but the admins creates a table under a perimeter's name, copies or restores one,
   * changes its resource policy or adds a replica, changes a perimeter's key, endpoint, flow log,
   * log group or DNS Firewall beyond `PERIMETER_RESOURCE_USES`, or sets or removes an exemption tag
   * on a role, a user or a session.
   */
  readonly perimeter: PolicyDocument;
  /**
   * The guard and the principals: nobody but the admins takes the guard off a principal, weakens
   * it, takes a user out of a guarded group, or does anything beyond `EXEMPT_PRINCIPAL_USES` to an
   * admin or a principal a perimeter exempts (by ARN, or tagged exempt).
   */
  readonly principals: PolicyDocument;
}

/**
 * The SCPs every perimeter of an organization needs, in two documents (a target holds at most five
 * SCPs, each of at most 5,120 characters): the perimeters' resources grow with their tables, the
 * principals' with their guards and admins, and one document for both would outgrow the limit
 * with a dozen perimeters.
 *
 * The IAM condition key `iam:PolicyARN` names the managed policy of an attach or
 * detach call, and policy-version calls act on the policy's ARN
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
 * SCPs bind no principal of the organization's management account
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
 * a perimeter there has none of these locks.
 */
export function organizationPolicyDocuments(input: OrganizationPolicyDocumentInput): OrganizationPolicyDocuments {
  const admins = { ArnNotLikeIfExists: { "aws:PrincipalArn": [...input.adminPrincipalArns] } };
  return {
    perimeter: { Version: "2012-10-17", Statement: perimeterStatements(input, admins) },
    principals: { Version: "2012-10-17", Statement: principalStatements(input, admins) },
  };
}

type Admins = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

function perimeterStatements(input: OrganizationPolicyDocumentInput, admins: Admins): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyPerimeterCopiesAndPolicyChangesExceptAdmins",
      Effect: "Deny",
      Action: [...ADMIN_ONLY_TABLE_ACTIONS],
      Resource: [...input.tableArnPatterns],
      Condition: admins,
    },
    {
      Sid: "DenyPerimeterResourceChangesExceptAdmins",
      Effect: "Deny",
      NotAction: [...PERIMETER_RESOURCE_USES],
      Resource: "*",
      Condition: { Null: { [`aws:ResourceTag/${PERIMETER_TAG_KEY}`]: "false" }, ...admins },
    },
    {
      // Whoever could put the tag on a resource could lock everyone but the admins out of it.
      Sid: "DenyPerimeterTagExceptAdmins",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": [PERIMETER_TAG_KEY] }, ...admins },
    },
  ];
  if (input.exemptionTagKeys.length === 0) return statements;
  // Tag keys in any case: IAM matches `aws:PrincipalTag/<key>` whatever the case of the key, so every spelling exempts.
  const tagged = { "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": [...input.exemptionTagKeys] } };
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
  return statements;
}

function principalStatements(input: OrganizationPolicyDocumentInput, admins: Admins): PolicyStatement[] {
  const exempt = [...new Set([...input.adminPrincipalArns, ...(input.exemptPrincipalArns ?? [])])];
  const statements: PolicyStatement[] = [
    { Sid: "DenyAdminTakeoverExceptAdmins", Effect: "Deny", NotAction: [...EXEMPT_PRINCIPAL_USES], Resource: exempt, Condition: admins },
  ];
  // A principal already tagged exempt is taken over like an exempt ARN; one statement per key, as each key is a condition of its own.
  const partition = input.adminPrincipalArns[0]?.split(":")[1] ?? "aws";
  input.exemptionTagKeys.forEach((key, i) =>
    statements.push({
      Sid: `DenyTakeoverOfTaggedPrincipalsExceptAdmins${i === 0 ? "" : i + 1}`,
      Effect: "Deny",
      NotAction: [...EXEMPT_PRINCIPAL_USES],
      Resource: [`arn:${partition}:iam::*:role/*`, `arn:${partition}:iam::*:user/*`],
      Condition: { StringEqualsIgnoreCase: { [`aws:ResourceTag/${key}`]: EXEMPT_TAG_VALUE }, ...admins },
    }),
  );
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
  return statements;
}
