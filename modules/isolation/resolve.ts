import { TerraformProvider } from "cdktf";
import { ResolvedTableOptions, StreamViewType, TableOptions, resolveTableOptions } from "../dynamodb/table-options";
import { ReplicaSettings } from "../dynamodb/table-props";
import { Principals, isEmptyPrincipals, principalKey } from "../iam/policy-attachments";
import { NetworkOptions } from "../network/network-options";
import { DEFAULT_ENDPOINT_POLICY_SCOPE, EndpointPolicyScope } from "../policies/endpoint-policy";
import { DEFAULT_GUARD_SCOPE, GrantAccess, GuardScope } from "../policies/identity-policies";
import { DEFAULT_EXEMPT_TAG_KEY, PrincipalExemption } from "../policies/outside-denies";
import { DynamoDbIsolationProps, ImportOptions, ResourcePolicyOptions, ZeroEtlIntegrationOptions } from "./props";

/**
 * The props of DynamoDbIsolation with every default filled in. This is the
 * one place defaults are decided: building, validation and the policy size
 * budget all read the resolved props.
 */

/** A region the table lives in: the table's own first, then each replica's. */
export interface ResolvedRegion {
  readonly region: string;
  /** Provider for the region; undefined for the table's own (the stack's default provider). */
  readonly provider?: TerraformProvider;
  readonly network: NetworkOptions;
  /** An existing key for the region's table, when one is given. */
  readonly kmsKeyArn?: string;
  /** A replica region's own settings. */
  readonly settings?: ReplicaSettings;
}

/** A table of the perimeter. */
export interface ResolvedTable {
  readonly options: ResolvedTableOptions;
  /** The table's stream: the one asked for, or NEW_AND_OLD_IMAGES, which global tables replicate through. */
  readonly streamViewType?: StreamViewType;
  /** True for `table`, whose constructs keep the ids of a one-table stack; false for an entry of `tables`. */
  readonly single: boolean;
  /** Adopted with an import block instead of created. */
  readonly imported: boolean;
  /** A table made elsewhere (the app's own `DynamodbTable`, or another state's) that the perimeter guards but does not create. */
  readonly existing?: ExistingTableSource;
}

/** A table the perimeter guards without creating it: `Perimeter.addExistingTable`. */
export interface ExistingTableSource {
  /** Construct id of what the perimeter adds for it: the literal name, or `ref:<what a reference names>`. */
  readonly id: string;
  /** Its name, or a reference to it. */
  readonly tableName: string;
  /** Its name when the reference's value is known at synth (the app's table with a literal name). */
  readonly knownName?: string;
  /** Its ARN, when known (a reference to the app's table); otherwise derived from the name. */
  readonly tableArn?: string;
  /**
   * Read at plan (`data.aws_dynamodb_table`): another state's table, whose stream the perimeter
   * learns only then and whose ARN, when given, must be the one the provider's account has.
   */
  readonly lookUp: boolean;
  /** Its stream's ARN and view type, when the app's table has a stream the perimeter must guard. */
  readonly streamArn?: string;
  readonly streamViewType?: StreamViewType;
  /** Give it the perimeter's resource policies (the default). */
  readonly resourcePolicy: boolean;
  /** The key it is encrypted with, when the perimeter is told (`PerimeterEncryption.existingKey`). */
  readonly kmsKeyArn?: string;
}

/** A read-only or read-write grant, with its construct id and policy name. */
export interface ResolvedGrant {
  readonly access: GrantAccess;
  /** Prop name under `grants`. */
  readonly prop: "readOnly" | "readWrite";
  /** Construct id; part of the Terraform address. */
  readonly id: "ReadOnlyGrant" | "ReadWriteGrant";
  readonly policyName: string;
  readonly principals: Principals;
}

export interface ResolvedIsolation {
  /** `table` first (when given), then `tables` in order. */
  readonly tables: readonly ResolvedTable[];
  /** Names what the perimeter derives: guard, grants, key alias, VPC and log group. */
  readonly perimeterName: string;
  /** When set, policies name the tables by `table/<prefix>*`. */
  readonly tableNamePrefix?: string;
  readonly maxManagedPoliciesPerPrincipal: number;
  /** The table's region first, then each replica's. */
  readonly regions: readonly ResolvedRegion[];
  readonly extraEndpointIds: readonly string[];
  /** A customer-managed key per region (given or created); false with AWS owned keys. */
  readonly customerManagedKeys: boolean;
  readonly guard: { readonly policyName: string; readonly scope: GuardScope; readonly principals: Principals };
  /** Everyone who gets the guard: its own principals and every grant's. */
  readonly guardedPrincipals: Principals;
  /** Grants that name anyone. */
  readonly grants: readonly ResolvedGrant[];
  readonly endpointPolicyScope: EndpointPolicyScope;
  readonly resourcePolicy: {
    readonly enabled: boolean;
    readonly streamConsumerPrincipalArns: readonly string[];
    readonly backupPrincipalArns: readonly string[];
    readonly zeroEtlIntegrations: readonly ZeroEtlIntegrationOptions[];
    readonly replicaManagers: PrincipalExemption;
    /** Undefined when the control-plane perimeter is off. */
    readonly controlPlane?: PrincipalExemption;
  };
  readonly imports: ImportOptions;
}

/** Every principal named in any of the sets, once (IAM names are unique case-insensitively; a reference by what it names). */
function unionOf(sets: ReadonlyArray<Principals | undefined>): Principals {
  const merge = (key: keyof Principals): string[] => {
    const seen = new Map<string, string>();
    for (const set of sets) for (const name of set?.[key] ?? []) if (!seen.has(principalKey(name))) seen.set(principalKey(name), name);
    return [...seen.values()];
  };
  return { users: merge("users"), roles: merge("roles"), groups: merge("groups") };
}

/** Fills in every default; never throws, whatever it is given (validation reports what is wrong). */
export function resolveIsolationProps(props: DynamoDbIsolationProps, existing: readonly ExistingTableSource[] = []): ResolvedIsolation {
  const replicas = props.replicas ?? [];
  const grants = props.grants ?? {};
  const adopted = new Set(props.imports?.tables ?? []);
  const tableOf = (options: TableOptions, single: boolean): ResolvedTable => {
    const resolved = resolveTableOptions(options);
    return {
      options: resolved,
      streamViewType: replicas.length ? "NEW_AND_OLD_IMAGES" : resolved.streamViewType,
      single,
      imported: single ? props.imports?.table === true : adopted.has(options.tableName),
    };
  };
  const created = [...(props.table ? [tableOf(props.table, true)] : []), ...(props.tables ?? []).map((t) => tableOf(t, false))];
  // The first table stands in for the others where one table's settings decide (encryption).
  // With existing tables only, no key is made: their keys are their owners', granted when named.
  const existingKey = existing.find((e) => e.kmsKeyArn !== undefined)?.kmsKeyArn;
  const onlyExisting = existingKey ? { type: "CUSTOMER_MANAGED" as const, kmsKeyArn: existingKey } : { type: "AWS_OWNED" as const };
  const first = created[0]?.options ?? resolveTableOptions({ encryption: existing.length ? onlyExisting : {} } as TableOptions);
  const tables = [...created, ...existing.map((e) => existingTableOf(e, first))];
  const perimeterName =
    props.perimeter?.name ?? props.table?.tableName ?? (props.tables?.length === 1 ? props.tables[0].tableName : undefined) ?? "";
  const grantOf = (prop: ResolvedGrant["prop"], access: GrantAccess, id: ResolvedGrant["id"]): ResolvedGrant[] =>
    isEmptyPrincipals(grants[prop]) ? [] : [{ access, prop, id, policyName: `${perimeterName}-${access}`, principals: grants[prop]! }];
  return {
    tables,
    perimeterName,
    tableNamePrefix: props.perimeter?.tableNamePrefix,
    maxManagedPoliciesPerPrincipal: props.perimeter?.maxManagedPoliciesPerPrincipal ?? 10,
    regions: [
      { region: props.region, network: props.network ?? {}, kmsKeyArn: first.encryption.kmsKeyArn },
      ...replicas.map((r) => ({
        region: r.region,
        provider: r.provider,
        network: r.network ?? {},
        kmsKeyArn: r.kmsKeyArn,
        settings: r.settings,
      })),
    ],
    extraEndpointIds: props.extraEndpointIds ?? [],
    customerManagedKeys: first.encryption.type === "CUSTOMER_MANAGED",
    guard: {
      policyName: props.guard?.policyName ?? `${perimeterName}-vpce-guard`,
      scope: props.guard?.scope ?? DEFAULT_GUARD_SCOPE,
      principals: props.guard?.principals ?? {},
    },
    // Whoever is granted access is guarded too: another policy of theirs
    // (a managed full-access policy, say) must not open the internet path.
    guardedPrincipals: unionOf([props.guard?.principals, grants.readOnly, grants.readWrite]),
    grants: [...grantOf("readOnly", "read-only", "ReadOnlyGrant"), ...grantOf("readWrite", "read-write", "ReadWriteGrant")],
    endpointPolicyScope: props.endpointPolicy?.scope ?? DEFAULT_ENDPOINT_POLICY_SCOPE,
    resourcePolicy: resolveResourcePolicy(props.resourcePolicy ?? {}),
    imports: props.imports ?? {},
  };
}

/** An existing table as the steps see a table: its name, and the perimeter's settings where a table's would be read. */
function existingTableOf(existing: ExistingTableSource, first: ResolvedTableOptions): ResolvedTable {
  return {
    options: { ...first, tableName: existing.tableName, preventDestroy: false },
    // A table looked up at plan may have a stream: its policy is made then if it has.
    streamViewType: existing.streamArn !== undefined || existing.lookUp ? (existing.streamViewType ?? "KEYS_ONLY") : undefined,
    single: false,
    imported: false,
    existing,
  };
}

function resolveResourcePolicy(options: ResourcePolicyOptions): ResolvedIsolation["resourcePolicy"] {
  const controlPlane = options.controlPlane ?? {};
  const tag = controlPlane.exemptPrincipalTag ?? DEFAULT_EXEMPT_TAG_KEY;
  // The lock is on unless turned off: from outside, only its operators change or remove the perimeter.
  const operators: PrincipalExemption | undefined =
    controlPlane.enabled === false
      ? undefined
      : { principalArns: controlPlane.exemptPrincipalArns ?? [], principalTag: tag === false ? undefined : tag };
  const managers = options.replicaManagers;
  return {
    enabled: options.enabled !== false,
    streamConsumerPrincipalArns: options.streamConsumerPrincipalArns ?? [],
    backupPrincipalArns: options.backupPrincipalArns ?? [],
    zeroEtlIntegrations: options.zeroEtlIntegrations ?? [],
    // Whoever applies the stack adds its replicas: the operators, unless others are named.
    replicaManagers: managers
      ? { principalArns: managers.principalArns ?? [], principalTag: managers.principalTag }
      : { principalArns: operators?.principalArns ?? [], principalTag: operators?.principalTag },
    controlPlane: operators,
  };
}
