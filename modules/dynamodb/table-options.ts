import { TerraformProvider } from "cdktf";

/**
 * What a table can be told, and the one place its defaults are filled in:
 * `resolveTableOptions` is used by the Table construct, by DynamoDbIsolation
 * and by validation alike.
 */

export type AttributeType = "S" | "N" | "B";
export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["S", "N", "B"];

export type BillingMode = "PAY_PER_REQUEST" | "PROVISIONED";
export const BILLING_MODES: readonly BillingMode[] = ["PAY_PER_REQUEST", "PROVISIONED"];

export type ProjectionType = "ALL" | "KEYS_ONLY" | "INCLUDE";
export const PROJECTION_TYPES: readonly ProjectionType[] = ["ALL", "KEYS_ONLY", "INCLUDE"];

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

/** Application Auto Scaling of a provisioned table's read and write capacity. */
export interface AutoScalingOptions {
  /**
   * Scale provisioned capacity between the given capacity (the minimum) and the maximums.
   * `false` keeps capacity fixed: requests are throttled under load, and the
   * table fails Checkov CKV2_AWS_16 and Security Hub DynamoDB.1.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Upper bound of read capacity, at least `readCapacity`, at most 40,000.
   * @default - 10 × readCapacity, at most 40,000
   */
  readonly maxReadCapacity?: number;
  /**
   * Upper bound of write capacity, at least `writeCapacity`, at most 40,000.
   * @default - 10 × writeCapacity, at most 40,000
   */
  readonly maxWriteCapacity?: number;
  /**
   * Consumed-to-provisioned percentage the scaling aims for, 20 to 90.
   * @default 70
   */
  readonly targetUtilization?: number;
  /**
   * Apply changes to the indexes in this run. The provider cannot ignore the
   * capacity of one index, so an auto-scaled table with indexes ignores its
   * index blocks (otherwise every plan would reset the scaled capacity):
   * adding, removing or changing an index needs one apply with this on, in
   * which every index's capacity goes back to its configured minimum until
   * scaling raises it again.
   * @default false
   */
  readonly applyIndexChanges?: boolean;
}

/** Auto scaling of one index; what is not given comes from the table's. */
export interface IndexAutoScalingOptions {
  /**
   * Upper bound of the index's read capacity, at least its read capacity, at most 40,000.
   * @default - 10 × the index's read capacity, at most 40,000
   */
  readonly maxReadCapacity?: number;
  /**
   * Upper bound of the index's write capacity, at least its write capacity, at most 40,000.
   * @default - 10 × the index's write capacity, at most 40,000
   */
  readonly maxWriteCapacity?: number;
  /**
   * Consumed-to-provisioned percentage, 20 to 90.
   * @default - the table's
   */
  readonly targetUtilization?: number;
}

/** A key attribute: its name and scalar type. */
export interface Attribute {
  /** Attribute name, 1 to 255 bytes. */
  readonly name: string;
  /** `S` string, `N` number or `B` binary. */
  readonly type: AttributeType;
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

/** A replica the table keeps in another region (global tables version 2019.11.21). */
export interface TableReplica {
  /** Region of the replica. */
  readonly region: string;
  /** Provider configured for the replica's region. */
  readonly provider: TerraformProvider;
  /**
   * Key in the replica's region, with CUSTOMER_MANAGED encryption.
   * @default - the AWS owned key
   */
  readonly kmsKeyArn?: string;
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

/** Per-table limit of DynamoDB for provisioned capacity units (default account quota). */
export const MAX_CAPACITY = 40000;
/** DynamoDB's limit of global secondary indexes per table. */
export const MAX_GSIS = 20;

/** Auto scaling with every default filled in. */
export interface ResolvedAutoScaling {
  /** Scaling targets and policies exist: provisioned billing and not turned off. */
  readonly enabled: boolean;
  readonly maxReadCapacity?: number;
  readonly maxWriteCapacity?: number;
  readonly targetUtilization: number;
  readonly applyIndexChanges: boolean;
}

/** An index with every default filled in, its scaling included. */
export type ResolvedIndex = GlobalSecondaryIndexProps & {
  readonly projectionType: ProjectionType;
  readonly scaling: { readonly maxReadCapacity?: number; readonly maxWriteCapacity?: number; readonly targetUtilization: number };
};

/** Table options with every default filled in. */
export interface ResolvedTableOptions extends TableOptions {
  readonly billingMode: BillingMode;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  readonly encryption: TableEncryption & { readonly type: TableEncryptionType };
  readonly preventDestroy: boolean;
  readonly globalSecondaryIndexes: readonly ResolvedIndex[];
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
  return {
    ...options,
    billingMode,
    pointInTimeRecovery: options.pointInTimeRecovery ?? true,
    deletionProtection: options.deletionProtection ?? true,
    encryption: { ...options.encryption, type: options.encryption?.type ?? "CUSTOMER_MANAGED" },
    preventDestroy: options.preventDestroy ?? true,
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
          targetUtilization: gsi.autoScaling?.targetUtilization ?? scaling.targetUtilization ?? 70,
        },
      };
    }),
    scaling: {
      enabled: billingMode === "PROVISIONED" && scaling.enabled !== false,
      maxReadCapacity: scaling.maxReadCapacity ?? defaultMax(options.readCapacity),
      maxWriteCapacity: scaling.maxWriteCapacity ?? defaultMax(options.writeCapacity),
      targetUtilization: scaling.targetUtilization ?? 70,
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
  const keys = [options.partitionKey, options.sortKey, ...(options.globalSecondaryIndexes ?? []).flatMap((gsi) => [gsi.partitionKey, gsi.sortKey])];
  for (const key of keys) if (key) attributes.set(key.name, { name: key.name, type: key.type });
  return [...attributes.values()];
}
