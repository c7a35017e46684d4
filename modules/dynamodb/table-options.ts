import { AutoScalingOptions, IndexAutoScalingOptions, ResolvedAutoScaling } from "./auto-scaling-options";
import { Attribute, ProjectionType } from "./attributes";
export { ATTRIBUTE_TYPES, PROJECTION_TYPES } from "./attributes";
export type { Attribute, AttributeType, ProjectionType } from "./attributes";
import {
  ContributorInsightsMode,
  DEFAULT_CONTRIBUTOR_INSIGHTS_MODE,
  LocalSecondaryIndexProps,
  OnDemandThroughput,
  RECOVERY_PERIOD_DAYS,
  TableClass,
  WarmThroughput,
} from "./table-features";

/**
 * What a table can be told, and the one place its defaults are filled in:
 * `resolveTableOptions` is used by the Table construct, by DynamoDbIsolation
 * and by validation alike.
 */

export type BillingMode = "PAY_PER_REQUEST" | "PROVISIONED";
export const BILLING_MODES: readonly BillingMode[] = ["PAY_PER_REQUEST", "PROVISIONED"];

export type StreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";
export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"];

export type TableEncryptionType = "CUSTOMER_MANAGED" | "AWS_OWNED";
export const TABLE_ENCRYPTION_TYPES: readonly TableEncryptionType[] = ["CUSTOMER_MANAGED", "AWS_OWNED"];

/** How the table is encrypted at rest. */
export interface TableEncryption {
  /**
   * `CUSTOMER_MANAGED` (a KMS key you control and can audit in CloudTrail) or
   * `AWS_OWNED` (free, but invisible to you; fails Checkov CKV_AWS_119 and Trivy AWS-0025).
   * @default "CUSTOMER_MANAGED"
   */
  readonly type?: TableEncryptionType;
  /**
   * ARN of an existing customer-managed key in the table's region.
   * @default - DynamoDbIsolation creates a key with rotation; a Table used on its own requires one
   */
  readonly kmsKeyArn?: string;
}

/** A global secondary index. Its key attributes are defined on the table automatically. */
export interface GlobalSecondaryIndexProps {
  /** Index name, 3 to 255 characters of `[A-Za-z0-9_.-]`. */
  readonly indexName: string;
  /** Partition key of the index. */
  readonly partitionKey: Attribute;
  /**
   * Sort key of the index.
   * @default - no sort key
   */
  readonly sortKey?: Attribute;
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
  /**
   * Read capacity of the index; only with `PROVISIONED` billing.
   * @default - the table's read capacity
   */
  readonly readCapacity?: number;
  /**
   * Write capacity of the index; only with `PROVISIONED` billing.
   * @default - the table's write capacity
   */
  readonly writeCapacity?: number;
  /**
   * The index's read and write auto scaling, where it differs from the table's;
   * only with `PROVISIONED` billing. An index of an auto-scaled table always scales.
   * @default - the table's settings, applied to the index's own capacity
   */
  readonly autoScaling?: IndexAutoScalingOptions;
  /**
   * Ceiling of the index's on-demand throughput; only with `PAY_PER_REQUEST`.
   * Dropping it later does not remove it (the provider sends nothing for a dropped block):
   * set a limit to `REMOVE_CEILING` (-1) for one apply to remove it.
   * @default - no ceiling: on-demand scales without a cost limit
   */
  readonly onDemandThroughput?: OnDemandThroughput;
  /**
   * Throughput the index takes at once.
   * @default - DynamoDB's
   */
  readonly warmThroughput?: WarmThroughput;
  /**
   * CloudWatch Contributor Insights on the index (what the table's `contributorInsightsMode` says); billed per event.
   * @default false
   */
  readonly contributorInsights?: boolean;
}

/** Options of the table that users choose; the isolation construct fills in the rest. */
export interface TableOptions {
  /** Table name, 3 to 255 characters of `[A-Za-z0-9_.-]`. */
  readonly tableName: string;
  /** Partition (HASH) key. */
  readonly partitionKey: Attribute;
  /**
   * Sort (RANGE) key; its name must differ from the partition key's.
   * @default - no sort key
   */
  readonly sortKey?: Attribute;
  /**
   * `PAY_PER_REQUEST` (on-demand) or `PROVISIONED`.
   * @default "PAY_PER_REQUEST"
   */
  readonly billingMode?: BillingMode;
  /**
   * Read capacity units, 1 to 40,000; required with `PROVISIONED`, refused with `PAY_PER_REQUEST`.
   * @default - none (on-demand)
   */
  readonly readCapacity?: number;
  /**
   * Write capacity units, 1 to 40,000; required with `PROVISIONED`, refused with `PAY_PER_REQUEST`.
   * @default - none (on-demand)
   */
  readonly writeCapacity?: number;
  /**
   * Global secondary indexes, at most 20.
   * @default - none
   */
  readonly globalSecondaryIndexes?: readonly GlobalSecondaryIndexProps[];
  /**
   * Local secondary indexes, at most 5; only with a sort key, and only when
   * the table is created (adding or removing one replaces the table).
   * @default - none
   */
  readonly localSecondaryIndexes?: readonly LocalSecondaryIndexProps[];
  /**
   * `STANDARD`, or `STANDARD_INFREQUENT_ACCESS` (cheaper storage, dearer requests).
   * Written out, so an adopted table keeps its class only if it is given.
   * @default "STANDARD"
   */
  readonly tableClass?: TableClass;
  /**
   * Ceiling of the table's on-demand throughput; only with `PAY_PER_REQUEST`.
   * Dropping it later does not remove it (the provider sends nothing for a dropped block):
   * set a limit to `REMOVE_CEILING` (-1) for one apply to remove it.
   * @default - no ceiling: on-demand scales without a cost limit
   */
  readonly onDemandThroughput?: OnDemandThroughput;
  /**
   * Throughput the table takes at once. Only ever raised: a lower value replaces the table.
   * @default - DynamoDB's (12,000 reads and 4,000 writes per second)
   */
  readonly warmThroughput?: WarmThroughput;
  /**
   * CloudWatch Contributor Insights on the table; billed per event.
   * @default false
   */
  readonly contributorInsights?: boolean;
  /**
   * What the table's and its indexes' Contributor Insights publish: `THROTTLED_KEYS`, or
   * `ACCESSED_AND_THROTTLED_KEYS`, which also publishes the most accessed key values to CloudWatch,
   * readable outside the perimeter by whoever may call `cloudwatch:GetInsightRuleReport`.
   * Nothing is published without Contributor Insights on the table or an index.
   * @default "THROTTLED_KEYS"
   */
  readonly contributorInsightsMode?: ContributorInsightsMode;
  /**
   * Tags on the table.
   * @default - none beyond the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Continuous backups with restore to any second of the last 35 days. `false`
   * saves their storage cost and fails Checkov CKV_AWS_28, Trivy AWS-0024 and
   * Security Hub DynamoDB.2.
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Days point-in-time recovery keeps, 1 to 35; only with `pointInTimeRecovery`.
   * Written out, so an adopted table keeps its period only if it is given.
   * @default 35
   */
  readonly pointInTimeRecoveryDays?: number;
  /**
   * Refuse DeleteTable until this is turned off. `false` lets one API call
   * (or a console click) delete the table; fails Security Hub DynamoDB.6.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Encryption at rest.
   * @default - a customer-managed KMS key
   */
  readonly encryption?: TableEncryption;
  /**
   * Auto scaling of provisioned capacity; only with `PROVISIONED`.
   * @default - on with PROVISIONED: min = the given capacity, max = 10 ×, target 70 %
   */
  readonly autoScaling?: AutoScalingOptions;
  /**
   * Attribute holding an expiry time (epoch seconds); DynamoDB deletes expired items.
   * @default - no expiry
   */
  readonly timeToLiveAttribute?: string;
  /**
   * Turns on DynamoDB Streams with this view. Stream reads never travel
   * through a gateway endpoint.
   * @default - no stream
   */
  readonly streamViewType?: StreamViewType;
  /**
   * Terraform's `prevent_destroy`: any plan that would destroy or replace the
   * table fails instead. `false` lets a changed key, a renamed construct or
   * `terraform destroy` delete the table and its data (deletion protection
   * still refuses the API call while it is on).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Per-table limit of DynamoDB for provisioned capacity units (default account quota). */
export const MAX_CAPACITY = 40000;
/** DynamoDB's limit of global secondary indexes per table. */
export const MAX_GSIS = 20;

/** An index with every default filled in, its scaling included. */
export type ResolvedIndex = GlobalSecondaryIndexProps & {
  readonly projectionType: ProjectionType;
  readonly scaling: { readonly maxReadCapacity?: number; readonly maxWriteCapacity?: number; readonly targetUtilization: number };
};

/** Table options with every default filled in. */
export interface ResolvedTableOptions extends TableOptions {
  readonly billingMode: BillingMode;
  readonly tableClass: TableClass;
  readonly pointInTimeRecovery: boolean;
  /** Undefined when point-in-time recovery is off. */
  readonly pointInTimeRecoveryDays?: number;
  readonly deletionProtection: boolean;
  readonly encryption: TableEncryption & { readonly type: TableEncryptionType };
  readonly preventDestroy: boolean;
  readonly contributorInsightsMode: ContributorInsightsMode;
  readonly globalSecondaryIndexes: readonly ResolvedIndex[];
  readonly localSecondaryIndexes: ReadonlyArray<LocalSecondaryIndexProps & { readonly projectionType: ProjectionType }>;
  readonly scaling: ResolvedAutoScaling;
}

/** Ten times the given capacity, within DynamoDB's per-table limit. */
function defaultMax(min: number | undefined): number | undefined {
  return min === undefined ? undefined : Math.min(min * 10, MAX_CAPACITY);
}

/** Fills in every default of the table options; never throws, whatever it is given. */
export function resolveTableOptions(options: TableOptions): ResolvedTableOptions {
  const billingMode = options.billingMode ?? "PAY_PER_REQUEST";
  const scaling = options.autoScaling ?? {};
  const targetUtilization = scaling.targetUtilization ?? 70;
  return {
    ...options,
    billingMode,
    tableClass: options.tableClass ?? "STANDARD",
    pointInTimeRecovery: options.pointInTimeRecovery ?? true,
    pointInTimeRecoveryDays:
      options.pointInTimeRecovery === false ? undefined : (options.pointInTimeRecoveryDays ?? RECOVERY_PERIOD_DAYS.max),
    deletionProtection: options.deletionProtection ?? true,
    encryption: { ...options.encryption, type: options.encryption?.type ?? "CUSTOMER_MANAGED" },
    preventDestroy: options.preventDestroy ?? true,
    contributorInsightsMode: options.contributorInsightsMode ?? DEFAULT_CONTRIBUTOR_INSIGHTS_MODE,
    globalSecondaryIndexes: (options.globalSecondaryIndexes ?? []).map((gsi) => {
      // An index of a provisioned table gets the table's capacity unless given its own.
      const readCapacity = billingMode === "PROVISIONED" ? (gsi.readCapacity ?? options.readCapacity) : gsi.readCapacity;
      const writeCapacity = billingMode === "PROVISIONED" ? (gsi.writeCapacity ?? options.writeCapacity) : gsi.writeCapacity;
      return {
        ...gsi,
        projectionType: gsi.projectionType ?? "ALL",
        readCapacity,
        writeCapacity,
        scaling: {
          maxReadCapacity: gsi.autoScaling?.maxReadCapacity ?? defaultMax(readCapacity),
          maxWriteCapacity: gsi.autoScaling?.maxWriteCapacity ?? defaultMax(writeCapacity),
          targetUtilization: gsi.autoScaling?.targetUtilization ?? targetUtilization,
        },
      };
    }),
    localSecondaryIndexes: (options.localSecondaryIndexes ?? []).map((lsi) => ({ ...lsi, projectionType: lsi.projectionType ?? "ALL" })),
    scaling: {
      enabled: billingMode === "PROVISIONED" && scaling.enabled !== false,
      maxReadCapacity: scaling.maxReadCapacity ?? defaultMax(options.readCapacity),
      maxWriteCapacity: scaling.maxWriteCapacity ?? defaultMax(options.writeCapacity),
      targetUtilization,
      applyIndexChanges: scaling.applyIndexChanges === true,
    },
  };
}

/**
 * The attribute definitions the keys and indexes need, each once. Defining
 * only these means the table never defines an attribute the provider would
 * reject as unindexed.
 */
export function attributeDefinitions(options: TableOptions): Attribute[] {
  const attributes = new Map<string, Attribute>();
  const keys = [
    options.partitionKey,
    options.sortKey,
    ...(options.globalSecondaryIndexes ?? []).flatMap((gsi) => [gsi.partitionKey, gsi.sortKey]),
    ...(options.localSecondaryIndexes ?? []).map((lsi) => lsi.sortKey),
  ];
  for (const key of keys) if (key) attributes.set(key.name, { name: key.name, type: key.type });
  return [...attributes.values()];
}
