import { TerraformProvider } from "cdktf";
import { TableOptions } from "../dynamodb/table-options";
import { ReplicaSettings } from "../dynamodb/table-props";
import { Principals } from "../iam/policy-attachments";
import { NetworkOptions } from "../network/network-options";
import { EndpointPolicyScope } from "../policies/endpoint-policy";
import { GuardScope } from "../policies/identity-policies";
import { ZeroEtlService } from "../policies/resource-policies";
import { MonitoringOptions } from "../monitoring/monitoring-options";

/** The props of DynamoDbIsolation, and of a config file's stack entry. */

/** The guard policy and who it is attached to. */
export interface GuardOptions {
  /**
   * Name of the customer-managed policy.
   * @default - "<tableName>-vpce-guard"
   */
  readonly policyName?: string;
  /**
   * `all` (every DynamoDB action) or `data-plane` (item and stream reads and
   * writes, and every way to copy a table) on the managed tables and
   * everything under them (indexes, streams, backups, exports).
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
   * `managed-tables`: DynamoDB actions only on the perimeter's tables (and, for
   * an endpoint joined by several stacks of one config, theirs);
   * `account`: on any table of this account in the region. Both block writing
   * into another account's table through the endpoint; only `managed-tables`
   * blocks copying the perimeter's items into another table of the account.
   * @default "managed-tables"
   */
  readonly scope?: EndpointPolicyScope;
}

/** Principals exempt from one of the resource policy's denials: by ARN, by a principal tag, or both. */
export interface ExemptPrincipals {
  /**
   * IAM principal ARNs, wildcards allowed within one account
   * (`arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_*`).
   * @default - none
   */
  readonly principalArns?: readonly string[];
  /**
   * Key of a principal tag: principals and sessions tagged `<key>=true` are
   * exempt. Protect the key with the organization's SCP
   * (`organization_scp_document`), or anyone who can tag a role can exempt it.
   * @default - none
   */
  readonly principalTag?: string;
}

/**
 * The control-plane lock: the tables' management calls from outside the
 * endpoints (update, tag, delete, the resource policies themselves) only by
 * its operators, so nobody else can change or remove the perimeter from
 * outside. Terraform's apply runs from outside, so the apply role must be an
 * operator; reading settings (refresh) stays open to every plan role.
 */
export interface ControlPlaneOptions {
  /**
   * The lock; `false` leaves the tables' management to IAM: any principal its
   * own policies allow can then delete the resource policies from outside.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Principal tag key that exempts (value `true`); `false` for none, which then needs `exemptPrincipalArns`.
   * @default "dp:exclude:network"
   */
  readonly exemptPrincipalTag?: string | false;
  /**
   * IAM principal ARNs (wildcards allowed within one account) exempt besides the tagged ones.
   * @default - none
   */
  readonly exemptPrincipalArns?: readonly string[];
}

/** A zero-ETL integration that reads the perimeter's tables: its service principal may export them. */
export interface ZeroEtlIntegrationOptions {
  /** `redshift` (Amazon Redshift) or `glue` (Amazon SageMaker lakehouse, through AWS Glue). */
  readonly service: ZeroEtlService;
  /**
   * The integration's ARN in this account (`arn:aws:redshift:<region>:<account>:integration:<id>`),
   * or with `*` for the id while it does not exist yet, as AWS's setup guide does; replace it with
   * the full ARN once it does.
   */
  readonly integrationArn: string;
  /**
   * The tables it reads, by name, in the integration's region.
   * @default - every table of the perimeter
   */
  readonly tableNames?: readonly string[];
}

/**
 * The table resource policy, which guards every principal, attached or not,
 * and depends on nobody's identity: the same for whoever runs Terraform.
 */
export interface ResourcePolicyOptions {
  /**
   * Attach the resource policy to every table and replica. `false` leaves
   * principals without the guard unrestricted by network path.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * IAM principal ARNs that may read the tables' streams from outside the
   * endpoints, such as Lambda execution roles: stream reads can never use a
   * gateway endpoint. Only matters when a table has a stream.
   * @default - none: only the replication role, AWS services, and reads through a `dynamodb-streams` interface endpoint of the perimeter (`network.interfaceEndpoints`) or one in `extraEndpointIds`
   */
  readonly streamConsumerPrincipalArns?: readonly string[];
  /**
   * Roles that may back the tables up from outside the endpoints
   * (`CreateBackup`, `StartAwsBackupJob`): the role an AWS Backup plan passes
   * (AWS Backup calls DynamoDB as that role, `service-role/AWSBackupDefaultServiceRole`
   * unless the plan names another), or the role of a backup job. Nobody else
   * backs a table up from outside; with none named, synth warns that an
   * organization's backup plan would fail on these tables.
   * @default - none: backups from outside are denied
   */
  readonly backupPrincipalArns?: readonly string[];
  /**
   * Zero-ETL integrations (Amazon Redshift, Amazon SageMaker lakehouse) that
   * export the tables: each gets an Allow for its service principal, for its
   * integration ARN and this account only. Point-in-time recovery must stay on.
   * @default - none
   */
  readonly zeroEtlIntegrations?: readonly ZeroEtlIntegrationOptions[];
  /**
   * Who may add replicas (`CreateTableReplica`) from outside the endpoints:
   * whoever applies a stack that adds one. Required with `replicas` when the
   * control-plane lock is off.
   * @default - the control-plane lock's operators; nobody without the lock
   */
  readonly replicaManagers?: ExemptPrincipals;
  /**
   * The control-plane lock.
   * @default - on: the tables' management from outside only by principals tagged `dp:exclude:network=true`
   */
  readonly controlPlane?: ControlPlaneOptions;
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
   * Names of entries in `tables` to adopt, as `table` adopts `table.tableName`.
   * @default - none
   */
  readonly tables?: readonly string[];
  /**
   * Adopt the replicas of every table (`aws_dynamodb_table_replica`), for a
   * global table whose replicas a release before 0.3 created as inline
   * `replica` blocks. Without it their next plan would try to create them again.
   * @default false
   */
  readonly replicas?: boolean;
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
  /**
   * Point-in-time recovery, deletion protection, storage class and tags where
   * the replica differs from the tables; for every table of the perimeter.
   * @default - the tables' own
   */
  readonly settings?: ReplicaSettings;
}

/** The perimeter itself: its name, how its policies name its tables, and a guard on IAM's quota. */
export interface PerimeterOptions {
  /**
   * Name of the perimeter, used in the names it derives: the guard
   * (`<name>-vpce-guard`), the grants (`<name>-read-only`, `<name>-read-write`),
   * the key alias (`dynamodb/<name>`), the VPC's Name tag and flow log group.
   * Required without `table` and with more than one entry in `tables`, so
   * that the order of `tables` never renames anything.
   * @default - the name of `table`, or of the only entry in `tables`
   */
  readonly name?: string;
  /**
   * Every table name starts with this prefix, and the guard, the grants and the
   * endpoint policy name the tables by it (`table/<prefix>*`, which also covers
   * their indexes, streams and backups), so their size does not grow with the
   * number of tables. The grants then also reach any other table whose name
   * starts with the prefix: keep the prefix for this perimeter.
   * @default - none: the policies list every table's ARNs (about 16 tables fit in the guard)
   */
  readonly tableNamePrefix?: string;
  /**
   * Refuse a stack that attaches more than this many managed policies to one
   * principal (guard and grants, summed over every perimeter of the stack).
   * IAM's default quota is 10 managed policies per role, user or group, 20 at
   * most; this counts only what this stack attaches.
   * @default 10
   */
  readonly maxManagedPoliciesPerPrincipal?: number;
  /**
   * The organization's SCP for this perimeter (`organizationPolicyDocuments`,
   * naming `organizationTablePatterns`) is attached to the account, so nobody
   * but its admins creates a table under `tableNamePrefix`. A config file sets
   * it from its `organization`; in TypeScript, set it when you attach the SCP.
   * @default false
   */
  readonly organizationScp?: boolean;
  /**
   * Accept read-write grants under `tableNamePrefix` without the organization's
   * SCP: whoever can create a table whose name starts with the prefix then
   * receives what the grantees write there, a way to copy the perimeter's
   * items out. Without the SCP and without this, read-write grants under a
   * prefix are refused.
   * @default false
   */
  readonly prefixGrantsWithoutScp?: boolean;
}

/** What DynamoDbIsolation builds: tables and the perimeter around them. */
export interface DynamoDbIsolationProps {
  /** Region of the tables, VPC and endpoint; must be the default provider's region. */
  readonly region: string;
  /**
   * A table, at the construct ids of a one-table stack (`Table`, `ResourcePolicy`, ...).
   * At least one of `table` and `tables` is required.
   * @default - none
   */
  readonly table?: TableOptions;
  /**
   * More tables behind the same endpoint, each under `Tables/<tableName>`, so
   * that their order never moves an address.
   * @default - none
   */
  readonly tables?: readonly TableOptions[];
  /**
   * The perimeter's name, table-name prefix and managed-policy limit.
   * @default - named after `table`, every table ARN listed, at most 10 managed policies per principal
   */
  readonly perimeter?: PerimeterOptions;
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
   * @default - the perimeter's tables only
   */
  readonly endpointPolicy?: EndpointPolicyOptions;
  /**
   * The table resource policy.
   * @default - on: every call from outside the endpoints denied but the outside list; management by principals tagged `dp:exclude:network=true`
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
  /**
   * Tamper alerts: EventBridge rules on the calls that loosen the perimeter, to an encrypted topic per region.
   * @default - none
   */
  readonly monitoring?: MonitoringOptions;
}
