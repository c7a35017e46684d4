import type { Attribute, ProjectionType } from "./attributes";

/**
 * Table settings beyond keys, capacity and protection: storage class,
 * throughput ceilings and pre-warming, local indexes, insights. Types and
 * limits only; the rules are in table-feature-rules.ts.
 */

export type TableClass = "STANDARD" | "STANDARD_INFREQUENT_ACCESS";
export const TABLE_CLASSES: readonly TableClass[] = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"];

/**
 * What Contributor Insights publishes to CloudWatch: only the keys DynamoDB throttles, or also the
 * most accessed ones. Its rule reports are read with `cloudwatch:GetInsightRuleReport`, a CloudWatch
 * call no DynamoDB policy governs, from anywhere: `ACCESSED_AND_THROTTLED_KEYS` publishes the
 * table's busiest key values (partition and sort key) to whoever may read CloudWatch.
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/contributorinsights_HowItWorks.html)
 */
export type ContributorInsightsMode = "THROTTLED_KEYS" | "ACCESSED_AND_THROTTLED_KEYS";
export const CONTRIBUTOR_INSIGHTS_MODES: readonly ContributorInsightsMode[] = ["THROTTLED_KEYS", "ACCESSED_AND_THROTTLED_KEYS"];
export const DEFAULT_CONTRIBUTOR_INSIGHTS_MODE: ContributorInsightsMode = "THROTTLED_KEYS";

/**
 * The value that removes a ceiling from a table that has one: DynamoDB's own way
 * (UpdateTable with -1), which the provider sends as given. CreateTable refuses
 * it, so it belongs on a table that exists; a ceiling dropped from the config is
 * not removed (the provider then sends nothing), so remove it with this for one
 * apply, then drop it.
 */
export const REMOVE_CEILING = -1;

/** The most an on-demand table or index may consume: its only cost ceiling. */
export interface OnDemandThroughput {
  /**
   * Most read request units per second, 1 to 40,000; `-1` (`REMOVE_CEILING`)
   * removes the ceiling an existing table has.
   * @default - no ceiling
   */
  readonly maxReadRequestUnits?: number;
  /**
   * Most write request units per second, 1 to 40,000; `-1` (`REMOVE_CEILING`)
   * removes the ceiling an existing table has.
   * @default - no ceiling
   */
  readonly maxWriteRequestUnits?: number;
}

/**
 * Throughput a table or index can take at once, without warming up. DynamoDB
 * only raises it: lowering a table's means a new table (the provider plans a
 * replacement, which `preventDestroy` stops).
 */
export interface WarmThroughput {
  /**
   * Reads per second, at least 12,000.
   * @default - DynamoDB's: 12,000
   */
  readonly readUnitsPerSecond?: number;
  /**
   * Writes per second, at least 4,000.
   * @default - DynamoDB's: 4,000
   */
  readonly writeUnitsPerSecond?: number;
}

/** DynamoDB's warm throughput floor. */
export const MIN_WARM_THROUGHPUT = { read: 12000, write: 4000 } as const;

/**
 * A local secondary index: the table's partition key with another sort key.
 * Only when the table is created: adding or removing one replaces the table.
 */
export interface LocalSecondaryIndexProps {
  /** Index name, 3 to 255 characters of `[A-Za-z0-9_.-]`, unique among the table's indexes. */
  readonly indexName: string;
  /** Sort key of the index; its name must differ from the table's keys. */
  readonly sortKey: Attribute;
  /**
   * Which attributes are copied into the index.
   * @default "ALL"
   */
  readonly projectionType?: ProjectionType;
  /**
   * Non-key attributes copied into the index; only with `projectionType: "INCLUDE"`, 1 to 100 names.
   * @default - none
   */
  readonly nonKeyAttributes?: readonly string[];
}

/** DynamoDB's limit of local secondary indexes per table. */
export const MAX_LSIS = 5;

/** Point-in-time recovery keeps 1 to 35 days. */
export const RECOVERY_PERIOD_DAYS = { min: 1, max: 35 } as const;
