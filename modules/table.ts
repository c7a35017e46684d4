import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import {
  checkAttributeName,
  checkKmsKeyArn,
  checkIndexName,
  checkPositiveInteger,
  checkTableName,
  fail,
  isUnresolved,
} from "./validation";

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
  /**
   * Key in the replica's region, with CUSTOMER_MANAGED encryption.
   * @default - the AWS owned key
   */
  readonly kmsKeyArn?: string;
}

export interface TableProps extends TableOptions {
  /**
   * Replicas in other regions. They need streams with NEW_AND_OLD_IMAGES and,
   * when provisioned, write auto scaling. Each replica inherits point-in-time
   * recovery, deletion protection and tags.
   * @default - none
   */
  readonly replicas?: readonly TableReplica[];
}

/** Per-table limit of DynamoDB for provisioned capacity units (default account quota). */
const MAX_CAPACITY = 40000;
const MAX_GSIS = 20;

/**
 * An `aws_dynamodb_table` whose attribute definitions are derived from its
 * keys and indexes, so it never defines an attribute the provider would
 * reject as unindexed.
 */
export class Table extends Construct {
  /** The table resource. */
  public readonly resource: DynamodbTable;
  /** Name of the table. */
  public readonly tableName: string;
  /** ARN of the table. */
  public readonly tableArn: string;
  /** ARN of the table's stream, when `streamViewType` is set. */
  public readonly streamArn?: string;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    const billingMode = props.billingMode ?? "PAY_PER_REQUEST";
    const indexes = props.globalSecondaryIndexes ?? [];
    const encryptionType = props.encryption?.type ?? "CUSTOMER_MANAGED";
    const provisioned = billingMode === "PROVISIONED";
    const scaling = props.autoScaling ?? {};
    const autoScaled = provisioned && scaling.enabled !== false;
    const attributes = checkTableOptions(this.node.path, "", props);
    if (props.replicas?.length && props.streamViewType !== "NEW_AND_OLD_IMAGES") {
      fail(this.node.path, "streamViewType", "must be NEW_AND_OLD_IMAGES for a table with replicas", props.streamViewType);
    }
    if (encryptionType === "CUSTOMER_MANAGED" && props.encryption?.kmsKeyArn === undefined) {
      fail(
        this.node.path,
        "encryption.kmsKeyArn",
        "is required with encryption type CUSTOMER_MANAGED when a Table is used on its own (DynamoDbIsolation creates a key)",
        undefined,
      );
    }

    this.resource = new DynamodbTable(this, "Resource", {
      name: props.tableName,
      billingMode,
      hashKey: props.partitionKey.name,
      rangeKey: props.sortKey?.name,
      readCapacity: provisioned ? props.readCapacity : undefined,
      writeCapacity: provisioned ? props.writeCapacity : undefined,
      attribute: attributes,
      globalSecondaryIndex: indexes.length
        ? indexes.map((gsi) => ({
            name: gsi.indexName,
            hashKey: gsi.partitionKey.name,
            rangeKey: gsi.sortKey?.name,
            projectionType: gsi.projectionType ?? "ALL",
            nonKeyAttributes: gsi.nonKeyAttributes ? [...gsi.nonKeyAttributes] : undefined,
            readCapacity: provisioned ? (gsi.readCapacity ?? props.readCapacity) : undefined,
            writeCapacity: provisioned ? (gsi.writeCapacity ?? props.writeCapacity) : undefined,
          }))
        : undefined,
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery ?? true },
      deletionProtectionEnabled: props.deletionProtection ?? true,
      serverSideEncryption:
        encryptionType === "CUSTOMER_MANAGED" ? { enabled: true, kmsKeyArn: props.encryption?.kmsKeyArn } : undefined,
      ttl: props.timeToLiveAttribute ? { attributeName: props.timeToLiveAttribute, enabled: true } : undefined,
      streamEnabled: props.streamViewType ? true : undefined,
      streamViewType: props.streamViewType,
      replica: props.replicas?.length
        ? props.replicas.map((r) => ({
            regionName: r.region,
            kmsKeyArn: r.kmsKeyArn,
            pointInTimeRecovery: props.pointInTimeRecovery ?? true,
            deletionProtectionEnabled: props.deletionProtection ?? true,
            propagateTags: true,
          }))
        : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
      lifecycle: {
        preventDestroy: props.preventDestroy ?? true,
        // Auto scaling owns the capacity once the table exists; without this,
        // every plan would try to reset it to the configured minimum.
        ignoreChanges: autoScaled ? ["read_capacity", "write_capacity"] : undefined,
      },
    });
    this.tableName = this.resource.name;
    this.tableArn = this.resource.arn;
    this.streamArn = props.streamViewType ? this.resource.streamArn : undefined;

    if (autoScaled) {
      const target = scaling.targetUtilization ?? 70;
      this.scale("ReadScaling", "Read", props.readCapacity!, scaling.maxReadCapacity ?? defaultMax(props.readCapacity!), target);
      this.scale("WriteScaling", "Write", props.writeCapacity!, scaling.maxWriteCapacity ?? defaultMax(props.writeCapacity!), target);
    }
  }

  private scale(id: string, kind: "Read" | "Write", min: number, max: number, targetUtilization: number): void {
    const scope = new Construct(this, id);
    const target = new AppautoscalingTarget(scope, "Target", {
      serviceNamespace: "dynamodb",
      resourceId: `table/${this.tableName}`,
      scalableDimension: `dynamodb:table:${kind}CapacityUnits`,
      minCapacity: min,
      maxCapacity: max,
    });
    new AppautoscalingPolicy(scope, "Policy", {
      name: `${kind}CapacityUtilization`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: targetUtilization,
        predefinedMetricSpecification: { predefinedMetricType: `DynamoDB${kind}CapacityUtilization` },
      },
    });
  }
}

function defaultMax(min: number): number {
  return Math.min(min * 10, MAX_CAPACITY);
}

/**
 * Checks table options and returns the attribute definitions the keys and
 * indexes need. `prefix` is prepended to prop names in errors (e.g. "table.").
 */
export function checkTableOptions(where: string, prefix: string, props: TableOptions): Attribute[] {
  const billingMode = props.billingMode ?? "PAY_PER_REQUEST";
  const indexes = props.globalSecondaryIndexes ?? [];
  checkTableName(where, `${prefix}tableName`, props.tableName);
  if (!BILLING_MODES.includes(billingMode)) {
    fail(where, `${prefix}billingMode`, `must be one of ${BILLING_MODES.join(", ")}`, billingMode);
  }
  checkCapacity(where, prefix, billingMode, props.readCapacity, props.writeCapacity, true);

  const attributes = new Map<string, Attribute>();
  const define = (prop: string, attr: Attribute | undefined, required: boolean): void => {
    if (attr === undefined || attr === null) {
      if (required) fail(where, prop, "is required (an object with name and type)", attr);
      return;
    }
    checkAttributeName(where, `${prop}.name`, attr.name);
    if (!ATTRIBUTE_TYPES.includes(attr.type)) {
      fail(where, `${prop}.type`, `must be one of ${ATTRIBUTE_TYPES.join(", ")}`, attr.type);
    }
    const known = attributes.get(attr.name);
    if (known && known.type !== attr.type && !isUnresolved(attr.name)) {
      fail(where, `${prop}.type`, `must match the type '${known.type}' already given to attribute '${attr.name}'`, attr.type);
    }
    attributes.set(attr.name, { name: attr.name, type: attr.type });
  };

  define(`${prefix}partitionKey`, props.partitionKey, true);
  define(`${prefix}sortKey`, props.sortKey, false);
  if (props.sortKey && props.sortKey.name === props.partitionKey.name) {
    fail(where, `${prefix}sortKey.name`, "must differ from partitionKey.name", props.sortKey.name);
  }

  if (indexes.length > MAX_GSIS) {
    fail(where, `${prefix}globalSecondaryIndexes`, `must hold at most ${MAX_GSIS} indexes`, `${indexes.length} indexes`);
  }
  const indexNames = new Set<string>();
  indexes.forEach((gsi, i) => {
    const p = `${prefix}globalSecondaryIndexes[${i}]`;
    checkIndexName(where, `${p}.indexName`, gsi.indexName);
    if (indexNames.has(gsi.indexName)) {
      fail(where, `${p}.indexName`, "must be unique among the table's indexes", gsi.indexName);
    }
    indexNames.add(gsi.indexName);
    define(`${p}.partitionKey`, gsi.partitionKey, true);
    define(`${p}.sortKey`, gsi.sortKey, false);
    if (gsi.sortKey && gsi.sortKey.name === gsi.partitionKey.name) {
      fail(where, `${p}.sortKey.name`, "must differ from the index's partitionKey.name", gsi.sortKey.name);
    }
    const projection = gsi.projectionType ?? "ALL";
    if (!PROJECTION_TYPES.includes(projection)) {
      fail(where, `${p}.projectionType`, `must be one of ${PROJECTION_TYPES.join(", ")}`, projection);
    }
    const nonKey = gsi.nonKeyAttributes ?? [];
    if (projection === "INCLUDE" && (nonKey.length < 1 || nonKey.length > 100)) {
      fail(where, `${p}.nonKeyAttributes`, "must list 1 to 100 attributes with projectionType INCLUDE", gsi.nonKeyAttributes);
    }
    if (projection !== "INCLUDE" && gsi.nonKeyAttributes !== undefined) {
      fail(where, `${p}.nonKeyAttributes`, "is only allowed with projectionType INCLUDE", gsi.nonKeyAttributes);
    }
    checkCapacity(where, `${p}.`, billingMode, gsi.readCapacity, gsi.writeCapacity, false);
  });

  const encryption = props.encryption ?? {};
  const encryptionType = encryption.type ?? "CUSTOMER_MANAGED";
  if (!TABLE_ENCRYPTION_TYPES.includes(encryptionType)) {
    fail(where, `${prefix}encryption.type`, `must be one of ${TABLE_ENCRYPTION_TYPES.join(", ")}`, encryptionType);
  }
  if (encryption.kmsKeyArn !== undefined) {
    if (encryptionType !== "CUSTOMER_MANAGED") {
      fail(where, `${prefix}encryption.kmsKeyArn`, "is only allowed with encryption type CUSTOMER_MANAGED", encryption.kmsKeyArn);
    }
    checkKmsKeyArn(where, `${prefix}encryption.kmsKeyArn`, encryption.kmsKeyArn);
  }

  const scaling = props.autoScaling;
  if (scaling !== undefined) {
    if (billingMode !== "PROVISIONED" && scaling.enabled !== false) {
      fail(where, `${prefix}autoScaling`, "is only allowed with billingMode PROVISIONED (on-demand scales by itself)", scaling);
    }
    if (scaling.targetUtilization !== undefined && !isUnresolved(scaling.targetUtilization)) {
      const t = scaling.targetUtilization;
      if (typeof t !== "number" || t < 20 || t > 90) fail(where, `${prefix}autoScaling.targetUtilization`, "must be a percentage from 20 to 90", t);
    }
    const bounds: Array<["Read" | "Write", number | undefined, number | undefined]> = [
      ["Read", props.readCapacity, scaling.maxReadCapacity],
      ["Write", props.writeCapacity, scaling.maxWriteCapacity],
    ];
    for (const [kind, min, max] of bounds) {
      if (max === undefined) continue;
      checkPositiveInteger(where, `${prefix}autoScaling.max${kind}Capacity`, max, MAX_CAPACITY);
      if (min !== undefined && max < min) {
        fail(where, `${prefix}autoScaling.max${kind}Capacity`, `must be at least ${kind.toLowerCase()}Capacity (${min})`, max);
      }
    }
  }
  if (props.timeToLiveAttribute !== undefined) checkAttributeName(where, `${prefix}timeToLiveAttribute`, props.timeToLiveAttribute);
  if (props.streamViewType !== undefined && !STREAM_VIEW_TYPES.includes(props.streamViewType)) {
    fail(where, `${prefix}streamViewType`, `must be one of ${STREAM_VIEW_TYPES.join(", ")}`, props.streamViewType);
  }
  return [...attributes.values()];
}

function checkCapacity(
  where: string,
  prefix: string,
  billingMode: BillingMode,
  read: number | undefined,
  write: number | undefined,
  required: boolean,
): void {
  if (billingMode === "PAY_PER_REQUEST") {
    if (read !== undefined) fail(where, `${prefix}readCapacity`, "must not be set with billingMode PAY_PER_REQUEST", read);
    if (write !== undefined) fail(where, `${prefix}writeCapacity`, "must not be set with billingMode PAY_PER_REQUEST", write);
    return;
  }
  if (required && read === undefined) fail(where, `${prefix}readCapacity`, "is required with billingMode PROVISIONED", read);
  if (required && write === undefined) fail(where, `${prefix}writeCapacity`, "is required with billingMode PROVISIONED", write);
  if (read !== undefined) checkPositiveInteger(where, `${prefix}readCapacity`, read, MAX_CAPACITY);
  if (write !== undefined) checkPositiveInteger(where, `${prefix}writeCapacity`, write, MAX_CAPACITY);
}
