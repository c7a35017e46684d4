import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation, DynamoDbIsolationProps, EventPattern } from "../modules";
import { accessFindingPattern } from "../modules/monitoring/access-analyzer";
import { matches } from "../test-support/event-pattern";
import { ACCOUNT } from "../test-support/cloudtrail-records";
import { TerraformJson, resourcesOf, synthScope } from "../test-support/synth";

/**
 * Access Analyzer's findings, as EventBridge delivers them (EventBridge events reference,
 * events-ref-access-analyzer: `source` aws.access-analyzer, `detail-type` "Access Analyzer
 * Finding", the finding in `detail`), judged by the rule's pattern.
 */
const arn = (name: string) => `arn:aws:dynamodb:us-east-2:${ACCOUNT}:table/${name}`;
function finding(resource: string, status = "ACTIVE"): Record<string, unknown> {
  return {
    version: "0",
    id: "22222222-dcba-4444-dcba-333333333333",
    "detail-type": "Access Analyzer Finding",
    source: "aws.access-analyzer",
    account: ACCOUNT,
    time: "2026-01-01T00:00:00Z",
    region: "us-east-2",
    resources: [`arn:aws:access-analyzer:us-east-2:${ACCOUNT}:analyzer/org-analyzer`],
    detail: {
      version: "1.0",
      id: "dc6bc5e6-1b8c-4c6c-b7a1-1f7a7a4c7f3f",
      status,
      resourceType: resource.includes("/stream/") ? "AWS::DynamoDB::Stream" : "AWS::DynamoDB::Table",
      resource,
      createdAt: "2026-01-01T00:00:00Z",
      analyzedAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      accountId: ACCOUNT,
      region: "us-east-2",
      principal: { AWS: "999988887777" },
      action: ["dynamodb:GetItem"],
      condition: {},
      isDeleted: false,
      isPublic: false,
    },
  };
}

describe("Access Analyzer findings", () => {
  const named = accessFindingPattern({ tableNames: ["Books"] });
  const prefixed = accessFindingPattern({ tableNames: ["legacy"], tableNamePrefix: "shop-" });

  test("an active finding on a perimeter table or its stream matches", () => {
    expect(matches(named, finding(arn("Books")))).toBe(true);
    expect(matches(named, finding(`${arn("Books")}/stream/2026-01-01T00:00:00.000`))).toBe(true);
    expect(matches(prefixed, finding(arn("shop-orders")))).toBe(true);
    expect(matches(prefixed, finding(`${arn("shop-orders")}/stream/2026-01-01T00:00:00.000`))).toBe(true);
    expect(matches(prefixed, finding(arn("legacy")))).toBe(true);
  });

  test("archived or resolved findings, other tables, and other services' findings do not", () => {
    expect(matches(named, finding(arn("Books"), "ARCHIVED"))).toBe(false);
    expect(matches(named, finding(arn("Books"), "RESOLVED"))).toBe(false);
    expect(matches(named, finding(arn("BooksArchive")))).toBe(false);
    expect(matches(named, finding(arn("OldBooks")))).toBe(false);
    expect(matches(prefixed, finding(arn("shopping")))).toBe(false);
    const bucket = finding("arn:aws:s3:::Books");
    (bucket.detail as Record<string, unknown>).resourceType = "AWS::S3::Bucket";
    expect(matches(named, bucket)).toBe(false);
  });
});

const BOOKS: DynamoDbIsolationProps = {
  region: "us-east-2",
  table: { tableName: "Books", partitionKey: { name: "id", type: "S" } },
  guard: { principals: { roles: ["app"] } },
};
function synth(accessAnalyzer: { createAnalyzer?: boolean } | undefined, props: Partial<DynamoDbIsolationProps> = {}): TerraformJson {
  return synthScope((scope: Construct) => {
    const east = new AwsProvider(scope, "east", { region: "us-east-1", alias: "us_east_1" });
    const trailArn = `arn:aws:cloudtrail:us-east-2:${ACCOUNT}:trail/org`;
    new DynamoDbIsolation(scope, "Isolation", { ...BOOKS, monitoring: { trailArn, iamEventsProvider: east, accessAnalyzer }, ...props });
  });
}

describe("Access Analyzer in the perimeter", () => {
  test("a findings rule to the region's alert topic; an analyzer only when asked", () => {
    const tf = synth({});
    const rules = Object.values(resourcesOf(tf, "aws_cloudwatch_event_rule")).filter((r) => r.name === "Books-external-access");
    expect(rules).toHaveLength(1);
    expect(matches(JSON.parse(String(rules[0].event_pattern)) as EventPattern, finding(arn("Books")))).toBe(true);
    expect(resourcesOf(tf, "aws_accessanalyzer_analyzer")).toEqual({});
    const analyzers = Object.values(resourcesOf(synth({ createAnalyzer: true }), "aws_accessanalyzer_analyzer"));
    expect(analyzers).toEqual([expect.objectContaining({ analyzer_name: "Books-external-access", type: "ACCOUNT" })]);
  });

  test("without accessAnalyzer, no findings rule", () => {
    const rules = Object.values(resourcesOf(synth(undefined), "aws_cloudwatch_event_rule"));
    expect(rules.map((r) => r.name)).not.toContain("Books-external-access");
  });
});
