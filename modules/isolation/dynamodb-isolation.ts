import { Construct } from "constructs";
import { MonitoringParts } from "../monitoring/build-monitoring";
import { Table } from "../dynamodb/table";
import { GuardPolicy } from "../iam/guard-policy";
import { EncryptionKey } from "../kms/encryption-key";
import { GatewayEndpoint } from "../network/gateway-endpoint";
import { InterfaceEndpointService } from "../network/interface-endpoint-options";
import { InterfaceEndpointAttributes } from "../network/interface-endpoints";
import { PrivateVpc } from "../network/private-vpc";
import { GrantAccess } from "../policies/identity-policies";
import { PolicyDocument } from "../policies/document";
import { buildPerimeter } from "./build-perimeter";
import { DynamoDbIsolationProps } from "./props";

/**
 * A perimeter: DynamoDB tables reachable only through one gateway endpoint
 * per region: the tables (and their replicas), the network, an endpoint on
 * every route table with a least-privilege endpoint policy (or an existing
 * endpoint, joined), a guard policy attached to the given principals, opt-in
 * read-only and read-write grants, and resource policies that guard everyone
 * else.
 *
 * Creates, through its parts: `aws_dynamodb_table` (Table), `aws_kms_key`
 * (EncryptionKey), `aws_vpc` and its subnets (PrivateVpc), `aws_vpc_endpoint`
 * (GatewayEndpoint) or `data.aws_vpc_endpoint` (JoinedEndpoint), interface endpoints and their security group
 * (InterfaceEndpoints), `aws_iam_policy` and attachments (GuardPolicy,
 * AccessGrant), `aws_dynamodb_resource_policy` (TableResourcePolicy), and
 * reads `data.aws_caller_identity` (the account, never who the caller is).
 */
export class DynamoDbIsolation extends Construct {
  /** The first table: `table`, or the first entry of `tables` (its replicas are part of it). */
  public readonly table!: Table;
  /** Every table of the perimeter: `table` first, then `tables` in order. */
  public readonly tables!: Table[];
  /** The key the perimeter created in its tables' region, unless an existing key or the AWS owned key is used. */
  public readonly key?: EncryptionKey;
  /** The tables' region's new VPC, unless an existing VPC or endpoint is used. */
  public readonly vpc?: PrivateVpc;
  /** The tables' region's gateway endpoint, unless an existing one is joined. */
  public readonly endpoint?: GatewayEndpoint;
  /** The guard policy. */
  public readonly guard!: GuardPolicy;
  /** Name of the first table. */
  public readonly tableName!: string;
  /** ARN of the first table. */
  public readonly tableArn!: string;
  /** ARNs of every table in every region, table by table. */
  public readonly tableArns!: string[];
  /** ARN of each table in the tables' region, by table name. */
  public readonly tableArnsByName!: Record<string, string>;
  /** ID of the VPC holding the endpoint. */
  public readonly vpcId!: string;
  /** Route tables the endpoint is associated with. */
  public readonly routeTableIds!: string[];
  /** ID of the gateway endpoint. */
  public readonly vpcEndpointId!: string;
  /** ID of DynamoDB's prefix list, for security group rules. */
  public readonly prefixListId!: string;
  /** The endpoint policy, as applied, or as the owner of a joined endpoint should apply it. */
  public readonly endpointPolicyDocument!: PolicyDocument;
  /** The same policy as the text of a Terraform string (references inside), e.g. for an output. */
  public readonly endpointPolicyJson!: string;
  /** Every endpoint id the policies accept: this region's, the replicas', then the extra ones. */
  public readonly endpointIds!: string[];
  /** ARN of the guard policy. */
  public readonly guardPolicyArn!: string;
  /** ARNs of the grant policies, by access level. */
  public readonly grantPolicyArns!: Partial<Record<GrantAccess, string>>;
  /** Gateway endpoint id in each replica region. */
  public readonly replicaEndpointIds!: Record<string, string>;
  /** ARN of each table's replica in each replica region, by table name, then region. */
  public readonly replicaTableArnsByName!: Record<string, Record<string, string>>;
  /** Stream ARN of each table with a stream, in the tables' region, by table name. */
  public readonly streamArnsByName!: Record<string, string>;
  /** Each region's interface endpoints (id and DNS names), by region, then service; only regions that have them. */
  public readonly interfaceEndpoints!: Record<string, Partial<Record<InterfaceEndpointService, InterfaceEndpointAttributes>>>;
  /** The customer-managed key of each region (created or given), by region; none with AWS owned keys. */
  public readonly kmsKeyArns!: Record<string, string>;
  /** How the organization's SCP names this perimeter's tables (`organizationPolicyDocuments`' `tableArnPatterns`). */
  public readonly organizationTablePatterns!: string[];
  /** Principal tag keys that exempt from this perimeter, which the organization's SCP must protect. */
  public readonly exemptionTagKeys!: string[];
  /** How the organization's SCP names this perimeter's guard policy, guarded groups and exempt principals (`organizationPolicyDocuments`' guard patterns). */
  public readonly organizationGuardPatterns!: { readonly policies: string[]; readonly groups: string[]; readonly principals: string[] };
  /** With `monitoring`: each region's alert topic and every tamper rule's name. */
  public readonly alerts?: MonitoringParts;

  constructor(scope: Construct, id: string, props: DynamoDbIsolationProps) {
    super(scope, id);
    const parts = buildPerimeter(this, props);
    // Every table of these props is created here, so each is a Table.
    Object.assign(this, parts, { table: parts.table as Table, tables: parts.tables as Table[] });
  }
}
