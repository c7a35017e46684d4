import { Construct } from "constructs";
import { TableResourcePolicy } from "../dynamodb/table-resource-policy";
import { Table } from "../dynamodb/table";
import { AccessGrant } from "../iam/access-grant";
import { GuardPolicy } from "../iam/guard-policy";
import { GrantAccess } from "../policies/identity-policies";
import { streamResourcePolicyDocument, tableResourcePolicyDocument } from "../policies/resource-policies";
import { GatewayEndpoint } from "../network/gateway-endpoint";
import { PerimeterValues, grantInput, guardInput, streamResourceInput, tableResourceInput } from "./policy-inputs";
import { TableHandle, tableScope } from "./build-regions";
import { ResolvedIsolation } from "./resolve";

/**
 * The steps that decide who may reach the tables: grants and the guard for
 * named principals, resource policies for everyone else, and the import
 * blocks that adopt what already exists.
 */

/** Step: least-privilege grants for whoever `grants` names, then the guard for them and the guard's own principals. */
export function buildAccess(
  isolation: Construct,
  resolved: ResolvedIsolation,
  values: PerimeterValues,
): { guard: GuardPolicy; grantPolicyArns: Partial<Record<GrantAccess, string>> } {
  const grantPolicyArns: Partial<Record<GrantAccess, string>> = {};
  for (const grant of resolved.grants) {
    grantPolicyArns[grant.access] = new AccessGrant(isolation, grant.id, {
      ...grantInput(resolved, values, grant.access),
      policyName: grant.policyName,
      principals: grant.principals,
    }).policyArn;
  }
  const guard = new GuardPolicy(isolation, "Guard", {
    ...guardInput(resolved, values),
    policyName: resolved.guard.policyName,
    principals: resolved.guardedPrincipals,
  });
  return { guard, grantPolicyArns };
}

/**
 * Step: a resource policy on every table and stream in every region, guarding
 * every principal, attached or not. Nothing in them depends on who runs
 * Terraform: exemptions are by tag or by the ARNs the props name.
 */
export function buildResourcePolicies(
  isolation: Construct,
  resolved: ResolvedIsolation,
  tables: readonly TableHandle[],
  values: PerimeterValues,
): void {
  if (!resolved.resourcePolicy.enabled) return;
  resolved.tables.forEach((table, t) =>
    resolved.regions.forEach((region, index) => {
      if (table.existing?.resourcePolicy === false) return;
      const scope = tableScope(isolation, table, region, index);
      // Every region's policies wait for every replica of the table: adding a replica updates the
      // table in each region, and DynamoDB refuses a policy on a table that is being updated.
      const replicas = Object.values(tables[t].replicas);
      const dependsOn = replicas.length ? replicas : undefined;
      new TableResourcePolicy(scope, "ResourcePolicy", {
        provider: region.provider,
        resourceArn: values.regions[index].tableArns[t],
        document: tableResourcePolicyDocument(tableResourceInput(resolved, values, index, t)),
        dependsOn,
      });
      if (table.streamViewType === undefined) return;
      const streamArn = index === 0 ? tables[t].streamArn! : tables[t].replicaStreamArns[region.region];
      const streamArns = resolved.tables.map((_, i) => (i === t ? streamArn : undefined));
      const withStream = { ...values, regions: values.regions.map((r, i) => (i === index ? { ...r, streamArns } : r)) };
      new TableResourcePolicy(scope, "StreamPolicy", {
        provider: region.provider,
        count: tables[t].streamCount,
        resourceArn: streamArn,
        document: streamResourcePolicyDocument(streamResourceInput(resolved, withStream, index, t)),
        dependsOn,
      });
    }),
  );
}

/** Step: import blocks for what `imports` adopts instead of creating. */
export function adoptExisting(
  resolved: ResolvedIsolation,
  tables: readonly TableHandle[],
  endpoint: GatewayEndpoint | undefined,
  guard: GuardPolicy,
): void {
  const { imports } = resolved;
  resolved.tables.forEach((table, t) => {
    const created = tables[t];
    if (table.imported && created instanceof Table) created.resource.importFrom(table.options.tableName);
  });
  if (imports.vpcEndpointId !== undefined) endpoint?.resource.importFrom(imports.vpcEndpointId);
  if (imports.guardPolicyArn !== undefined) {
    guard.resource.importFrom(imports.guardPolicyArn);
    // IAM cannot change a policy's description: a different one would
    // replace the adopted policy, detaching it from everyone for a moment.
    guard.resource.lifecycle = { ignoreChanges: ["description"] };
  }
}
