import { ExistingResources } from "../existing-resources";
import { STREAM_LABEL } from "./apply-time-values";
import { StateFile } from "./state-from-plan";

/**
 * What AWS holds once the first plan is applied, as the loopback stand-in
 * answers for it: every DynamoDB table of the state, and every replica (an
 * `aws_dynamodb_table_replica`, or an inline `replica` block of an older
 * release) as a table of its own in its region. A second plan that reads a
 * table (an import, or the data source reading a replica's stream) then
 * sees exactly what the first apply made. When two modules hold a table of
 * the same name and region, the later one is what the stand-in reports.
 */

type Attributes = Record<string, unknown>;

const first = (value: unknown): Attributes => ((Array.isArray(value) ? value[0] : undefined) ?? {}) as Attributes;
const regionOf = (arn: string): string => arn.split(":")[3];

function keySchema(hash: unknown, range: unknown) {
  return [{ AttributeName: hash, KeyType: "HASH" }, ...(range ? [{ AttributeName: range, KeyType: "RANGE" }] : [])];
}

function description(
  table: Attributes,
  region: string,
  replica: Attributes | undefined,
  replicas: Attributes[],
): Record<string, unknown> & { TableName: string } {
  const name = String(table.name);
  const arn = `arn:aws:dynamodb:${region}:${String(table.arn).split(":")[4]}:table/${name}`;
  const sse = first(table.server_side_encryption);
  const kmsKeyArn = replica ? replica.kms_key_arn : sse.kms_key_arn;
  const provisioned = table.billing_mode === "PROVISIONED";
  const streamOn = table.stream_enabled === true;
  return {
    TableName: name,
    TableArn: arn,
    TableStatus: "ACTIVE",
    CreationDateTime: 1767225600,
    AttributeDefinitions: ((table.attribute as Attributes[] | undefined) ?? []).map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: keySchema(table.hash_key, table.range_key),
    BillingModeSummary: { BillingMode: table.billing_mode },
    ProvisionedThroughput: provisioned
      ? { ReadCapacityUnits: table.read_capacity, WriteCapacityUnits: table.write_capacity, NumberOfDecreasesToday: 0 }
      : { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    GlobalSecondaryIndexes: ((table.global_secondary_index as Attributes[] | undefined) ?? []).map((g) => ({
      IndexName: g.name,
      KeySchema: keySchema(g.hash_key, g.range_key),
      Projection: {
        ProjectionType: g.projection_type,
        ...(Array.isArray(g.non_key_attributes) && g.non_key_attributes.length ? { NonKeyAttributes: g.non_key_attributes } : {}),
      },
      IndexStatus: "ACTIVE",
      ProvisionedThroughput: provisioned
        ? { ReadCapacityUnits: g.read_capacity, WriteCapacityUnits: g.write_capacity }
        : { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    })),
    ...(sse.enabled === true || replica ? { SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: kmsKeyArn } } : {}),
    ...(streamOn
      ? {
          StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream_view_type },
          LatestStreamLabel: STREAM_LABEL,
          LatestStreamArn: `${arn}/stream/${STREAM_LABEL}`,
        }
      : {}),
    DeletionProtectionEnabled: (replica ?? table).deletion_protection_enabled === true,
    TableClassSummary: { TableClass: "STANDARD" },
    Replicas: replica
      ? []
      : replicas.map((r) => ({
          RegionName: r.region,
          ReplicaStatus: "ACTIVE",
          ...(r.kms_key_arn ? { KMSMasterKeyId: r.kms_key_arn } : {}),
        })),
  };
}

/** Registers every table and replica of the state in the stand-in, the keys they are encrypted with, their resource policies and Contributor Insights. */
export function registerAppliedWorld(registry: ExistingResources, state: StateFile): void {
  const attributes = (type: string) =>
    state.resources.filter((r) => r.type === type).map((r) => ({ module: r.module, values: r.instances[0].attributes as Attributes }));
  const separateReplicas = attributes("aws_dynamodb_table_replica");
  for (const { module, values: table } of attributes("aws_dynamodb_table")) {
    const region = regionOf(String(table.arn));
    const replicas: Attributes[] = [
      ...((table.replica as Attributes[] | undefined) ?? []).map((r) => ({ ...r, region: r.region_name })),
      ...separateReplicas
        .filter((r) => r.module === module && r.values.global_table_arn === table.arn)
        .map((r) => ({ ...r.values, region: regionOf(String(r.values.arn)) })),
    ];
    const pitr = first(table.point_in_time_recovery).enabled === true;
    const ttl = first(table.ttl);
    const timeToLive = ttl.enabled === true ? { attributeName: String(ttl.attribute_name) } : undefined;
    const window = first(table.point_in_time_recovery).recovery_period_in_days;
    const recoveryPeriodInDays = typeof window === "number" && window > 0 ? window : undefined;
    registry.addTable({
      region,
      pointInTimeRecovery: pitr,
      recoveryPeriodInDays,
      timeToLive,
      description: description(table, region, undefined, replicas),
    });
    const sseKey = first(table.server_side_encryption).kms_key_arn;
    if (typeof sseKey === "string" && sseKey) registry.addKey(sseKey);
    for (const replica of replicas) {
      registry.addTable({
        region: String(replica.region),
        pointInTimeRecovery: replica.point_in_time_recovery === true,
        timeToLive,
        description: description(table, String(replica.region), replica, []),
      });
      if (typeof replica.kms_key_arn === "string" && replica.kms_key_arn) registry.addKey(replica.kms_key_arn);
    }
  }
  for (const { values: policy } of attributes("aws_dynamodb_resource_policy")) {
    registry.addResourcePolicy({
      resourceArn: String(policy.resource_arn),
      policy: String(policy.policy),
      revisionId: String(policy.revision_id),
    });
  }
  for (const { values: insights } of attributes("aws_dynamodb_contributor_insights")) {
    registry.addContributorInsights(
      String(insights.table_name),
      typeof insights.index_name === "string" && insights.index_name ? insights.index_name : undefined,
    );
  }
}
