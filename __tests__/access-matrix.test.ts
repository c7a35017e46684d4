import { readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/app";
import {
  ACCOUNT,
  AccessModel,
  Decision,
  FOREIGN_ACCOUNT,
  REGION,
  REPLICATION_ROLE_ARN,
  STREAM_LABEL,
  decide,
} from "../test-support/access-model";
import { quoted, readme } from "../test-support/readme";
import { synthConfig } from "../test-support/synth";

/**
 * The synthesized identity, resource, stream, endpoint and key policies of
 * examples/grants.json, evaluated together by @cloud-copilot/iam-simulate.
 * Every expectation is written out; nothing is derived from the module.
 */
const file = join(__dirname, "..", "examples", "grants.json");
const config = parseConfig(readFileSync(file, "utf8"), file);
const [tf] = Object.values(synthConfig(config));

const OURS = "vpce-1111aaaa2222bbbb3";
const SECOND = "vpce-0a1b2c3d4e5f60718"; // extraEndpointIds in the example
const FOREIGN = "vpce-0ffffffffffffffff";
const model = new AccessModel(tf, { endpointIds: [OURS] });

const TABLE = model.tables.BookCollection;
const SCP = model.organizationPolicy()!;
const tableKey = model.resolve(
  String((Object.values(tf.resource!.aws_dynamodb_table)[0].server_side_encryption as Record<string, string>).kms_key_arn),
);

/** Stands in for the dynamodb part of AWS's AmazonDynamoDBFullAccess managed policy. */
const FULL_ACCESS = {
  name: "AmazonDynamoDBFullAccess",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:*", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" }] },
};
/** Stands in for the replication role's service-linked policy. */
const REPLICATION_POLICY = {
  name: "DynamoDBReplicationServiceRolePolicy",
  policy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
          "dynamodb:Scan", "dynamodb:ReadDataForReplication", "dynamodb:WriteDataForReplication", "dynamodb:ReplicateSettings",
          "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream",
        ],
        Resource: "*",
      },
    ],
  },
};
/** Stands in for AWSApplicationAutoscalingDynamoDBTablePolicy (its DynamoDB part). */
const AUTO_SCALING_POLICY = {
  name: "AWSApplicationAutoscalingDynamoDBTablePolicy",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:DescribeTable", "dynamodb:UpdateTable"], Resource: "*" }] },
};
const STREAM_READER_POLICY = {
  name: "ReadBookStream",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"], Resource: `${TABLE}/stream/*` }] },
};

/** Stands in for AWS Backup's default service role policy (its DynamoDB part). */
const BACKUP_POLICY = {
  name: "AWSBackupServiceRolePolicyForBackup",
  policy: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["dynamodb:CreateBackup", "dynamodb:StartAwsBackupJob", "dynamodb:DescribeTable", "dynamodb:ListTagsOfResource"], Resource: "*" }],
  },
};
/** Stands in for IAMFullAccess and the right to tag sessions: an account admin who is not an organization admin. */
const IAM_ADMIN_POLICY = { name: "IAMFullAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*", "sts:TagSession"], Resource: "*" }] } };
/** Stands in for a read-only plan role's policy. */
const PLAN_POLICY = { name: "ReadOnlyAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:Describe*", "dynamodb:List*", "dynamodb:Get*"], Resource: "*" }] } };

/** The exemption tag the example's control-plane perimeter honours. */
const EXEMPT = { "dp:exclude:network": "true" };

const role = (name: string, extra: Array<{ name: string; policy: unknown }>, principalTags?: Record<string, string>, path = "") => ({
  principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session`,
  principalArn: `arn:aws:iam::${ACCOUNT}:role/${path}${name}`,
  identityPolicies: [...model.identityPolicies("role", name), ...extra],
  principalTags,
});
const service = (name: string) => ({ principal: name, identityPolicies: [] });

const PRINCIPALS = {
  /** user dynauser: the guard and the read-write grant, nothing else */
  attachedUser: { principal: `arn:aws:iam::${ACCOUNT}:user/dynauser`, principalArn: `arn:aws:iam::${ACCOUNT}:user/dynauser`, identityPolicies: model.identityPolicies("user", "dynauser") },
  /** role dynarole: the guard, the read-write grant, and a full-access policy someone else attached */
  attachedRole: role("dynarole", [FULL_ACCESS]),
  /** user reader, member of group dynareaders: the guard and the read-only grant through the group */
  groupMember: { principal: `arn:aws:iam::${ACCOUNT}:user/reader`, principalArn: `arn:aws:iam::${ACCOUNT}:user/reader`, identityPolicies: model.identityPolicies("user", "reader", ["dynareaders"]) },
  /** role analytics: no guard attached, full access, no tags */
  unattachedRole: role("analytics", [FULL_ACCESS]),
  /** role ops-tools: no guard, full access, tagged dp:exclude:network=true */
  taggedRole: role("ops-tools", [FULL_ACCESS], EXEMPT),
  /** the role `terraform plan` runs as: read-only, tagged */
  planRole: role("terraform-plan", [PLAN_POLICY], EXEMPT),
  /** the same plan role without the tag */
  untaggedPlanRole: role("terraform-plan-legacy", [PLAN_POLICY]),
  /** the role `terraform apply` runs as: full access, tagged, the replica manager and the organization's admin */
  applyRole: role("platform-deployer", [FULL_ACCESS, IAM_ADMIN_POLICY], EXEMPT),
  /** in the control plane's exemptPrincipalArns */
  breakGlass: role("break-glass", [FULL_ACCESS]),
  /** an IAM Identity Center role of the PlatformAdmin permission set: under a path */
  ssoAdmin: role("AWSReservedSSO_PlatformAdmin_0a1b2c3d4e5f6a7b", [FULL_ACCESS], undefined, "aws-reserved/sso.amazonaws.com/us-east-2/"),
  /** an IAM Identity Center role of another permission set */
  ssoReadOnly: role("AWSReservedSSO_ReadOnly_0a1b2c3d4e5f6a7b", [FULL_ACCESS], undefined, "aws-reserved/sso.amazonaws.com/us-east-2/"),
  /** AWS Backup's service role, in backupPrincipalArns */
  backupRole: role("AWSBackupDefaultServiceRole", [BACKUP_POLICY], undefined, "service-role/"),
  /** an account's IAM admin who is not an organization admin */
  iamAdmin: role("account-admin", [FULL_ACCESS, IAM_ADMIN_POLICY]),
  /** streamConsumerPrincipalArns in the example */
  streamConsumer: role("book-indexer", [STREAM_READER_POLICY]),
  /** Application Auto Scaling's service-linked role for DynamoDB tables */
  autoScaling: {
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable/scaling`,
    principalArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
    identityPolicies: [AUTO_SCALING_POLICY],
  },
  /** global tables' service-linked role */
  replication: {
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForDynamoDBReplication/replication`,
    principalArn: REPLICATION_ROLE_ARN,
    identityPolicies: [REPLICATION_POLICY],
  },
  /** an AWS service acting through its service principal (a zero-ETL integration, say) */
  awsService: service("redshift.amazonaws.com"),
};

const SOURCES = {
  ourEndpoint: { context: { "aws:SourceVpce": OURS, "aws:SourceVpc": "vpc-0123456789abcdef0", "aws:ViaAWSService": "false" }, endpointPolicy: model.endpointPolicyDocument(OURS) },
  secondEndpoint: { context: { "aws:SourceVpce": SECOND, "aws:ViaAWSService": "false" } },
  foreignEndpoint: { context: { "aws:SourceVpce": FOREIGN, "aws:ViaAWSService": "false" } },
  internet: { context: { "aws:ViaAWSService": "false" } },
  viaAwsService: { context: { "aws:ViaAWSService": "true" } },
  viaDynamoDb: { context: { "aws:ViaAWSService": "true", "kms:ViaService": `dynamodb.${REGION}.amazonaws.com` } },
  /** a service principal acting for this account */
  forThisAccount: { context: { "aws:SourceAccount": ACCOUNT } },
  /** a service principal acting for another account */
  forAnotherAccount: { context: { "aws:SourceAccount": FOREIGN_ACCOUNT } },
  /** a request setting the exemption tag (TagRole, TagSession, CreateRole) */
  settingExemptionTag: { context: { "aws:ViaAWSService": "false", "aws:TagKeys": ["dp:exclude:network"], "aws:RequestTag/dp:exclude:network": "true" } },
  /** a request setting some other tag */
  settingOtherTag: { context: { "aws:ViaAWSService": "false", "aws:TagKeys": ["team"], "aws:RequestTag/team": "books" } },
};

const FOREIGN_TABLE_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "dynamodb:*", Resource: "*" }],
};
const RESOURCES = {
  table: { arn: TABLE, account: ACCOUNT },
  index: { arn: `${TABLE}/index/byTitle`, account: ACCOUNT },
  stream: { arn: `${TABLE}/stream/${STREAM_LABEL}`, account: ACCOUNT },
  /** an on-demand backup of the table: restores are authorised on it, and no resource policy can name it */
  backup: { arn: `${TABLE}/backup/01767225600000-0a1b2c3d`, account: ACCOUNT },
  otherTable: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Other`, account: ACCOUNT },
  /** the table's name in a region it has no table in: an import or a restore from AWS Backup creates it, with no resource policy */
  newTable: { arn: `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/BookCollection`, account: ACCOUNT },
  /** a backup of a table outside the perimeter */
  otherBackup: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Other/backup/01767225600000-0a1b2c3d`, account: ACCOUNT },
  foreignTable: { arn: `arn:aws:dynamodb:${REGION}:${FOREIGN_ACCOUNT}:table/Drop`, account: FOREIGN_ACCOUNT, policy: FOREIGN_TABLE_POLICY },
  tableKey: { arn: tableKey, account: ACCOUNT },
  anyResource: { arn: "*", account: ACCOUNT },
  /** a role someone wants to exempt */
  someRole: { arn: `arn:aws:iam::${ACCOUNT}:role/analytics`, account: ACCOUNT },
};

type Row = [string, keyof typeof PRINCIPALS, string, keyof typeof RESOURCES, keyof typeof SOURCES, Decision];

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
  ["grant is endpoint-only: via an AWS service is not granted", "attachedUser", "dynamodb:GetItem", "table", "viaAwsService", "ImplicitlyDenied"],
  ["least privilege: another table of the account", "attachedUser", "dynamodb:PutItem", "otherTable", "ourEndpoint", "ImplicitlyDenied"],
  ["least privilege: no table deletion", "attachedUser", "dynamodb:DeleteTable", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["table key through DynamoDB", "attachedUser", "kms:Decrypt", "tableKey", "viaDynamoDb", "Allowed"],
  ["table key directly", "attachedUser", "kms:Decrypt", "tableKey", "internet", "ImplicitlyDenied"],
  // Attached role that someone also gave full access: the guard still wins outside the endpoints, on every copy path.
  ["guard beats a full-access policy from the internet", "attachedRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["guard beats a full-access policy: update from the internet", "attachedRole", "dynamodb:UpdateTable", "table", "internet", "ExplicitlyDenied"],
  ["guard: restore a backup from the internet", "attachedRole", "dynamodb:RestoreTableFromBackup", "backup", "internet", "ExplicitlyDenied"],
  ["guard: a backup from the internet", "attachedRole", "dynamodb:CreateBackup", "table", "internet", "ExplicitlyDenied"],
  ["guard: export from the internet", "attachedRole", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["guard: point-in-time restore from the internet", "attachedRole", "dynamodb:RestoreTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["guard: an AWS Backup job from the internet", "attachedRole", "dynamodb:StartAwsBackupJob", "table", "internet", "ExplicitlyDenied"],
  ["guard: Kinesis streaming destination from the internet", "attachedRole", "dynamodb:EnableKinesisStreamingDestination", "table", "internet", "ExplicitlyDenied"],
  ["guard: a new replica from the internet", "attachedRole", "dynamodb:CreateTableReplica", "table", "internet", "ExplicitlyDenied"],
  ["guard is scoped: other tables stay reachable", "attachedRole", "dynamodb:GetItem", "otherTable", "internet", "Allowed"],
  ["guard is scoped: other tables' backups stay restorable", "attachedRole", "dynamodb:RestoreTableFromBackup", "otherBackup", "internet", "Allowed"],
  ["write through our endpoint", "attachedRole", "dynamodb:PutItem", "table", "ourEndpoint", "Allowed"],
  ["read through the second listed endpoint", "attachedRole", "dynamodb:GetItem", "table", "secondEndpoint", "Allowed"],
  ["scan through a foreign endpoint", "attachedRole", "dynamodb:Scan", "table", "foreignEndpoint", "ExplicitlyDenied"],
  ["exfiltration: write to a foreign account's open table through our endpoint", "attachedRole", "dynamodb:PutItem", "foreignTable", "ourEndpoint", "ImplicitlyDenied"],
  ["exfiltration: batch write to a foreign table through our endpoint", "attachedRole", "dynamodb:BatchWriteItem", "foreignTable", "ourEndpoint", "ImplicitlyDenied"],
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
  ["resource policy: read through a foreign endpoint", "unattachedRole", "dynamodb:GetItem", "table", "foreignEndpoint", "ExplicitlyDenied"],
  ["resource policy: export from the internet", "unattachedRole", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: point-in-time restore from the internet", "unattachedRole", "dynamodb:RestoreTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: on-demand backup from the internet", "unattachedRole", "dynamodb:CreateBackup", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: AWS Backup job from the internet", "unattachedRole", "dynamodb:StartAwsBackupJob", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: Kinesis streaming destination from the internet", "unattachedRole", "dynamodb:EnableKinesisStreamingDestination", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: a new replica from the internet", "unattachedRole", "dynamodb:CreateTableReplica", "table", "internet", "ExplicitlyDenied"],
  ["control-plane perimeter: describe from the internet, untagged", "unattachedRole", "dynamodb:DescribeTable", "table", "internet", "ExplicitlyDenied"],
  ["control-plane perimeter: delete from the internet, untagged", "unattachedRole", "dynamodb:DeleteTable", "table", "internet", "ExplicitlyDenied"],
  ["SCP: restoring the table's backup, from anywhere", "unattachedRole", "dynamodb:RestoreTableFromBackup", "backup", "internet", "ExplicitlyDenied"],
  ["SCP: restoring another table's backup is not the perimeter's business", "unattachedRole", "dynamodb:RestoreTableFromBackup", "otherBackup", "internet", "Allowed"],
  ["SCP: restoring from AWS Backup into the table's name", "unattachedRole", "dynamodb:RestoreTableFromAwsBackup", "newTable", "internet", "ExplicitlyDenied"],
  ["SCP: importing from S3 into the table's name", "unattachedRole", "dynamodb:ImportTable", "newTable", "internet", "ExplicitlyDenied"],
  ["SCP: creating a table under the perimeter's name (grants name tables by pattern)", "unattachedRole", "dynamodb:CreateTable", "newTable", "internet", "ExplicitlyDenied"],
  ["stream policy: stream read from the internet", "unattachedRole", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  ["read through our endpoint", "unattachedRole", "dynamodb:GetItem", "table", "ourEndpoint", "Allowed"],
  ["the endpoint policy lets no backup through either (least privilege)", "unattachedRole", "dynamodb:CreateBackup", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["read through the second listed endpoint", "unattachedRole", "dynamodb:GetItem", "table", "secondEndpoint", "Allowed"],
  ["calls an AWS service makes for the role are not blocked", "unattachedRole", "dynamodb:GetItem", "table", "viaAwsService", "Allowed"],
  ["the resource policy covers only the managed table", "unattachedRole", "dynamodb:GetItem", "otherTable", "internet", "Allowed"],
  // A tagged role: exempt from the control plane, from nothing else.
  ["tagged: describe from the internet", "taggedRole", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["tagged: update from the internet", "taggedRole", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  ["tagged: still no item read from the internet", "taggedRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no export from the internet", "taggedRole", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no backup from the internet", "taggedRole", "dynamodb:CreateBackup", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no point-in-time restore from the internet", "taggedRole", "dynamodb:RestoreTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no AWS Backup job from the internet (not a backup role)", "taggedRole", "dynamodb:StartAwsBackupJob", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no Kinesis streaming destination from the internet", "taggedRole", "dynamodb:EnableKinesisStreamingDestination", "table", "internet", "ExplicitlyDenied"],
  ["tagged: still no restore of the table's backup (SCP)", "taggedRole", "dynamodb:RestoreTableFromBackup", "backup", "internet", "ExplicitlyDenied"],
  ["tagged: still no stream read from the internet", "taggedRole", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  ["tagged: still no new replica from the internet (not a replica manager)", "taggedRole", "dynamodb:CreateTableReplica", "table", "internet", "ExplicitlyDenied"],
  // Terraform: a plan role and a different apply role. Neither is named anywhere but the SCP's admins; the tag exempts them.
  ["plan role refreshes from the internet", "planRole", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["plan role reads the resource policy from the internet", "planRole", "dynamodb:GetResourcePolicy", "table", "internet", "Allowed"],
  ["plan role reads backup settings from the internet", "planRole", "dynamodb:DescribeContinuousBackups", "table", "internet", "Allowed"],
  ["plan role cannot read items from the internet", "planRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["an untagged plan role is denied refresh with the control plane on", "untaggedPlanRole", "dynamodb:DescribeTable", "table", "internet", "ExplicitlyDenied"],
  ["apply role updates from the internet", "applyRole", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  ["apply role tags from the internet", "applyRole", "dynamodb:TagResource", "table", "internet", "Allowed"],
  ["apply role changes backup settings from the internet", "applyRole", "dynamodb:UpdateContinuousBackups", "table", "internet", "Allowed"],
  ["apply role writes the resource policy from the internet (an organization admin)", "applyRole", "dynamodb:PutResourcePolicy", "table", "internet", "Allowed"],
  ["apply role adds a replica from the internet (a replica manager)", "applyRole", "dynamodb:CreateTableReplica", "table", "internet", "Allowed"],
  ["apply role cannot read items from the internet", "applyRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["apply role cannot scan from the internet", "applyRole", "dynamodb:Scan", "table", "internet", "ExplicitlyDenied"],
  ["apply role cannot read the stream from the internet", "applyRole", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  ["apply role cannot export the table from the internet", "applyRole", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["apply role cannot restore a copy from the internet", "applyRole", "dynamodb:RestoreTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["apply role cannot stream the table to Kinesis from the internet", "applyRole", "dynamodb:EnableKinesisStreamingDestination", "table", "internet", "ExplicitlyDenied"],
  // Break-glass, exempt by ARN.
  ["break-glass describes from the internet", "breakGlass", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["break-glass cannot delete the resource policy (SCP: organization admins only)", "breakGlass", "dynamodb:DeleteResourcePolicy", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot read items from the internet", "breakGlass", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot back the table up from the internet", "breakGlass", "dynamodb:CreateBackup", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot export from the internet", "breakGlass", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot restore to a point in time from the internet", "breakGlass", "dynamodb:RestoreTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot run an AWS Backup job from the internet (not a backup role)", "breakGlass", "dynamodb:StartAwsBackupJob", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot stream the table to Kinesis from the internet", "breakGlass", "dynamodb:EnableKinesisStreamingDestination", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot add a replica from the internet (not a replica manager)", "breakGlass", "dynamodb:CreateTableReplica", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot restore the table's backup (SCP)", "breakGlass", "dynamodb:RestoreTableFromBackup", "backup", "internet", "ExplicitlyDenied"],
  ["break-glass cannot read the stream from the internet", "breakGlass", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  // IAM Identity Center: the permission set's roles live under a path, which the pattern allows for.
  ["SSO PlatformAdmin describes from the internet", "ssoAdmin", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["SSO PlatformAdmin cannot read items from the internet", "ssoAdmin", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["SSO ReadOnly, another permission set, is not exempt", "ssoReadOnly", "dynamodb:DescribeTable", "table", "internet", "ExplicitlyDenied"],
  // AWS Backup's role.
  ["backup role backs up from AWS's network", "backupRole", "dynamodb:CreateBackup", "table", "internet", "Allowed"],
  ["backup role runs an AWS Backup job", "backupRole", "dynamodb:StartAwsBackupJob", "table", "internet", "Allowed"],
  ["backup role describes the table", "backupRole", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["backup role cannot read items", "backupRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  // Tags that exempt: only the organization's admins set them (SCP).
  ["SCP: an account admin cannot tag a role as exempt", "iamAdmin", "iam:TagRole", "someRole", "settingExemptionTag", "ExplicitlyDenied"],
  ["SCP: an account admin cannot create a role already exempt", "iamAdmin", "iam:CreateRole", "someRole", "settingExemptionTag", "ExplicitlyDenied"],
  ["SCP: an account admin cannot remove the tag either", "iamAdmin", "iam:UntagRole", "someRole", "settingExemptionTag", "ExplicitlyDenied"],
  ["SCP: nobody but admins passes the tag as a session tag", "iamAdmin", "sts:TagSession", "someRole", "settingExemptionTag", "ExplicitlyDenied"],
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
  ["replication writes replicated data", "replication", "dynamodb:WriteDataForReplication", "table", "internet", "Allowed"],
  ["replication describes the table", "replication", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["replication reads the stream", "replication", "dynamodb:GetRecords", "stream", "internet", "Allowed"],
  // Service principals: denied when acting for another account; for this account, only what a resource policy allows (none here).
  ["a service acting for another account is denied the table", "awsService", "dynamodb:ExportTableToPointInTime", "table", "forAnotherAccount", "ExplicitlyDenied"],
  ["a service acting for another account is denied the stream", "awsService", "dynamodb:GetRecords", "stream", "forAnotherAccount", "ExplicitlyDenied"],
  ["a service acting for this account is not denied by the perimeter", "awsService", "dynamodb:ExportTableToPointInTime", "table", "forThisAccount", "ImplicitlyDenied"],
];

/**
 * What only the organization's SCP closes: the same requests with the account's
 * policies alone, no SCP attached. Each row has its counterpart above.
 */
const WITHOUT_SCP: Row[] = [
  ["no policy in the account can stop a backup's restore by a role without the guard", "unattachedRole", "dynamodb:RestoreTableFromBackup", "backup", "internet", "Allowed"],
  ["no policy in the account can stop a restore from AWS Backup into the table's name", "unattachedRole", "dynamodb:RestoreTableFromAwsBackup", "newTable", "internet", "Allowed"],
  ["no policy in the account can stop an import into the table's name", "unattachedRole", "dynamodb:ImportTable", "newTable", "internet", "Allowed"],
  ["no policy in the account can stop a table being created under the perimeter's name", "unattachedRole", "dynamodb:CreateTable", "newTable", "internet", "Allowed"],
  ["an account admin can tag any role as exempt", "iamAdmin", "iam:TagRole", "someRole", "settingExemptionTag", "Allowed"],
  ["an exempt session tag passes", "iamAdmin", "sts:TagSession", "someRole", "settingExemptionTag", "Allowed"],
  ["break-glass can delete the resource policy", "breakGlass", "dynamodb:DeleteResourcePolicy", "table", "internet", "Allowed"],
];

describe("access matrix (iam-simulate)", () => {
  test("the matrix has at least 90 requests, each unique", () => {
    expect(MATRIX.length + WITHOUT_SCP.length).toBeGreaterThanOrEqual(90);
    expect(new Set(MATRIX.map(([, p, a, r, s]) => `${p} ${a} ${r} ${s}`)).size).toBe(MATRIX.length);
  });

  test("the organization's SCP is the example's output, and names no Terraform value", () => {
    expect(SCP.Statement.length).toBe(3);
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
    const [tableKeyName] = Object.entries(tf.resource!.aws_kms_key).find(([, k]) => k.description === "Encrypts DynamoDB table BookCollection")!;
    expect(tableKey).toBe(model.keys[tableKeyName]);
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
  describe.each(MATRIX.filter(([why]) => why.startsWith("guard")))("without resource policies, %s", (_why, principalKey, action, resourceKey, sourceKey, expected) => {
    test(`${principalKey} ${action} on ${resourceKey} from ${sourceKey} is still ${expected}`, async () => {
      const source = SOURCES[sourceKey];
      const decision = await decide({
        ...PRINCIPALS[principalKey],
        action,
        resource: RESOURCES[resourceKey].arn,
        resourceAccount: RESOURCES[resourceKey].account,
        resourcePolicy: undefined,
        endpointPolicy: "endpointPolicy" in source ? source.endpointPolicy : undefined,
        context: source.context,
      });
      expect(decision).toBe(expected);
    });
  });

  const run = async ([, principalKey, action, resourceKey, sourceKey]: Row, withScp: boolean): Promise<Decision> => {
    const principal = PRINCIPALS[principalKey];
    const resource = RESOURCES[resourceKey];
    const source = SOURCES[sourceKey];
    const resourcePolicy =
      "policy" in resource ? resource.policy : resourceKey === "tableKey" ? model.keyPolicyDocument(resource.arn) : model.resourcePolicyFor(resource.arn);
    return decide({
      ...principal,
      action,
      resource: resource.arn,
      resourceAccount: resource.account,
      resourcePolicy,
      endpointPolicy: "endpointPolicy" in source ? source.endpointPolicy : undefined,
      context: source.context,
      serviceControlPolicies: withScp ? [{ name: "perimeter", policy: SCP }] : undefined,
    });
  };

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

  test("the README quotes this matrix's size wherever it names it", () => {
    const counts = quoted(readme(), /(?<!perimeter examples )over (\d+) requests/g);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n === MATRIX.length + WITHOUT_SCP.length)).toBe(true);
  });
});
