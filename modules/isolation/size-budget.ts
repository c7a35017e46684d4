import { POLICY_SIZE_LIMITS, PolicyDocument, policySize } from "../policies/document";
import { endpointPolicyDocument, streamsEndpointPolicyDocument } from "../policies/endpoint-policy";
import { interfaceEndpointServices } from "../network/interface-endpoint-options";
import { grantPolicyDocument, guardPolicyDocument } from "../policies/identity-policies";
import { streamResourcePolicyDocument, tableResourcePolicyDocument } from "../policies/resource-policies";
import { partitionOf, tableArn } from "../private/aws-names";
import { Problems, fail, isUnresolved } from "../private/validation";
import { PerimeterValues, endpointInput, grantInput, guardInput, streamResourceInput, tableResourceInput } from "./policy-inputs";
import { ResolvedIsolation } from "./resolve";

/** Stand-ins of the longest values Terraform can fill in, for size checks before apply. */
const LONGEST = {
  accountId: "123456789012",
  endpointId: "vpce-0123456789abcdef0",
  keyId: "00000000-0000-0000-0000-000000000000",
  streamLabel: "2026-01-01T00:00:00.000",
  /** An existing table's name given as a reference: DynamoDB allows 255 characters. */
  tableName: "t".repeat(255),
};

/**
 * The same perimeter with every table name that is a reference (an existing table's) at the
 * value it will take when that is known (the app's table with a literal name), else at its longest.
 */
function withLongestNames(resolved: ResolvedIsolation): ResolvedIsolation {
  const longest = (t: ResolvedIsolation["tables"][number]) =>
    isUnresolved(t.options.tableName) ? { ...t, options: { ...t.options, tableName: t.existing?.knownName ?? LONGEST.tableName } } : t;
  return { ...resolved, tables: resolved.tables.map(longest) };
}

/** The policies' values with every Terraform reference at its longest. */
export function longestValues(resolved: ResolvedIsolation): PerimeterValues {
  return {
    accountId: LONGEST.accountId,
    regions: resolved.regions.map(({ region, network }) => {
      const arns = resolved.tables.map((t) => tableArn(partitionOf(region), region, LONGEST.accountId, t.options.tableName));
      return {
        region,
        endpointId: LONGEST.endpointId,
        interfaceEndpointIds: network.interfaceEndpoints
          ? Object.fromEntries(interfaceEndpointServices(network.interfaceEndpoints).map((service) => [service, LONGEST.endpointId]))
          : undefined,
        kmsKeyArn: resolved.customerManagedKeys
          ? `arn:${partitionOf(region)}:kms:${region}:${LONGEST.accountId}:key/${LONGEST.keyId}`
          : undefined,
        tableArns: arns,
        streamArns: arns.map((arn) => `${arn}/stream/${LONGEST.streamLabel}`),
      };
    }),
  };
}

/**
 * Policies grow with tables, endpoints and principals. Their final size is
 * only known at apply, so each policy is measured now with every Terraform
 * reference replaced by the longest value it can take.
 */
export function validatePolicySizes(problems: Problems, where: string, given: ResolvedIsolation): void {
  const resolved = withLongestNames(given);
  const values = longestValues(resolved);
  // Each policy kind is reported once, at its largest (regions differ only in their names).
  const measure = (prop: string, what: string, docs: PolicyDocument[], limit: number): void =>
    problems.check(() => {
      const size = Math.max(...docs.map(policySize));
      if (size > limit) {
        const advice =
          resolved.tableNamePrefix === undefined && resolved.tables.length > 1
            ? "perimeter.tableNamePrefix, or fewer tables, endpoints, replicas or exempt principals"
            : "fewer endpoints, replicas or exempt principals";
        fail(
          where,
          prop,
          `makes the ${what} up to ${size} characters once applied, over the ${limit}-character limit (${advice})`,
          `${size} characters`,
        );
      }
    });
  const everywhere = values.regions.flatMap((_, i) => resolved.tables.map((table, t) => ({ i, t, table })));
  measure(
    "guard",
    `guard policy '${resolved.guard.policyName}'`,
    [guardPolicyDocument(guardInput(resolved, values))],
    POLICY_SIZE_LIMITS.identity,
  );
  for (const grant of resolved.grants) {
    measure(
      `grants.${grant.prop}`,
      `${grant.access} grant policy`,
      [grantPolicyDocument(grantInput(resolved, values, grant.access))],
      POLICY_SIZE_LIMITS.identity,
    );
  }
  measure(
    "endpointPolicy",
    "endpoint policy",
    values.regions.flatMap((r) => {
      const input = endpointInput(resolved, values.accountId, r);
      return [endpointPolicyDocument(input), streamsEndpointPolicyDocument(input)];
    }),
    POLICY_SIZE_LIMITS.endpoint,
  );
  if (!resolved.resourcePolicy.enabled) return;
  measure(
    "resourcePolicy",
    "table resource policy",
    everywhere.map(({ i, t }) => tableResourcePolicyDocument(tableResourceInput(resolved, values, i, t))),
    POLICY_SIZE_LIMITS.resource,
  );
  const streams = everywhere.filter(({ table }) => table.streamViewType !== undefined);
  if (streams.length === 0) return;
  measure(
    "resourcePolicy",
    "stream resource policy",
    streams.map(({ i, t }) => streamResourcePolicyDocument(streamResourceInput(resolved, values, i, t))),
    POLICY_SIZE_LIMITS.resource,
  );
}
