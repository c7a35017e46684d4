/**
 * DynamoDB action lists the policies are built from.
 *
 * The perimeter denies by default: outside its endpoints every DynamoDB
 * action on its tables is denied (`NotAction` over the lists below), and only
 * the calls written down here may come from outside, each for the principals
 * its list names (`OUTSIDE_CALLS`). An action AWS adds later is on no list,
 * so it is denied from outside until a release writes it down.
 */

/** Item reads, including the read half of transactions, PartiQL SELECT and vector search. */
export const DATA_READ_ACTIONS: readonly string[] = [
  "dynamodb:BatchGetItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:GetItem",
  "dynamodb:PartiQLSelect",
  "dynamodb:Query",
  "dynamodb:Scan",
  // Returns items of a vector index; authorised on the index (DynamoDB Developer Guide, VectorSearch.Security).
  "dynamodb:SearchVectors",
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
export const STREAM_READ_ACTIONS: readonly string[] = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

/**
 * Reads of a table's settings, none of its data: every DynamoDB call the
 * hashicorp/aws provider makes when it refreshes and plans the perimeter's
 * tables, replicas, resource policies and Contributor Insights (recorded by
 * the plan gate, `__tests__/plan-gate.test.ts`), which any plan role makes
 * from outside the endpoints.
 */
export const REFRESH_ACTIONS: readonly string[] = [
  "dynamodb:DescribeContinuousBackups",
  "dynamodb:DescribeContributorInsights",
  "dynamodb:DescribeTable",
  "dynamodb:DescribeTimeToLive",
  "dynamodb:GetResourcePolicy",
  "dynamodb:ListTagsOfResource",
];

/** What the DynamoDB console's read-only views of a table read besides: its Kinesis destinations and replica auto scaling. */
export const CONSOLE_READ_ACTIONS: readonly string[] = [
  "dynamodb:DescribeKinesisStreamingDestination",
  "dynamodb:DescribeTableReplicaAutoScaling",
];

/**
 * Changes to a table's settings that whoever applies the perimeter makes from
 * outside: the calls of the provider's create, update and delete of the
 * perimeter's table, replica, resource policy and Contributor Insights
 * resources, and turning a Kinesis destination off. None reads or copies
 * items: adding a replica also needs `CreateTableReplica`, a backup
 * `CreateBackup`, each on a list of its own.
 */
export const MANAGEMENT_ACTIONS: readonly string[] = [
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:DeleteTable",
  "dynamodb:DeleteTableReplica",
  "dynamodb:DisableKinesisStreamingDestination",
  "dynamodb:PutResourcePolicy",
  "dynamodb:TagResource",
  "dynamodb:UntagResource",
  "dynamodb:UpdateContinuousBackups",
  "dynamodb:UpdateContributorInsights",
  "dynamodb:UpdateTable",
  "dynamodb:UpdateTableReplicaAutoScaling",
  "dynamodb:UpdateTimeToLive",
];

/** The settings of a stream a resource policy can change: its own policy and its tags. */
export const STREAM_MANAGEMENT_ACTIONS: readonly string[] = [
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:PutResourcePolicy",
  "dynamodb:TagResource",
  "dynamodb:UntagResource",
];

/** What refresh reads of a stream: its resource policy and tags. */
export const STREAM_REFRESH_ACTIONS: readonly string[] = ["dynamodb:GetResourcePolicy", "dynamodb:ListTagsOfResource"];

/** Backups: on-demand ones, and those AWS Backup takes with its role. From outside, only the backup roles a config names. */
export const BACKUP_ACTIONS: readonly string[] = ["dynamodb:CreateBackup", "dynamodb:StartAwsBackupJob"];

/** A new replica, in this account or another: a copy that keeps itself up to date. From outside, only the replica managers. */
export const REPLICA_ACTIONS: readonly string[] = ["dynamodb:CreateTableReplica"];

/**
 * Calls that copy a whole table out of reach of this module's policies: an
 * export to S3, a point-in-time restore into a new table, a Kinesis data
 * stream fed with every change. On no outside list: nobody makes them from outside.
 */
export const TABLE_COPY_ACTIONS: readonly string[] = [
  "dynamodb:EnableKinesisStreamingDestination",
  "dynamodb:ExportTableToPointInTime",
  "dynamodb:RestoreTableToPointInTime",
  "dynamodb:UpdateKinesisStreamingDestination",
];

/** Restoring a backup, authorised on the backup's ARN (`table/<name>/backup/<id>`), which no resource policy can name. */
export const BACKUP_RESTORE_ACTIONS: readonly string[] = ["dynamodb:RestoreTableFromBackup"];

/**
 * Who may make a group of calls from outside the endpoints:
 * - `anyone`: every principal its own IAM policies allow (the plan role of any pipeline, the console);
 * - `operators`: the control-plane lock's exempt principals, or anyone when the lock is off;
 * - `backup-roles`, `replica-managers`, `stream-consumers`: the principals those props name.
 */
export type OutsideCaller = "anyone" | "operators" | "backup-roles" | "replica-managers" | "stream-consumers";

/** One written-down group of calls that may come from outside the endpoints. */
export interface OutsideCalls {
  readonly actions: readonly string[];
  readonly caller: OutsideCaller;
  /** Why these calls come from outside. */
  readonly why: string;
}

/**
 * The outside list of a table's resource policy: everything else on the table
 * and its indexes is denied outside the endpoints to every principal but
 * DynamoDB's replication role.
 */
export const TABLE_OUTSIDE_CALLS: readonly OutsideCalls[] = [
  {
    actions: REFRESH_ACTIONS,
    caller: "anyone",
    why: "Terraform's refresh and plan (the calls the provider makes, recorded by the plan gate)",
  },
  { actions: CONSOLE_READ_ACTIONS, caller: "anyone", why: "the DynamoDB console's read-only views of the table" },
  { actions: MANAGEMENT_ACTIONS, caller: "operators", why: "Terraform's apply, and an operator fixing a setting" },
  { actions: BACKUP_ACTIONS, caller: "backup-roles", why: "AWS Backup and on-demand backups run from AWS's network" },
  { actions: REPLICA_ACTIONS, caller: "replica-managers", why: "adding a replica is a call from outside, by whoever applies the stack" },
];

/** The outside list of a stream's resource policy. */
export const STREAM_OUTSIDE_CALLS: readonly OutsideCalls[] = [
  { actions: STREAM_REFRESH_ACTIONS, caller: "anyone", why: "Terraform's refresh of the stream's resource policy" },
  { actions: STREAM_MANAGEMENT_ACTIONS, caller: "operators", why: "Terraform's apply of the stream's resource policy" },
  {
    actions: STREAM_READ_ACTIONS,
    caller: "stream-consumers",
    why: "stream readers that cannot use a gateway endpoint, such as Lambda event source mappings",
  },
];

/**
 * The outside list of a guard of scope `data-plane`: what its principals may
 * still do from the console and the CLI outside the VPC, reading and changing
 * settings. Their items, streams and every copy stay denied.
 */
export const DATA_PLANE_GUARD_OUTSIDE_CALLS: readonly OutsideCalls[] = [
  {
    actions: [...REFRESH_ACTIONS, ...CONSOLE_READ_ACTIONS],
    caller: "anyone",
    why: "the console's and the CLI's views of the table's settings",
  },
  { actions: MANAGEMENT_ACTIONS, caller: "anyone", why: "changing the table's settings from the console or the CLI" },
];

/** Every action of a set of outside lists, once, in list order. */
export function outsideActions(lists: readonly OutsideCalls[]): string[] {
  return [...new Set(lists.flatMap((l) => l.actions))];
}

/**
 * Table management that may run from inside the VPC (for example a
 * deployment runner there). Export to S3 is left out on purpose: it copies
 * the whole table to a bucket this policy cannot see; replica creation too
 * unless the perimeter has replicas (`REPLICA_MANAGEMENT_ACTIONS`).
 */
export const TABLE_MANAGEMENT_ACTIONS: readonly string[] = [
  "dynamodb:CreateTable",
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:DeleteTable",
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

/** Adding and removing replicas: through an endpoint only when the perimeter has replicas to manage. */
export const REPLICA_MANAGEMENT_ACTIONS: readonly string[] = ["dynamodb:CreateTableReplica", "dynamodb:DeleteTableReplica"];

/** Account-level reads with no resource type, for consoles and SDKs inside the VPC. */
export const ACCOUNT_READ_ACTIONS: readonly string[] = ["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"];

/**
 * Services AWS documents as setting `aws:CalledVia` when they call another
 * service with the caller's credentials (IAM User Guide, "AWS global condition
 * context keys", aws:CalledVia). CloudFormation creates and changes tables,
 * their streams, replicas and resource policies for whoever calls it; DynamoDB
 * calls itself in the replica's region when a replica is added. A call any
 * of them forwards from outside the endpoints is denied like a direct one.
 * A service AWS does not list sets no key a policy could name: its forwarded
 * calls stay exempt (`aws:ViaAWSService`), as in AWS's data-perimeter examples.
 */
export const FORWARDING_SERVICES: readonly string[] = [
  "athena.amazonaws.com",
  "cloudformation.amazonaws.com",
  "dynamodb.amazonaws.com",
  "kms.amazonaws.com",
];
