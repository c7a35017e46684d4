import { TerraformProvider } from "cdktf";

/** Tamper alerts: see `DynamoDbIsolationProps.monitoring`. */
export interface MonitoringOptions {
  /**
   * Set to false to remove the alerts while keeping the us-east-1 provider for one apply:
   * Terraform needs a resource's provider to destroy it, so dropping `monitoring` at once
   * from a config whose alerts exist fails the plan.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The trail that logs the account's management events in every perimeter region and
   * us-east-1 (an organization trail counts). EventBridge sees CloudTrail's API calls only
   * while such a trail logs them; without one, the rules never fire (synth warns).
   * @default - none declared
   */
  readonly trailArn?: string;
  /**
   * Create a trail for an account that has none (see `PerimeterTrail`); not with `trailArn`.
   * A second trail that logs management events is billed as a paid copy.
   * @default false
   */
  readonly createTrail?: boolean;
  /**
   * Log the perimeter's DynamoDB data events (item and stream calls) on the trail the module
   * creates (`createTrail`); with `trailArn`, the `dataEventSelectors` to give the trail's
   * owner. Billed per event: at $0.10 per 100,000, 100 requests a second is about $259 a month.
   * @default - none: management events only
   */
  readonly dataEvents?: DataEventOptions;
  /**
   * Alarms on the data events (needs `createTrail` and `dataEvents`): the trail also delivers
   * to a CloudWatch Logs group, where metric filters count denied calls to the perimeter's
   * tables and streams, and calls that succeeded without coming through its endpoints, each
   * leaving out what the policies let through from outside; an alarm on each publishes to the
   * alerts' topic, and a saved Logs Insights query lists those calls by principal. CloudWatch
   * Logs bills ingestion and storage of every event the trail delivers.
   * @default false
   */
  readonly alarms?: boolean;
  /**
   * IAM Access Analyzer: a rule in each perimeter region on the active findings for its
   * tables and streams, to the alerts' topic.
   * @default - no rule
   */
  readonly accessAnalyzer?: AccessAnalyzerOptions;
  /**
   * Principals whose changes page nobody, besides the control plane's operators and replica
   * managers by ARN and DynamoDB's service roles: a pipeline role exempt by tag only, say
   * (CloudTrail records no principal tags, so a tag cannot quiet an alert).
   * @default - none
   */
  readonly quietPrincipalArns?: readonly string[];
  /**
   * A provider for us-east-1, where IAM's events arrive: the guard's rule lives there.
   * Required unless the perimeter has a region us-east-1. The config file makes one.
   * @default - the perimeter's own provider for us-east-1
   */
  readonly iamEventsProvider?: TerraformProvider;
}

/** Which of the perimeter's data events a trail logs: see `MonitoringOptions.dataEvents`. */
export interface DataEventOptions {
  /** Only reads (`true`) or only writes (`false`). @default - both */
  readonly readOnly?: boolean;
  /** Only these DynamoDB calls (`PutItem`, `DeleteItem`, `GetRecords`, …). @default - every data call */
  readonly eventNames?: readonly string[];
}

/** See `MonitoringOptions.accessAnalyzer`. */
export interface AccessAnalyzerOptions {
  /**
   * Create an external access analyzer (account zone of trust) in each perimeter region.
   * An account has at most one per region: leave this off where one exists (an organization's
   * analyzer counts), and the rule takes its findings.
   * @default false
   */
  readonly createAnalyzer?: boolean;
}
