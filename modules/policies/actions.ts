/** DynamoDB action lists the policies are built from. */

/** Item reads, including the read half of transactions and PartiQL SELECT. */
export const DATA_READ_ACTIONS: readonly string[] = [
  "dynamodb:BatchGetItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:GetItem",
  "dynamodb:PartiQLSelect",
  "dynamodb:Query",
  "dynamodb:Scan",
];

/** Item writes, including the write half of transactions and PartiQL DML. */
export const DATA_WRITE_ACTIONS: readonly string[] = [
  "dynamodb:BatchWriteItem",
  "dynamodb:DeleteItem",
  "dynamodb:PartiQLDelete",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
];

/** Stream record reads. These never travel through a gateway endpoint. */
export const STREAM_READ_ACTIONS: readonly string[] = [
  "dynamodb:DescribeStream",
  "dynamodb:GetRecords",
  "dynamodb:GetShardIterator",
];

/**
 * The data plane: every action that reads or writes table data item by item.
 * Transactions are authorised per item action, so TransactGetItems and
 * TransactWriteItems are covered by the actions above.
 */
export const DATA_PLANE_ACTIONS: readonly string[] = [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS];

/**
 * Calls that copy a whole table out of reach of this module's policies: an
 * export to S3, a point-in-time restore into a new table, a Kinesis data
 * stream fed with every change. Denied outside the endpoints to everyone.
 */
export const TABLE_COPY_ACTIONS: readonly string[] = [
  "dynamodb:EnableKinesisStreamingDestination",
  "dynamodb:ExportTableToPointInTime",
  "dynamodb:RestoreTableToPointInTime",
  "dynamodb:UpdateKinesisStreamingDestination",
];

/**
 * Backups: on-demand ones, and those AWS Backup takes with its role. Denied
 * outside the endpoints to everyone but the backup roles a config names.
 */
export const BACKUP_ACTIONS: readonly string[] = ["dynamodb:CreateBackup", "dynamodb:StartAwsBackupJob"];

/** A new replica, in this account or another: a copy that keeps itself up to date. */
export const REPLICA_ACTIONS: readonly string[] = ["dynamodb:CreateTableReplica"];

/** Restoring a backup, authorised on the backup's ARN (`table/<name>/backup/<id>`), which no resource policy can name. */
export const BACKUP_RESTORE_ACTIONS: readonly string[] = ["dynamodb:RestoreTableFromBackup"];

/** Every way to copy a table's data other than reading its items. */
export const ALL_COPY_ACTIONS: readonly string[] = [...TABLE_COPY_ACTIONS, ...BACKUP_ACTIONS, ...BACKUP_RESTORE_ACTIONS, ...REPLICA_ACTIONS];

/**
 * Table management that may run from inside the VPC (for example a deployment
 * runner there). Export to S3 is left out on purpose: it copies the whole table
 * to a bucket this policy cannot see.
 */
export const TABLE_MANAGEMENT_ACTIONS: readonly string[] = [
  "dynamodb:CreateTable",
  "dynamodb:CreateTableReplica",
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:DeleteTable",
  "dynamodb:DeleteTableReplica",
  "dynamodb:DescribeContinuousBackups",
  "dynamodb:DescribeContributorInsights",
  "dynamodb:DescribeKinesisStreamingDestination",
  "dynamodb:DescribeTable",
  "dynamodb:DescribeTableReplicaAutoScaling",
  "dynamodb:DescribeTimeToLive",
  "dynamodb:GetResourcePolicy",
  "dynamodb:ListTagsOfResource",
  "dynamodb:PutResourcePolicy",
  "dynamodb:TagResource",
  "dynamodb:UntagResource",
  "dynamodb:UpdateContinuousBackups",
  "dynamodb:UpdateContributorInsights",
  "dynamodb:UpdateTable",
  "dynamodb:UpdateTableReplicaAutoScaling",
  "dynamodb:UpdateTimeToLive",
];

/** Account-level reads with no resource type, for consoles and SDKs inside the VPC. */
export const ACCOUNT_READ_ACTIONS: readonly string[] = ["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"];

