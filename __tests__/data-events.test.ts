import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation, DynamoDbIsolationProps } from "../modules";
import { AdvancedEventSelector, dataEventSelectors, selectorValueCount } from "../modules/monitoring/data-events";
import { ACCOUNT } from "../test-support/access-model";
import { selects } from "../test-support/event-selectors";
import { TerraformJson, resourcesOf, synthScope } from "../test-support/synth";

/**
 * Data events: the selectors, judged as CloudTrail applies them (test-support/event-selectors.ts)
 * on data-event records shaped as DynamoDB's guide shows them (understanding-ddb-log-entries:
 * `eventCategory: "Data"`, the table or stream in `resources`).
 */
const arn = (name: string, region = "us-east-2") => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${name}`;
const STREAM = (name: string) => `${arn(name)}/stream/2026-01-01T00:00:00.000`;
const dataEvent = (eventName: string, resource: string, readOnly: boolean) => ({
  eventCategory: "Data",
  eventSource: "dynamodb.amazonaws.com",
  eventName,
  readOnly: String(readOnly),
  resources: [
    { accountId: ACCOUNT, type: resource.includes("/stream/") ? "AWS::DynamoDB::Stream" : "AWS::DynamoDB::Table", ARN: resource },
  ],
});

describe("data event selectors", () => {
  const named = dataEventSelectors({ tableArns: [arn("Books"), arn("Books", "eu-west-1")] });
  const prefixed = dataEventSelectors({ tableArns: [arn("legacy")], tableArnPrefixes: [`${arn("shop-")}`] });

  test("a perimeter table's and its stream's calls are logged, in each of its regions", () => {
    expect(selects(named, dataEvent("GetItem", arn("Books"), true))).toBe(true);
    expect(selects(named, dataEvent("PutItem", arn("Books", "eu-west-1"), false))).toBe(true);
    expect(selects(named, dataEvent("GetRecords", STREAM("Books"), true))).toBe(true);
  });

  test("another table's are not, not even one whose name starts with a perimeter table's", () => {
    expect(selects(named, dataEvent("GetItem", arn("BooksArchive"), true))).toBe(false);
    expect(selects(named, dataEvent("GetItem", arn("Books", "us-west-2"), true))).toBe(false);
    expect(selects(named, dataEvent("GetRecords", STREAM("BooksArchive"), true))).toBe(false);
  });

  test("with a prefix, every table and stream under it, and the tables named beside it", () => {
    expect(selects(prefixed, dataEvent("Scan", arn("shop-orders"), true))).toBe(true);
    expect(selects(prefixed, dataEvent("GetRecords", `${arn("shop-orders")}/stream/2026-01-01T00:00:00.000`, true))).toBe(true);
    expect(selects(prefixed, dataEvent("Scan", arn("legacy"), true))).toBe(true);
    expect(selects(prefixed, dataEvent("Scan", arn("shopping"), true))).toBe(false);
  });

  test("readOnly and eventNames narrow every selector", () => {
    const writes = dataEventSelectors({ tableArns: [arn("Books")], readOnly: false, eventNames: ["PutItem", "DeleteItem"] });
    expect(selects(writes, dataEvent("DeleteItem", arn("Books"), false))).toBe(true);
    expect(selects(writes, dataEvent("UpdateItem", arn("Books"), false))).toBe(false);
    expect(selects(writes, dataEvent("GetItem", arn("Books"), true))).toBe(false);
  });

  test("no management event is taken for a data event: each selector names the data category and a DynamoDB type", () => {
    for (const selector of [...named, ...prefixed])
      expect(selector.FieldSelectors.slice(0, 2).map((f) => [f.Field, f.Equals])).toEqual([
        ["eventCategory", ["Data"]],
        ["resources.type", [expect.stringMatching(/^AWS::DynamoDB::(Table|Stream)$/)]],
      ]);
    expect(selects(named, { eventCategory: "Management", eventName: "DeleteTable", resources: [] })).toBe(false);
  });

  test("values are counted toward CloudTrail's 500 a trail", () => {
    // Tables: category, type, 2 ARNs; streams: category, type, 2 ARN starts.
    expect(selectorValueCount(named)).toBe(8);
  });
});

const BOOKS: DynamoDbIsolationProps = {
  region: "us-east-1",
  table: { tableName: "Books", partitionKey: { name: "id", type: "S" } },
  guard: { principals: { roles: ["app"] } },
};
const synth = (monitoring: DynamoDbIsolationProps["monitoring"], props: Partial<DynamoDbIsolationProps> = {}): TerraformJson =>
  synthScope((scope: Construct) => {
    new AwsProvider(scope, "east", { region: "us-east-1", alias: "us_east_1" });
    new DynamoDbIsolation(scope, "Isolation", { ...BOOKS, monitoring, ...props });
  }, "us-east-1");

describe("data events on the trail", () => {
  test("the module's trail logs them and keeps logging every management event, which the tamper alerts need", () => {
    const tf = synth({ createTrail: true, dataEvents: { readOnly: false } });
    const [trail] = Object.values(resourcesOf(tf, "aws_cloudtrail"));
    // The table's ARN is a reference in the synthesized JSON: read it as the ARN it resolves to.
    const resolved = (values: unknown) =>
      (values as string[] | undefined)?.map((v) => v.replace(/^\$\{aws_dynamodb_table\.[^.]+\.arn\}/, arn("Books", "us-east-1")));
    const selectors = (trail.advanced_event_selector as Array<{ name: string; field_selector: Array<Record<string, unknown>> }>).map(
      (s): AdvancedEventSelector => ({
        Name: s.name,
        FieldSelectors: s.field_selector.map((f) => ({
          Field: String(f.field),
          Equals: resolved(f.equals),
          StartsWith: resolved(f.starts_with),
        })),
      }),
    );
    expect(selects(selectors, { eventCategory: "Management", eventName: "DeleteResourcePolicy", resources: [] })).toBe(true);
    expect(selects(selectors, { eventCategory: "Management", eventName: "DetachRolePolicy", resources: [] })).toBe(true);
    expect(selects(selectors, dataEvent("PutItem", arn("Books", "us-east-1"), false))).toBe(true);
    expect(selects(selectors, dataEvent("GetItem", arn("Books", "us-east-1"), true))).toBe(false);
  });

  test("without dataEvents the trail has no selectors: AWS's default, every management event", () => {
    const [trail] = Object.values(resourcesOf(synth({ createTrail: true }), "aws_cloudtrail"));
    expect(trail.advanced_event_selector).toBeUndefined();
  });

  test("bad data event props, every one at once", () => {
    expect(() => synth({ dataEvents: { eventNames: ["putitem", "GetItem"] } })).toThrow(
      [
        "test/Isolation: monitoring.dataEvents needs a trail to log them: set monitoring.createTrail, or monitoring.trailArn and give its owner the data_event_selectors output, got 'a trail'",
        "test/Isolation: monitoring.dataEvents.eventNames[0] must be a DynamoDB API call's name such as 'PutItem' or 'GetRecords', got 'putitem'",
      ].join("\n"),
    );
  });
});
