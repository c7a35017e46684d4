import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation, DynamoDbIsolationProps } from "../modules";
import { ACCOUNT, Caller, iamUser, roleSession } from "../test-support/cloudtrail-records";
import { READINGS, filterMatches, querySelects } from "../test-support/log-patterns";
import { TerraformJson, resourcesOf, synthScope } from "../test-support/synth";

/**
 * The alarms' metric filters and saved query, read as CloudWatch Logs reads them
 * (test-support/log-patterns.ts, under both readings of a comparison on a missing field), on
 * CloudTrail records as the trail delivers them to its log group: one JSON record per log
 * event, fields as CloudTrail's record contents list them (cloudtrail-event-reference-record-contents:
 * `eventCategory`, `errorCode` only on failure, `vpcEndpointId` only through an endpoint).
 */
const ENDPOINT = "vpce-0perimeter0000001";
const REPLICATION = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication`;
const CONSUMER = `arn:aws:iam::${ACCOUNT}:role/ledger-stream-reader`;
const BACKUP = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/ledger-deployer`;
const TABLE = `arn:aws:dynamodb:us-east-2:${ACCOUNT}:table/Ledger`;

const LEDGER: DynamoDbIsolationProps = {
  region: "us-east-2",
  table: { tableName: "Ledger", partitionKey: { name: "entryId", type: "S" }, streamViewType: "NEW_IMAGE" },
  guard: { principals: { roles: ["ledger-app"] } },
  resourcePolicy: {
    backupPrincipalArns: [BACKUP],
    streamConsumerPrincipalArns: [CONSUMER],
    controlPlane: { exemptPrincipalArns: [DEPLOYER] },
  },
};

function synth(monitoring: DynamoDbIsolationProps["monitoring"], props: Partial<DynamoDbIsolationProps> = {}): TerraformJson {
  return synthScope((scope: Construct) => {
    const east = new AwsProvider(scope, "east", { region: "us-east-1", alias: "us_east_1" });
    new DynamoDbIsolation(scope, "Isolation", {
      ...LEDGER,
      monitoring: monitoring && { iamEventsProvider: east, ...monitoring },
      ...props,
    });
  });
}

const ALARMED = { createTrail: true, dataEvents: {}, alarms: true } as const;
const tf = synth(ALARMED);
/** The perimeter's endpoint is a reference in the synthesized JSON: read it as the id it resolves to. */
const resolved = (text: string) =>
  text.replace(/\$\{aws_vpc_endpoint\.[^}]+\.id\}/g, ENDPOINT).replace(/\$\{data\.aws_caller_identity\.[^}]+\}/g, ACCOUNT);
const filters = Object.fromEntries(
  Object.values(resourcesOf(tf, "aws_cloudwatch_log_metric_filter")).map((f) => [String(f.name), resolved(String(f.pattern))]),
);
const [query] = Object.values(resourcesOf(tf, "aws_cloudwatch_query_definition")).map((q) => resolved(String(q.query_string)));

type Record_ = Record<string, unknown>;
function record(eventName: string, caller: Caller, extra: Record_ = {}): Record_ {
  const stream = ["GetRecords", "GetShardIterator", "DescribeStream"].includes(eventName);
  return {
    eventVersion: "1.09",
    userIdentity: caller,
    eventTime: "2026-01-01T00:00:00Z",
    eventSource: "dynamodb.amazonaws.com",
    eventName,
    awsRegion: "us-east-2",
    sourceIPAddress: "203.0.113.10",
    userAgent: "aws-cli/2",
    requestParameters: { tableName: "Ledger" },
    responseElements: null,
    readOnly: true,
    resources: [
      stream
        ? { accountId: ACCOUNT, type: "AWS::DynamoDB::Stream", ARN: `${TABLE}/stream/2026-01-01T00:00:00.000` }
        : { accountId: ACCOUNT, type: "AWS::DynamoDB::Table", ARN: TABLE },
    ],
    eventType: "AwsApiCall",
    managementEvent: false,
    recipientAccountId: ACCOUNT,
    eventCategory: "Data",
    ...extra,
  };
}
const THROUGH_ENDPOINT = { vpcEndpointId: ENDPOINT, vpcEndpointAccountId: ACCOUNT, sourceIPAddress: "10.80.1.10" };
const DENIED = { errorCode: "AccessDenied", errorMessage: "User is not authorized to perform: dynamodb:GetItem with an explicit deny" };
const APP = roleSession(`arn:aws:iam::${ACCOUNT}:role/ledger-app`);
const forwarded = (caller: Caller, service: string): Caller => ({ ...caller, invokedBy: service });

/**
 * Which of the three (denied alarm, off-perimeter alarm, query) a record raises or lists, under
 * every reading. Each alarm has an item half and a stream half: a record is in one at most.
 */
function raised(event: Record_): { denied: boolean; offPerimeter: boolean; listed: boolean } {
  const [first, ...others] = READINGS.map((reading) => {
    const hits = (name: string) =>
      [filters[name], filters[name.replace("-calls", "-stream-calls")]].filter((f) => filterMatches(f, event, reading));
    const denied = hits("Ledger-denied-calls");
    const offPerimeter = hits("Ledger-off-perimeter-calls");
    expect(denied.length + offPerimeter.length).toBeLessThanOrEqual(1);
    return { denied: denied.length === 1, offPerimeter: offPerimeter.length === 1, listed: querySelects(query, event, reading) };
  });
  for (const other of others) expect(other).toEqual(first);
  return first;
}

describe("off-perimeter alarms", () => {
  test("four metric filters on the trail's log group (item and stream calls apart), an alarm on each to the alerts' topic, and a saved query", () => {
    expect(Object.keys(filters).sort()).toEqual([
      "Ledger-denied-calls",
      "Ledger-denied-stream-calls",
      "Ledger-off-perimeter-calls",
      "Ledger-off-perimeter-stream-calls",
    ]);
    const [group] = Object.values(resourcesOf(tf, "aws_cloudwatch_log_group")).filter((g) => String(g.name).startsWith("/aws/cloudtrail/"));
    expect(group).toMatchObject({ name: "/aws/cloudtrail/Ledger-perimeter-trail", retention_in_days: 365, skip_destroy: true });
    const [trail] = Object.values(resourcesOf(tf, "aws_cloudtrail"));
    expect(trail.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.[^}]+\.arn\}:\*$/);
    const alarms = Object.values(resourcesOf(tf, "aws_cloudwatch_metric_alarm"));
    expect(alarms.map((a) => [a.alarm_name, a.metric_name, a.threshold, a.treat_missing_data])).toEqual([
      ["Ledger-denied-calls", "Ledger-DeniedCalls", 1, "notBreaching"],
      ["Ledger-denied-stream-calls", "Ledger-DeniedStreamCalls", 1, "notBreaching"],
      ["Ledger-off-perimeter-calls", "Ledger-OffPerimeterCalls", 1, "notBreaching"],
      ["Ledger-off-perimeter-stream-calls", "Ledger-OffPerimeterStreamCalls", 1, "notBreaching"],
    ]);
    const [topic] = Object.keys(resourcesOf(tf, "aws_sns_topic")).filter(
      (id) => !String(resourcesOf(tf, "aws_sns_topic")[id].provider ?? "").includes("us_east_1"),
    );
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([`\${aws_sns_topic.${topic}.arn}`]);
    for (const pattern of Object.values(filters)) expect(pattern.length).toBeLessThanOrEqual(1024);
  });

  test("a call through the perimeter's endpoint raises nothing; the same call from the internet raises the off-perimeter alarm", () => {
    expect(raised(record("GetItem", APP, THROUGH_ENDPOINT))).toEqual({ denied: false, offPerimeter: false, listed: false });
    expect(raised(record("GetItem", APP))).toEqual({ denied: false, offPerimeter: true, listed: true });
    expect(raised(record("PutItem", iamUser("mallory"), { vpcEndpointId: "vpce-0another000000001" }))).toEqual({
      denied: false,
      offPerimeter: true,
      listed: true,
    });
  });

  test("a denied call from outside raises the denied-calls alarm; one denied inside for want of rights does too", () => {
    expect(raised(record("Scan", iamUser("mallory"), DENIED))).toEqual({ denied: true, offPerimeter: false, listed: true });
    expect(raised(record("Scan", APP, { ...THROUGH_ENDPOINT, ...DENIED, errorCode: "AccessDeniedException" }))).toEqual({
      denied: true,
      offPerimeter: false,
      listed: false,
    });
  });

  test("a call a service forwards with the caller's credentials counts: it came past the endpoints, whichever service forwarded it", () => {
    expect(raised(record("PutItem", forwarded(APP, "cloudformation.amazonaws.com")))).toEqual({
      denied: false,
      offPerimeter: true,
      listed: true,
    });
    expect(raised(record("PutItem", forwarded(APP, "apigateway.amazonaws.com")))).toEqual({
      denied: false,
      offPerimeter: true,
      listed: true,
    });
  });

  // One record per exemption the policies grant: none may raise an alarm or be listed.
  const EXEMPT: Array<[string, Record_]> = [
    ["DynamoDB's replication role writing a replica", record("PutItem", roleSession(REPLICATION, "replication"))],
    [
      "DynamoDB itself, as a service principal",
      record("GetItem", { type: "AWSService", invokedBy: "dynamodb.amazonaws.com" }, { sourceIPAddress: "dynamodb.amazonaws.com" }),
    ],
    ["a named stream consumer reading the stream from outside", record("GetRecords", roleSession(CONSUMER, "lambda"))],
    ["a named stream consumer's shard iterator", record("GetShardIterator", roleSession(CONSUMER, "lambda"))],
    [
      "the backup role starting a backup (a management event)",
      record("StartAwsBackupJob", roleSession(BACKUP, "backup"), { eventCategory: "Management", managementEvent: true }),
    ],
    [
      "an operator changing the table (a management event)",
      record("UpdateTable", roleSession(DEPLOYER), { eventCategory: "Management", managementEvent: true, readOnly: false }),
    ],
  ];
  test.each(EXEMPT)("exempt: %s", (_, event) => {
    expect(raised(event)).toEqual({ denied: false, offPerimeter: false, listed: false });
  });

  test("the exemptions are exact: the consumer's item reads and another role's stream reads raise the alarm", () => {
    expect(raised(record("GetItem", roleSession(CONSUMER, "lambda")))).toMatchObject({ offPerimeter: true });
    expect(raised(record("GetRecords", APP))).toMatchObject({ offPerimeter: true });
    expect(raised(record("GetRecords", roleSession(`${CONSUMER}-2`, "lambda")))).toMatchObject({ offPerimeter: true });
    expect(raised(record("PutItem", roleSession(`${REPLICATION}2`)))).toMatchObject({ offPerimeter: true });
  });

  test("without alarms, no log group on the trail and nothing else changes", () => {
    const quiet = synth({ createTrail: true, dataEvents: {} });
    expect(resourcesOf(quiet, "aws_cloudwatch_metric_alarm")).toEqual({});
    expect(Object.values(resourcesOf(quiet, "aws_cloudtrail"))[0].cloud_watch_logs_group_arn).toBeUndefined();
  });

  test("alarms need the module's trail and data events, said with everything else wrong at once", () => {
    expect(() => synth({ trailArn: "arn:aws:cloudtrail:us-east-2:123456789012:trail/org", alarms: true })).toThrow(
      "test/Isolation: monitoring.alarms needs monitoring.createTrail and monitoring.dataEvents: the alarms count the data events the module's trail delivers to CloudWatch Logs, got true",
    );
  });

  test("too many stream consumers to fit a pattern are refused before anything is written", () => {
    const consumers = Array.from({ length: 12 }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/stream-reader-with-a-long-name-${i}`);
    expect(() => synth(ALARMED, { resourcePolicy: { ...LEDGER.resourcePolicy, streamConsumerPrincipalArns: consumers } })).toThrow(
      /monitoring\.alarms cannot fit this perimeter's endpoints \(1\) and stream consumers \(12\) in a metric filter pattern: it would be \d+ characters, over CloudWatch Logs' 1024/,
    );
  });
});
