import { ResolvedIsolation } from "../isolation/resolve";
import { outsidePrefix } from "../isolation/policy-inputs";
import { MonitoringOptions } from "./monitoring-options";
import { fitPatterns, ruleSuffix } from "./pattern-size";
import { EventPattern, dynamodbTamperPattern, endpointTamperPattern, guardTamperPattern } from "./tamper-patterns";

/** A tamper rule: what it is about, and what it matches. */
export interface TamperRule {
  readonly description: string;
  readonly pattern: EventPattern;
}

/** Rules of one kind, by the suffix of their names, and what fits in none. */
export interface TamperRules<T> {
  readonly rules: Record<string, TamperRule>;
  readonly tooLong: ReadonlyArray<{ readonly item: T; readonly length: number }>;
}

/**
 * How long a value known only at apply is taken to be when a pattern is measured: an
 * endpoint id is `vpce-` and 17 hex digits; a table's name or a policy's ARN, a long usual
 * one (AWS refuses a pattern over the quota at apply, loudly, if a reference is longer).
 */
export const REFERENCE_LENGTH = { tableName: 64, endpointId: 22, policyArn: 120 } as const;

/** DynamoDB's service roles, which change tables for their operators: scaling and replication. */
const SERVICE_ROLES = [
  "arn:*:iam::*:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/*",
  "arn:*:iam::*:role/aws-service-role/replication.dynamodb.amazonaws.com/*",
];

/** Who changes the perimeter without paging anyone. */
export function quietPrincipals(resolved: ResolvedIsolation, options: MonitoringOptions): string[] {
  const { controlPlane, replicaManagers } = resolved.resourcePolicy;
  const arns = [
    ...(controlPlane?.principalArns ?? []),
    ...replicaManagers.principalArns,
    ...(options.quietPrincipalArns ?? []),
    ...SERVICE_ROLES,
  ];
  return [...new Set(arns)];
}

function named(kind: string, description: string, patterns: readonly EventPattern[]): Record<string, TamperRule> {
  return Object.fromEntries(patterns.map((pattern, i) => [ruleSuffix(kind, i), { description, pattern }]));
}

/** The tables' rules: by prefix, and the tables named one by one (all of them without a prefix), as many rules as the quota needs. */
export function tableRules(resolved: ResolvedIsolation, quiet: readonly string[]): TamperRules<string> {
  const names = outsidePrefix(resolved).map((t) => resolved.tables[t].options.tableName);
  const build = (group: readonly string[]) =>
    dynamodbTamperPattern({ tableNames: group, tableNamePrefix: resolved.tableNamePrefix, quietPrincipalArns: quiet });
  const fitted = fitPatterns(names, build, REFERENCE_LENGTH.tableName);
  const description = `Calls that loosen perimeter ${resolved.perimeterName}'s tables`;
  return { rules: named("tables-loosened", description, fitted.patterns), tooLong: fitted.tooLong };
}

/** One region's endpoints' rules. */
export function endpointRules(perimeterName: string, endpointIds: readonly string[], quiet: readonly string[]): TamperRules<string> {
  const build = (group: readonly string[]) => endpointTamperPattern({ endpointIds: group, quietPrincipalArns: quiet });
  const fitted = fitPatterns(endpointIds, build, REFERENCE_LENGTH.endpointId);
  const description = `Calls that widen or remove perimeter ${perimeterName}'s endpoints`;
  return { rules: named("endpoints-loosened", description, fitted.patterns), tooLong: fitted.tooLong };
}

type GuardItem = { readonly policyArn: string } | { readonly groupName: string };

/** The guard's and the grants' rules, and the guarded groups'; none when there is nothing to watch. */
export function guardRules(
  perimeterName: string,
  policyArns: readonly string[],
  groupNames: readonly string[],
  quiet: readonly string[],
): TamperRules<GuardItem> {
  const items: GuardItem[] = [...policyArns.map((policyArn) => ({ policyArn })), ...groupNames.map((groupName) => ({ groupName }))];
  if (items.length === 0) return { rules: {}, tooLong: [] };
  const build = (group: readonly GuardItem[]) =>
    guardTamperPattern({
      policyArns: group.flatMap((i) => ("policyArn" in i ? [i.policyArn] : [])),
      groupNames: group.flatMap((i) => ("groupName" in i ? [i.groupName] : [])),
      quietPrincipalArns: quiet,
    });
  const fitted = fitPatterns(items, build, REFERENCE_LENGTH.policyArn);
  const description = `Calls that take perimeter ${perimeterName}'s guard or grants off a principal or rewrite them`;
  return { rules: named("guard-loosened", description, fitted.patterns), tooLong: fitted.tooLong };
}
