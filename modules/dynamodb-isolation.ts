import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { aliasSafe } from "./aws-names";
import { EncryptionKey } from "./encryption-key";
import { GatewayEndpoint } from "./gateway-endpoint";
import { GuardPolicy } from "./guard-policy";
import { GUARD_SCOPES, GuardScope } from "./policies";
import { Principals, checkPrincipals } from "./policy-attachments";
import { PrivateVpc, PrivateVpcOptions, checkPrivateVpcOptions } from "./private-vpc";
import { Table, TableOptions, checkTableOptions } from "./table";
import { checkPolicyName, checkRegion, checkRouteTableId, checkVpcEndpointId, checkVpcId, fail } from "./validation";

/** Where the endpoint goes: a new private VPC (default) or an existing VPC. */
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
   * `all` (every DynamoDB action) or `data-plane` (item and stream reads and writes).
   * @default "all"
   */
  readonly scope?: GuardScope;
  /**
   * Existing users, roles and groups the guard is attached to.
   * @default - nobody
   */
  readonly principals?: Principals;
}

export interface DynamoDbIsolationProps {
  /** Region of the table, VPC and endpoint; must be the provider's region. */
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
}

/**
 * A DynamoDB table reachable only through a Gateway VPC endpoint: the table,
 * the network, the endpoint on every route table, and a guard policy that
 * denies the table outside the endpoints, attached to the given principals.
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
  /** ID of the VPC holding the endpoint. */
  public readonly vpcId: string;
  /** Route tables the endpoint is associated with. */
  public readonly routeTableIds: string[];
  /** ID of the gateway endpoint. */
  public readonly vpcEndpointId: string;
  /** ID of DynamoDB's prefix list, for security group rules. */
  public readonly prefixListId: string;
  /** Every endpoint id the policies accept, this one first. */
  public readonly endpointIds: string[];
  /** ARN of the guard policy. */
  public readonly guardPolicyArn: string;

  constructor(scope: Construct, id: string, props: DynamoDbIsolationProps) {
    super(scope, id);
    const network = props.network ?? {};
    const extraEndpointIds = props.extraEndpointIds ?? [];
    const guard = props.guard ?? {};
    const policyName = guard.policyName ?? `${props.table?.tableName}-vpce-guard`;
    this.validate(props, network, extraEndpointIds, policyName);

    // Reads the account at plan time; keys and log ARNs need it.
    const caller = new DataAwsCallerIdentity(this, "Caller");
    const accountId = caller.accountId;

    const encryption = props.table.encryption ?? {};
    const encryptionType = encryption.type ?? "CUSTOMER_MANAGED";
    let kmsKeyArn = encryption.kmsKeyArn;
    if (encryptionType === "CUSTOMER_MANAGED" && kmsKeyArn === undefined) {
      this.key = new EncryptionKey(this, "Key", {
        region: props.region,
        accountId,
        description: `Encrypts DynamoDB table ${props.table.tableName}`,
        aliasName: aliasSafe(`dynamodb/${props.table.tableName}`),
      });
      kmsKeyArn = this.key.keyArn;
    }
    this.table = new Table(this, "Table", { ...props.table, encryption: { type: encryptionType, kmsKeyArn } });

    let vpcId: string;
    let routeTableIds: readonly string[];
    if (network.vpcId !== undefined) {
      vpcId = network.vpcId;
      routeTableIds = network.routeTableIds ?? [];
    } else {
      this.vpc = new PrivateVpc(this, "Network", {
        region: props.region,
        accountId,
        cidrBlock: network.cidrBlock,
        availabilityZones: network.availabilityZones,
        flowLogs: network.flowLogs,
        name: props.table.tableName,
      });
      vpcId = this.vpc.vpcId;
      routeTableIds = this.vpc.routeTableIds;
    }

    this.endpoint = new GatewayEndpoint(this, "Endpoint", {
      region: props.region,
      vpcId,
      routeTableIds,
      tags: { Name: `${props.table.tableName}-dynamodb` },
    });
    this.endpointIds = [this.endpoint.vpcEndpointId, ...extraEndpointIds];

    this.guard = new GuardPolicy(this, "Guard", {
      policyName,
      scope: guard.scope,
      tableArns: [this.table.tableArn],
      endpointIds: this.endpointIds,
      principals: guard.principals,
    });

    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.vpcId = vpcId;
    this.routeTableIds = this.endpoint.routeTableIds;
    this.vpcEndpointId = this.endpoint.vpcEndpointId;
    this.prefixListId = this.endpoint.prefixListId;
    this.guardPolicyArn = this.guard.policyArn;
  }

  /**
   * Checks every prop, nested ones included, before any resource is created.
   * Prop names in errors are the paths of this construct's props (and of the
   * config file's stack entry), e.g. `table.sortKey.name`.
   */
  private validate(
    props: DynamoDbIsolationProps,
    network: NetworkOptions,
    extraEndpointIds: readonly string[],
    policyName: string,
  ): void {
    const where = this.node.path;
    checkRegion(where, "region", props.region);
    if (!props.table) fail(where, "table", "is required (at least tableName and partitionKey)", props.table);
    checkTableOptions(where, "table.", props.table);

    if (network.vpcId !== undefined) {
      checkVpcId(where, "network.vpcId", network.vpcId);
      if (network.cidrBlock !== undefined) {
        fail(where, "network.cidrBlock", "must not be set with network.vpcId (the existing VPC keeps its own CIDR)", network.cidrBlock);
      }
      if (network.availabilityZones !== undefined) {
        fail(where, "network.availabilityZones", "must not be set with network.vpcId", network.availabilityZones);
      }
      if (network.flowLogs !== undefined) {
        fail(where, "network.flowLogs", "must not be set with network.vpcId (flow logs of an existing VPC belong to its owner)", network.flowLogs);
      }
      const routeTableIds = network.routeTableIds ?? [];
      if (routeTableIds.length === 0) {
        fail(
          where,
          "network.routeTableIds",
          "must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic",
          network.routeTableIds,
        );
      }
      const seen = new Set<string>();
      routeTableIds.forEach((rtb, i) => {
        checkRouteTableId(where, `network.routeTableIds[${i}]`, rtb);
        if (seen.has(rtb)) fail(where, `network.routeTableIds[${i}]`, "must not repeat a route table", rtb);
        seen.add(rtb);
      });
    } else {
      if (network.routeTableIds !== undefined) {
        fail(where, "network.routeTableIds", "is only allowed with network.vpcId (a new VPC brings its own route tables)", network.routeTableIds);
      }
      checkPrivateVpcOptions(where, "network.", network, props.region);
    }

    const seen = new Set<string>();
    extraEndpointIds.forEach((e, i) => {
      checkVpcEndpointId(where, `extraEndpointIds[${i}]`, e);
      if (seen.has(e)) fail(where, `extraEndpointIds[${i}]`, "must not repeat an endpoint", e);
      seen.add(e);
    });

    const guard = props.guard ?? {};
    checkPolicyName(where, guard.policyName === undefined ? "guard.policyName (derived from table.tableName)" : "guard.policyName", policyName);
    if (guard.scope !== undefined && !GUARD_SCOPES.includes(guard.scope)) {
      fail(where, "guard.scope", `must be one of ${GUARD_SCOPES.join(", ")}`, guard.scope);
    }
    checkPrincipals(where, "guard.principals", guard.principals ?? {});
  }
}
