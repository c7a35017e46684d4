import { DynamodbTableConfig } from "@cdktf/provider-aws/lib/dynamodb-table";
import { fail, validateAll } from "../private/validation";
import { ResolvedTableOptions, attributeDefinitions } from "./table-options";
import { TableProps } from "./table-props";
import { checkReplicaProvider, validateReplicatedTable, validateTableOptions } from "./table-rules";
import { checkTableClass } from "./table-feature-rules";

/** What `Table` judges before it writes anything: its options, its replicas, and what a table used on its own needs. */
export function validateTable(where: string, props: TableProps, resolved: ResolvedTableOptions): void {
  const replicas = props.replicas ?? [];
  validateAll((problems) => {
    validateTableOptions(problems, where, "", props);
    if (replicas.length) validateReplicatedTable(problems, where, "", resolved, false);
    problems.each(replicas, (replica, i) => checkReplicaProvider(where, `replicas[${i}].provider`, replica));
    problems.each(replicas, (replica, i) => checkTableClass(where, `replicas[${i}].settings.tableClass`, replica.settings?.tableClass));
    problems.check(() => {
      if (props.importReplicas && replicas.length === 0) fail(where, "importReplicas", "needs replicas to import", props.importReplicas);
      if (props.importReplicas && props.region === undefined)
        fail(where, "region", "is required with importReplicas (a replica's import id names the table's region)", props.region);
    });
    problems.check(() => {
      if (resolved.encryption.type === "CUSTOMER_MANAGED" && resolved.encryption.kmsKeyArn === undefined) {
        fail(
          where,
          "encryption.kmsKeyArn",
          "is required with encryption type CUSTOMER_MANAGED when a Table is used on its own (DynamoDbIsolation creates a key)",
          undefined,
        );
      }
    });
  });
}

/** The provider cannot ignore one index's capacity, only the whole block: scaled indexes are left to scaling. */
export function ignoresIndexes(resolved: ResolvedTableOptions): boolean {
  return resolved.scaling.enabled && !resolved.scaling.applyIndexChanges;
}

/** The global and local secondary index blocks of the table. */
function indexBlocks(resolved: ResolvedTableOptions): Pick<DynamodbTableConfig, "globalSecondaryIndex" | "localSecondaryIndex"> {
  const provisioned = resolved.billingMode === "PROVISIONED";
  const indexes = resolved.globalSecondaryIndexes;
  return {
    globalSecondaryIndex: indexes.length
      ? indexes.map((gsi) => ({
          name: gsi.indexName,
          hashKey: gsi.partitionKey.name,
          rangeKey: gsi.sortKey?.name,
          projectionType: gsi.projectionType,
          nonKeyAttributes: gsi.nonKeyAttributes ? [...gsi.nonKeyAttributes] : undefined,
          readCapacity: provisioned ? gsi.readCapacity : undefined,
          writeCapacity: provisioned ? gsi.writeCapacity : undefined,
          onDemandThroughput: gsi.onDemandThroughput ? { ...gsi.onDemandThroughput } : undefined,
          warmThroughput: gsi.warmThroughput ? { ...gsi.warmThroughput } : undefined,
        }))
      : undefined,
    localSecondaryIndex: resolved.localSecondaryIndexes.length
      ? resolved.localSecondaryIndexes.map((lsi) => ({
          name: lsi.indexName,
          rangeKey: lsi.sortKey.name,
          projectionType: lsi.projectionType,
          nonKeyAttributes: lsi.nonKeyAttributes ? [...lsi.nonKeyAttributes] : undefined,
        }))
      : undefined,
  };
}

/** The table resource's configuration: every setting written out, "off" included. */
export function tableConfig(props: TableProps, resolved: ResolvedTableOptions): DynamodbTableConfig {
  const provisioned = resolved.billingMode === "PROVISIONED";
  const { globalSecondaryIndex, localSecondaryIndex } = indexBlocks(resolved);
  return {
    name: props.tableName,
    billingMode: resolved.billingMode,
    hashKey: props.partitionKey.name,
    rangeKey: props.sortKey?.name,
    readCapacity: provisioned ? props.readCapacity : undefined,
    writeCapacity: provisioned ? props.writeCapacity : undefined,
    attribute: attributeDefinitions(props),
    globalSecondaryIndex,
    localSecondaryIndex,
    tableClass: resolved.tableClass,
    onDemandThroughput: props.onDemandThroughput ? { ...props.onDemandThroughput } : undefined,
    warmThroughput: props.warmThroughput ? { ...props.warmThroughput } : undefined,
    pointInTimeRecovery: { enabled: resolved.pointInTimeRecovery, recoveryPeriodInDays: resolved.pointInTimeRecoveryDays },
    deletionProtectionEnabled: resolved.deletionProtection,
    serverSideEncryption:
      resolved.encryption.type === "CUSTOMER_MANAGED" ? { enabled: true, kmsKeyArn: resolved.encryption.kmsKeyArn } : { enabled: false },
    ttl: props.timeToLiveAttribute ? { attributeName: props.timeToLiveAttribute, enabled: true } : { enabled: false },
    streamEnabled: props.streamViewType !== undefined,
    streamViewType: props.streamViewType,
    tags: props.tags ? { ...props.tags } : undefined,
    lifecycle: {
      preventDestroy: resolved.preventDestroy,
      ignoreChanges: [
        // Auto scaling owns the capacity once the table exists; without this,
        // every plan would try to reset it to the configured minimum.
        ...(resolved.scaling.enabled ? ["read_capacity", "write_capacity"] : []),
        ...(ignoresIndexes(resolved) ? ["global_secondary_index"] : []),
        // Replicas are resources of their own (and inline ones of an older release stay until imported).
        "replica",
      ],
    },
  };
}
