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
 * Control-plane actions that copy the whole table somewhere this module's
 * policies do not reach: an export to S3, or a restore into a new table
 * that has no resource policy. Denied outside the endpoints to operators
 * too, like item access.
 */
export const TABLE_COPY_ACTIONS: readonly string[] = ["dynamodb:ExportTableToPointInTime", "dynamodb:RestoreTableToPointInTime"];

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

