import { Construct } from "constructs";
import { TerraformLocal, TerraformProvider, Token } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { AccessGrant } from "./access-grant";
import { aliasSafe, autoScalingRoleArn, dnsSuffixOf, partitionOf, replicationRoleArn, tableArn } from "./aws-names";
import { EncryptionKey } from "./encryption-key";
import { GatewayEndpoint } from "./gateway-endpoint";
import { GuardPolicy } from "./guard-policy";
import {
  ENDPOINT_POLICY_SCOPES,
  EndpointPolicyScope,
  GUARD_SCOPES,
  GrantAccess,
  GuardScope,
  POLICY_SIZE_LIMITS,
  PolicyDocument,
  endpointPolicy,
  grantPolicy,
  guardPolicy,
  policySize,
  streamResourcePolicy,
  tableResourcePolicy,
} from "./policies";
import { Principals, checkPrincipals, isEmptyPrincipals } from "./policy-attachments";
import { PrivateVpc, PrivateVpcOptions, checkPrivateVpcOptions } from "./private-vpc";
import { Table, TableOptions, checkTableOptions } from "./table";
import { TableResourcePolicy } from "./table-resource-policy";
import {
  checkEndpointIds,
  checkKmsKeyArn,
  checkPolicyName,
  checkRegion,
  checkRouteTableId,
  checkVpcId,
  fail,
  isUnresolved,
} from "./validation";

/** Where an endpoint goes: a new private VPC (default) or an existing VPC. */
export interface NetworkOptions extends PrivateVpcOptions {
  /**
   * ID of an existing VPC; then `routeTableIds` is required and no VPC is created.
   * @default - a new VPC is created
   */
  readonly vpcId?: string;
  /**
   * Every route table of the existing VPC's subnets that reach DynamoDB; only with `vpcId`.
   * @default - the new VPC's route tables
   */
  readonly routeTableIds?: readonly string[];
}

/** The guard policy and who it is attached to. */
export interface GuardOptions {
  /**
   * Name of the customer-managed policy.
   * @default - "<tableName>-vpce-guard"
   */
  readonly policyName?: string;
  /**
   * `all` (every DynamoDB action) or `data-plane` (item and stream reads and
   * writes). Also decides whether the table resource policy denies
   * non-operators the control plane outside the endpoints.
   * @default "all"
   */
  readonly scope?: GuardScope;
  /**
   * Existing users, roles and groups the guard is attached to. Principals
   * named in `grants` get the guard too.
   * @default - nobody
   */
  readonly principals?: Principals;
}

/** Least-privilege access, opt-in per principal set. */
export interface GrantOptions {
  /**
   * Principals that may read items, query and scan (tables and indexes), through the endpoints only.
   * @default - nobody
   */
  readonly readOnly?: Principals;
  /**
   * Principals that may also put, update and delete items, through the endpoints only.
   * @default - nobody
   */
  readonly readWrite?: Principals;
}

/** The gateway endpoints' policy. */
export interface EndpointPolicyOptions {
  /**
   * `account`: DynamoDB actions on any table of this account in the region;
   * `managed-tables`: only on the managed table. Both block writing into
   * another account's table through the endpoint.
   * @default "account"
   */
  readonly scope?: EndpointPolicyScope;
}

/** The table resource policy, which guards every principal, attached or not. */
export interface ResourcePolicyOptions {
  /**
   * Attach the resource policy to the table and every replica. `false` leaves
   * principals without the guard unrestricted by network path.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * IAM principal ARNs (wildcards allowed, e.g. `arn:aws:iam::111122223333:role/platform-*`)
   * that keep control-plane access from outside the endpoints: deploy
   * pipelines, operators, a break-glass role. Never the data plane.
   * @default - none beyond the deployer
   */
  readonly operatorPrincipalArns?: readonly string[];
  /**
   * IAM principal ARNs that may read the table's streams from outside the
   * endpoints, such as Lambda execution roles: stream reads can never use a
   * gateway endpoint. Only matters when the table has a stream.
   * @default - none: only the replication role, AWS services and interface endpoints in `extraEndpointIds`
   */
  readonly streamConsumerPrincipalArns?: readonly string[];
  /**
   * Add whoever runs `terraform apply` to the operators, derived at plan time
   * from the caller identity (the role, not the session), so the default
   * cannot lock out the deployer.
   * @default true
   */
  readonly exemptDeployer?: boolean;
}

/** Existing resources to adopt with Terraform `import` blocks instead of creating them. */
export interface ImportOptions {
  /**
   * Adopt the existing table named `table.tableName`. Its keys must match the
   * config; other settings are updated in place on the first apply.
   * @default false
   */
  readonly table?: boolean;
  /**
   * Adopt an existing DynamoDB gateway endpoint (`vpce-…`) in `network.vpcId`
   * as this region's endpoint; its route tables and policy are then managed here.
   * @default - a new endpoint
   */
  readonly vpcEndpointId?: string;
  /**
   * Adopt an existing customer-managed policy as the guard; its name must be
   * `guard.policyName`, and its document is replaced by the guard.
   * @default - a new policy
   */
  readonly guardPolicyArn?: string;
}

/** A replica of the table in another region (global tables). */
export interface ReplicaProps {
  /** Region of the replica. */
  readonly region: string;
  /** Provider configured for that region. */
  readonly provider: TerraformProvider;
  /**
   * Network for the replica region's gateway endpoint.
   * @default - a new VPC 10.0.0.0/16 with private subnets in two zones
   */
  readonly network?: NetworkOptions;
  /**
   * Customer-managed key in the replica's region; only with CUSTOMER_MANAGED encryption.
   * @default - a new key in that region
   */
  readonly kmsKeyArn?: string;
}

export interface DynamoDbIsolationProps {
  /** Region of the table, VPC and endpoint; must be the default provider's region. */
  readonly region: string;
  /** The table. */
  readonly table: TableOptions;
  /**
   * The network the gateway endpoint is placed in.
   * @default - a new VPC 10.0.0.0/16 with private subnets in two zones
   */
  readonly network?: NetworkOptions;
  /**
   * Further endpoints requests may come through (`vpce-` + 8 or 17 hex digits),
   * for example in other VPCs; they join the endpoint list of every policy.
   * @default - none
   */
  readonly extraEndpointIds?: readonly string[];
  /**
   * The guard policy.
   * @default - a guard named "<tableName>-vpce-guard", scope `all`, attached to nobody
   */
  readonly guard?: GuardOptions;
  /**
   * Least-privilege read-only and read-write policies.
   * @default - none
   */
  readonly grants?: GrantOptions;
  /**
   * The endpoint policy.
   * @default - this account's tables only
   */
  readonly endpointPolicy?: EndpointPolicyOptions;
  /**
   * The table resource policy.
   * @default - on, exempting the deployer from the control-plane deny
   */
  readonly resourcePolicy?: ResourcePolicyOptions;
  /**
   * Replicas in other regions; each gets its own endpoint and resource policy.
   * @default - none
   */
  readonly replicas?: readonly ReplicaProps[];
  /**
   * Existing resources to adopt instead of creating.
   * @default - adopt nothing
   */
  readonly imports?: ImportOptions;
}

/** Stand-ins of the longest values Terraform can fill in, for size checks before apply. */
const LONGEST = {
  accountId: "123456789012",
  endpointId: "vpce-0123456789abcdef0",
  keyId: "00000000-0000-0000-0000-000000000000",
  // A role path may be 512 characters and a role name 64.
  roleArn: (partition: string) => `arn:${partition}:iam::123456789012:role/${"p".repeat(511)}/${"r".repeat(64)}`,
};

// aws:PrincipalArn is never a session ARN (arn:aws:sts::…:assumed-role/…), so only IAM ARNs can match.
const OPERATOR_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|\*):[A-Za-z0-9+=,.@_/*-]+$/;

/** Resources of one region: its table ARN, network and endpoint. */
interface Region {
  readonly region: string;
  readonly provider?: TerraformProvider;
  readonly tableArn: string;
  readonly vpc?: PrivateVpc;
  readonly vpcId: string;
  readonly endpoint: GatewayEndpoint;
}

/**
 * A DynamoDB table reachable only through Gateway VPC endpoints: the table
 * (and its replicas), the network, an endpoint on every route table with a
 * least-privilege endpoint policy, a guard policy attached to the given
 * principals, opt-in read-only and read-write grants, and a table resource
 * policy that guards everyone else.
 */
export class DynamoDbIsolation extends Construct {
  public readonly table: Table;
  /** The table's key, unless an existing key or the AWS owned key is used. */
  public readonly key?: EncryptionKey;
  public readonly vpc?: PrivateVpc;
  public readonly endpoint: GatewayEndpoint;
  public readonly guard: GuardPolicy;
  /** Name of the table. */
  public readonly tableName: string;
  /** ARN of the table. */
  public readonly tableArn: string;
  /** ARNs of the table and its replicas. */
  public readonly tableArns: string[];
  /** ID of the VPC holding the endpoint. */
  public readonly vpcId: string;
  /** Route tables the endpoint is associated with. */
  public readonly routeTableIds: string[];
  /** ID of the gateway endpoint. */
  public readonly vpcEndpointId: string;
  /** ID of DynamoDB's prefix list, for security group rules. */
  public readonly prefixListId: string;
  /** Every endpoint id the policies accept: this region's, the replicas', then the extra ones. */
  public readonly endpointIds: string[];
  /** ARN of the guard policy. */
  public readonly guardPolicyArn: string;
  /** ARNs of the grant policies, by access level. */
  public readonly grantPolicyArns: Partial<Record<GrantAccess, string>> = {};
  /** Gateway endpoint id in each replica region. */
  public readonly replicaEndpointIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: DynamoDbIsolationProps) {
    super(scope, id);
    const network = props.network ?? {};
    const extraEndpointIds = props.extraEndpointIds ?? [];
    const guard = props.guard ?? {};
    const grants = props.grants ?? {};
    const replicas = props.replicas ?? [];
    const resourcePolicy = props.resourcePolicy ?? {};
    const guardScope = guard.scope ?? "all";
    const endpointScope = props.endpointPolicy?.scope ?? "account";
    const tableName = props.table?.tableName;
    const policyName = guard.policyName ?? `${tableName}-vpce-guard`;
    const grantNames: Record<GrantAccess, string> = { "read-only": `${tableName}-read-only`, "read-write": `${tableName}-read-write` };
    const encryptionType = props.table?.encryption?.type ?? "CUSTOMER_MANAGED";
    this.validate(props, policyName, grantNames);

    const partition = partitionOf(props.region);
    // Reads the account at plan time; keys, log ARNs and replica ARNs need it.
    const caller = new DataAwsCallerIdentity(this, "Caller");
    const accountId = caller.accountId;

    // Keys first: the table names every region's key.
    let kmsKeyArn = props.table.encryption?.kmsKeyArn;
    if (encryptionType === "CUSTOMER_MANAGED" && kmsKeyArn === undefined) {
      this.key = new EncryptionKey(this, "Key", {
        region: props.region,
        accountId,
        description: `Encrypts DynamoDB table ${tableName}`,
        aliasName: aliasSafe(`dynamodb/${tableName}`),
      });
      kmsKeyArn = this.key.keyArn;
    }
    const replicaScope = replicas.length ? new Construct(this, "Replicas") : undefined;
    const replicaKeys = replicas.map((replica) => {
      if (encryptionType !== "CUSTOMER_MANAGED") return undefined;
      if (replica.kmsKeyArn !== undefined) return replica.kmsKeyArn;
      return new EncryptionKey(regionScope(replicaScope!, replica.region), "Key", {
        provider: replica.provider,
        region: replica.region,
        accountId,
        description: `Encrypts DynamoDB replica ${tableName} in ${replica.region}`,
        aliasName: aliasSafe(`dynamodb/${tableName}`),
      }).keyArn;
    });

    this.table = new Table(this, "Table", {
      ...props.table,
      encryption: { type: encryptionType, kmsKeyArn },
      // Global tables replicate through a stream of new and old images.
      streamViewType: replicas.length ? "NEW_AND_OLD_IMAGES" : props.table.streamViewType,
      replicas: replicas.map((replica, i) => ({ region: replica.region, kmsKeyArn: replicaKeys[i] })),
    });

    const regions: Region[] = [
      this.buildRegion(this, props.region, undefined, network, this.table.tableArn, accountId, endpointScope, tableName),
      ...replicas.map((replica) => {
        const scopeOfRegion = regionScope(replicaScope!, replica.region);
        return this.buildRegion(
          scopeOfRegion,
          replica.region,
          replica.provider,
          replica.network ?? {},
          this.replicaAttribute(scopeOfRegion, "Arn", "arn", replica.region),
          accountId,
          endpointScope,
          tableName,
        );
      }),
    ];
    const [home] = regions;
    this.vpc = home.vpc;
    this.endpoint = home.endpoint;
    this.endpointIds = [...regions.map((r) => r.endpoint.vpcEndpointId), ...extraEndpointIds];
    this.tableArns = regions.map((r) => r.tableArn);
    replicas.forEach((replica, i) => (this.replicaEndpointIds[replica.region] = regions[i + 1].endpoint.vpcEndpointId));

    const grantSets: Array<[GrantAccess, string, Principals | undefined]> = [
      ["read-only", "ReadOnlyGrant", grants.readOnly],
      ["read-write", "ReadWriteGrant", grants.readWrite],
    ];
    const keyArns = [kmsKeyArn, ...replicaKeys].filter((k): k is string => k !== undefined);
    for (const [access, grantId, principals] of grantSets) {
      if (isEmptyPrincipals(principals)) continue;
      const grant = new AccessGrant(this, grantId, {
        policyName: grantNames[access],
        access,
        tableArns: this.tableArns,
        endpointIds: this.endpointIds,
        kmsKeyArns: keyArns,
        kmsViaServices: regions.map((r) => `dynamodb.${r.region}.${dnsSuffixOf(r.region)}`),
        principals: principals!,
      });
      this.grantPolicyArns[access] = grant.policyArn;
    }

    this.guard = new GuardPolicy(this, "Guard", {
      policyName,
      scope: guardScope,
      tableArns: this.tableArns,
      endpointIds: this.endpointIds,
      // Whoever is granted access is guarded too: another policy of theirs
      // (a managed full-access policy, say) must not open the internet path.
      principals: unionOf([guard.principals, grants.readOnly, grants.readWrite]),
    });

    if (resourcePolicy.enabled !== false) {
      const operators = [...(resourcePolicy.operatorPrincipalArns ?? [])];
      if (resourcePolicy.exemptDeployer !== false) {
        // The role behind the caller's session: aws:PrincipalArn of an
        // assumed-role session is the role's ARN, not the session's.
        operators.push(new DataAwsIamSessionContext(this, "Deployer", { arn: caller.arn }).issuerArn);
      }
      const replicationRole = replicationRoleArn(partition, accountId);
      const hasStream = replicas.length > 0 || props.table.streamViewType !== undefined;
      for (const [i, region] of regions.entries()) {
        const policyScope = i === 0 ? this : regionScope(replicaScope!, region.region);
        new TableResourcePolicy(policyScope, "ResourcePolicy", {
          provider: region.provider,
          resourceArn: region.tableArn,
          document: tableResourcePolicy({
            tableArn: region.tableArn,
            endpointIds: this.endpointIds,
            scope: guardScope,
            replicationRoleArn: replicationRole,
            serviceRoleArns: [autoScalingRoleArn(partition, accountId)],
            operatorPrincipalArns: operators,
          }),
        });
        if (!hasStream) continue;
        const streamArn = i === 0 ? this.table.resource.streamArn : this.replicaAttribute(policyScope, "StreamArn", "stream_arn", region.region);
        new TableResourcePolicy(policyScope, "StreamPolicy", {
          provider: region.provider,
          resourceArn: streamArn,
          document: streamResourcePolicy({
            streamArn,
            endpointIds: this.endpointIds,
            replicationRoleArn: replicationRole,
            consumerPrincipalArns: resourcePolicy.streamConsumerPrincipalArns ?? [],
          }),
        });
      }
    }

    const imports = props.imports ?? {};
    if (imports.table) this.table.resource.importFrom(tableName);
    if (imports.vpcEndpointId !== undefined) this.endpoint.resource.importFrom(imports.vpcEndpointId);
    if (imports.guardPolicyArn !== undefined) {
      this.guard.resource.importFrom(imports.guardPolicyArn);
      // IAM cannot change a policy's description: a different one would
      // replace the adopted policy, detaching it from everyone for a moment.
      this.guard.resource.lifecycle = { ignoreChanges: ["description"] };
    }

    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.vpcId = home.vpcId;
    this.routeTableIds = this.endpoint.routeTableIds;
    this.vpcEndpointId = this.endpoint.vpcEndpointId;
    this.prefixListId = this.endpoint.prefixListId;
    this.guardPolicyArn = this.guard.policyArn;
  }

  /**
   * An attribute of the replica in `region`. Replicas sit in a set, so the
   * value is picked out by region in a local: that keeps the expression's
   * quotes out of policy JSON text, and every user of it depends on the table.
   */
  private replicaAttribute(scope: Construct, id: string, attribute: "arn" | "stream_arn", region: string): string {
    const expression = `\${[for r in ${this.table.resource.fqn}.replica : r.${attribute} if r.region_name == "${region}"][0]}`;
    return Token.asString(new TerraformLocal(scope, id, expression).expression);
  }

  /** The network and endpoint of one region. */
  private buildRegion(
    scope: Construct,
    region: string,
    provider: TerraformProvider | undefined,
    network: NetworkOptions,
    regionTableArn: string,
    accountId: string,
    endpointScope: EndpointPolicyScope,
    /** The literal table name, for Name tags, log group names and key aliases. */
    name: string,
  ): Region {
    let vpc: PrivateVpc | undefined;
    let vpcId: string;
    let routeTableIds: readonly string[];
    if (network.vpcId !== undefined) {
      vpcId = network.vpcId;
      routeTableIds = network.routeTableIds ?? [];
    } else {
      vpc = new PrivateVpc(scope, "Network", {
        provider,
        region,
        accountId,
        cidrBlock: network.cidrBlock,
        availabilityZones: network.availabilityZones,
        flowLogs: network.flowLogs,
        name,
      });
      vpcId = vpc.vpcId;
      routeTableIds = vpc.routeTableIds;
    }
    const endpoint = new GatewayEndpoint(scope, "Endpoint", {
      provider,
      region,
      vpcId,
      routeTableIds,
      policyDocument: endpointPolicy({
        scope: endpointScope,
        partition: partitionOf(region),
        region,
        accountId,
        tableArns: [regionTableArn],
      }),
      tags: { Name: `${name}-dynamodb` },
    });
    return { region, provider, tableArn: regionTableArn, vpc, vpcId, endpoint };
  }

  /**
   * Checks every prop, nested ones included, before any resource is created.
   * Prop names in errors are the paths of this construct's props (and of the
   * config file's stack entry), e.g. `table.sortKey.name`.
   */
  private validate(props: DynamoDbIsolationProps, policyName: string, grantNames: Record<GrantAccess, string>): void {
    const where = this.node.path;
    checkRegion(where, "region", props.region);
    if (!props.table) fail(where, "table", "is required (at least tableName and partitionKey)", props.table);
    checkTableOptions(where, "table.", props.table);
    checkNetwork(where, "network.", props.network ?? {}, props.region);

    const extraEndpointIds = props.extraEndpointIds ?? [];
    if (extraEndpointIds.length) checkEndpointIds(where, "extraEndpointIds", extraEndpointIds);

    const guard = props.guard ?? {};
    checkPolicyName(where, guard.policyName === undefined ? "guard.policyName (derived from table.tableName)" : "guard.policyName", policyName);
    if (guard.scope !== undefined && !GUARD_SCOPES.includes(guard.scope)) {
      fail(where, "guard.scope", `must be one of ${GUARD_SCOPES.join(", ")}`, guard.scope);
    }
    checkPrincipals(where, "guard.principals", guard.principals ?? {});

    const grants = props.grants ?? {};
    for (const [key, access] of [["readOnly", "read-only"], ["readWrite", "read-write"]] as const) {
      const principals = grants[key];
      if (principals === undefined) continue;
      checkPrincipals(where, `grants.${key}`, principals);
      if (!isEmptyPrincipals(principals)) checkPolicyName(where, `grants.${key} (policy name derived from table.tableName)`, grantNames[access]);
    }

    const endpointScope = props.endpointPolicy?.scope;
    if (endpointScope !== undefined && !ENDPOINT_POLICY_SCOPES.includes(endpointScope)) {
      fail(where, "endpointPolicy.scope", `must be one of ${ENDPOINT_POLICY_SCOPES.join(", ")}`, endpointScope);
    }

    checkPrincipalArns(where, "resourcePolicy.operatorPrincipalArns", props.resourcePolicy?.operatorPrincipalArns ?? [], "role/deployer");
    checkPrincipalArns(where, "resourcePolicy.streamConsumerPrincipalArns", props.resourcePolicy?.streamConsumerPrincipalArns ?? [], "role/stream-reader");

    const imports = props.imports ?? {};
    if (imports.vpcEndpointId !== undefined) {
      checkEndpointIds(where, "imports.vpcEndpointId", [imports.vpcEndpointId]);
      if (props.network?.vpcId === undefined) {
        fail(where, "imports.vpcEndpointId", "needs network.vpcId: an existing endpoint lives in an existing VPC", imports.vpcEndpointId);
      }
    }
    if (imports.guardPolicyArn !== undefined && !isUnresolved(imports.guardPolicyArn)) {
      const match = /^arn:aws[a-z-]*:iam::\d{12}:policy\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,128})$/.exec(imports.guardPolicyArn);
      if (!match) {
        fail(where, "imports.guardPolicyArn", "must be a customer-managed policy ARN such as 'arn:aws:iam::111122223333:policy/vpcepolicy'", imports.guardPolicyArn);
      }
      if (match[1] !== policyName) {
        fail(where, "imports.guardPolicyArn", `must name the policy '${policyName}' (guard.policyName): an import adopts, it does not rename`, imports.guardPolicyArn);
      }
    }

    this.validateReplicas(props);
    this.validateSizes(props, policyName);
  }

  private validateReplicas(props: DynamoDbIsolationProps): void {
    const where = this.node.path;
    const replicas = props.replicas ?? [];
    const encryptionType = props.table.encryption?.type ?? "CUSTOMER_MANAGED";
    const seen = new Set<string>([props.region]);
    replicas.forEach((replica, i) => {
      const p = `replicas[${i}]`;
      checkRegion(where, `${p}.region`, replica.region);
      if (seen.has(replica.region)) {
        fail(where, `${p}.region`, `must differ from the table's region and from the other replicas' regions`, replica.region);
      }
      seen.add(replica.region);
      if (!replica.provider) fail(where, `${p}.provider`, `is required: a provider configured for region ${replica.region}`, replica.provider);
      checkNetwork(where, `${p}.network.`, replica.network ?? {}, replica.region);
      if (replica.kmsKeyArn !== undefined) {
        if (encryptionType !== "CUSTOMER_MANAGED") {
          fail(where, `${p}.kmsKeyArn`, "is only allowed with table.encryption.type CUSTOMER_MANAGED", replica.kmsKeyArn);
        }
        checkKmsKeyArn(where, `${p}.kmsKeyArn`, replica.kmsKeyArn);
        if (!isUnresolved(replica.kmsKeyArn) && replica.kmsKeyArn.split(":")[3] !== replica.region) {
          fail(where, `${p}.kmsKeyArn`, `must be a key in the replica's region ${replica.region} (KMS keys are regional)`, replica.kmsKeyArn);
        }
      }
    });
    if (replicas.length === 0) return;
    const table = props.table;
    if (table.streamViewType !== undefined && table.streamViewType !== "NEW_AND_OLD_IMAGES") {
      fail(where, "table.streamViewType", "must be NEW_AND_OLD_IMAGES (or unset) for a table with replicas", table.streamViewType);
    }
    if (table.billingMode === "PROVISIONED" && table.autoScaling?.enabled === false) {
      fail(where, "table.autoScaling.enabled", "must not be false for a provisioned table with replicas (global tables need write auto scaling)", false);
    }
  }

  /**
   * Policies grow with tables, endpoints and operators. Their final size is
   * only known at apply, so each is measured with every Terraform reference
   * replaced by the longest value it can take.
   */
  private validateSizes(props: DynamoDbIsolationProps, policyName: string): void {
    const where = this.node.path;
    const partition = partitionOf(props.region);
    const regions = [props.region, ...(props.replicas ?? []).map((r) => r.region)];
    const tableArns = regions.map((r) => tableArn(partitionOf(r), r, LONGEST.accountId, props.table.tableName));
    const endpointIds = [...regions.map(() => LONGEST.endpointId), ...(props.extraEndpointIds ?? [])];
    const keys =
      (props.table.encryption?.type ?? "CUSTOMER_MANAGED") === "CUSTOMER_MANAGED"
        ? regions.map((r) => `arn:${partitionOf(r)}:kms:${r}:${LONGEST.accountId}:key/${LONGEST.keyId}`)
        : [];
    const guardScope = props.guard?.scope ?? "all";
    const operators = [...(props.resourcePolicy?.operatorPrincipalArns ?? []), LONGEST.roleArn(partition)];

    const measure = (prop: string, what: string, doc: PolicyDocument, limit: number): void => {
      const size = policySize(doc);
      if (size > limit) {
        fail(where, prop, `makes the ${what} up to ${size} characters once applied, over the ${limit}-character limit (fewer endpoints, replicas or operators)`, `${size} characters`);
      }
    };
    measure("guard", `guard policy '${policyName}'`, guardPolicy({ tableArns, endpointIds, scope: guardScope }), POLICY_SIZE_LIMITS.identity);
    for (const [key, access] of [["readOnly", "read-only"], ["readWrite", "read-write"]] as const) {
      if (isEmptyPrincipals(props.grants?.[key])) continue;
      measure(
        `grants.${key}`,
        `${access} grant policy`,
        grantPolicy({ access, tableArns, endpointIds, kmsKeyArns: keys, kmsViaServices: regions.map((r) => `dynamodb.${r}.${dnsSuffixOf(r)}`) }),
        POLICY_SIZE_LIMITS.identity,
      );
    }
    measure(
      "endpointPolicy",
      "endpoint policy",
      endpointPolicy({ scope: props.endpointPolicy?.scope ?? "account", partition, region: props.region, accountId: LONGEST.accountId, tableArns: [tableArns[0]] }),
      POLICY_SIZE_LIMITS.endpoint,
    );
    if (props.resourcePolicy?.enabled === false) return;
    measure(
      "resourcePolicy",
      "table resource policy",
      tableResourcePolicy({
        tableArn: tableArns[0],
        endpointIds,
        scope: guardScope,
        replicationRoleArn: replicationRoleArn(partition, LONGEST.accountId),
        serviceRoleArns: [autoScalingRoleArn(partition, LONGEST.accountId)],
        operatorPrincipalArns: operators,
      }),
      POLICY_SIZE_LIMITS.resource,
    );
  }
}

/** IAM principal ARNs for `aws:PrincipalArn` conditions; wildcards allowed. */
function checkPrincipalArns(where: string, prop: string, arns: readonly string[], example: string): void {
  const seen = new Set<string>();
  arns.forEach((arn, i) => {
    if (isUnresolved(arn)) return;
    if (typeof arn !== "string" || !OPERATOR_ARN.test(arn)) {
      fail(where, `${prop}[${i}]`, `must be an IAM principal ARN such as 'arn:aws:iam::111122223333:${example}' (wildcards allowed)`, arn);
    }
    if (seen.has(arn)) fail(where, `${prop}[${i}]`, "must not repeat an ARN", arn);
    seen.add(arn);
  });
}

/** The construct holding one replica region's resources, created on first use. */
function regionScope(replicas: Construct, region: string): Construct {
  return (replicas.node.tryFindChild(region) as Construct | undefined) ?? new Construct(replicas, region);
}

/** Every principal named in any of the sets, once. */
function unionOf(sets: ReadonlyArray<Principals | undefined>): Principals {
  const merge = (key: keyof Principals): string[] => {
    const seen = new Map<string, string>();
    for (const set of sets) for (const name of set?.[key] ?? []) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
    return [...seen.values()];
  };
  return { users: merge("users"), roles: merge("roles"), groups: merge("groups") };
}

/** Checks a region's network options; `prefix` is e.g. "network." or "replicas[0].network.". */
function checkNetwork(where: string, prefix: string, network: NetworkOptions, region: string): void {
  if (network.vpcId === undefined) {
    if (network.routeTableIds !== undefined) {
      fail(where, `${prefix}routeTableIds`, `is only allowed with ${prefix}vpcId (a new VPC brings its own route tables)`, network.routeTableIds);
    }
    checkPrivateVpcOptions(where, prefix, network, region);
    return;
  }
  checkVpcId(where, `${prefix}vpcId`, network.vpcId);
  if (network.cidrBlock !== undefined) {
    fail(where, `${prefix}cidrBlock`, `must not be set with ${prefix}vpcId (the existing VPC keeps its own CIDR)`, network.cidrBlock);
  }
  if (network.availabilityZones !== undefined) {
    fail(where, `${prefix}availabilityZones`, `must not be set with ${prefix}vpcId`, network.availabilityZones);
  }
  if (network.flowLogs !== undefined) {
    fail(where, `${prefix}flowLogs`, `must not be set with ${prefix}vpcId (flow logs of an existing VPC belong to its owner)`, network.flowLogs);
  }
  const routeTableIds = network.routeTableIds ?? [];
  if (routeTableIds.length === 0) {
    fail(
      where,
      `${prefix}routeTableIds`,
      "must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic",
      network.routeTableIds,
    );
  }
  const seen = new Set<string>();
  routeTableIds.forEach((rtb, i) => {
    checkRouteTableId(where, `${prefix}routeTableIds[${i}]`, rtb);
    if (seen.has(rtb)) fail(where, `${prefix}routeTableIds[${i}]`, "must not repeat a route table", rtb);
    seen.add(rtb);
  });
}
