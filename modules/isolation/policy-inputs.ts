import { EndpointPolicyDocumentInput } from "../policies/endpoint-policy";
import { GrantAccess, GrantPolicyDocumentInput, GuardPolicyDocumentInput } from "../policies/identity-policies";
import { StreamResourcePolicyDocumentInput, TableResourcePolicyDocumentInput } from "../policies/resource-policies";
import { autoScalingRoleArn, dnsSuffixOf, partitionOf, replicationRoleArn } from "../private/aws-names";
import { ResolvedIsolation } from "./resolve";

/**
 * What each policy document is built from, derived once from the resolved
 * props and the values the policies name. Building passes Terraform
 * references (known at apply); the size budget passes the longest value each
 * reference can take. Both go through these functions, so the policy that is
 * measured is the policy that is built.
 */

/** The values of one region that policies name. */
export interface RegionValues {
  readonly region: string;
  readonly tableArn: string;
  readonly endpointId: string;
  /** The region's table key, with customer-managed keys. */
  readonly kmsKeyArn?: string;
  /** The region's table stream, when the table has one. */
  readonly streamArn?: string;
}

/** The values every policy of one isolation names. */
export interface PerimeterValues {
  readonly accountId: string;
  /** The table's region first, then each replica's. */
  readonly regions: readonly RegionValues[];
  /** The role running Terraform, when it is exempted from the control-plane deny. */
  readonly deployerArn?: string;
}

/** Every endpoint the policies accept: each region's, then the extra ones. */
export function endpointIdsOf(resolved: ResolvedIsolation, values: PerimeterValues): string[] {
  return [...values.regions.map((r) => r.endpointId), ...resolved.extraEndpointIds];
}

export function guardInput(resolved: ResolvedIsolation, values: PerimeterValues): GuardPolicyDocumentInput {
  return { tableArns: values.regions.map((r) => r.tableArn), endpointIds: endpointIdsOf(resolved, values), scope: resolved.guard.scope };
}

export function grantInput(resolved: ResolvedIsolation, values: PerimeterValues, access: GrantAccess): GrantPolicyDocumentInput {
  return {
    access,
    tableArns: values.regions.map((r) => r.tableArn),
    endpointIds: endpointIdsOf(resolved, values),
    kmsKeyArns: values.regions.flatMap((r) => (r.kmsKeyArn === undefined ? [] : [r.kmsKeyArn])),
    kmsViaServices: values.regions.map((r) => `dynamodb.${r.region}.${dnsSuffixOf(r.region)}`),
  };
}

/** The endpoint policy of one region: it names only that region's table. */
export function endpointInput(resolved: ResolvedIsolation, accountId: string, region: Pick<RegionValues, "region" | "tableArn">): EndpointPolicyDocumentInput {
  return {
    scope: resolved.endpointPolicyScope,
    partition: partitionOf(region.region),
    region: region.region,
    accountId,
    tableArns: [region.tableArn],
  };
}

/** Operators exempt from the control-plane deny: the listed ones, then the deployer. */
function operatorsOf(resolved: ResolvedIsolation, values: PerimeterValues): string[] {
  const deployer = resolved.resourcePolicy.exemptDeployer && values.deployerArn !== undefined ? [values.deployerArn] : [];
  return [...resolved.resourcePolicy.operatorPrincipalArns, ...deployer];
}

/** The table resource policy of region `index`. Service roles are those of the table's own region's partition. */
export function tableResourceInput(resolved: ResolvedIsolation, values: PerimeterValues, index: number): TableResourcePolicyDocumentInput {
  const partition = partitionOf(values.regions[0].region);
  return {
    tableArn: values.regions[index].tableArn,
    endpointIds: endpointIdsOf(resolved, values),
    scope: resolved.guard.scope,
    replicationRoleArn: replicationRoleArn(partition, values.accountId),
    serviceRoleArns: [autoScalingRoleArn(partition, values.accountId)],
    operatorPrincipalArns: operatorsOf(resolved, values),
  };
}

/** The stream resource policy of region `index`; only for a table with a stream. */
export function streamResourceInput(resolved: ResolvedIsolation, values: PerimeterValues, index: number): StreamResourcePolicyDocumentInput {
  const partition = partitionOf(values.regions[0].region);
  return {
    streamArn: values.regions[index].streamArn!,
    endpointIds: endpointIdsOf(resolved, values),
    replicationRoleArn: replicationRoleArn(partition, values.accountId),
    consumerPrincipalArns: resolved.resourcePolicy.streamConsumerPrincipalArns,
  };
}
