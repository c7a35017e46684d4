import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { GuardPolicy } from "../iam/guard-policy";
import { EncryptionKey } from "../kms/encryption-key";
import { GatewayEndpoint } from "../network/gateway-endpoint";
import { InterfaceEndpointService } from "../network/interface-endpoint-options";
import { InterfaceEndpointAttributes } from "../network/interface-endpoints";
import { PrivateVpc } from "../network/private-vpc";
import { PolicyDocument } from "../policies/document";
import { GrantAccess } from "../policies/identity-policies";
import { policyText } from "../private/policy-text";
import { adoptExisting, buildAccess, buildResourcePolicies } from "./build-access";
import { RegionKeys, TableHandle, buildKeys, buildNetworks, buildTables } from "./build-regions";
import { tagPerimeterResources } from "./perimeter-tags";
import { attachedInStack, attachmentsOf, recordAttachments, uncountedPrincipals } from "./policy-count";
import { PerimeterValues, endpointIdsOf, exemptionTagKeys, organizationGuardPatterns, organizationTablePatterns } from "./policy-inputs";
import { DynamoDbIsolationProps } from "./props";
import { ExistingTableSource, ResolvedIsolation, resolveIsolationProps } from "./resolve";
import { defaultAwsProvider } from "./provider-regions";
import { MonitoringParts, buildMonitoring } from "../monitoring/build-monitoring";
import { validateIsolation } from "./validate";

/** Everything a built perimeter exposes; `DynamoDbIsolation` documents each. */
export interface PerimeterParts {
  /** The first table: a `Table` unless the perimeter was given only existing tables. */
  readonly table: TableHandle;
  readonly tables: TableHandle[];
  readonly key?: EncryptionKey;
  readonly vpc?: PrivateVpc;
  readonly endpoint?: GatewayEndpoint;
  readonly guard: GuardPolicy;
  readonly tableName: string;
  readonly tableArn: string;
  readonly tableArns: string[];
  readonly tableArnsByName: Record<string, string>;
  readonly vpcId: string;
  readonly routeTableIds: string[];
  readonly vpcEndpointId: string;
  readonly prefixListId: string;
  readonly endpointPolicyDocument: PolicyDocument;
  readonly endpointPolicyJson: string;
  readonly endpointIds: string[];
  readonly guardPolicyArn: string;
  readonly grantPolicyArns: Partial<Record<GrantAccess, string>>;
  readonly replicaEndpointIds: Record<string, string>;
  readonly replicaTableArnsByName: Record<string, Record<string, string>>;
  readonly streamArnsByName: Record<string, string>;
  readonly interfaceEndpoints: Record<string, Partial<Record<InterfaceEndpointService, InterfaceEndpointAttributes>>>;
  readonly kmsKeyArns: Record<string, string>;
  readonly organizationTablePatterns: string[];
  readonly exemptionTagKeys: string[];
  readonly organizationGuardPatterns: { readonly policies: string[]; readonly groups: string[]; readonly principals: string[] };
  /** Tamper alerts, with `monitoring`: each region's topic and every rule's name. */
  readonly alerts?: MonitoringParts;
}

/**
 * Builds a whole perimeter into `scope`, in the order the README explains:
 * defaults, every check (all problems at once, before anything is created),
 * then the resources. Construct ids and their order are the Terraform
 * addresses and the synthesized JSON users have: they never change here.
 */
export function buildPerimeter(
  scope: Construct,
  props: DynamoDbIsolationProps,
  existing: readonly ExistingTableSource[] = [],
): PerimeterParts {
  const resolved = validatePerimeter(scope, props, existing);

  // Reads the account at plan time; keys, log ARNs and replica ARNs need it.
  const caller = new DataAwsCallerIdentity(scope, "Caller");
  const keys = buildKeys(scope, resolved, caller.accountId);
  const tables = buildTables(scope, resolved, keys, caller.accountId);
  const regions = buildNetworks(scope, resolved, tables, caller.accountId);
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
  const access = buildAccess(scope, resolved, values);
  buildResourcePolicies(scope, resolved, tables, values);
  adoptExisting(resolved, tables, regions[0].endpoint, access.guard);
  const monitoring = props.monitoring?.enabled === false ? undefined : props.monitoring;
  const alerts =
    monitoring && buildMonitoring(scope, resolved, values, monitoring, [access.guard.policyArn, ...Object.values(access.grantPolicyArns)]);
  recordAttachments(scope, attachmentsOf(resolved));
  noteDeniedBackups(scope, resolved);
  noteUncountedPrincipals(scope, resolved);
  const parts = { ...partsOf(scope, resolved, { tables, keys, regions, values, access }), alerts };
  tagPerimeterResources(scope, resolved.perimeterName);
  return parts;
}

/** Every check of a perimeter, all problems at once, before anything is created; returns the resolved props. */
export function validatePerimeter(
  scope: Construct,
  props: DynamoDbIsolationProps,
  existing: readonly ExistingTableSource[] = [],
): ResolvedIsolation {
  const resolved = resolveIsolationProps(props, existing);
  validateIsolation(scope.node.path, props, resolved, attachedInStack(scope), defaultAwsProvider(scope));
  return resolved;
}

interface Built {
  readonly tables: TableHandle[];
  readonly keys: RegionKeys;
  readonly regions: ReturnType<typeof buildNetworks>;
  readonly values: PerimeterValues;
  readonly access: ReturnType<typeof buildAccess>;
}

/** The attributes of what was built, by table name and region where users look them up so. */
function partsOf(scope: Construct, resolved: ResolvedIsolation, { tables, keys, regions, values, access }: Built): PerimeterParts {
  const [home, ...replicas] = regions;
  const tableArnsByName: Record<string, string> = {};
  const replicaTableArnsByName: Record<string, Record<string, string>> = {};
  const streamArnsByName: Record<string, string> = {};
  resolved.tables.forEach((table, t) => {
    const name = table.options.tableName;
    tableArnsByName[name] = home.tableArns[t];
    if (replicas.length) replicaTableArnsByName[name] = Object.fromEntries(replicas.map((r) => [r.region.region, r.tableArns[t]]));
    if (table.streamViewType !== undefined) streamArnsByName[name] = tables[t].streamArn!;
  });
  const interfaceEndpoints: PerimeterParts["interfaceEndpoints"] = {};
  const kmsKeyArns: Record<string, string> = {};
  regions.forEach((r, i) => {
    if (r.interfaceEndpoints) interfaceEndpoints[r.region.region] = r.interfaceEndpoints.endpoints;
    const key = keys.kmsKeyArns[i];
    if (key !== undefined) kmsKeyArns[r.region.region] = key;
  });
  return {
    table: tables[0],
    tables,
    key: keys.key,
    vpc: home.vpc,
    endpoint: home.endpoint,
    guard: access.guard,
    grantPolicyArns: access.grantPolicyArns,
    endpointIds: endpointIdsOf(resolved, values),
    tableArns: tables.flatMap((_, t) => regions.map((r) => r.tableArns[t])),
    tableArnsByName,
    replicaEndpointIds: Object.fromEntries(replicas.map((r) => [r.region.region, r.vpcEndpointId])),
    replicaTableArnsByName,
    streamArnsByName,
    interfaceEndpoints,
    kmsKeyArns,
    tableName: tables[0].tableName,
    tableArn: tables[0].tableArn,
    vpcId: home.vpcId,
    routeTableIds: home.routeTableIds,
    vpcEndpointId: home.vpcEndpointId,
    prefixListId: home.prefixListId,
    endpointPolicyDocument: home.endpointPolicy,
    endpointPolicyJson: policyText(scope, home.endpointPolicy),
    guardPolicyArn: access.guard.policyArn,
    organizationTablePatterns: organizationTablePatterns(resolved),
    exemptionTagKeys: exemptionTagKeys(resolved),
    organizationGuardPatterns: organizationGuardPatterns(resolved),
  };
}

/**
 * Backups are copies, so the resource policies deny them from outside to every
 * principal not named; an organization's backup plan that covers the tables
 * would then fail on every run. Synth says so, once per perimeter.
 */
function noteDeniedBackups(isolation: Construct, resolved: ResolvedIsolation): void {
  if (!resolved.resourcePolicy.enabled || resolved.resourcePolicy.backupPrincipalArns.length > 0) return;
  Annotations.of(isolation).addWarning(
    `No backup role is named (resourcePolicy.backupPrincipalArns): the resource policies deny backups of perimeter ${resolved.perimeterName}'s tables from outside the endpoints, ` +
      "AWS Backup's included, so a backup plan that covers them fails. Name the role the plan passes (AWS Backup calls DynamoDB as that role; " +
      "service-role/AWSBackupDefaultServiceRole unless the plan names another) to let it back them up.",
  );
}

/** Principals given as references are attached, but IAM's per-principal quota cannot be checked for them. */
function noteUncountedPrincipals(isolation: Construct, resolved: ResolvedIsolation): void {
  const uncounted = uncountedPrincipals(resolved);
  if (uncounted.length === 0) return;
  Annotations.of(isolation).addWarning(
    `${uncounted.length} principal(s) of perimeter ${resolved.perimeterName} are references, known only at apply: ` +
      "they are not counted against perimeter.maxManagedPoliciesPerPrincipal, so IAM's quota of managed policies per principal is checked for them only at apply.",
  );
}
