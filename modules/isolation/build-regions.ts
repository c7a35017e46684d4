import { Fn, ITerraformDependable } from "cdktf";
import { DataAwsDynamodbTable } from "@cdktf/provider-aws/lib/data-aws-dynamodb-table";
import { Construct } from "constructs";
import { Table } from "../dynamodb/table";
import { EncryptionKey, EncryptionKeyProps } from "../kms/encryption-key";
import { GatewayEndpoint } from "../network/gateway-endpoint";
import { interfaceEndpointServices } from "../network/interface-endpoint-options";
import { InterfaceEndpoints } from "../network/interface-endpoints";
import { JoinedEndpoint } from "../network/joined-endpoint";
import { PrivateVpc } from "../network/private-vpc";
import { PolicyDocument } from "../policies/document";
import { endpointPolicyDocument, streamsEndpointPolicyDocument } from "../policies/endpoint-policy";
import { aliasSafe, partitionOf, tableArn } from "../private/aws-names";
import { policyText } from "../private/policy-text";
import { endpointInput } from "./policy-inputs";
import { ResolvedIsolation, ResolvedRegion, ResolvedTable } from "./resolve";

/**
 * The steps that build the tables and, in each region of the perimeter, the
 * key, network and endpoint. Construct ids and parents are the Terraform
 * addresses users have in their state: they never change here.
 */

const REPLICAS = "Replicas";
const TABLES = "Tables";
const EXISTING_TABLES = "ExistingTables";

/**
 * What the later steps read of a table: a `Table` the perimeter created, or
 * an existing table it guards (no replicas of its own making).
 */
export interface TableHandle {
  readonly tableName: string;
  readonly tableArn: string;
  /** Set when the table has a stream (or, with `streamCount`, may have one). */
  readonly streamArn?: string;
  /** 1 when a table looked up at plan has a stream, else 0: how many stream policies it gets. */
  readonly streamCount?: number;
  readonly replicas: Readonly<Record<string, ITerraformDependable>>;
  readonly replicaArns: Readonly<Record<string, string>>;
  readonly replicaStreamArns: Readonly<Record<string, string>>;
}

/** A child scope, made on first use. */
function child(parent: Construct, id: string): Construct {
  return (parent.node.tryFindChild(id) as Construct | undefined) ?? new Construct(parent, id);
}

/**
 * The region scope: the construct a region's shared resources (key, network,
 * endpoint) belong to. The tables' own region is the isolation construct
 * itself; a replica region is `Replicas/<region>` below it.
 */
export function regionScope(isolation: Construct, region: ResolvedRegion, index: number): Construct {
  return index === 0 ? isolation : child(child(isolation, REPLICAS), region.region);
}

/**
 * The scope of a table in a region. `table` lives where a one-table stack
 * always had it (the region scope); an entry of `tables` under
 * `Tables/<tableName>`, its replicas' resources under `Tables/<tableName>/Replicas/<region>`.
 */
export function tableScope(isolation: Construct, table: ResolvedTable, region: ResolvedRegion, index: number): Construct {
  if (table.existing) return child(child(isolation, EXISTING_TABLES), table.existing.id);
  if (table.single) return regionScope(isolation, region, index);
  const own = child(child(isolation, TABLES), table.options.tableName);
  return index === 0 ? own : child(child(own, REPLICAS), region.region);
}

/** Each region's key, shared by the perimeter's tables: the given one, a new one, or none with AWS owned keys. */
export interface RegionKeys {
  /** The key the isolation created for its own region. */
  readonly key?: EncryptionKey;
  /** Key ARN per region, in region order. */
  readonly kmsKeyArns: ReadonlyArray<string | undefined>;
}

/** What a key says it encrypts. */
function keyDescription(resolved: ResolvedIsolation, region?: string): string {
  const name = resolved.perimeterName;
  if (resolved.tables.length === 1) return region ? `Encrypts DynamoDB replica ${name} in ${region}` : `Encrypts DynamoDB table ${name}`;
  return region ? `Encrypts the DynamoDB replicas of perimeter ${name} in ${region}` : `Encrypts the DynamoDB tables of perimeter ${name}`;
}

/** Step: keys first, because every table names its region's key. */
/**
 * How the perimeter's keys are locked: to the control plane's operators while its lock is on
 * (nobody else disables, deletes or re-policies them, from anywhere), and kept from
 * `terraform destroy` while any table is.
 */
export function keyLock(resolved: ResolvedIsolation): Pick<EncryptionKeyProps, "operators" | "preventDestroy"> {
  return { operators: resolved.resourcePolicy.controlPlane, preventDestroy: resolved.tables.some((t) => t.options.preventDestroy) };
}

export function buildKeys(isolation: Construct, resolved: ResolvedIsolation, accountId: string): RegionKeys {
  const aliasName = aliasSafe(`dynamodb/${resolved.perimeterName}`);
  const [home, ...replicas] = resolved.regions;
  let key: EncryptionKey | undefined;
  if (resolved.customerManagedKeys && home.kmsKeyArn === undefined) {
    key = new EncryptionKey(isolation, "Key", {
      ...keyLock(resolved),
      region: home.region,
      accountId,
      description: keyDescription(resolved),
      aliasName,
    });
  }
  // Made here so that replica regions come right after the key in the construct tree, as they always have.
  if (replicas.length) child(isolation, REPLICAS);
  const replicaKeyArns = replicas.map((replica, i) => {
    if (!resolved.customerManagedKeys) return undefined;
    if (replica.kmsKeyArn !== undefined) return replica.kmsKeyArn;
    return new EncryptionKey(regionScope(isolation, replica, i + 1), "Key", {
      ...keyLock(resolved),
      provider: replica.provider,
      region: replica.region,
      accountId,
      description: keyDescription(resolved, replica.region),
      aliasName,
    }).keyArn;
  });
  const homeKeyArn = resolved.customerManagedKeys ? (key?.keyArn ?? home.kmsKeyArn) : undefined;
  return { key, kmsKeyArns: [homeKeyArn, ...replicaKeyArns] };
}

/** Step: the tables, each with a replica in every other region of the perimeter. */
export function buildTables(isolation: Construct, resolved: ResolvedIsolation, keys: RegionKeys, accountId: string): TableHandle[] {
  const [homeKeyArn, ...replicaKeyArns] = keys.kmsKeyArns;
  const [home] = resolved.regions;
  return resolved.tables.map((table): TableHandle =>
    table.existing
      ? existingTable(tableScope(isolation, table, home, 0), table.existing, home.region, accountId)
      : new Table(tableScope(isolation, table, home, 0), "Table", {
          ...table.options,
          region: home.region,
          encryption: { type: table.options.encryption.type, kmsKeyArn: homeKeyArn },
          streamViewType: table.streamViewType,
          replicas: resolved.regions.slice(1).map((replica, i) => ({
            region: replica.region,
            provider: replica.provider!,
            kmsKeyArn: replicaKeyArns[i],
            settings: replica.settings,
          })),
          importReplicas: resolved.imports.replicas === true && resolved.regions.length > 1,
        }),
  );
}

/**
 * An existing table: its ARN as given, or derived from its name in the perimeter's region. Another
 * state's is read at plan, for the stream it has then, and for its ARN: the perimeter names its
 * tables in its own account, so an ARN of another account (or region) fails the plan.
 */
function existingTable(scope: Construct, existing: NonNullable<ResolvedTable["existing"]>, region: string, accountId: string): TableHandle {
  const arn = existing.tableArn ?? tableArn(partitionOf(region), region, accountId, existing.tableName);
  const read = existing.lookUp
    ? new DataAwsDynamodbTable(scope, "Table", {
        name: existing.tableName,
        lifecycle:
          existing.tableArn === undefined
            ? undefined
            : {
                postcondition: [
                  {
                    condition: `\${self.arn == ${JSON.stringify(arn)}}`,
                    errorMessage: `The perimeter guards tables of its own account and region (${region}): this is not ${arn}.`,
                  },
                ],
              },
      })
    : undefined;
  return {
    tableName: existing.tableName,
    tableArn: arn,
    streamArn: read ? read.streamArn : existing.streamArn,
    // 1 with a stream, 0 without (an operator given 0 or "" would be lost by cdktf: it renders them as undefined).
    streamCount: read ? Fn.min([Fn.lengthOf(read.streamArn), 1]) : undefined,
    replicas: {},
    replicaArns: {},
    replicaStreamArns: {},
  };
}

/** The network and endpoint of one region. */
export interface Region {
  readonly region: ResolvedRegion;
  /** Each table's ARN in this region, in table order. */
  readonly tableArns: string[];
  readonly vpc?: PrivateVpc;
  readonly vpcId: string;
  /** The endpoint created here; undefined when an existing one is joined. */
  readonly endpoint?: GatewayEndpoint;
  readonly vpcEndpointId: string;
  readonly prefixListId: string;
  readonly routeTableIds: string[];
  /** The endpoint's policy, as applied here or as the joined endpoint's owner should apply it. */
  readonly endpointPolicy: PolicyDocument;
  /** The region's interface endpoints, when `network.interfaceEndpoints` asks for them. */
  readonly interfaceEndpoints?: InterfaceEndpoints;
}

/**
 * Step: in every region, the network and its endpoint: a new private VPC,
 * an existing VPC's route tables, or an existing endpoint joined by id. The
 * endpoint policy admits that region's tables.
 */
export function buildNetworks(
  isolation: Construct,
  resolved: ResolvedIsolation,
  tables: readonly TableHandle[],
  accountId: string,
): Region[] {
  return resolved.regions.map((region, index) => {
    const scope = regionScope(isolation, region, index);
    const tableArns = tables.map((table) => (index === 0 ? table.tableArn : table.replicaArns[region.region]));
    return region.network.vpcEndpointId !== undefined
      ? joinedNetwork(scope, resolved, region, tableArns, accountId)
      : ownNetwork(scope, resolved, region, tableArns, accountId);
  });
}

/** An existing endpoint joined by id. Its policy names the tables by name: known at plan time, for its owner to apply first. */
function joinedNetwork(
  scope: Construct,
  resolved: ResolvedIsolation,
  region: ResolvedRegion,
  tableArns: string[],
  accountId: string,
): Region {
  const network = region.network;
  const named = resolved.tables.map(
    (t) => t.existing?.tableArn ?? tableArn(partitionOf(region.region), region.region, accountId, t.options.tableName),
  );
  const endpointPolicy = endpointPolicyDocument(endpointInput(resolved, accountId, { region: region.region, tableArns: named }));
  const joined = new JoinedEndpoint(scope, "Endpoint", {
    provider: region.provider,
    region: region.region,
    vpcEndpointId: network.vpcEndpointId!,
    associateRouteTableIds: network.associateRouteTableIds,
    policyDocument: network.manageEndpointPolicy ? endpointPolicy : undefined,
    accountId,
    expectedPolicyJson: policyText(scope, endpointPolicy),
  });
  return {
    region,
    tableArns,
    vpcId: joined.vpcId,
    vpcEndpointId: joined.vpcEndpointId,
    prefixListId: joined.prefixListId,
    routeTableIds: joined.routeTableIds,
    endpointPolicy,
  };
}

/** A new private VPC or an existing VPC's route tables, with an endpoint of the perimeter's own and, when asked, interface endpoints. */
function ownNetwork(scope: Construct, resolved: ResolvedIsolation, region: ResolvedRegion, tableArns: string[], accountId: string): Region {
  const name = resolved.perimeterName;
  const network = region.network;
  const policyInput = endpointInput(resolved, accountId, { region: region.region, tableArns });
  const endpointPolicy = endpointPolicyDocument(policyInput);
  const vpc =
    network.vpcId === undefined
      ? new PrivateVpc(scope, "Network", {
          provider: region.provider,
          region: region.region,
          accountId,
          cidrBlock: network.cidrBlock,
          availabilityZones: network.availabilityZones,
          flowLogs: network.flowLogs,
          dnsFirewall: network.dnsFirewall,
          name,
          flowLogKeyLock: keyLock(resolved),
        })
      : undefined;
  const vpcId = vpc?.vpcId ?? network.vpcId!;
  const endpoint = new GatewayEndpoint(scope, "Endpoint", {
    provider: region.provider,
    region: region.region,
    vpcId,
    routeTableIds: vpc?.routeTableIds ?? network.routeTableIds ?? [],
    policyDocument: endpointPolicy,
    tags: { Name: `${name}-dynamodb` },
  });
  const wanted = network.interfaceEndpoints;
  const interfaceEndpoints = wanted
    ? new InterfaceEndpoints(scope, "InterfaceEndpoints", {
        provider: region.provider,
        region: region.region,
        vpcId,
        subnetIds: vpc?.subnetIds ?? wanted.subnetIds ?? [],
        checkSubnets: vpc === undefined,
        services: interfaceEndpointServices(wanted),
        allowedCidrs: wanted.allowedCidrs ?? [],
        allowedSecurityGroupIds: wanted.allowedSecurityGroupIds ?? [],
        // The DynamoDB interface endpoint lets through what the gateway endpoint does; the streams one only stream reads.
        policies: { dynamodb: endpointPolicy, "dynamodb-streams": streamsEndpointPolicyDocument(policyInput) },
        name,
      })
    : undefined;
  return {
    region,
    tableArns,
    vpc,
    vpcId,
    interfaceEndpoints,
    endpoint,
    vpcEndpointId: endpoint.vpcEndpointId,
    prefixListId: endpoint.prefixListId,
    routeTableIds: endpoint.routeTableIds,
    endpointPolicy,
  };
}
