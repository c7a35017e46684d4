import { EndpointPolicyDocumentInput } from "../policies/endpoint-policy";
import { GrantAccess, GrantPolicyDocumentInput, GuardPolicyDocumentInput, tableResources } from "../policies/identity-policies";
import {
  StreamResourcePolicyDocumentInput,
  TableResourcePolicyDocumentInput,
  ZERO_ETL_SERVICES,
  ZeroEtlAllow,
} from "../policies/resource-policies";
import { autoScalingRoleArn, dnsSuffixOf, partitionOf, replicationRoleArn, tableArn } from "../private/aws-names";
import { InterfaceEndpointService } from "../network/interface-endpoint-options";
import { ResolvedIsolation } from "./resolve";

/**
 * What each policy document is built from, derived once from the resolved
 * props and the values the policies name. Building passes Terraform
 * references (known at apply); the size budget passes the longest value each
 * reference can take. Both go through these functions, so the policy that is
 * measured is the policy that is built.
 */

/** The values of one region that policies name. */
export interface RegionValues {
  readonly region: string;
  readonly endpointId: string;
  /** The region's interface endpoints, by service, when it has any. */
  readonly interfaceEndpointIds?: Readonly<Partial<Record<InterfaceEndpointService, string>>>;
  /** The region's table key, with customer-managed keys (shared by the perimeter's tables). */
  readonly kmsKeyArn?: string;
  /** Each table's ARN in this region, in the order of `resolved.tables`. */
  readonly tableArns: readonly string[];
  /** Each table's stream ARN in this region, where it is known. */
  readonly streamArns?: ReadonlyArray<string | undefined>;
}

/** The values every policy of one perimeter names. */
export interface PerimeterValues {
  readonly accountId: string;
  /** The tables' region first, then each replica's. */
  readonly regions: readonly RegionValues[];
}

/**
 * Which calls an endpoint list is for: table calls travel through the gateway
 * and DynamoDB interface endpoints, stream reads through the DynamoDB Streams
 * interface endpoint (the gateway endpoint stays in stream lists, as before
 * interface endpoints existed); the guard's one deny covers both.
 */
type Carries = "tables" | "streams" | "all";

/** A region's own endpoints that carry these calls. */
function ownEndpointIds(region: RegionValues, carries: Carries): string[] {
  const { dynamodb, "dynamodb-streams": streams } = region.interfaceEndpointIds ?? {};
  const ids = carries === "tables" ? [dynamodb] : carries === "streams" ? [streams] : [dynamodb, streams];
  return [region.endpointId, ...ids.filter((id): id is string => id !== undefined)];
}

/** Every endpoint the identity policies accept for these calls: each region's, then the extra ones. */
export function endpointIdsOf(resolved: ResolvedIsolation, values: PerimeterValues, carries: Carries = "all"): string[] {
  return [...values.regions.flatMap((r) => ownEndpointIds(r, carries)), ...resolved.extraEndpointIds];
}

/** The endpoints that can reach one region's tables or streams: a region's endpoints serve only that region; then the extra ones. */
function regionEndpointIds(resolved: ResolvedIsolation, values: PerimeterValues, index: number, carries: Carries): string[] {
  return [...ownEndpointIds(values.regions[index], carries), ...resolved.extraEndpointIds];
}

/** `table/<prefix>*` in one region (or `*` for every region): the tables, their indexes, streams and backups. */
function prefixPattern(resolved: ResolvedIsolation, accountId: string, region: string): string {
  const partition = partitionOf(resolved.regions[0].region);
  return `arn:${partition}:dynamodb:${region}:${accountId}:table/${resolved.tableNamePrefix}*`;
}

/**
 * The tables policies must name one by one even with a prefix: existing tables whose name is
 * not known to start with it (another state's, or a reference), by index in `resolved.tables`.
 * Every table the perimeter creates is checked to start with the prefix.
 */
export function outsidePrefix(resolved: ResolvedIsolation): number[] {
  const prefix = resolved.tableNamePrefix;
  if (prefix === undefined) return resolved.tables.map((_, t) => t);
  return resolved.tables.flatMap((table, t) => (table.existing && !(table.existing.knownName ?? "").startsWith(prefix) ? [t] : []));
}

/** How identity policies name the tables: the prefix in the given regions, and every table ARN outside it (table by table, each in every region). */
function tablesIn(
  resolved: ResolvedIsolation,
  values: PerimeterValues,
  regions: readonly string[],
): { tableArns: string[]; tableArnPatterns?: string[] } {
  const tableArns = outsidePrefix(resolved).flatMap((t) => values.regions.map((r) => r.tableArns[t]));
  if (resolved.tableNamePrefix !== undefined)
    return { tableArns, tableArnPatterns: regions.map((r) => prefixPattern(resolved, values.accountId, r)) };
  return { tableArns };
}

/**
 * How a deny names the perimeter's tables: in every region, so that a replica
 * added in a region the perimeter does not know is covered before it exists
 * (adding one needs `CreateTableReplica` in the new region, DynamoDB's
 * global tables IAM page says, without saying on which ARN); by prefix, or by
 * name with everything under each table; and the legacy global table of the
 * same name, which version 2017.11.29 authorises on its own ARN.
 */
export function everywherePatterns(resolved: ResolvedIsolation, accountId: string): string[] {
  const partition = partitionOf(resolved.regions[0].region);
  const globalTable = (name: string) => `arn:${partition}:dynamodb::${accountId}:global-table/${name}`;
  const byName = outsidePrefix(resolved).flatMap((t) => {
    const name = resolved.tables[t].options.tableName;
    const table = tableArn(partition, "*", accountId, name);
    return [table, `${table}/*`, globalTable(name)];
  });
  if (resolved.tableNamePrefix === undefined) return byName;
  return [prefixPattern(resolved, accountId, "*"), globalTable(`${resolved.tableNamePrefix}*`), ...byName];
}

export function guardInput(resolved: ResolvedIsolation, values: PerimeterValues): GuardPolicyDocumentInput {
  return {
    tableArns: [],
    tableArnPatterns: everywherePatterns(resolved, values.accountId),
    endpointIds: endpointIdsOf(resolved, values),
    scope: resolved.guard.scope,
  };
}

export function grantInput(resolved: ResolvedIsolation, values: PerimeterValues, access: GrantAccess): GrantPolicyDocumentInput {
  return {
    access,
    ...tablesIn(
      resolved,
      values,
      values.regions.map((r) => r.region),
    ),
    endpointIds: endpointIdsOf(resolved, values, "tables"),
    streamEndpointIds: endpointIdsOf(resolved, values, "streams"),
    kmsKeyArns: values.regions.flatMap((r) => (r.kmsKeyArn === undefined ? [] : [r.kmsKeyArn])),
    kmsViaServices: values.regions.map((r) => `dynamodb.${r.region}.${dnsSuffixOf(r.region)}`),
    streamReads: values.regions.some((r) => r.interfaceEndpointIds?.["dynamodb-streams"] !== undefined),
  };
}

/** The endpoint policy of one region: it names only that region's tables, and those of the perimeters that share a joined endpoint. */
export function endpointInput(
  resolved: ResolvedIsolation,
  accountId: string,
  region: Pick<RegionValues, "region" | "tableArns">,
): EndpointPolicyDocumentInput {
  const tableArns = outsidePrefix(resolved).map((t) => region.tableArns[t]);
  const own =
    resolved.tableNamePrefix !== undefined
      ? { tableArns, tableArnPatterns: [prefixPattern(resolved, accountId, region.region)] }
      : { tableArns };
  const network = resolved.regions.find((r) => r.region === region.region)?.network;
  const partition = partitionOf(region.region);
  const shared = (network?.endpointSharedWith ?? []).flatMap((other) => [
    ...(other.tableNames ?? []).flatMap((name) =>
      tableResources([tableArn(partition, region.region, accountId, name)], { subResources: false }),
    ),
    ...(other.tableNamePrefix !== undefined ? [tableArn(partition, region.region, accountId, `${other.tableNamePrefix}*`)] : []),
  ]);
  const tables = shared.length ? { ...own, tableArnPatterns: [...(own.tableArnPatterns ?? []), ...shared] } : own;
  return {
    scope: resolved.endpointPolicyScope,
    partition: partitionOf(region.region),
    region: region.region,
    accountId,
    ...tables,
    replicas: resolved.regions.length > 1,
  };
}

/** The resource policy of table `table` in region `index`. Service roles are those of the home region's partition. */
export function tableResourceInput(
  resolved: ResolvedIsolation,
  values: PerimeterValues,
  index: number,
  table: number,
): TableResourcePolicyDocumentInput {
  const partition = partitionOf(values.regions[0].region);
  const policy = resolved.resourcePolicy;
  return {
    tableArn: values.regions[index].tableArns[table],
    endpointIds: regionEndpointIds(resolved, values, index, "tables"),
    accountId: values.accountId,
    replicationRoleArn: replicationRoleArn(partition, values.accountId),
    serviceRoleArns: [autoScalingRoleArn(partition, values.accountId)],
    backupPrincipalArns: policy.backupPrincipalArns,
    replicaManagers: policy.replicaManagers,
    controlPlane: policy.controlPlane,
    zeroEtl: zeroEtlOf(resolved, values.regions[index].region, resolved.tables[table].options.tableName),
    dnsSuffix: dnsSuffixOf(values.regions[index].region),
  };
}

/** The zero-ETL integrations that read one table in one region, grouped by service. */
function zeroEtlOf(resolved: ResolvedIsolation, region: string, tableName: string): ZeroEtlAllow[] {
  const reading = resolved.resourcePolicy.zeroEtlIntegrations.filter(
    (i) => i.integrationArn.split(":")[3] === region && (i.tableNames === undefined || i.tableNames.includes(tableName)),
  );
  return ZERO_ETL_SERVICES.flatMap((service) => {
    const integrationArns = reading.filter((i) => i.service === service).map((i) => i.integrationArn);
    return integrationArns.length ? [{ service, integrationArns }] : [];
  });
}

/** The stream resource policy of table `table` in region `index`; only for a table with a stream. */
export function streamResourceInput(
  resolved: ResolvedIsolation,
  values: PerimeterValues,
  index: number,
  table: number,
): StreamResourcePolicyDocumentInput {
  const partition = partitionOf(values.regions[0].region);
  return {
    streamArn: values.regions[index].streamArns![table]!,
    endpointIds: regionEndpointIds(resolved, values, index, "streams"),
    accountId: values.accountId,
    replicationRoleArn: replicationRoleArn(partition, values.accountId),
    consumerPrincipalArns: resolved.resourcePolicy.streamConsumerPrincipalArns,
    controlPlane: resolved.resourcePolicy.controlPlane,
  };
}

/**
 * How the organization's SCP names this perimeter's tables, in every account
 * and region: by prefix, or each table and everything under it (its backups).
 */
export function organizationTablePatterns(resolved: ResolvedIsolation): string[] {
  const anywhere = (name: string) => tableArn(partitionOf(resolved.regions[0].region), "*", "*", name);
  const byName = outsidePrefix(resolved).flatMap((t) => {
    const name = resolved.tables[t].options.tableName;
    return [anywhere(name), `${anywhere(name)}/*`];
  });
  return resolved.tableNamePrefix === undefined ? byName : [anywhere(`${resolved.tableNamePrefix}*`), ...byName];
}

/**
 * The guard policy and the groups it is attached to, by name in any account and under any path
 * (a group's ARN holds its path), and the principals the perimeter exempts by ARN: the
 * organization's SCP keeps the guard attached and the exempt principals out of others' hands.
 */
export function organizationGuardPatterns(resolved: ResolvedIsolation): { policies: string[]; groups: string[]; principals: string[] } {
  const partition = partitionOf(resolved.regions[0].region);
  const policy = resolved.resourcePolicy;
  return {
    policies: [`arn:${partition}:iam::*:policy/${resolved.guard.policyName}`],
    groups: (resolved.guardedPrincipals.groups ?? []).flatMap((g) => [
      `arn:${partition}:iam::*:group/${g}`,
      `arn:${partition}:iam::*:group/*/${g}`,
    ]),
    principals: [...new Set([...(policy.controlPlane?.principalArns ?? []), ...policy.replicaManagers.principalArns])],
  };
}

/** Principal tag keys that exempt from this perimeter: only the organization's admins may set them. */
export function exemptionTagKeys(resolved: ResolvedIsolation): string[] {
  const keys = [resolved.resourcePolicy.controlPlane?.principalTag, resolved.resourcePolicy.replicaManagers.principalTag];
  return [...new Set(keys.filter((k): k is string => k !== undefined))];
}
