import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { Table } from "../dynamodb/table";
import { GuardPolicy } from "../iam/guard-policy";
import { EncryptionKey } from "../kms/encryption-key";
import { GatewayEndpoint } from "../network/gateway-endpoint";
import { InterfaceEndpointService } from "../network/interface-endpoint-options";
import { InterfaceEndpointAttributes } from "../network/interface-endpoints";
import { PrivateVpc } from "../network/private-vpc";
import { GrantAccess } from "../policies/identity-policies";
import { PolicyDocument } from "../policies/document";
import { policyText } from "../private/policy-text";
import { adoptExisting, buildAccess, buildResourcePolicies } from "./build-access";
import { buildKeys, buildNetworks, buildTables } from "./build-regions";
import { tagPerimeterResources } from "./perimeter-tags";
import { attachedInStack, attachmentsOf, recordAttachments } from "./policy-count";
import { PerimeterValues, endpointIdsOf, exemptionTagKeys, organizationGuardPatterns, organizationTablePatterns } from "./policy-inputs";
import { DynamoDbIsolationProps } from "./props";
import { resolveIsolationProps } from "./resolve";
import { defaultAwsProvider } from "./provider-regions";
import { validateIsolation } from "./validate";

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
  public readonly table: Table;
  /** Every table of the perimeter: `table` first, then `tables` in order. */
  public readonly tables: Table[];
  /** The key the perimeter created in its tables' region, unless an existing key or the AWS owned key is used. */
  public readonly key?: EncryptionKey;
  /** The tables' region's new VPC, unless an existing VPC or endpoint is used. */
  public readonly vpc?: PrivateVpc;
  /** The tables' region's gateway endpoint, unless an existing one is joined. */
  public readonly endpoint?: GatewayEndpoint;
  /** The guard policy. */
  public readonly guard: GuardPolicy;
  /** Name of the first table. */
  public readonly tableName: string;
  /** ARN of the first table. */
  public readonly tableArn: string;
  /** ARNs of every table in every region, table by table. */
  public readonly tableArns: string[];
  /** ARN of each table in the tables' region, by table name. */
  public readonly tableArnsByName: Record<string, string> = {};
  /** ID of the VPC holding the endpoint. */
  public readonly vpcId: string;
  /** Route tables the endpoint is associated with. */
  public readonly routeTableIds: string[];
  /** ID of the gateway endpoint. */
  public readonly vpcEndpointId: string;
  /** ID of DynamoDB's prefix list, for security group rules. */
  public readonly prefixListId: string;
  /** The endpoint policy, as applied, or as the owner of a joined endpoint should apply it. */
  public readonly endpointPolicyDocument: PolicyDocument;
  /** The same policy as the text of a Terraform string (references inside), e.g. for an output. */
  public readonly endpointPolicyJson: string;
  /** Every endpoint id the policies accept: this region's, the replicas', then the extra ones. */
  public readonly endpointIds: string[];
  /** ARN of the guard policy. */
  public readonly guardPolicyArn: string;
  /** ARNs of the grant policies, by access level. */
  public readonly grantPolicyArns: Partial<Record<GrantAccess, string>>;
  /** Gateway endpoint id in each replica region. */
  public readonly replicaEndpointIds: Record<string, string> = {};
  /** ARN of each table's replica in each replica region, by table name, then region. */
  public readonly replicaTableArnsByName: Record<string, Record<string, string>> = {};
  /** Stream ARN of each table with a stream, in the tables' region, by table name. */
  public readonly streamArnsByName: Record<string, string> = {};
  /** Each region's interface endpoints (id and DNS names), by region, then service; only regions that have them. */
  public readonly interfaceEndpoints: Record<string, Partial<Record<InterfaceEndpointService, InterfaceEndpointAttributes>>> = {};
  /** The customer-managed key of each region (created or given), by region; none with AWS owned keys. */
  public readonly kmsKeyArns: Record<string, string> = {};
  /** How the organization's SCP names this perimeter's tables (`organizationPolicyDocuments`' `tableArnPatterns`). */
  public readonly organizationTablePatterns: string[];
  /** Principal tag keys that exempt from this perimeter, which the organization's SCP must protect. */
  public readonly exemptionTagKeys: string[];
  /** How the organization's SCP names this perimeter's guard policy, guarded groups and exempt principals (`organizationPolicyDocuments`' guard patterns). */
  public readonly organizationGuardPatterns: { readonly policies: string[]; readonly groups: string[]; readonly principals: string[] };

  constructor(scope: Construct, id: string, props: DynamoDbIsolationProps) {
    super(scope, id);
    // In the order the README explains: defaults, every check, then what is built.
    const resolved = resolveIsolationProps(props);
    validateIsolation(this.node.path, props, resolved, attachedInStack(this), defaultAwsProvider(this));

    // Reads the account at plan time; keys, log ARNs and replica ARNs need it.
    const caller = new DataAwsCallerIdentity(this, "Caller");
    const keys = buildKeys(this, resolved, caller.accountId);
    this.tables = buildTables(this, resolved, keys);
    const regions = buildNetworks(this, resolved, this.tables, caller.accountId);
    const values: PerimeterValues = {
      accountId: caller.accountId,
      regions: regions.map((r, i) => ({
        region: r.region.region,
        endpointId: r.vpcEndpointId,
        interfaceEndpointIds:
          r.interfaceEndpoints && Object.fromEntries(Object.entries(r.interfaceEndpoints.endpoints).map(([service, e]) => [service, e.id])),
        kmsKeyArn: keys.kmsKeyArns[i],
        tableArns: r.tableArns,
      })),
    };
    const access = buildAccess(this, resolved, values);
    buildResourcePolicies(this, resolved, this.tables, values);
    const [home, ...replicas] = regions;
    adoptExisting(resolved, this.tables, home.endpoint, access.guard);
    recordAttachments(this, attachmentsOf(resolved));
    noteDeniedBackups(this, resolved);

    this.table = this.tables[0];
    this.key = keys.key;
    this.vpc = home.vpc;
    this.endpoint = home.endpoint;
    this.guard = access.guard;
    this.grantPolicyArns = access.grantPolicyArns;
    this.endpointIds = endpointIdsOf(resolved, values);
    this.tableArns = this.tables.flatMap((_, t) => regions.map((r) => r.tableArns[t]));
    resolved.tables.forEach((table, t) => (this.tableArnsByName[table.options.tableName] = home.tableArns[t]));
    for (const replica of replicas) this.replicaEndpointIds[replica.region.region] = replica.vpcEndpointId;
    resolved.tables.forEach((table, t) => {
      const name = table.options.tableName;
      if (replicas.length) this.replicaTableArnsByName[name] = Object.fromEntries(replicas.map((r) => [r.region.region, r.tableArns[t]]));
      if (table.streamViewType !== undefined) this.streamArnsByName[name] = this.tables[t].resource.streamArn;
    });
    regions.forEach((r, i) => {
      if (r.interfaceEndpoints) this.interfaceEndpoints[r.region.region] = r.interfaceEndpoints.endpoints;
      const key = keys.kmsKeyArns[i];
      if (key !== undefined) this.kmsKeyArns[r.region.region] = key;
    });
    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.vpcId = home.vpcId;
    this.routeTableIds = home.routeTableIds;
    this.vpcEndpointId = home.vpcEndpointId;
    this.prefixListId = home.prefixListId;
    this.endpointPolicyDocument = home.endpointPolicy;
    this.endpointPolicyJson = policyText(this, home.endpointPolicy);
    this.guardPolicyArn = this.guard.policyArn;
    this.organizationTablePatterns = organizationTablePatterns(resolved);
    this.exemptionTagKeys = exemptionTagKeys(resolved);
    this.organizationGuardPatterns = organizationGuardPatterns(resolved);
    tagPerimeterResources(this, resolved.perimeterName);
  }
}

/**
 * Backups are copies, so the resource policies deny them from outside to every
 * principal not named; an organization's backup plan that covers the tables
 * would then fail on every run. Synth says so, once per perimeter.
 */
function noteDeniedBackups(isolation: Construct, resolved: ReturnType<typeof resolveIsolationProps>): void {
  if (!resolved.resourcePolicy.enabled || resolved.resourcePolicy.backupPrincipalArns.length > 0) return;
  Annotations.of(isolation).addWarning(
    `No backup role is named (resourcePolicy.backupPrincipalArns): the resource policies deny backups of perimeter ${resolved.perimeterName}'s tables from outside the endpoints, ` +
      "AWS Backup's included, so a backup plan that covers them fails. Name the role the plan passes (AWS Backup calls DynamoDB as that role; " +
      "service-role/AWSBackupDefaultServiceRole unless the plan names another) to let it back them up.",
  );
}
