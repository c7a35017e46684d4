import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { Table } from "../dynamodb/table";
import { GuardPolicy } from "../iam/guard-policy";
import { EncryptionKey } from "../kms/encryption-key";
import { GatewayEndpoint } from "../network/gateway-endpoint";
import { PrivateVpc } from "../network/private-vpc";
import { GrantAccess } from "../policies/identity-policies";
import { adoptExisting, buildAccess, buildResourcePolicies } from "./build-access";
import { buildKeys, buildNetworks, buildTable } from "./build-regions";
import { PerimeterValues, endpointIdsOf } from "./policy-inputs";
import { DynamoDbIsolationProps } from "./props";
import { resolveIsolationProps } from "./resolve";
import { validateIsolation } from "./validate";

/**
 * A DynamoDB table reachable only through Gateway VPC endpoints: the table
 * (and its replicas), the network, an endpoint on every route table with a
 * least-privilege endpoint policy, a guard policy attached to the given
 * principals, opt-in read-only and read-write grants, and a table resource
 * policy that guards everyone else.
 *
 * Creates, through its parts: `aws_dynamodb_table` (Table), `aws_kms_key`
 * (EncryptionKey), `aws_vpc` and its subnets (PrivateVpc), `aws_vpc_endpoint`
 * (GatewayEndpoint), `aws_iam_policy` and attachments (GuardPolicy,
 * AccessGrant), `aws_dynamodb_resource_policy` (TableResourcePolicy), and
 * reads `data.aws_caller_identity` and `data.aws_iam_session_context`.
 */
export class DynamoDbIsolation extends Construct {
  /** The table (its replicas are part of it). */
  public readonly table: Table;
  /** The table's key, unless an existing key or the AWS owned key is used. */
  public readonly key?: EncryptionKey;
  /** The table's region's new VPC, unless an existing one is used. */
  public readonly vpc?: PrivateVpc;
  /** The table's region's gateway endpoint. */
  public readonly endpoint: GatewayEndpoint;
  /** The guard policy. */
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
  public readonly grantPolicyArns: Partial<Record<GrantAccess, string>>;
  /** Gateway endpoint id in each replica region. */
  public readonly replicaEndpointIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: DynamoDbIsolationProps) {
    super(scope, id);
    // In the order the README explains: defaults, every check, then what is built.
    const resolved = resolveIsolationProps(props);
    validateIsolation(this.node.path, props, resolved);

    // Reads the account at plan time; keys, log ARNs and replica ARNs need it.
    const caller = new DataAwsCallerIdentity(this, "Caller");
    const keys = buildKeys(this, resolved, caller.accountId);
    this.table = buildTable(this, resolved, keys);
    const regions = buildNetworks(this, resolved, this.table, caller.accountId);
    const values: PerimeterValues = {
      accountId: caller.accountId,
      regions: regions.map((r, i) => ({ region: r.region.region, tableArn: r.tableArn, endpointId: r.endpoint.vpcEndpointId, kmsKeyArn: keys.kmsKeyArns[i] })),
    };
    const access = buildAccess(this, resolved, values);
    buildResourcePolicies(this, resolved, this.table, values, caller.arn);
    const [home, ...replicas] = regions;
    adoptExisting(resolved, this.table, home.endpoint, access.guard);

    this.key = keys.key;
    this.vpc = home.vpc;
    this.endpoint = home.endpoint;
    this.guard = access.guard;
    this.grantPolicyArns = access.grantPolicyArns;
    this.endpointIds = endpointIdsOf(resolved, values);
    this.tableArns = regions.map((r) => r.tableArn);
    for (const replica of replicas) this.replicaEndpointIds[replica.region.region] = replica.endpoint.vpcEndpointId;
    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.vpcId = home.vpcId;
    this.routeTableIds = this.endpoint.routeTableIds;
    this.vpcEndpointId = this.endpoint.vpcEndpointId;
    this.prefixListId = this.endpoint.prefixListId;
    this.guardPolicyArn = this.guard.policyArn;
  }
}
