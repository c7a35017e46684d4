import { ACCOUNT, Decision, REGION, decide } from "../test-support/access-model";
import {
  FULL_ACCESS,
  OURS,
  PrincipalKey,
  ResourceKey,
  SECOND,
  SourceKey,
  decideIn,
  SeedExample,
  seedExample,
  seedExampleOf060,
  GrantsWorld,
  grantsWorld,
  withEndpointAllowing,
  withEndpointForAccount,
  withoutStatements,
} from "../test-support/grants-access";
import { allDocs, quoted } from "../test-support/docs";

/**
 * The synthesized identity, resource, stream, endpoint and key policies of
 * examples/grants.json, evaluated together by @cloud-copilot/iam-simulate.
 * Every expectation is written out; nothing is derived from the module.
 */
const tf = seedExample();
const world = grantsWorld(tf);
const { model, TABLE, PRINCIPALS, SOURCES, RESOURCES } = world;
const SCPS = world.SCPS!;
/** Both SCPs' statements, in order. */
const SCP = { Statement: SCPS.flatMap((p) => (p as { Statement: unknown[] }).Statement) };

type Row = [string, PrincipalKey, string, ResourceKey, SourceKey, Decision];

/**
 * The perimeter's other locks (1.0.0): calls that would take the guard off a principal, weaken it,
 * or make a non-admin an admin. Only the organization's SCP can stop them; each is also a finding
 * below, and a row of WITHOUT_SCP shows it open without the SCP.
 */
const GUARD_AND_ADMIN_LOCKS: ReadonlyArray<{ row: Row; sid: string }> = [
  {
    sid: "DenyGuardDetachExceptAdmins",
    row: [
      "SCP: a guarded role with IAM rights cannot detach the guard from itself",
      "attachedIamAdmin",
      "iam:DetachRolePolicy",
      "guardedRole",
      "namingTheGuard",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyGuardChangesExceptAdmins",
    row: [
      "SCP: an account admin cannot set an older version of the guard as its default",
      "iamAdmin",
      "iam:SetDefaultPolicyVersion",
      "guardPolicy",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyGuardChangesExceptAdmins",
    row: [
      "SCP: an account admin cannot write a new version of the guard",
      "iamAdmin",
      "iam:CreatePolicyVersion",
      "guardPolicy",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyGuardChangesExceptAdmins",
    row: ["SCP: an account admin cannot delete the guard", "iamAdmin", "iam:DeletePolicy", "guardPolicy", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyLeavingGuardedGroupsExceptAdmins",
    row: [
      "SCP: an account admin cannot take a user out of a guarded group",
      "iamAdmin",
      "iam:RemoveUserFromGroup",
      "guardedGroup",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyAdminTakeoverExceptAdmins",
    row: [
      "SCP: an account admin cannot rewrite the admin role's trust policy",
      "iamAdmin",
      "iam:UpdateAssumeRolePolicy",
      "adminRole",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyAdminTakeoverExceptAdmins",
    row: [
      "SCP: an account admin cannot attach a policy to the admin role",
      "iamAdmin",
      "iam:AttachRolePolicy",
      "adminRole",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyAdminTakeoverExceptAdmins",
    row: [
      "SCP: an account admin cannot pass the admin role to a service",
      "iamAdmin",
      "iam:PassRole",
      "adminRole",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyLeavingGuardedGroupsExceptAdmins",
    row: [
      "SCP: an account admin cannot rename a guarded group",
      "iamAdmin",
      "iam:UpdateGroup",
      "guardedGroup",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyLeavingGuardedGroupsExceptAdmins",
    row: [
      "SCP: nor take a user out of a guarded group under a path",
      "iamAdmin",
      "iam:RemoveUserFromGroup",
      "guardedGroupUnderPath",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyAdminTakeoverExceptAdmins",
    row: [
      "SCP: an account admin cannot rewrite the trust policy of break-glass, a key operator",
      "iamAdmin",
      "iam:UpdateAssumeRolePolicy",
      "breakGlassRole",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyAdminTakeoverExceptAdmins",
    row: ["SCP: nor create a role at break-glass's ARN", "iamAdmin", "iam:CreateRole", "breakGlassRole", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyTakeoverOfTaggedPrincipalsExceptAdmins",
    row: [
      "SCP: nor attach a policy to a role tagged exempt",
      "iamAdmin",
      "iam:AttachRolePolicy",
      "taggedRoleItself",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyTakeoverOfTaggedPrincipalsExceptAdmins",
    row: [
      "SCP: nor rewrite a tagged role's trust policy",
      "iamAdmin",
      "iam:UpdateAssumeRolePolicy",
      "taggedRoleItself",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyPerimeterTagExceptAdmins",
    row: [
      "SCP: an account admin cannot put the perimeter's tag on a role, which would lock it to the admins",
      "iamAdmin",
      "iam:TagRole",
      "someRole",
      "settingPerimeterTag",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyPerimeterResourceChangesExceptAdmins",
    row: [
      "SCP: a role with every KMS right cannot retire DynamoDB's grant, which no key policy can stop",
      "kmsPowerUser",
      "kms:RetireGrant",
      "tableKey",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyPerimeterResourceChangesExceptAdmins",
    row: [
      "SCP: a power user cannot delete the flow logs' log group",
      "powerUser",
      "logs:DeleteLogGroup",
      "flowLogGroup",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyPerimeterResourceChangesExceptAdmins",
    row: ["SCP: nor shorten its retention", "powerUser", "logs:PutRetentionPolicy", "flowLogGroup", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyPerimeterResourceChangesExceptAdmins",
    row: ["SCP: nor delete the flow log", "powerUser", "ec2:DeleteFlowLogs", "flowLog", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyPerimeterResourceChangesExceptAdmins",
    row: ["SCP: nor widen the endpoint's policy", "powerUser", "ec2:ModifyVpcEndpoint", "endpoint", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyPerimeterResourceChangesExceptAdmins",
    row: ["SCP: nor take the perimeter's tag off the endpoint", "powerUser", "ec2:DeleteTags", "endpoint", "internet", "ExplicitlyDenied"],
  },
];

/** The table key's own lock (its key policy): no identity policy, SCP or account root lifts a key policy's Deny. */
const KEY_LOCKS: ReadonlyArray<{ row: Row; sid: string }> = [
  {
    sid: "DenyKeyTamperingExceptOperators",
    row: [
      "key: a role with every KMS right cannot schedule the table key's deletion",
      "kmsPowerUser",
      "kms:ScheduleKeyDeletion",
      "tableKey",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyKeyTamperingExceptOperators",
    row: ["key: nor disable it", "kmsPowerUser", "kms:DisableKey", "tableKey", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyKeyTamperingExceptOperators",
    row: ["key: nor replace its policy", "kmsPowerUser", "kms:PutKeyPolicy", "tableKey", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyKeyTamperingExceptOperators",
    row: ["key: nor revoke DynamoDB's grant", "kmsPowerUser", "kms:RevokeGrant", "tableKey", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyKeyTamperingExceptOperators",
    row: ["key: nor remove its tags", "kmsPowerUser", "kms:UntagResource", "tableKey", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyKeyTamperingExceptOperators",
    row: ["key: nor delete its alias", "kmsPowerUser", "kms:DeleteAlias", "tableKey", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyKeyTamperingExceptOperators",
    row: ["key: nor turn its rotation off", "kmsPowerUser", "kms:DisableKeyRotation", "tableKey", "internet", "ExplicitlyDenied"],
  },
  {
    sid: "DenyTableUpdatesExceptOperators",
    row: [
      "key: nor can a guarded role switch the table to a key of its own, through the endpoint",
      "attachedRole",
      "dynamodb:UpdateTable",
      "table",
      "ourEndpoint",
      "ExplicitlyDenied",
    ],
  },
  {
    sid: "DenyGrantsNotForAwsResourcesExceptOperators",
    row: ["key: nor grant it to anyone", "kmsPowerUser", "kms:CreateGrant", "tableKey", "internet", "ExplicitlyDenied"],
  },
];

// [why, principal, action, resource, source, expected decision], with the organization's SCP attached
const MATRIX: Row[] = [
  // Attached user with only the guard and the read-write grant: least privilege, endpoints only.
  ["granted read through our endpoint", "attachedUser", "dynamodb:GetItem", "table", "ourEndpoint", "Allowed"],
  ["granted write through our endpoint", "attachedUser", "dynamodb:PutItem", "table", "ourEndpoint", "Allowed"],
  ["index query through our endpoint", "attachedUser", "dynamodb:Query", "index", "ourEndpoint", "Allowed"],
  ["batch write through the second listed endpoint", "attachedUser", "dynamodb:BatchWriteItem", "table", "secondEndpoint", "Allowed"],
  ["transaction: condition check half", "attachedUser", "dynamodb:ConditionCheckItem", "table", "ourEndpoint", "Allowed"],
  ["transaction: update half", "attachedUser", "dynamodb:UpdateItem", "table", "ourEndpoint", "Allowed"],
  ["PartiQL insert through our endpoint", "attachedUser", "dynamodb:PartiQLInsert", "table", "ourEndpoint", "Allowed"],
  ["SDK endpoint discovery through our endpoint", "attachedUser", "dynamodb:DescribeEndpoints", "anyResource", "ourEndpoint", "Allowed"],
  ["guard: read through a foreign endpoint", "attachedUser", "dynamodb:GetItem", "table", "foreignEndpoint", "ExplicitlyDenied"],
  ["guard: read from the internet", "attachedUser", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["guard: PartiQL select from the internet", "attachedUser", "dynamodb:PartiQLSelect", "table", "internet", "ExplicitlyDenied"],
  ["guard: describe from the internet", "attachedUser", "dynamodb:DescribeTable", "table", "internet", "ExplicitlyDenied"],
  ["guard: stream read from the internet", "attachedUser", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  [
    "grant is endpoint-only: via an AWS service is not granted",
    "attachedUser",
    "dynamodb:GetItem",
    "table",
    "viaAwsService",
    "ImplicitlyDenied",
  ],
  ["least privilege: another table of the account", "attachedUser", "dynamodb:PutItem", "otherTable", "ourEndpoint", "ImplicitlyDenied"],
  ["least privilege: no table deletion", "attachedUser", "dynamodb:DeleteTable", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["table key through DynamoDB", "attachedUser", "kms:Decrypt", "tableKey", "viaDynamoDb", "Allowed"],
  ["table key directly", "attachedUser", "kms:Decrypt", "tableKey", "internet", "ImplicitlyDenied"],
  // Attached role that someone also gave full access: the guard still wins outside the endpoints, on every copy path.
  ["guard beats a full-access policy from the internet", "attachedRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  [
    "guard beats a full-access policy: update from the internet",
    "attachedRole",
    "dynamodb:UpdateTable",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "guard: restore a backup from the internet",
    "attachedRole",
    "dynamodb:RestoreTableFromBackup",
    "backup",
    "internet",
    "ExplicitlyDenied",
  ],
  ["guard: a backup from the internet", "attachedRole", "dynamodb:CreateBackup", "table", "internet", "ExplicitlyDenied"],
  ["guard: export from the internet", "attachedRole", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  [
    "guard: point-in-time restore from the internet",
    "attachedRole",
    "dynamodb:RestoreTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  ["guard: an AWS Backup job from the internet", "attachedRole", "dynamodb:StartAwsBackupJob", "table", "internet", "ExplicitlyDenied"],
  [
    "guard: Kinesis streaming destination from the internet",
    "attachedRole",
    "dynamodb:EnableKinesisStreamingDestination",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  ["guard: a new replica from the internet", "attachedRole", "dynamodb:CreateTableReplica", "table", "internet", "ExplicitlyDenied"],
  ["guard is scoped: other tables stay reachable", "attachedRole", "dynamodb:GetItem", "otherTable", "internet", "Allowed"],
  [
    "guard is scoped: other tables' backups stay restorable",
    "attachedRole",
    "dynamodb:RestoreTableFromBackup",
    "otherBackup",
    "internet",
    "Allowed",
  ],
  ["write through our endpoint", "attachedRole", "dynamodb:PutItem", "table", "ourEndpoint", "Allowed"],
  ["read through the second listed endpoint", "attachedRole", "dynamodb:GetItem", "table", "secondEndpoint", "Allowed"],
  ["scan through a foreign endpoint", "attachedRole", "dynamodb:Scan", "table", "foreignEndpoint", "ExplicitlyDenied"],
  [
    "exfiltration: write to a foreign account's open table through our endpoint",
    "attachedRole",
    "dynamodb:PutItem",
    "foreignTable",
    "ourEndpoint",
    "ImplicitlyDenied",
  ],
  [
    "exfiltration: batch write to a foreign table through our endpoint",
    "attachedRole",
    "dynamodb:BatchWriteItem",
    "foreignTable",
    "ourEndpoint",
    "ImplicitlyDenied",
  ],
  ["calls an AWS service makes for the role are not blocked", "attachedRole", "dynamodb:GetItem", "table", "viaAwsService", "Allowed"],
  // Group member with the read-only grant.
  ["read-only: query through our endpoint", "groupMember", "dynamodb:Query", "table", "ourEndpoint", "Allowed"],
  ["read-only: index query through our endpoint", "groupMember", "dynamodb:Query", "index", "ourEndpoint", "Allowed"],
  ["read-only: batch get through our endpoint", "groupMember", "dynamodb:BatchGetItem", "table", "ourEndpoint", "Allowed"],
  ["read-only: no put", "groupMember", "dynamodb:PutItem", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["read-only: no batch write", "groupMember", "dynamodb:BatchWriteItem", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["read-only: no PartiQL update", "groupMember", "dynamodb:PartiQLUpdate", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["group guard: read from the internet", "groupMember", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  // A role nobody attached anything to, untagged: the resource policy closes every copy path from outside.
  ["resource policy: read from the internet", "unattachedRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: index query from the internet", "unattachedRole", "dynamodb:Query", "index", "internet", "ExplicitlyDenied"],
  [
    "resource policy: read through a foreign endpoint",
    "unattachedRole",
    "dynamodb:GetItem",
    "table",
    "foreignEndpoint",
    "ExplicitlyDenied",
  ],
  [
    "resource policy: export from the internet",
    "unattachedRole",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "resource policy: point-in-time restore from the internet",
    "unattachedRole",
    "dynamodb:RestoreTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "resource policy: on-demand backup from the internet",
    "unattachedRole",
    "dynamodb:CreateBackup",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "resource policy: AWS Backup job from the internet",
    "unattachedRole",
    "dynamodb:StartAwsBackupJob",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "resource policy: Kinesis streaming destination from the internet",
    "unattachedRole",
    "dynamodb:EnableKinesisStreamingDestination",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "resource policy: a new replica from the internet",
    "unattachedRole",
    "dynamodb:CreateTableReplica",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "reading the settings is on the outside list for anyone: Terraform's refresh",
    "unattachedRole",
    "dynamodb:DescribeTable",
    "table",
    "internet",
    "Allowed",
  ],
  [
    "control-plane lock: update from the internet, untagged",
    "unattachedRole",
    "dynamodb:UpdateTable",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "control-plane lock: resource policy deleted from the internet, untagged",
    "unattachedRole",
    "dynamodb:DeleteResourcePolicy",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "control-plane lock: delete from the internet, untagged",
    "unattachedRole",
    "dynamodb:DeleteTable",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "control-plane lock: the stream's policy deleted from the internet, untagged",
    "unattachedRole",
    "dynamodb:DeleteResourcePolicy",
    "stream",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "deny by default: an action on no outside list, from the internet",
    "unattachedRole",
    "dynamodb:ListExports",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "SCP: restoring the table's backup, from anywhere",
    "unattachedRole",
    "dynamodb:RestoreTableFromBackup",
    "backup",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "SCP: restoring another table's backup is not the perimeter's business",
    "unattachedRole",
    "dynamodb:RestoreTableFromBackup",
    "otherBackup",
    "internet",
    "Allowed",
  ],
  [
    "SCP: restoring from AWS Backup into the table's name",
    "unattachedRole",
    "dynamodb:RestoreTableFromAwsBackup",
    "newTable",
    "internet",
    "ExplicitlyDenied",
  ],
  ["SCP: importing from S3 into the table's name", "unattachedRole", "dynamodb:ImportTable", "newTable", "internet", "ExplicitlyDenied"],
  [
    "SCP: creating a table under the perimeter's name (grants name tables by pattern)",
    "unattachedRole",
    "dynamodb:CreateTable",
    "newTable",
    "internet",
    "ExplicitlyDenied",
  ],
  ["stream policy: stream read from the internet", "unattachedRole", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  ["read through our endpoint", "unattachedRole", "dynamodb:GetItem", "table", "ourEndpoint", "Allowed"],
  [
    "the endpoint policy lets no backup through either (least privilege)",
    "unattachedRole",
    "dynamodb:CreateBackup",
    "table",
    "ourEndpoint",
    "ImplicitlyDenied",
  ],
  ["read through the second listed endpoint", "unattachedRole", "dynamodb:GetItem", "table", "secondEndpoint", "Allowed"],
  ["calls an AWS service makes for the role are not blocked", "unattachedRole", "dynamodb:GetItem", "table", "viaAwsService", "Allowed"],
  ["the resource policy covers only the managed table", "unattachedRole", "dynamodb:GetItem", "otherTable", "internet", "Allowed"],
  // A tagged role: exempt from the control plane, from nothing else.
  ["tagged: describe from the internet", "taggedRole", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["tagged: update from the internet", "taggedRole", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  ["tagged: still no item read from the internet", "taggedRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no export from the internet", "taggedRole", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no backup from the internet", "taggedRole", "dynamodb:CreateBackup", "table", "internet", "ExplicitlyDenied"],
  [
    "tagged: still no point-in-time restore from the internet",
    "taggedRole",
    "dynamodb:RestoreTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "tagged: still no AWS Backup job from the internet (not a backup role)",
    "taggedRole",
    "dynamodb:StartAwsBackupJob",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "tagged: still no Kinesis streaming destination from the internet",
    "taggedRole",
    "dynamodb:EnableKinesisStreamingDestination",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "tagged: still no restore of the table's backup (SCP)",
    "taggedRole",
    "dynamodb:RestoreTableFromBackup",
    "backup",
    "internet",
    "ExplicitlyDenied",
  ],
  ["tagged: still no stream read from the internet", "taggedRole", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  [
    "tagged: still no new replica from the internet (not a replica manager)",
    "taggedRole",
    "dynamodb:CreateTableReplica",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  // Terraform: a plan role and a different apply role. Neither is named anywhere but the SCP's admins; the tag exempts them.
  ["plan role refreshes from the internet", "planRole", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["plan role reads the resource policy from the internet", "planRole", "dynamodb:GetResourcePolicy", "table", "internet", "Allowed"],
  ["plan role reads backup settings from the internet", "planRole", "dynamodb:DescribeContinuousBackups", "table", "internet", "Allowed"],
  ["plan role cannot read items from the internet", "planRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  [
    "an untagged plan role still refreshes with the control-plane lock on",
    "untaggedPlanRole",
    "dynamodb:DescribeTable",
    "table",
    "internet",
    "Allowed",
  ],
  [
    "an untagged plan role reads the stream's policy for its refresh",
    "untaggedPlanRole",
    "dynamodb:GetResourcePolicy",
    "stream",
    "internet",
    "Allowed",
  ],
  [
    "an untagged plan role cannot describe the stream: a consumer's call",
    "untaggedPlanRole",
    "dynamodb:DescribeStream",
    "stream",
    "internet",
    "ExplicitlyDenied",
  ],
  ["apply role updates from the internet", "applyRole", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  ["apply role tags from the internet", "applyRole", "dynamodb:TagResource", "table", "internet", "Allowed"],
  ["apply role changes backup settings from the internet", "applyRole", "dynamodb:UpdateContinuousBackups", "table", "internet", "Allowed"],
  [
    "apply role writes the resource policy from the internet (an organization admin)",
    "applyRole",
    "dynamodb:PutResourcePolicy",
    "table",
    "internet",
    "Allowed",
  ],
  [
    "apply role adds a replica from the internet (a replica manager)",
    "applyRole",
    "dynamodb:CreateTableReplica",
    "table",
    "internet",
    "Allowed",
  ],
  ["apply role cannot read items from the internet", "applyRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["apply role cannot scan from the internet", "applyRole", "dynamodb:Scan", "table", "internet", "ExplicitlyDenied"],
  ["apply role cannot read the stream from the internet", "applyRole", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  [
    "apply role cannot export the table from the internet",
    "applyRole",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "apply role cannot restore a copy from the internet",
    "applyRole",
    "dynamodb:RestoreTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "apply role cannot stream the table to Kinesis from the internet",
    "applyRole",
    "dynamodb:EnableKinesisStreamingDestination",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  // Break-glass, exempt by ARN.
  ["break-glass describes from the internet", "breakGlass", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  [
    "break-glass cannot delete the resource policy (SCP: organization admins only)",
    "breakGlass",
    "dynamodb:DeleteResourcePolicy",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  ["break-glass cannot read items from the internet", "breakGlass", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  [
    "break-glass cannot back the table up from the internet",
    "breakGlass",
    "dynamodb:CreateBackup",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "break-glass cannot export from the internet",
    "breakGlass",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "break-glass cannot restore to a point in time from the internet",
    "breakGlass",
    "dynamodb:RestoreTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "break-glass cannot run an AWS Backup job from the internet (not a backup role)",
    "breakGlass",
    "dynamodb:StartAwsBackupJob",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "break-glass cannot stream the table to Kinesis from the internet",
    "breakGlass",
    "dynamodb:EnableKinesisStreamingDestination",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "break-glass cannot add a replica from the internet (not a replica manager)",
    "breakGlass",
    "dynamodb:CreateTableReplica",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "break-glass cannot restore the table's backup (SCP)",
    "breakGlass",
    "dynamodb:RestoreTableFromBackup",
    "backup",
    "internet",
    "ExplicitlyDenied",
  ],
  ["break-glass cannot read the stream from the internet", "breakGlass", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  // IAM Identity Center: the permission set's roles live under a path, which the pattern allows for.
  ["SSO PlatformAdmin manages the table from the internet", "ssoAdmin", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  [
    "SSO PlatformAdmin in Identity Center's home region (no region in the role's path) too",
    "ssoAdminHomeRegion",
    "dynamodb:UpdateTable",
    "table",
    "internet",
    "Allowed",
  ],
  [
    "SSO PlatformAdmin_ReadOnly, another permission set whose name starts the same, is not exempt",
    "ssoPlatformAdminReadOnly",
    "dynamodb:UpdateTable",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  ["SSO PlatformAdmin cannot read items from the internet", "ssoAdmin", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["SSO ReadOnly, another permission set, is not exempt", "ssoReadOnly", "dynamodb:UpdateTable", "table", "internet", "ExplicitlyDenied"],
  ["SSO ReadOnly reads the settings, as anyone may", "ssoReadOnly", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  // AWS Backup's role.
  ["backup role backs up from AWS's network", "backupRole", "dynamodb:CreateBackup", "table", "internet", "Allowed"],
  ["backup role runs an AWS Backup job", "backupRole", "dynamodb:StartAwsBackupJob", "table", "internet", "Allowed"],
  ["backup role describes the table", "backupRole", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["backup role cannot read items", "backupRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  // Tags that exempt: only the organization's admins set them (SCP).
  ["SCP: an account admin cannot tag a role as exempt", "iamAdmin", "iam:TagRole", "someRole", "settingExemptionTag", "ExplicitlyDenied"],
  [
    "SCP: an account admin cannot create a role already exempt",
    "iamAdmin",
    "iam:CreateRole",
    "someRole",
    "settingExemptionTag",
    "ExplicitlyDenied",
  ],
  [
    "SCP: an account admin cannot remove the tag either",
    "iamAdmin",
    "iam:UntagRole",
    "someRole",
    "settingExemptionTag",
    "ExplicitlyDenied",
  ],
  [
    "SCP: nobody but admins passes the tag as a session tag",
    "iamAdmin",
    "sts:TagSession",
    "someRole",
    "settingExemptionTag",
    "ExplicitlyDenied",
  ],
  ["SCP: other tags are not its business", "iamAdmin", "iam:TagRole", "someRole", "settingOtherTag", "Allowed"],
  ["SCP: the organization's admin tags a role as exempt", "applyRole", "iam:TagRole", "someRole", "settingExemptionTag", "Allowed"],
  // Application Auto Scaling adjusts capacity from AWS's network.
  ["auto scaling describes the table", "autoScaling", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["auto scaling updates capacity", "autoScaling", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  // Named stream consumer (e.g. a Lambda execution role): streams cannot use a gateway endpoint.
  ["named consumer reads the stream", "streamConsumer", "dynamodb:GetRecords", "stream", "internet", "Allowed"],
  ["named consumer gets nothing else", "streamConsumer", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  // Global tables replication is never denied.
  ["replication writes items", "replication", "dynamodb:PutItem", "table", "internet", "Allowed"],
  ["replication changes TTL as its role policy allows", "replication", "dynamodb:UpdateTimeToLive", "table", "internet", "Allowed"],
  ["replication scans the table", "replication", "dynamodb:Scan", "table", "internet", "Allowed"],
  ["replication describes the table", "replication", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["replication reads the stream", "replication", "dynamodb:GetRecords", "stream", "internet", "Allowed"],
  // Service principals: denied when acting for another account; for this account, only what a resource policy allows (none here).
  [
    "a service acting for another account is denied the table",
    "awsService",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "forAnotherAccount",
    "ExplicitlyDenied",
  ],
  [
    "a service acting for another account is denied the stream",
    "awsService",
    "dynamodb:GetRecords",
    "stream",
    "forAnotherAccount",
    "ExplicitlyDenied",
  ],
  // Tag keys in any case: IAM reads aws:PrincipalTag/<key> whatever the key's case, and the value is compared ignoring case.
  [
    "a role tagged with the key in capitals is an operator: IAM reads tag keys in any case",
    "wrongCaseTagged",
    "dynamodb:UpdateTable",
    "table",
    "internet",
    "Allowed",
  ],
  [
    "a role tagged with the key in capitals still reads no item from the internet",
    "wrongCaseTagged",
    "dynamodb:GetItem",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  ["the exemption tag's value is compared ignoring case", "upperValueTagged", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  // Forwarded calls: CloudFormation acting for a principal is that principal acting.
  ["CloudFormation acting for an operator manages the table", "applyRole", "dynamodb:UpdateTable", "table", "viaCloudFormation", "Allowed"],
  [
    "CloudFormation acting for an operator reads no item",
    "applyRole",
    "dynamodb:GetItem",
    "table",
    "viaCloudFormation",
    "ExplicitlyDenied",
  ],
  [
    "CloudFormation acting for an untagged role reads the settings, as the role may",
    "unattachedRole",
    "dynamodb:DescribeTable",
    "table",
    "viaCloudFormation",
    "Allowed",
  ],
  // Streams with no stream policy yet, and the legacy global table's own ARN.
  [
    "guard: a stream with no stream policy yet is under the table's name",
    "attachedRole",
    "dynamodb:GetRecords",
    "unpolicedStream",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "residual: a stream with no stream policy yet is readable from the internet by a role without the guard (the control-plane lock keeps others from turning one on)",
    "unattachedRole",
    "dynamodb:GetRecords",
    "unpolicedStream",
    "internet",
    "Allowed",
  ],
  [
    "guard: the legacy global table of the table's name",
    "attachedRole",
    "dynamodb:DescribeGlobalTable",
    "globalTable",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "residual: a legacy global table's settings, which no resource policy names, are readable by a role without the guard",
    "unattachedRole",
    "dynamodb:DescribeGlobalTable",
    "globalTable",
    "internet",
    "Allowed",
  ],
  [
    "SCP: a new replica authorised on its own region's ARN",
    "unattachedRole",
    "dynamodb:CreateTableReplica",
    "newTable",
    "internet",
    "ExplicitlyDenied",
  ],
  // The other locks, and what they leave alone.
  ...GUARD_AND_ADMIN_LOCKS.map((l) => l.row),
  ...KEY_LOCKS.map((l) => l.row),
  [
    "SCP: the admin detaches the guard (Terraform does, to replace an attachment)",
    "applyRole",
    "iam:DetachRolePolicy",
    "guardedRole",
    "namingTheGuard",
    "Allowed",
  ],
  [
    "SCP: the guarded role with IAM rights detaches other policies from itself",
    "attachedIamAdmin",
    "iam:DetachRolePolicy",
    "guardedRole",
    "namingAnotherPolicy",
    "Allowed",
  ],
  [
    "SCP: an account admin rewrites the trust policy of a role that is not an admin",
    "iamAdmin",
    "iam:UpdateAssumeRolePolicy",
    "someRole",
    "internet",
    "Allowed",
  ],
  ["SCP: an admin manages the admin role", "applyRole", "iam:UpdateAssumeRolePolicy", "adminRole", "internet", "Allowed"],
  [
    "SCP: under the SCP only admins tear the key down: an operator (tagged) cannot",
    "keyOperator",
    "kms:ScheduleKeyDeletion",
    "tableKey",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "SCP: the admin schedules the key's deletion, as a teardown does",
    "applyRole",
    "kms:ScheduleKeyDeletion",
    "tableKey",
    "internet",
    "Allowed",
  ],
  ["SCP: a key operator undoes a scheduled deletion", "keyOperator", "kms:CancelKeyDeletion", "tableKey", "internet", "Allowed"],
  ["SCP: the table key still decrypts for DynamoDB", "kmsPowerUser", "kms:Decrypt", "tableKey", "viaDynamoDb", "Allowed"],
  ["SCP: the flow logs stay readable", "powerUser", "logs:FilterLogEvents", "flowLogGroup", "internet", "Allowed"],
  ["the table's operators still update it through the endpoint", "applyRole", "dynamodb:UpdateTable", "table", "ourEndpoint", "Allowed"],
  ["break-glass updates the table from the internet", "breakGlass", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  ["replication updates the table, as its role policy allows", "replication", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  ["key: DynamoDB still gets its grant for the table", "kmsPowerUser", "kms:CreateGrant", "tableKey", "grantForTable", "Allowed"],
];

/**
 * What the example's zero-ETL integration opens, and nothing more. Service principals are outside
 * every SCP (SCPs govern an account's IAM users and roles), so these are judged without it.
 */
const ZERO_ETL: Row[] = [
  [
    "zero-ETL: Redshift exports the table for the named integration",
    "awsService",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "forOurIntegration",
    "Allowed",
  ],
  ["zero-ETL: and reads its settings", "awsService", "dynamodb:DescribeTable", "table", "forOurIntegration", "Allowed"],
  [
    "zero-ETL: not for another integration of the account",
    "awsService",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "forAnotherIntegration",
    "ImplicitlyDenied",
  ],
  ["zero-ETL: no item read for the named integration", "awsService", "dynamodb:GetItem", "table", "forOurIntegration", "ImplicitlyDenied"],
  [
    "zero-ETL: no new replica for the named integration",
    "awsService",
    "dynamodb:CreateTableReplica",
    "table",
    "forOurIntegration",
    "ImplicitlyDenied",
  ],
  [
    "zero-ETL: not another service for the same integration ARN",
    "glueService",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "forOurIntegration",
    "ImplicitlyDenied",
  ],
  [
    "zero-ETL: not for another account",
    "awsService",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "forAnotherAccount",
    "ExplicitlyDenied",
  ],
];

/**
 * The README's "request → decision with the default configuration", row by row, on the seed
 * (examples/default.json: guard on dynauser and dynarole, no grants, control-plane lock off, no SCP).
 */
const SEED_MATRIX: Row[] = [
  ["seed: dynauser reads an item from the internet", "attachedUser", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  [
    "seed: dynarole reads an item through a foreign endpoint",
    "attachedRole",
    "dynamodb:GetItem",
    "table",
    "foreignEndpoint",
    "ExplicitlyDenied",
  ],
  [
    "seed: dynauser reads an item through the endpoint: the guard grants nothing",
    "attachedUser",
    "dynamodb:GetItem",
    "table",
    "ourEndpoint",
    "ImplicitlyDenied",
  ],
  [
    "seed: an unattached role reads an item from the internet",
    "unattachedRole",
    "dynamodb:GetItem",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "seed: an unattached role exports from the internet",
    "unattachedRole",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "seed: an unattached role backs up from the internet",
    "unattachedRole",
    "dynamodb:CreateBackup",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "seed: an unattached role adds a replica from the internet",
    "unattachedRole",
    "dynamodb:CreateTableReplica",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "seed: an unattached role describes the table from the internet",
    "unattachedRole",
    "dynamodb:DescribeTable",
    "table",
    "internet",
    "Allowed",
  ],
  [
    "seed: an untagged apply role cannot update the table from the internet (the control-plane lock)",
    "untaggedApplyRole",
    "dynamodb:UpdateTable",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "seed: a service acting for this account is not denied by the perimeter (only what a resource policy allows)",
    "awsService",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "forThisAccount",
    "ImplicitlyDenied",
  ],
  [
    "seed: an unattached role's vector search from the internet",
    "unattachedRole",
    "dynamodb:SearchVectors",
    "index",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "seed: an unattached role's unlisted call from the internet",
    "unattachedRole",
    "dynamodb:UpdateGlobalTableVersion",
    "table",
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "seed: an unattached role streams the table to Kinesis through CloudFormation",
    "unattachedRole",
    "dynamodb:EnableKinesisStreamingDestination",
    "table",
    "viaCloudFormation",
    "ExplicitlyDenied",
  ],
  ["seed: a plan role refreshes from outside", "untaggedPlanRole", "dynamodb:DescribeContinuousBackups", "table", "internet", "Allowed"],
  ["seed: an apply role applies from outside", "applyRole", "dynamodb:UpdateTimeToLive", "table", "internet", "Allowed"],
  ["seed: Terraform's role scans from outside", "applyRole", "dynamodb:Scan", "table", "internet", "ExplicitlyDenied"],
  [
    "seed: writing to another account's table through the endpoint",
    "attachedRole",
    "dynamodb:PutItem",
    "foreignTable",
    "ourEndpoint",
    "ImplicitlyDenied",
  ],
  [
    "seed: exporting the table through the endpoint",
    "attachedRole",
    "dynamodb:ExportTableToPointInTime",
    "table",
    "ourEndpoint",
    "ImplicitlyDenied",
  ],
  ["seed: DynamoDB replication writes a replica", "replication", "dynamodb:PutItem", "table", "internet", "Allowed"],
  [
    "seed: a service AWS does not name in aws:CalledVia reads for the caller",
    "attachedRole",
    "dynamodb:GetItem",
    "table",
    "viaAwsService",
    "Allowed",
  ],
  ["seed: another table of the account", "attachedRole", "dynamodb:GetItem", "otherTable", "internet", "Allowed"],
];

/**
 * Rows for each class of finding of the review of release 0.6.0's policies. Each decides the other
 * way on that release's policies (test-support/fixtures/0.6.0), and the other way again once the
 * policy statements (or the endpoint policy's missing actions) it names are taken out.
 */
interface Finding {
  readonly finding:
    | "1: unlisted actions"
    | "2: one region"
    | "3: confused deputy"
    | "4: tag case"
    | "5: removable from outside"
    | "6: copies inside the account"
    | "7: keys"
    | "8: the guard's attachments"
    | "9: the SCP's admins"
    | "10: the perimeter's own resources";
  readonly row: Row;
  /** The example the row is evaluated on. @default "grants" */
  readonly example?: SeedExample;
  /** With the organization's SCP attached (grants.json has one, the seed none). */
  readonly scp: boolean;
  /** What the decision rests on: statements by Sid, taken out of every policy; or actions the endpoint policy does not let through. */
  readonly decidedBy:
    { readonly sids: readonly string[] } | { readonly endpointAllows: readonly string[] } | { readonly endpointAllowsAccount: true };
}
const UNLISTED = { sids: ["DenyUnlistedCallsOutsideVpcEndpoints"] };
const UNLISTED_FORWARDED = { sids: ["DenyUnlistedCallsForwardedFromOutsideVpcEndpoints"] };
const LOCK = { sids: ["DenyManagementOutsideVpcEndpointsExceptOperators"] };
/** The SCP's statement on what carries the perimeter's tag. */
const SCP_RESOURCES = "DenyPerimeterResourceChangesExceptAdmins";
const FINDINGS: Finding[] = [
  {
    finding: "1: unlisted actions",
    example: "default",
    scp: false,
    decidedBy: UNLISTED,
    row: [
      "seed: vector search on the table from the internet, by a role without the guard",
      "unattachedRole",
      "dynamodb:SearchVectors",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "1: unlisted actions",
    example: "default",
    scp: false,
    decidedBy: UNLISTED,
    row: [
      "seed: reading data for replication from the internet, by a role without the guard",
      "unattachedRole",
      "dynamodb:ReadDataForReplication",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "1: unlisted actions",
    example: "default",
    scp: false,
    decidedBy: UNLISTED,
    row: [
      "seed: a global table version upgrade from the internet, by a role without the guard",
      "unattachedRole",
      "dynamodb:UpdateGlobalTableVersion",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "1: unlisted actions",
    scp: true,
    decidedBy: UNLISTED,
    row: [
      "vector search from the internet, by a tagged role",
      "taggedRole",
      "dynamodb:SearchVectors",
      "index",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "1: unlisted actions",
    scp: true,
    decidedBy: UNLISTED,
    row: [
      "reading data for replication from the internet, by a tagged role",
      "taggedRole",
      "dynamodb:ReadDataForReplication",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "1: unlisted actions",
    scp: true,
    decidedBy: UNLISTED,
    row: [
      "a legacy global table made of the table from the internet, by a tagged role",
      "taggedRole",
      "dynamodb:CreateGlobalTable",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "2: one region",
    scp: false,
    decidedBy: { endpointAllows: ["dynamodb:CreateTableReplica"] },
    row: [
      "a guarded role adds a replica through our endpoint (authorised on the table)",
      "attachedRole",
      "dynamodb:CreateTableReplica",
      "table",
      "ourEndpoint",
      "ImplicitlyDenied",
    ],
  },
  {
    finding: "2: one region",
    scp: false,
    decidedBy: UNLISTED,
    row: [
      "a guarded role adds a replica from the internet, authorised on the new replica in its region",
      "attachedRole",
      "dynamodb:CreateTableReplica",
      "newTable",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "2: one region",
    scp: false,
    decidedBy: UNLISTED_FORWARDED,
    row: [
      "a guarded role's replica asked for by DynamoDB in the new region, with the role's credentials",
      "attachedRole",
      "dynamodb:CreateTableReplica",
      "newTable",
      "viaDynamoDbForwarded",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "2: one region",
    scp: false,
    decidedBy: UNLISTED,
    row: [
      "a guarded role writes to the table's name in another region from the internet",
      "attachedRole",
      "dynamodb:PutItem",
      "newTable",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: false,
    decidedBy: UNLISTED_FORWARDED,
    row: [
      "a guarded role streams the table to Kinesis through CloudFormation",
      "attachedRole",
      "dynamodb:EnableKinesisStreamingDestination",
      "table",
      "viaCloudFormation",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: false,
    decidedBy: UNLISTED_FORWARDED,
    row: [
      "a role without the guard exports the table through CloudFormation",
      "unattachedRole",
      "dynamodb:ExportTableToPointInTime",
      "table",
      "viaCloudFormation",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: false,
    decidedBy: { sids: ["DenyManagementForwardedFromOutsideVpcEndpointsExceptOperators"] },
    row: [
      "a role without the guard swaps the table's resource policy through CloudFormation",
      "unattachedRole",
      "dynamodb:PutResourcePolicy",
      "table",
      "viaCloudFormation",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: false,
    decidedBy: {
      sids: ["DenyUnlistedCallsForwardedFromOutsideVpcEndpoints", "DenyNewReplicasForwardedFromOutsideVpcEndpointsExceptReplicaManagers"],
    },
    row: [
      "a guarded role adds a replica through CloudFormation",
      "attachedRole",
      "dynamodb:CreateTableReplica",
      "table",
      "viaCloudFormation",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: false,
    decidedBy: UNLISTED_FORWARDED,
    row: [
      "a service no aws:CalledVia names streams the table to Kinesis for a guarded role",
      "attachedRole",
      "dynamodb:EnableKinesisStreamingDestination",
      "table",
      "viaAwsService",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: false,
    decidedBy: UNLISTED_FORWARDED,
    row: [
      "a service no aws:CalledVia names exports the table for a role without the guard",
      "unattachedRole",
      "dynamodb:ExportTableToPointInTime",
      "table",
      "viaAwsService",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: false,
    decidedBy: { sids: ["DenyManagementForwardedFromOutsideVpcEndpointsExceptOperators"] },
    row: [
      "a service no aws:CalledVia names deletes the resource policy for a role without the guard",
      "unattachedRole",
      "dynamodb:DeleteResourcePolicy",
      "table",
      "viaAwsService",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "3: confused deputy",
    scp: true,
    decidedBy: { sids: ["DenyItemCallsForwardedByNamedServicesFromOutsideVpcEndpoints"] },
    row: [
      "CloudFormation reads an item for a guarded role",
      "attachedRole",
      "dynamodb:GetItem",
      "table",
      "viaCloudFormation",
      "ExplicitlyDenied",
    ],
  },
  // The defaults that close the perimeter (1.0.0), on the seed as a user gets it.
  {
    finding: "5: removable from outside",
    example: "default",
    scp: false,
    decidedBy: LOCK,
    row: [
      "seed: a role without the guard deletes the resource policy from the internet",
      "unattachedRole",
      "dynamodb:DeleteResourcePolicy",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "5: removable from outside",
    example: "default",
    scp: false,
    // The lock denies it from outside, and UpdateTable is for operators from every network.
    decidedBy: { sids: [...LOCK.sids, "DenyTableUpdatesExceptOperators"] },
    row: [
      "seed: a role without the guard turns a stream on from the internet",
      "unattachedRole",
      "dynamodb:UpdateTable",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "5: removable from outside",
    example: "default",
    scp: false,
    decidedBy: LOCK,
    row: [
      "seed: a role without the guard changes TTL from the internet",
      "unattachedRole",
      "dynamodb:UpdateTimeToLive",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "5: removable from outside",
    example: "default",
    scp: false,
    decidedBy: LOCK,
    row: [
      "seed: a role without the guard deletes the table from the internet",
      "unattachedRole",
      "dynamodb:DeleteTable",
      "table",
      "internet",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "6: copies inside the account",
    example: "default",
    scp: false,
    decidedBy: { endpointAllowsAccount: true },
    row: [
      "seed: a guarded role copies items into another table of the account through the endpoint",
      "attachedRole",
      "dynamodb:PutItem",
      "otherTable",
      "ourEndpoint",
      "ImplicitlyDenied",
    ],
  },
  {
    finding: "4: tag case",
    scp: true,
    decidedBy: { sids: ["DenyExemptionTagsOnPrincipalsExceptAdmins"] },
    row: [
      "SCP: an account admin cannot tag a role with the exemption key in capitals",
      "iamAdmin",
      "iam:TagRole",
      "someRole",
      "settingWrongCaseTag",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "4: tag case",
    scp: true,
    decidedBy: { sids: ["DenyExemptionTagsOnPrincipalsExceptAdmins"] },
    row: [
      "SCP: an account admin cannot create a role with the key in capitals",
      "iamAdmin",
      "iam:CreateRole",
      "someRole",
      "settingWrongCaseTag",
      "ExplicitlyDenied",
    ],
  },
  {
    finding: "4: tag case",
    scp: true,
    decidedBy: { sids: ["DenyExemptionTagsOnSessionsExceptAdmins"] },
    row: [
      "SCP: nobody but admins passes the key in capitals as a session tag",
      "iamAdmin",
      "sts:TagSession",
      "someRole",
      "settingWrongCaseTag",
      "ExplicitlyDenied",
    ],
  }, // The perimeter's other locks (1.0.0): the keys with and without the SCP (a key policy needs none), the rest with it.
  ...KEY_LOCKS.flatMap(({ row, sid }): Finding[] => [
    // Under the SCP, the perimeter's tag on the key denies the same calls again: the row names both.
    {
      finding: "7: keys",
      scp: true,
      decidedBy: { sids: row[3] === "tableKey" && row[2] !== "kms:CreateGrant" ? [sid, SCP_RESOURCES] : [sid] },
      row,
    },
    { finding: "7: keys", example: "default", scp: false, decidedBy: { sids: [sid] }, row: [`seed: ${row[0]}`, ...row.slice(1)] as Row },
  ]),
  ...GUARD_AND_ADMIN_LOCKS.map(({ row, sid }): Finding => ({
    finding: sid.includes("Takeover")
      ? "9: the SCP's admins"
      : sid === SCP_RESOURCES || sid === "DenyPerimeterTagExceptAdmins"
        ? row[3] === "tableKey"
          ? "7: keys"
          : "10: the perimeter's own resources"
        : "8: the guard's attachments",
    scp: true,
    decidedBy: { sids: [sid] },
    row,
  })),
];

/**
 * What only the organization's SCP closes: the same requests with the account's
 * policies alone, no SCP attached. Each row has its counterpart above.
 */
const WITHOUT_SCP: Row[] = [
  [
    "no policy in the account can stop a backup's restore by a role without the guard",
    "unattachedRole",
    "dynamodb:RestoreTableFromBackup",
    "backup",
    "internet",
    "Allowed",
  ],
  [
    "no policy in the account can stop a restore from AWS Backup into the table's name",
    "unattachedRole",
    "dynamodb:RestoreTableFromAwsBackup",
    "newTable",
    "internet",
    "Allowed",
  ],
  [
    "no policy in the account can stop an import into the table's name",
    "unattachedRole",
    "dynamodb:ImportTable",
    "newTable",
    "internet",
    "Allowed",
  ],
  [
    "no policy in the account can stop a table being created under the perimeter's name",
    "unattachedRole",
    "dynamodb:CreateTable",
    "newTable",
    "internet",
    "Allowed",
  ],
  ["an account admin can tag any role as exempt", "iamAdmin", "iam:TagRole", "someRole", "settingExemptionTag", "Allowed"],
  ["an exempt session tag passes", "iamAdmin", "sts:TagSession", "someRole", "settingExemptionTag", "Allowed"],
  ["break-glass can delete the resource policy", "breakGlass", "dynamodb:DeleteResourcePolicy", "table", "internet", "Allowed"],
  [
    "an operator (tagged) schedules the key's deletion, as a teardown does",
    "keyOperator",
    "kms:ScheduleKeyDeletion",
    "tableKey",
    "internet",
    "Allowed",
  ],
  [
    "a new replica authorised on its own region's ARN, where no resource policy is yet (the UpdateTable it needs is denied from outside to all but operators)",
    "unattachedRole",
    "dynamodb:CreateTableReplica",
    "newTable",
    "internet",
    "Allowed",
  ],
  // No policy in the account stops these: the README says so, and the tamper alerts are the answer there.
  ...GUARD_AND_ADMIN_LOCKS.map(({ row }): Row => [
    `without the SCP, ${row[0].replace(/^SCP: /, "")}: it can`,
    row[1],
    row[2],
    row[3],
    row[4],
    "Allowed",
  ]),
];

describe("access matrix (iam-simulate)", () => {
  test("the matrix has at least 90 requests, each unique", () => {
    expect(MATRIX.length + WITHOUT_SCP.length + FINDINGS.length + SEED_MATRIX.length + ZERO_ETL.length).toBeGreaterThanOrEqual(90);
    expect(new Set(MATRIX.map(([, p, a, r, s]) => `${p} ${a} ${r} ${s}`)).size).toBe(MATRIX.length);
  });

  test("the organization's SCP is the example's output, and names no Terraform value", () => {
    expect(SCP.Statement.length).toBe(10);
    expect(JSON.stringify(SCP)).not.toContain("${");
  });

  test("every Terraform reference in the policies resolves to a fake value", () => {
    const texts = [
      ...Object.values(tf.resource!.aws_iam_policy).map((b) => b.policy),
      ...Object.values(tf.resource!.aws_dynamodb_resource_policy).flatMap((b) => [b.policy, b.resource_arn]),
      ...Object.values(tf.resource!.aws_vpc_endpoint).map((b) => b.policy),
      ...Object.values(tf.resource!.aws_kms_key).map((b) => b.policy),
    ];
    expect(texts.every((t) => typeof t === "string")).toBe(true);
    // resolve() throws on any reference it cannot fill in.
    for (const text of texts) model.resolve(String(text));
  });

  test("the key the matrix uses is the table's own key", () => {
    const [tableKeyName] = Object.entries(tf.resource!.aws_kms_key).find(
      ([, k]) => k.description === "Encrypts DynamoDB table BookCollection",
    )!;
    expect(RESOURCES.tableKey.arn).toBe(model.keys[tableKeyName]);
    expect(TABLE).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/BookCollection`);
  });

  test("a reference the model does not know fails instead of passing", () => {
    expect(() => model.resolve('{"Resource":"${aws_s3_bucket.x.arn}"}')).toThrow("unresolved Terraform reference ${aws_s3_bucket.x.arn}");
  });

  // These check the evaluator on the article's hand-written policies, not the module: they show
  // the same engine that passes the module's policies would catch the article's mistakes.
  describe("the evaluator reproduces the article's mistakes", () => {
    const user = PRINCIPALS.attachedUser;
    const articleGuard = (condition: Record<string, unknown>, resource: string) => ({
      name: "vpcepolicy",
      policy: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "dynamodb:*", Resource: resource, Condition: condition }] },
    });
    const ask = (identityPolicies: Array<{ name: string; policy: unknown }>, resource: string, sourceKey: keyof typeof SOURCES) =>
      decide({
        ...user,
        identityPolicies,
        action: "dynamodb:GetItem",
        resource,
        resourceAccount: ACCOUNT,
        endpointPolicy: "endpointPolicy" in SOURCES[sourceKey] ? SOURCES[sourceKey].endpointPolicy : undefined,
        context: SOURCES[sourceKey].context,
      });

    test("StringEquals with the endpoint list inside a Deny denies exactly the listed endpoints", async () => {
      const inverted = articleGuard({ StringEquals: { "aws:SourceVpce": [OURS, SECOND] } }, `${TABLE}*`);
      expect(await ask([inverted, FULL_ACCESS], TABLE, "ourEndpoint")).toBe("ExplicitlyDenied");
      expect(await ask([inverted, FULL_ACCESS], TABLE, "internet")).toBe("Allowed");
    });

    test("a Deny-only policy grants nothing, even through the endpoint", async () => {
      const denyOnly = articleGuard({ StringNotEquals: { "aws:SourceVpce": OURS } }, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*`);
      expect(await ask([denyOnly], TABLE, "ourEndpoint")).toBe("ImplicitlyDenied");
    });

    test("a guard on every table blocks tables it was never meant for", async () => {
      const everyTable = articleGuard({ StringNotEquals: { "aws:SourceVpce": OURS } }, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*`);
      expect(await ask([everyTable, FULL_ACCESS], RESOURCES.otherTable.arn, "internet")).toBe("ExplicitlyDenied");
      // The module's guard leaves that table alone (matrix row "guard is scoped").
    });
  });

  // The resource policies deny most of what the guard denies; these rows run again
  // without them, so the guard has to hold on its own.
  describe.each(MATRIX.filter(([why]) => why.startsWith("guard")))(
    "without resource policies, %s",
    (_why, principalKey, action, resourceKey, sourceKey, expected) => {
      test(`${principalKey} ${action} on ${resourceKey} from ${sourceKey} is still ${expected}`, async () => {
        expect(await decideIn(world, principalKey, action, resourceKey, sourceKey, { scp: true, resourcePolicies: false })).toBe(expected);
      });
    },
  );

  const run = ([, principalKey, action, resourceKey, sourceKey]: Row, withScp: boolean): Promise<Decision> =>
    decideIn(world, principalKey, action, resourceKey, sourceKey, { scp: withScp });

  test.each(MATRIX)("%s: %s %s on %s from %s is %s", async (...row) => {
    expect(await run(row, true)).toBe(row[5]);
  });

  describe("without the organization's SCP", () => {
    test.each(WITHOUT_SCP)("%s: %s %s on %s from %s is %s", async (...row) => {
      expect(await run(row, false)).toBe(row[5]);
      // Each is closed once the SCP is attached: the matrix has the same request.
      const counterpart = MATRIX.find(([, p, a, r, src]) => p === row[1] && a === row[2] && r === row[3] && src === row[4]);
      expect(counterpart?.[5]).toBe("ExplicitlyDenied");
    });
  });

  test.each(ZERO_ETL)("%s: %s %s on %s from %s is %s", async (...row) => {
    expect(await run(row, false)).toBe(row[5]);
  });

  describe("the default configuration (examples/default.json)", () => {
    const seedWorld = grantsWorld(seedExample("default"));
    test.each(SEED_MATRIX)("%s: %s %s on %s from %s is %s", async (_why, principal, action, resource, source, expected) => {
      expect(seedWorld.SCPS).toBeUndefined();
      expect(await decideIn(seedWorld, principal, action, resource, source, { scp: false })).toBe(expected);
    });
  });

  describe("each class of finding of the 0.6.0 review, closed", () => {
    const seed = seedExample("default");
    const now = { grants: world, default: grantsWorld(seed) };
    const before = { grants: grantsWorld(seedExampleOf060("grants")), default: grantsWorld(seedExampleOf060("default")) };
    // One world per way of undeciding: many rows rest on the same statements.
    const undecidedWorlds = new Map<string, GrantsWorld>();
    const undecided = (finding: Finding) => {
      const stack = finding.example === "default" ? seed : tf;
      const by = finding.decidedBy;
      const key = JSON.stringify([finding.example ?? "grants", by]);
      let found = undecidedWorlds.get(key);
      if (found === undefined) {
        found = grantsWorld(
          "sids" in by
            ? withoutStatements(stack, by.sids)
            : "endpointAllows" in by
              ? withEndpointAllowing(stack, by.endpointAllows)
              : withEndpointForAccount(stack),
        );
        undecidedWorlds.set(key, found);
      }
      return found;
    };
    test.each(FINDINGS.map((f) => [f.finding, ...f.row, f] as const))(
      "%s: %s: %s %s on %s from %s is %s",
      async (_class, _why, principal, action, resource, source, expected, finding) => {
        const how = { scp: finding.scp };
        const example = finding.example ?? "grants";
        expect(await decideIn(now[example], principal, action, resource, source, how)).toBe(expected);
        // On 0.6.0's policies the same request was decided the other way.
        expect(await decideIn(before[example], principal, action, resource, source, how)).not.toBe(expected);
        // And the row can fail: without the statements it names, it is decided the other way again.
        expect(await decideIn(undecided(finding), principal, action, resource, source, how)).not.toBe(expected);
      },
    );

    test("every class has rows, and every statement a row names is in the policies", () => {
      expect([...new Set(FINDINGS.map((f) => f.finding))].sort()).toEqual(
        [
          "1: unlisted actions",
          "2: one region",
          "3: confused deputy",
          "4: tag case",
          "5: removable from outside",
          "6: copies inside the account",
          "7: keys",
          "8: the guard's attachments",
          "9: the SCP's admins",
          "10: the perimeter's own resources",
        ].sort(),
      );
      const sids = new Set(
        [
          ...Object.values(tf.resource!.aws_iam_policy),
          ...Object.values(tf.resource!.aws_dynamodb_resource_policy),
          ...Object.values(tf.resource!.aws_kms_key),
        ]
          .flatMap((b) => (JSON.parse(String(b.policy)) as { Statement: Array<{ Sid: string }> }).Statement.map((st) => st.Sid))
          .concat(SCP.Statement.map((st) => (st as { Sid: string }).Sid)),
      );
      for (const f of FINDINGS) if ("sids" in f.decidedBy) for (const sid of f.decidedBy.sids) expect(sids).toContain(sid);
    });
  });

  test("the README quotes this matrix's size wherever it names it", () => {
    const counts = quoted(allDocs(), /(?<!perimeter examples )over (\d+) requests/g);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n === MATRIX.length + WITHOUT_SCP.length + FINDINGS.length + SEED_MATRIX.length + ZERO_ETL.length)).toBe(
      true,
    );
  });
});
