import { TerraformProvider } from "cdktf";
import { TableClass } from "./table-features";
import { TableOptions } from "./table-options";

/** The Table construct's props: a table's options, its replicas and their adoption. */

/** A replica the table keeps in another region (global tables version 2019.11.21). */
export interface TableReplica {
  /** Region of the replica. */
  readonly region: string;
  /** Provider configured for the replica's region. */
  readonly provider: TerraformProvider;
  /**
   * Key in the replica's region, with CUSTOMER_MANAGED encryption. Without one the
   * replica fails Checkov CKV_AWS_271.
   * @default - the AWS owned key
   */
  readonly kmsKeyArn?: string;
  /**
   * Settings where the replica differs from the table.
   * @default - the table's
   */
  readonly settings?: ReplicaSettings;
}

/** What a replica may set for itself; DynamoDB keeps keys, indexes, capacity mode and streams the same everywhere. */
export interface ReplicaSettings {
  /**
   * Point-in-time recovery of the replica. `false` fails Security Hub DynamoDB.2 for the
   * replica (AWS Config records it as a table in its own region); Checkov CKV_AWS_28 and
   * Trivy AWS-0024 do not read replicas.
   * @default - the table's
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Deletion protection of the replica. `false` fails Security Hub DynamoDB.6 for the replica.
   * @default - the table's
   */
  readonly deletionProtection?: boolean;
  /**
   * Storage class of the replica.
   * @default - the table's
   */
  readonly tableClass?: TableClass;
  /**
   * Give the replica the table's tags (the provider's default tags apply either way).
   * @default true
   */
  readonly propagateTags?: boolean;
}

export interface TableProps extends TableOptions {
  /**
   * Replicas in other regions, as `aws_dynamodb_table_replica` resources
   * created after the auto scaling of the table and of every index (DynamoDB
   * refuses a replica of a provisioned table before that). They need streams
   * with NEW_AND_OLD_IMAGES. Each replica gets the table's point-in-time
   * recovery, deletion protection and tags.
   * @default - none
   */
  readonly replicas?: readonly TableReplica[];
  /**
   * Adopt the replicas with import blocks (`<tableName>:<region of the table>`),
   * for a table whose replicas were created as inline `replica` blocks.
   * @default false
   */
  readonly importReplicas?: boolean;
  /**
   * Region of the table (its provider's); only needed with `importReplicas`.
   * @default - not needed
   */
  readonly region?: string;
}
