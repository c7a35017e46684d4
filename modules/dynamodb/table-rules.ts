import {
  Problems,
  checkAttributeName,
  checkIndexName,
  checkKmsKeyArn,
  checkPositiveInteger,
  checkTableName,
  fail,
  isUnresolved,
} from "../private/validation";
import {
  ATTRIBUTE_TYPES,
  Attribute,
  BILLING_MODES,
  BillingMode,
  MAX_CAPACITY,
  MAX_GSIS,
  STREAM_VIEW_TYPES,
  TABLE_ENCRYPTION_TYPES,
  ResolvedTableOptions,
  TableOptions,
  resolveTableOptions,
} from "./table-options";
import { checkProjection, validateTableFeatures } from "./table-feature-rules";

/** A replica's own provider: required, since the replica and its network are created through it. */
export function checkReplicaProvider(where: string, prop: string, replica: { readonly region: string; readonly provider?: unknown }): void {
  if (!replica.provider) fail(where, prop, `is required: a provider configured for region ${replica.region}`, replica.provider);
}

/**
 * What a table needs before it can have replicas (a global table): a stream of
 * new and old images, and write auto scaling when it is provisioned.
 * `streamDefaulted` says whether an unset stream view is filled in for replicas
 * (DynamoDbIsolation) or must be written out (Table).
 */
export function validateReplicatedTable(
  problems: Problems,
  where: string,
  prefix: string,
  resolved: ResolvedTableOptions,
  streamDefaulted: boolean,
): void {
  problems.check(() => {
    const asked = resolved.streamViewType;
    if (asked === "NEW_AND_OLD_IMAGES" || (asked === undefined && streamDefaulted)) return;
    fail(
      where,
      `${prefix}streamViewType`,
      `must be NEW_AND_OLD_IMAGES${streamDefaulted ? " (or unset)" : ""} for a table with replicas`,
      asked,
    );
  });
  problems.check(() => {
    if (resolved.billingMode === "PROVISIONED" && !resolved.scaling.enabled) {
      fail(
        where,
        `${prefix}autoScaling.enabled`,
        "must not be false for a provisioned table with replicas (global tables need write auto scaling)",
        false,
      );
    }
  });
}

/**
 * Every rule of a table's options, in one place: used by the Table construct
 * and by DynamoDbIsolation. `prefix` is prepended to prop names in errors
 * (e.g. "table.").
 */
export function validateTableOptions(problems: Problems, where: string, prefix: string, options: TableOptions): void {
  const resolved = resolveTableOptions(options);
  const billingMode = resolved.billingMode;
  problems.check(() => checkTableName(where, `${prefix}tableName`, options.tableName));
  problems.check(() => {
    if (!BILLING_MODES.includes(billingMode))
      fail(where, `${prefix}billingMode`, `must be one of ${BILLING_MODES.join(", ")}`, billingMode);
    checkCapacity(problems, where, prefix, billingMode, options.readCapacity, options.writeCapacity, true);
  });
  const define = attributeDefiner(where);
  problems.check(() => define(`${prefix}partitionKey`, options.partitionKey, true));
  problems.check(() => {
    define(`${prefix}sortKey`, options.sortKey, false);
    if (options.sortKey && options.sortKey.name === options.partitionKey?.name) {
      fail(where, `${prefix}sortKey.name`, "must differ from partitionKey.name", options.sortKey.name);
    }
  });
  const indexNames = validateGlobalIndexes(problems, where, prefix, options, resolved, define);
  problems.check(() => checkEncryption(where, prefix, resolved.encryption));
  problems.each(options.localSecondaryIndexes ?? [], (lsi, i) => define(`${prefix}localSecondaryIndexes[${i}].sortKey`, lsi.sortKey, true));
  validateTableFeatures(problems, where, prefix, options, resolved, indexNames);
  validateAutoScaling(problems, where, prefix, options, billingMode);
  problems.check(() => {
    if (options.timeToLiveAttribute !== undefined) checkAttributeName(where, `${prefix}timeToLiveAttribute`, options.timeToLiveAttribute);
  });
  problems.check(() => {
    if (options.streamViewType !== undefined && !STREAM_VIEW_TYPES.includes(options.streamViewType)) {
      fail(where, `${prefix}streamViewType`, `must be one of ${STREAM_VIEW_TYPES.join(", ")}`, options.streamViewType);
    }
  });
}

/** Defines a key attribute (table's or an index's): its name, its type, and the same type wherever the name is used again. */
type AttributeDefiner = (prop: string, attr: Attribute | undefined, required: boolean) => void;

function attributeDefiner(where: string): AttributeDefiner {
  const types = new Map<string, string>();
  return (prop, attr, required) => {
    if (attr === undefined || attr === null) {
      if (required) fail(where, prop, "is required (an object with name and type)", attr);
      return;
    }
    checkAttributeName(where, `${prop}.name`, attr.name);
    if (!ATTRIBUTE_TYPES.includes(attr.type)) fail(where, `${prop}.type`, `must be one of ${ATTRIBUTE_TYPES.join(", ")}`, attr.type);
    const known = types.get(attr.name);
    if (known && known !== attr.type && !isUnresolved(attr.name)) {
      fail(where, `${prop}.type`, `must match the type '${known}' already given to attribute '${attr.name}'`, attr.type);
    }
    types.set(attr.name, attr.type);
  };
}

/** The global secondary indexes' rules; returns their names. Raw indexes: a capacity an index inherits from the table is the table's to report. */
function validateGlobalIndexes(
  problems: Problems,
  where: string,
  prefix: string,
  options: TableOptions,
  resolved: ResolvedTableOptions,
  define: AttributeDefiner,
): Set<string> {
  const billingMode = resolved.billingMode;
  const indexes = options.globalSecondaryIndexes ?? [];
  problems.check(() => {
    if (indexes.length > MAX_GSIS)
      fail(where, `${prefix}globalSecondaryIndexes`, `must hold at most ${MAX_GSIS} indexes`, `${indexes.length} indexes`);
  });
  const indexNames = new Set<string>();
  problems.each(indexes, (gsi, i) => {
    const p = `${prefix}globalSecondaryIndexes[${i}]`;
    problems.check(() => {
      checkIndexName(where, `${p}.indexName`, gsi.indexName);
      if (indexNames.has(gsi.indexName)) fail(where, `${p}.indexName`, "must be unique among the table's indexes", gsi.indexName);
      indexNames.add(gsi.indexName);
    });
    problems.check(() => define(`${p}.partitionKey`, gsi.partitionKey, true));
    problems.check(() => {
      define(`${p}.sortKey`, gsi.sortKey, false);
      if (gsi.sortKey && gsi.sortKey.name === gsi.partitionKey?.name) {
        fail(where, `${p}.sortKey.name`, "must differ from the index's partitionKey.name", gsi.sortKey.name);
      }
    });
    const resolvedIndex = resolved.globalSecondaryIndexes[i];
    problems.check(() => checkProjection(where, p, resolvedIndex.projectionType, gsi.nonKeyAttributes));
    if (BILLING_MODES.includes(billingMode))
      checkCapacity(problems, where, `${p}.`, billingMode, gsi.readCapacity, gsi.writeCapacity, false);
    if (gsi.autoScaling === undefined) return;
    problems.check(() => {
      if (billingMode !== "PROVISIONED" || !resolved.scaling.enabled) {
        fail(where, `${p}.autoScaling`, "is only allowed on an auto-scaled PROVISIONED table", gsi.autoScaling);
      }
    });
    validateScalingBounds(problems, where, `${p}.autoScaling`, gsi.autoScaling, resolvedIndex.readCapacity, resolvedIndex.writeCapacity);
  });
  return indexNames;
}

function checkEncryption(where: string, prefix: string, encryption: ResolvedTableOptions["encryption"]): void {
  if (!TABLE_ENCRYPTION_TYPES.includes(encryption.type)) {
    fail(where, `${prefix}encryption.type`, `must be one of ${TABLE_ENCRYPTION_TYPES.join(", ")}`, encryption.type);
  }
  if (encryption.kmsKeyArn !== undefined) {
    if (encryption.type !== "CUSTOMER_MANAGED") {
      fail(where, `${prefix}encryption.kmsKeyArn`, "is only allowed with encryption type CUSTOMER_MANAGED", encryption.kmsKeyArn);
    }
    checkKmsKeyArn(where, `${prefix}encryption.kmsKeyArn`, encryption.kmsKeyArn);
  }
}

function validateAutoScaling(problems: Problems, where: string, prefix: string, options: TableOptions, billingMode: BillingMode): void {
  const scaling = options.autoScaling;
  if (scaling === undefined) return;
  problems.check(() => {
    if (billingMode !== "PROVISIONED" && scaling.enabled !== false) {
      fail(where, `${prefix}autoScaling`, "is only allowed with billingMode PROVISIONED (on-demand scales by itself)", scaling);
    }
  });
  validateScalingBounds(problems, where, `${prefix}autoScaling`, scaling, options.readCapacity, options.writeCapacity);
}

/** Target and maximums of a table's or an index's scaling: a sane target, maximums within DynamoDB's limit and above the minimums. */
function validateScalingBounds(
  problems: Problems,
  where: string,
  prop: string,
  scaling: { readonly targetUtilization?: number; readonly maxReadCapacity?: number; readonly maxWriteCapacity?: number },
  readCapacity: number | undefined,
  writeCapacity: number | undefined,
): void {
  problems.check(() => {
    const t = scaling.targetUtilization;
    if (t === undefined || isUnresolved(t)) return;
    if (typeof t !== "number" || t < 20 || t > 90) fail(where, `${prop}.targetUtilization`, "must be a percentage from 20 to 90", t);
  });
  const bounds: Array<["Read" | "Write", number | undefined, number | undefined]> = [
    ["Read", readCapacity, scaling.maxReadCapacity],
    ["Write", writeCapacity, scaling.maxWriteCapacity],
  ];
  for (const [kind, min, max] of bounds) {
    if (max === undefined) continue;
    problems.check(() => {
      checkPositiveInteger(where, `${prop}.max${kind}Capacity`, max, MAX_CAPACITY);
      if (min !== undefined && max < min) {
        fail(where, `${prop}.max${kind}Capacity`, `must be at least ${kind.toLowerCase()}Capacity (${min})`, max);
      }
    });
  }
}

function checkCapacity(
  problems: Problems,
  where: string,
  prefix: string,
  billingMode: BillingMode,
  read: number | undefined,
  write: number | undefined,
  required: boolean,
): void {
  for (const [name, value] of [
    ["readCapacity", read],
    ["writeCapacity", write],
  ] as const) {
    problems.check(() => {
      if (billingMode === "PAY_PER_REQUEST") {
        if (value !== undefined) fail(where, `${prefix}${name}`, "must not be set with billingMode PAY_PER_REQUEST", value);
        return;
      }
      if (required && value === undefined) fail(where, `${prefix}${name}`, "is required with billingMode PROVISIONED", value);
      if (value !== undefined) checkPositiveInteger(where, `${prefix}${name}`, value, MAX_CAPACITY);
    });
  }
}
