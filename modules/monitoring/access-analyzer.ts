import { ResolvedIsolation } from "../isolation/resolve";
import { outsidePrefix } from "../isolation/policy-inputs";
import { fitPatterns, ruleSuffix } from "./pattern-size";
import { EventPattern, PatternValue } from "./tamper-patterns";

/**
 * IAM Access Analyzer's findings on the perimeter's tables and streams. An external access
 * analyzer reports a resource whose policy lets someone outside its zone of trust in; tables
 * and streams are among the resource types it analyzes (`AWS::DynamoDB::Table`,
 * `AWS::DynamoDB::Stream`, Access Analyzer API Reference, API_Finding). It sends each finding
 * to EventBridge in its region as `Access Analyzer Finding` from `aws.access-analyzer`
 * (EventBridge events reference, events-ref-access-analyzer), the finding's fields in `detail`:
 * `resource` (the ARN), `resourceType`, `status` (`ACTIVE`, `ARCHIVED`, `RESOLVED`).
 * An account has at most one account-level analyzer of a type per region (IAM User Guide,
 * access-analyzer-quotas): the rule matches the findings of whichever analyzer there is.
 */
export const FINDING_TYPES: readonly string[] = ["AWS::DynamoDB::Table", "AWS::DynamoDB::Stream"];

/** Active findings on the named tables (by the end of their ARN) and their streams, and on every table under the prefix. */
export function accessFindingPattern(input: { tableNames: readonly string[]; tableNamePrefix?: string }): EventPattern {
  const prefix = input.tableNamePrefix;
  const resources: PatternValue[] = [
    ...(prefix !== undefined ? [{ wildcard: `*:table/${prefix}*` }] : []),
    ...input.tableNames.flatMap((name): PatternValue[] => [{ suffix: `:table/${name}` }, { wildcard: `*:table/${name}/stream/*` }]),
  ];
  return {
    source: ["aws.access-analyzer"],
    "detail-type": ["Access Analyzer Finding"],
    detail: { status: ["ACTIVE"], resourceType: [...FINDING_TYPES], resource: resources },
  };
}

/** The findings rules of a perimeter, by the suffix of their names, as many as EventBridge's quota needs. */
export function accessFindingRules(resolved: ResolvedIsolation, referenceLength: number) {
  const names = outsidePrefix(resolved).map((t) => resolved.tables[t].options.tableName);
  const fitted = fitPatterns(
    names,
    (group) => accessFindingPattern({ tableNames: group, tableNamePrefix: resolved.tableNamePrefix }),
    referenceLength,
  );
  const description = `IAM Access Analyzer's active findings on perimeter ${resolved.perimeterName}'s tables and streams`;
  return {
    rules: Object.fromEntries(fitted.patterns.map((pattern, i) => [ruleSuffix("external-access", i), { description, pattern }])),
    tooLong: fitted.tooLong,
  };
}
