import { Construct } from "constructs";
import { TerraformLocal, Token } from "cdktf";
import { Table } from "../dynamodb/table";
import { EncryptionKey } from "../kms/encryption-key";
import { GatewayEndpoint } from "../network/gateway-endpoint";
import { PrivateVpc } from "../network/private-vpc";
import { endpointPolicyDocument } from "../policies/endpoint-policy";
import { aliasSafe } from "../private/aws-names";
import { endpointInput } from "./policy-inputs";
import { ResolvedIsolation, ResolvedRegion } from "./resolve";

/**
 * The steps that build the table and, in each of its regions, the key,
 * network and endpoint. Construct ids and parents are the Terraform
 * addresses users have in their state: they never change here.
 */

/** Where a replica region's resources live: `Replicas/<region>`, created on first use. */
const REPLICAS = "Replicas";

/**
 * The region scope: the construct a region's resources belong to. The
 * table's own region is the isolation construct itself; a replica region is
 * `Replicas/<region>` below it.
 */
export function regionScope(isolation: Construct, region: ResolvedRegion, index: number): Construct {
  if (index === 0) return isolation;
  const replicas = isolation.node.tryFindChild(REPLICAS) as Construct | undefined;
  if (!replicas) throw new Error(`${isolation.node.path}: the ${REPLICAS} scope is made by the keys step`);
  return (replicas.node.tryFindChild(region.region) as Construct | undefined) ?? new Construct(replicas, region.region);
}

/**
 * An attribute of the replica in `region`. Replicas sit in a set, so the
 * value is picked out by region in a local: that keeps the expression's
 * quotes out of policy JSON text, and every user of it depends on the table.
 */
export function replicaAttribute(scope: Construct, id: string, table: Table, attribute: "arn" | "stream_arn", region: string): string {
  const expression = `\${[for r in ${table.resource.fqn}.replica : r.${attribute} if r.region_name == "${region}"][0]}`;
  return Token.asString(new TerraformLocal(scope, id, expression).expression);
}

/** Each region's table key: the given one, a new one, or none with AWS owned keys. */
export interface RegionKeys {
  /** The key the isolation created for its own region's table. */
  readonly key?: EncryptionKey;
  /** Key ARN per region, in region order. */
  readonly kmsKeyArns: ReadonlyArray<string | undefined>;
}

/** Step: keys first, because the table names every region's key. */
export function buildKeys(isolation: Construct, resolved: ResolvedIsolation, accountId: string): RegionKeys {
  const tableName = resolved.table.tableName;
  const [home, ...replicas] = resolved.regions;
  let key: EncryptionKey | undefined;
  if (resolved.customerManagedKeys && home.kmsKeyArn === undefined) {
    key = new EncryptionKey(isolation, "Key", {
      region: home.region,
      accountId,
      description: `Encrypts DynamoDB table ${tableName}`,
      aliasName: aliasSafe(`dynamodb/${tableName}`),
    });
  }
  if (replicas.length) new Construct(isolation, REPLICAS);
  const replicaKeyArns = replicas.map((replica, i) => {
    if (!resolved.customerManagedKeys) return undefined;
    if (replica.kmsKeyArn !== undefined) return replica.kmsKeyArn;
    return new EncryptionKey(regionScope(isolation, replica, i + 1), "Key", {
      provider: replica.provider,
      region: replica.region,
      accountId,
      description: `Encrypts DynamoDB replica ${tableName} in ${replica.region}`,
      aliasName: aliasSafe(`dynamodb/${tableName}`),
    }).keyArn;
  });
  const homeKeyArn = resolved.customerManagedKeys ? (key?.keyArn ?? home.kmsKeyArn) : undefined;
  return { key, kmsKeyArns: [homeKeyArn, ...replicaKeyArns] };
}

/** Step: the table, with a replica in every other region. */
export function buildTable(isolation: Construct, resolved: ResolvedIsolation, keys: RegionKeys): Table {
  const [homeKeyArn, ...replicaKeyArns] = keys.kmsKeyArns;
  return new Table(isolation, "Table", {
    ...resolved.table,
    encryption: { type: resolved.table.encryption.type, kmsKeyArn: homeKeyArn },
    streamViewType: resolved.streamViewType,
    replicas: resolved.regions.slice(1).map((replica, i) => ({ region: replica.region, kmsKeyArn: replicaKeyArns[i] })),
  });
}

/** The network and endpoint of one region. */
export interface Region {
  readonly region: ResolvedRegion;
  readonly tableArn: string;
  readonly vpc?: PrivateVpc;
  readonly vpcId: string;
  readonly endpoint: GatewayEndpoint;
}

/**
 * Step: in every region, the network (a new private VPC, or the existing one
 * given) and a gateway endpoint on all of its route tables, whose policy
 * admits that region's managed table.
 */
export function buildNetworks(isolation: Construct, resolved: ResolvedIsolation, table: Table, accountId: string): Region[] {
  const name = resolved.table.tableName;
  return resolved.regions.map((region, index) => {
    const scope = regionScope(isolation, region, index);
    const tableArn = index === 0 ? table.tableArn : replicaAttribute(scope, "Arn", table, "arn", region.region);
    const network = region.network;
    const vpc =
      network.vpcId === undefined
        ? new PrivateVpc(scope, "Network", {
            provider: region.provider,
            region: region.region,
            accountId,
            cidrBlock: network.cidrBlock,
            availabilityZones: network.availabilityZones,
            flowLogs: network.flowLogs,
            name,
          })
        : undefined;
    const endpoint = new GatewayEndpoint(scope, "Endpoint", {
      provider: region.provider,
      region: region.region,
      vpcId: vpc?.vpcId ?? network.vpcId!,
      routeTableIds: vpc?.routeTableIds ?? network.routeTableIds ?? [],
      policyDocument: endpointPolicyDocument(endpointInput(resolved, accountId, { region: region.region, tableArn })),
      tags: { Name: `${name}-dynamodb` },
    });
    return { region, tableArn, vpc, vpcId: vpc?.vpcId ?? network.vpcId!, endpoint };
  });
}
