import { Problems, fail, isUnresolved } from "../private/validation";
import { checkPrincipalArns } from "../isolation/validate-resource-policy";
import { literalRegion } from "../isolation/provider-regions";
import { ResolvedIsolation } from "../isolation/resolve";
import { MonitoringOptions } from "./monitoring-options";
import { REFERENCE_LENGTH, endpointRules, guardRules, quietPrincipals, tableRules } from "./monitoring-patterns";
import { EVENT_PATTERN_MAX_LENGTH } from "./pattern-size";
import { ADVANCED_SELECTOR_VALUE_LIMIT, MANAGEMENT_EVENTS_SELECTOR, dataEventSelectors, selectorValueCount } from "./data-events";
import { outsidePrefix } from "../isolation/policy-inputs";
import { accessFindingRules } from "./access-analyzer";
import { ALARM_PARTS, FILTER_PATTERN_MAX_LENGTH, deniedCallsPattern, offPerimeterCallsPattern } from "./off-perimeter-filters";
import { longestValues } from "../isolation/size-budget";
import { offPerimeterInput } from "./build-monitoring";

const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9_.-]{3,128}$/;

/** What the monitoring props must be, with the perimeter's name and regions. */
export function validateMonitoring(problems: Problems, where: string, options: MonitoringOptions, resolved: ResolvedIsolation): void {
  const regions = resolved.regions.map((r) => r.region);
  const quiet = quietPrincipals(resolved, options);
  const tables = tableRules(resolved, quiet);
  problems.check(() => {
    const name = resolved.perimeterName;
    const longest = Math.max(...[...Object.keys(tables.rules), "endpoints-loosened"].map((suffix) => suffix.length + 1));
    if (name.length + longest > 64)
      fail(
        where,
        "perimeter.name",
        `must be at most ${64 - longest} characters with monitoring: it names the EventBridge rules (64 at most)`,
        name,
      );
  });
  checkPatternSizes(problems, where, resolved, quiet, tables.tooLong);
  if (options.dataEvents) checkDataEvents(problems, where, options, resolved);
  if (options.alarms === true) checkAlarms(problems, where, options, resolved);
  if (options.accessAnalyzer) checkAccessAnalyzer(problems, where, options, resolved);
  problems.check(() => {
    const arn = options.trailArn;
    if (arn !== undefined && !isUnresolved(arn) && !TRAIL_ARN.test(arn))
      fail(
        where,
        "monitoring.trailArn",
        "must be a CloudTrail trail ARN such as 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail'",
        arn,
      );
  });
  problems.check(() => {
    if (options.createTrail === true && options.trailArn !== undefined)
      fail(
        where,
        "monitoring.createTrail",
        "must not be set with monitoring.trailArn: declare the trail the account has, or create one",
        true,
      );
  });
  checkPrincipalArns(problems, where, "monitoring.quietPrincipalArns", options.quietPrincipalArns ?? [], "role/deployer");
  problems.check(() => {
    if (regions.includes("us-east-1")) return;
    const provider = options.iamEventsProvider;
    if (provider === undefined)
      fail(
        where,
        "monitoring.iamEventsProvider",
        "is required: IAM's events arrive in us-east-1, where the guard's rule must be",
        undefined,
      );
    const region = literalRegion(provider);
    if (region !== undefined && region !== "us-east-1")
      fail(where, "monitoring.iamEventsProvider", "must be a provider for us-east-1, where IAM's events arrive", region);
  });
}

/**
 * Every tamper rule's pattern must fit EventBridge's quota (see `fitPatterns`): a table whose
 * name alone overflows one, or quiet principals that leave no room for an endpoint or a policy.
 */
function checkPatternSizes(
  problems: Problems,
  where: string,
  resolved: ResolvedIsolation,
  quiet: readonly string[],
  tables: ReadonlyArray<{ readonly item: string; readonly length: number }>,
): void {
  for (const { item, length } of tables)
    problems.check(() =>
      fail(
        where,
        "tables",
        `cannot be watched by tamper alerts with this name: its rule's event pattern would be ${length} characters, over EventBridge's ${EVENT_PATTERN_MAX_LENGTH}; use a shorter name or fewer monitoring.quietPrincipalArns`,
        item,
      ),
    );
  const endpoint = endpointRules(resolved.perimeterName, ["e".repeat(REFERENCE_LENGTH.endpointId)], quiet).tooLong;
  const guard = guardRules(resolved.perimeterName, ["p".repeat(REFERENCE_LENGTH.policyArn)], [], quiet).tooLong;
  problems.check(() => {
    const length = Math.max(0, ...[...endpoint, ...guard].map((t) => t.length));
    if (length > 0)
      fail(
        where,
        "monitoring.quietPrincipalArns",
        `leave no room in the tamper rules' event patterns: with one endpoint or policy they are ${length} characters, over EventBridge's ${EVENT_PATTERN_MAX_LENGTH}; name fewer principals, or one wildcard for several`,
        quiet.length,
      );
  });
}

/** DynamoDB's data calls are named like its other API calls: `GetItem`, `TransactWriteItems`, `GetRecords`. */
const EVENT_NAME = /^[A-Z][A-Za-z]{2,63}$/;

/** Data events need a trail to log them, names CloudTrail can match, and room in CloudTrail's 500 selector values. */
function checkDataEvents(problems: Problems, where: string, options: MonitoringOptions, resolved: ResolvedIsolation): void {
  const events = options.dataEvents!;
  problems.check(() => {
    if (options.createTrail !== true && options.trailArn === undefined)
      fail(
        where,
        "monitoring.dataEvents",
        "needs a trail to log them: set monitoring.createTrail, or monitoring.trailArn and give its owner the data_event_selectors output",
        "a trail",
      );
  });
  (events.eventNames ?? []).forEach((name, i) =>
    problems.check(() => {
      if (!isUnresolved(name) && !EVENT_NAME.test(name))
        fail(where, `monitoring.dataEvents.eventNames[${i}]`, "must be a DynamoDB API call's name such as 'PutItem' or 'GetRecords'", name);
    }),
  );
  problems.check(() => {
    const named = outsidePrefix(resolved).length * resolved.regions.length;
    const selectors = dataEventSelectors({
      tableArns: Array.from({ length: named }, (_, i) => `table-${i}`),
      tableArnPrefixes: resolved.tableNamePrefix === undefined ? undefined : resolved.regions.map((r) => r.region),
      readOnly: events.readOnly,
      eventNames: events.eventNames,
    });
    const count = selectorValueCount([MANAGEMENT_EVENTS_SELECTOR, ...selectors]);
    if (count > ADVANCED_SELECTOR_VALUE_LIMIT)
      fail(
        where,
        "monitoring.dataEvents",
        `would need ${count} selector values, over CloudTrail's ${ADVANCED_SELECTOR_VALUE_LIMIT} a trail: name the tables by perimeter.tableNamePrefix, or fewer eventNames`,
        `${named} table ARNs`,
      );
  });
}

/** Alarms read the module's trail's log group, and each filter pattern must fit CloudWatch Logs' 1,024 characters. */
function checkAlarms(problems: Problems, where: string, options: MonitoringOptions, resolved: ResolvedIsolation): void {
  problems.check(() => {
    if (options.createTrail !== true || options.dataEvents === undefined)
      fail(
        where,
        "monitoring.alarms",
        "needs monitoring.createTrail and monitoring.dataEvents: the alarms count the data events the module's trail delivers to CloudWatch Logs",
        true,
      );
  });
  problems.check(() => {
    // Every reference at its longest (an endpoint id, the account), as the policies are measured.
    const input = offPerimeterInput(resolved, longestValues(resolved));
    const length = Math.max(
      ...ALARM_PARTS.flatMap((part) => [deniedCallsPattern(input, part).length, offPerimeterCallsPattern(input, part).length]),
    );
    if (length > FILTER_PATTERN_MAX_LENGTH)
      fail(
        where,
        "monitoring.alarms",
        `cannot fit this perimeter's endpoints (${input.endpointIds.length}) and stream consumers (${input.streamConsumerArns.length}) in a metric filter pattern: it would be ${length} characters, over CloudWatch Logs' ${FILTER_PATTERN_MAX_LENGTH}; name fewer consumers in resourcePolicy.streamConsumerPrincipalArns, or one wildcard for several`,
        true,
      );
  });
}

/** The findings rules' patterns must fit EventBridge's quota; an analyzer's name is a letter, then letters, digits, `_`, `.`, `-`. */
function checkAccessAnalyzer(problems: Problems, where: string, options: MonitoringOptions, resolved: ResolvedIsolation): void {
  for (const { item, length } of accessFindingRules(resolved, REFERENCE_LENGTH.tableName).tooLong)
    problems.check(() =>
      fail(
        where,
        "tables",
        `cannot be watched for Access Analyzer findings with this name: its rule's event pattern would be ${length} characters, over EventBridge's ${EVENT_PATTERN_MAX_LENGTH}`,
        item,
      ),
    );
  problems.check(() => {
    const name = `${resolved.perimeterName}-external-access`;
    if (options.accessAnalyzer?.createAnalyzer === true && !/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/.test(name))
      fail(
        where,
        "perimeter.name",
        "must start with a letter and hold only letters, digits, '_', '.' and '-' with monitoring.accessAnalyzer.createAnalyzer: it names the analyzer",
        resolved.perimeterName,
      );
  });
}
