import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { partitionOf } from "../private/aws-names";
import { quotedText } from "../private/policy-text";
import { AlarmPart, OffPerimeterInput, deniedCallsPattern, offPerimeterCallsPattern, offPerimeterQuery } from "./off-perimeter-filters";

/** The metrics' namespace in CloudWatch. */
export const ALARM_NAMESPACE = "DynamoDBPerimeter";

/** The alarms, by the suffix of their names (`<name>-<suffix>`): what they count, from which half of the calls. */
export const OFF_PERIMETER_ALARMS = {
  "denied-calls": { metric: "DeniedCalls", pattern: deniedCallsPattern, part: "items", what: "denied item calls to the tables" },
  "denied-stream-calls": {
    metric: "DeniedStreamCalls",
    pattern: deniedCallsPattern,
    part: "streams",
    what: "denied calls to the streams",
  },
  "off-perimeter-calls": {
    metric: "OffPerimeterCalls",
    pattern: offPerimeterCallsPattern,
    part: "items",
    what: "item calls to the tables that succeeded without coming through the perimeter's endpoints",
  },
  "off-perimeter-stream-calls": {
    metric: "OffPerimeterStreamCalls",
    pattern: offPerimeterCallsPattern,
    part: "streams",
    what: "stream calls that succeeded without coming through the perimeter's endpoints",
  },
} as const satisfies Record<
  string,
  { metric: string; pattern: (i: OffPerimeterInput, p: AlarmPart) => string; part: AlarmPart; what: string }
>;

/** The alarms' ARNs, known before they exist: the topic's policy names them. */
export function offPerimeterAlarmArns(region: string, accountId: string, name: string): string[] {
  return Object.keys(OFF_PERIMETER_ALARMS).map(
    (suffix) => `arn:${partitionOf(region)}:cloudwatch:${region}:${accountId}:alarm:${name}-${suffix}`,
  );
}

export interface OffPerimeterAlarmsProps {
  /** Region of the trail's log group. */
  readonly region: string;
  /** @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
  /** Names the alarms (`<name>-denied-calls`, `<name>-off-perimeter-calls`), the metrics' dimension and the query. */
  readonly name: string;
  /** The log group the perimeter's data events are delivered to. */
  readonly logGroupName: string;
  /** Where the alarms go: the region's alert topic. */
  readonly topicArn: string;
  /** The perimeter's endpoints and the exemptions its policies grant. */
  readonly filters: OffPerimeterInput;
}

/**
 * Alarms on the perimeter's data events: a metric filter and an alarm for denied calls, one
 * for successful calls that came through none of its endpoints, each for item calls and for
 * stream calls apart, and each leaving out the calls the policies let through from outside (`off-perimeter-filters.ts`); and a saved Logs
 * Insights query listing those calls by principal.
 *
 * Creates four `aws_cloudwatch_log_metric_filter` and `aws_cloudwatch_metric_alarm`, and an
 * `aws_cloudwatch_query_definition`.
 */
export class OffPerimeterAlarms extends Construct {
  public readonly alarmNames: string[] = [];

  constructor(scope: Construct, id: string, props: OffPerimeterAlarmsProps) {
    super(scope, id);
    const { provider } = props;
    for (const [suffix, alarm] of Object.entries(OFF_PERIMETER_ALARMS)) {
      const metricName = `${props.name}-${alarm.metric}`;
      const filter = new CloudwatchLogMetricFilter(this, `Filter-${suffix}`, {
        provider,
        name: `${props.name}-${suffix}`,
        logGroupName: props.logGroupName,
        pattern: quotedText(this, alarm.pattern(props.filters, alarm.part)),
        metricTransformation: { name: metricName, namespace: ALARM_NAMESPACE, value: "1" },
      });
      const resource = new CloudwatchMetricAlarm(this, `Alarm-${suffix}`, {
        provider,
        alarmName: `${props.name}-${suffix}`,
        alarmDescription: `Perimeter ${props.name}: ${alarm.what}, but for the exemptions its policies grant`,
        namespace: ALARM_NAMESPACE,
        metricName,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // No matching event publishes no data point: that is the quiet state, not a missing one.
        treatMissingData: "notBreaching",
        alarmActions: [props.topicArn],
        dependsOn: [filter],
      });
      this.alarmNames.push(resource.alarmName);
    }
    new CloudwatchQueryDefinition(this, "Query", {
      provider,
      name: `${props.name}/off-perimeter-calls`,
      logGroupNames: [props.logGroupName],
      queryString: offPerimeterQuery(props.filters),
    });
  }
}
