import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { PerimeterValues } from "../isolation/policy-inputs";
import { ResolvedIsolation } from "../isolation/resolve";
import { DataEventOptions, MonitoringOptions } from "./monitoring-options";
import { AdvancedEventSelector, dataEventSelectors } from "./data-events";
import { outsidePrefix } from "../isolation/policy-inputs";
import { partitionOf } from "../private/aws-names";
import { jsonText } from "../private/policy-text";
import { isUnresolved } from "../private/validation";
import { TamperAlerts } from "./tamper-alerts";
import { PerimeterTrail } from "./perimeter-trail";
import { REFERENCE_LENGTH, TamperRules, endpointRules, guardRules, quietPrincipals, tableRules } from "./monitoring-patterns";
import { accessFindingRules } from "./access-analyzer";
import { OffPerimeterAlarms, offPerimeterAlarmArns } from "./off-perimeter-alarms";
import { OffPerimeterInput } from "./off-perimeter-filters";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { STREAM_READ_ACTIONS } from "../policies/actions";
import { endpointIdsOf } from "../isolation/policy-inputs";
import { replicationRoleArn } from "../private/aws-names";

/** What the alerts are reached by: each region's topic and every rule's name. */
export interface MonitoringParts {
  readonly topicArns: Record<string, string>;
  readonly ruleNames: string[];
  /** The trail the module created, with `createTrail`. */
  readonly trailArn?: string;
  /** With `dataEvents`: the selectors of the perimeter's data events, as the trail has them or as its owner should add them. */
  readonly dataEventSelectors?: AdvancedEventSelector[];
  /** The same as JSON text (references inside), for an output. */
  readonly dataEventSelectorsJson?: string;
  /** With `alarms`: the alarms' names. */
  readonly alarmNames?: string[];
}

/** Where IAM, a global service, delivers its events to EventBridge. */
const IAM_REGION = "us-east-1";

/**
 * Step: tamper alerts. In each region of the perimeter, a rule on the DynamoDB calls that
 * loosen its tables and one on the EC2 calls that loosen its endpoints; in us-east-1 one on
 * the IAM calls that take the guard or a grant off someone. Each region's rules send to a
 * topic of their own (an EventBridge rule's SNS target is in the rule's region).
 */
export function buildMonitoring(
  isolation: Construct,
  resolved: ResolvedIsolation,
  values: PerimeterValues,
  options: MonitoringOptions,
  policyArns: readonly string[],
): MonitoringParts {
  const scope = new Construct(isolation, "Monitoring");
  const quiet = quietPrincipals(resolved, options);
  const tables = tableRules(resolved, quiet);
  const guard = guardRules(resolved.perimeterName, policyArns, resolved.guardedPrincipals.groups ?? [], quiet);
  const selectors = options.dataEvents && perimeterDataEvents(resolved, values, options.dataEvents);
  const alarms = options.alarms === true && options.createTrail === true && options.dataEvents !== undefined;
  const trail = options.createTrail === true ? perimeterTrail(scope, resolved, values, selectors, alarms) : undefined;
  const findings = options.accessAnalyzer ? accessFindingRules(resolved, REFERENCE_LENGTH.tableName) : undefined;
  const parts: MonitoringParts = {
    topicArns: {},
    ruleNames: [],
    trailArn: trail?.trailArn,
    dataEventSelectors: selectors,
    dataEventSelectorsJson: selectors && jsonText(scope, selectors),
    ...(alarms ? { alarmNames: [] } : {}),
  };
  const home = resolved.regions[0].region;
  const add = (region: string, provider: ResolvedIsolation["regions"][number]["provider"], kinds: ReadonlyArray<TamperRules<unknown>>) => {
    const unfit = kinds.flatMap((k) => k.tooLong);
    // validateMonitoring refuses every literal that cannot fit; a reference is measured at its usual length.
    if (unfit.length) throw new Error(`tamper rule patterns over EventBridge's quota: ${JSON.stringify(unfit)}`);
    const alerts = new TamperAlerts(scope, region, {
      region,
      provider,
      accountId: values.accountId,
      name: resolved.perimeterName,
      rules: Object.assign({}, ...kinds.map((k) => k.rules)),
      operators: resolved.resourcePolicy.controlPlane,
      quietPrincipalArns: quiet,
      trails: trailsHomedIn(region, options, trail),
      ...(alarms && region === home ? { alarmArns: offPerimeterAlarmArns(region, values.accountId, resolved.perimeterName) } : {}),
    });
    parts.topicArns[region] = alerts.topicArn;
    parts.ruleNames.push(...Object.values(alerts.ruleNames));
  };
  resolved.regions.forEach((region, index) => {
    const r = values.regions[index];
    const endpoints = endpointRules(resolved.perimeterName, [r.endpointId, ...Object.values(r.interfaceEndpointIds ?? {})], quiet);
    add(region.region, region.provider, [
      tables,
      endpoints,
      ...(findings ? [findings] : []),
      ...(region.region === IAM_REGION ? [guard] : []),
    ]);
  });
  if (options.accessAnalyzer?.createAnalyzer === true) accessAnalyzers(scope, resolved);
  if (alarms && trail?.logGroupName !== undefined)
    parts.alarmNames!.push(...offPerimeterAlarms(scope, resolved, values, trail.logGroupName, parts.topicArns[home]));
  if (!resolved.regions.some((r) => r.region === IAM_REGION) && Object.keys(guard.rules).length > 0)
    add(IAM_REGION, options.iamEventsProvider, [guard]);
  noteMonitoringGaps(isolation, resolved, options);
  return parts;
}

/**
 * An account-level external-access analyzer in each region of the perimeter: analyzers see
 * their own region only, and an account has one of each type per region (IAM User Guide,
 * access-analyzer-quotas), so a region that already has one refuses a second.
 */
function accessAnalyzers(scope: Construct, resolved: ResolvedIsolation): void {
  for (const region of resolved.regions)
    new AccessanalyzerAnalyzer(scope, `Analyzer-${region.region}`, {
      provider: region.provider,
      analyzerName: `${resolved.perimeterName}-external-access`,
      type: "ACCOUNT",
    });
}

/** The alarms, beside the trail's log group in its home region, to that region's topic. */
function offPerimeterAlarms(
  scope: Construct,
  resolved: ResolvedIsolation,
  values: PerimeterValues,
  logGroupName: string,
  topicArn: string,
) {
  return new OffPerimeterAlarms(scope, "Alarms", {
    region: resolved.regions[0].region,
    provider: resolved.regions[0].provider,
    name: resolved.perimeterName,
    logGroupName,
    topicArn,
    filters: offPerimeterInput(resolved, values),
  }).alarmNames;
}

/** What the alarms' filters leave out: the calls the policies let through from outside the endpoints. */
export function offPerimeterInput(resolved: ResolvedIsolation, values: PerimeterValues): OffPerimeterInput {
  return {
    endpointIds: endpointIdsOf(resolved, values),
    replicationRoleArn: replicationRoleArn(partitionOf(resolved.regions[0].region), values.accountId),
    streamConsumerArns: resolved.resourcePolicy.streamConsumerPrincipalArns,
    streamCalls: [...STREAM_READ_ACTIONS.map((a) => a.replace("dynamodb:", "")), "ListStreams"],
  };
}

/** The trails that feed the alerts and whose calls land in `region`: a trail's API calls happen in its home region. */
function trailsHomedIn(region: string, options: MonitoringOptions, trail: PerimeterTrail | undefined): string[] {
  if (trail) return trail.homeRegion === region ? [trail.trailName, trail.trailArn] : [];
  const arn = options.trailArn;
  if (arn === undefined || isUnresolved(arn) || arn.split(":")[3] !== region) return [];
  return [arn.split(":trail/")[1] ?? arn, arn];
}

/** A trail in the perimeter's first region (it logs every region), its key locked like the perimeter's. */
function perimeterTrail(
  scope: Construct,
  resolved: ResolvedIsolation,
  values: PerimeterValues,
  dataEventSelectors: AdvancedEventSelector[] | undefined,
  logGroup: boolean,
): PerimeterTrail {
  const [home] = resolved.regions;
  return new PerimeterTrail(scope, "Trail", {
    region: home.region,
    provider: home.provider,
    accountId: values.accountId,
    name: resolved.perimeterName,
    operators: resolved.resourcePolicy.controlPlane,
    dataEventSelectors,
    logGroup,
  });
}

/** The perimeter's data events: its prefix in each region, and every table named one by one in each region. */
export function perimeterDataEvents(
  resolved: ResolvedIsolation,
  values: PerimeterValues,
  options: DataEventOptions,
): AdvancedEventSelector[] {
  const partition = partitionOf(resolved.regions[0].region);
  const prefix = resolved.tableNamePrefix;
  return dataEventSelectors({
    tableArns: outsidePrefix(resolved).flatMap((t) => values.regions.map((r) => r.tableArns[t])),
    tableArnPrefixes:
      prefix === undefined
        ? undefined
        : resolved.regions.map((r) => `arn:${partition}:dynamodb:${r.region}:${values.accountId}:table/${prefix}`),
    readOnly: options.readOnly,
    eventNames: options.eventNames,
  });
}

/** What the alerts cannot see, said at synth. */
function noteMonitoringGaps(isolation: Construct, resolved: ResolvedIsolation, options: MonitoringOptions): void {
  if (options.trailArn === undefined && options.createTrail !== true) {
    Annotations.of(isolation).addWarning(
      `Perimeter ${resolved.perimeterName}'s tamper alerts never fire without a trail: EventBridge sees CloudTrail's API calls only while a trail logs the account's management events. ` +
        "Declare the trail that does (an organization trail counts) in monitoring.trailArn, or set monitoring.createTrail.",
    );
  }
  if (options.dataEvents && options.createTrail !== true) {
    Annotations.of(isolation).addWarning(
      `Perimeter ${resolved.perimeterName}'s data events are logged only once the owner of ${options.trailArn} adds the selectors of the data_event_selectors output to that trail.`,
    );
  }
  const tag = resolved.resourcePolicy.controlPlane?.principalTag;
  if (tag !== undefined) {
    Annotations.of(isolation).addWarning(
      `Operators exempt by the principal tag ${tag} page on every change they make to perimeter ${resolved.perimeterName}: CloudTrail records no principal tags. ` +
        "Name their roles in monitoring.quietPrincipalArns to keep their applies quiet.",
    );
  }
}
