import { Problems, checkIndexName, checkPositiveInteger, fail, isUnresolved, passes } from "../private/validation";
import {
  CONTRIBUTOR_INSIGHTS_MODES,
  MAX_LSIS,
  MIN_WARM_THROUGHPUT,
  OnDemandThroughput,
  RECOVERY_PERIOD_DAYS,
  REMOVE_CEILING,
  TABLE_CLASSES,
  TableClass,
  WarmThroughput,
} from "./table-features";
import { MAX_CAPACITY, PROJECTION_TYPES, ProjectionType, ResolvedTableOptions, TableOptions } from "./table-options";

/**
 * The rules of the settings in table-features.ts, for a table and its
 * indexes: combinations DynamoDB refuses are refused here first. `indexNames`
 * holds the global indexes' names already checked, so that local ones stay
 * unique among all of them. `options` are as given, `resolved` with the
 * defaults filled in (billing mode, local index projections).
 */
export function validateTableFeatures(
  problems: Problems,
  where: string,
  prefix: string,
  options: TableOptions,
  resolved: ResolvedTableOptions,
  indexNames: Set<string>,
): void {
  const onDemand = resolved.billingMode === "PAY_PER_REQUEST";
  problems.check(() => checkTableClass(where, `${prefix}tableClass`, options.tableClass));
  problems.check(() => {
    const mode = options.contributorInsightsMode;
    if (mode === undefined) return;
    if (!CONTRIBUTOR_INSIGHTS_MODES.includes(mode))
      fail(where, `${prefix}contributorInsightsMode`, `must be one of ${CONTRIBUTOR_INSIGHTS_MODES.join(", ")}`, mode);
  });
  validateOnDemandThroughput(problems, where, `${prefix}onDemandThroughput`, options.onDemandThroughput, onDemand);
  validateWarmThroughput(problems, where, `${prefix}warmThroughput`, options.warmThroughput);
  (options.globalSecondaryIndexes ?? []).forEach((gsi, i) => {
    validateOnDemandThroughput(
      problems,
      where,
      `${prefix}globalSecondaryIndexes[${i}].onDemandThroughput`,
      gsi.onDemandThroughput,
      onDemand,
    );
    validateWarmThroughput(problems, where, `${prefix}globalSecondaryIndexes[${i}].warmThroughput`, gsi.warmThroughput);
  });
  problems.check(() => {
    const days = options.pointInTimeRecoveryDays;
    if (days === undefined) return;
    if (options.pointInTimeRecovery === false)
      fail(where, `${prefix}pointInTimeRecoveryDays`, "is only allowed with pointInTimeRecovery on", days);
    checkPositiveInteger(where, `${prefix}pointInTimeRecoveryDays`, days, RECOVERY_PERIOD_DAYS.max);
  });
  validateLocalIndexes(problems, where, prefix, resolved, indexNames);
}

export function checkTableClass(where: string, prop: string, tableClass: TableClass | undefined): void {
  if (tableClass !== undefined && !TABLE_CLASSES.includes(tableClass))
    fail(where, prop, `must be one of ${TABLE_CLASSES.join(", ")}`, tableClass);
}

function validateOnDemandThroughput(
  problems: Problems,
  where: string,
  prop: string,
  limits: OnDemandThroughput | undefined,
  onDemand: boolean,
): void {
  if (limits === undefined) return;
  problems.check(() => {
    if (!onDemand) fail(where, prop, "is only allowed with billingMode PAY_PER_REQUEST (provisioned capacity is its own ceiling)", limits);
    if (limits.maxReadRequestUnits === undefined && limits.maxWriteRequestUnits === undefined) {
      fail(where, prop, "needs maxReadRequestUnits or maxWriteRequestUnits", limits);
    }
  });
  for (const key of ["maxReadRequestUnits", "maxWriteRequestUnits"] as const) {
    const value = limits[key];
    if (value === undefined || value === REMOVE_CEILING) continue;
    problems.check(() => {
      if (!passes(() => checkPositiveInteger(where, `${prop}.${key}`, value, MAX_CAPACITY))) {
        fail(
          where,
          `${prop}.${key}`,
          `must be a whole number from 1 to ${MAX_CAPACITY}, or ${REMOVE_CEILING} to remove the ceiling an existing table has`,
          value,
        );
      }
    });
  }
}

function validateWarmThroughput(problems: Problems, where: string, prop: string, warm: WarmThroughput | undefined): void {
  if (warm === undefined) return;
  const floors: Array<["readUnitsPerSecond" | "writeUnitsPerSecond", number]> = [
    ["readUnitsPerSecond", MIN_WARM_THROUGHPUT.read],
    ["writeUnitsPerSecond", MIN_WARM_THROUGHPUT.write],
  ];
  for (const [key, floor] of floors) {
    const value = warm[key];
    problems.check(() => {
      if (value === undefined || isUnresolved(value)) return;
      if (typeof value !== "number" || !Number.isInteger(value) || value < floor)
        fail(where, `${prop}.${key}`, `must be a whole number of at least ${floor} (DynamoDB's floor)`, value);
    });
  }
}

function validateLocalIndexes(
  problems: Problems,
  where: string,
  prefix: string,
  options: ResolvedTableOptions,
  indexNames: Set<string>,
): void {
  const locals = options.localSecondaryIndexes;
  if (locals.length === 0) return;
  problems.check(() => {
    if (options.sortKey === undefined)
      fail(
        where,
        `${prefix}localSecondaryIndexes`,
        "need a table sortKey: a local index keeps the table's partition key with another sort key",
        `${locals.length} indexes`,
      );
    if (locals.length > MAX_LSIS)
      fail(where, `${prefix}localSecondaryIndexes`, `must hold at most ${MAX_LSIS} indexes`, `${locals.length} indexes`);
  });
  const keyNames = [options.partitionKey?.name, options.sortKey?.name];
  problems.each(locals, (lsi, i) => {
    const p = `${prefix}localSecondaryIndexes[${i}]`;
    problems.check(() => {
      checkIndexName(where, `${p}.indexName`, lsi.indexName);
      if (indexNames.has(lsi.indexName))
        fail(where, `${p}.indexName`, "must be unique among the table's indexes, global and local", lsi.indexName);
      indexNames.add(lsi.indexName);
    });
    // The sort key's name and type are checked with the table's other key attributes (table-rules.ts).
    problems.check(() => {
      if (lsi.sortKey && keyNames.includes(lsi.sortKey.name))
        fail(where, `${p}.sortKey.name`, "must differ from the table's partition and sort keys", lsi.sortKey.name);
    });
    problems.check(() => checkProjection(where, p, lsi.projectionType, lsi.nonKeyAttributes));
  });
}

/** An index's projection: a known type, and non-key attributes exactly with INCLUDE. */
export function checkProjection(
  where: string,
  prop: string,
  projection: ProjectionType,
  nonKeyAttributes: readonly string[] | undefined,
): void {
  if (!PROJECTION_TYPES.includes(projection))
    fail(where, `${prop}.projectionType`, `must be one of ${PROJECTION_TYPES.join(", ")}`, projection);
  const nonKey = nonKeyAttributes ?? [];
  if (projection === "INCLUDE" && (nonKey.length < 1 || nonKey.length > 100)) {
    fail(where, `${prop}.nonKeyAttributes`, "must list 1 to 100 attributes with projectionType INCLUDE", nonKeyAttributes);
  }
  if (projection !== "INCLUDE" && nonKeyAttributes !== undefined)
    fail(where, `${prop}.nonKeyAttributes`, "is only allowed with projectionType INCLUDE", nonKeyAttributes);
}
