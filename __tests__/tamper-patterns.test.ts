import { alertTamperPattern, dynamodbTamperPattern, endpointTamperPattern, guardTamperPattern } from "../modules";
import { matches } from "../test-support/event-pattern";
import { ACCOUNT, ROOT, cloudTrailEvent, iamUser, roleSession, updateTable } from "../test-support/cloudtrail-records";

/**
 * Each tamper pattern against CloudTrail records: one that must page, one that must not,
 * and the operators' own change, which must not.
 */
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const SSO_ADMIN = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_PlatformAdmin_????????????????`;
const PIPELINE_USER = `arn:aws:iam::${ACCOUNT}:user/pipeline`;
const SCALING = "arn:*:iam::*:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/*";
const QUIET = [DEPLOYER, SSO_ADMIN, PIPELINE_USER, SCALING];
const INTRUDER = roleSession(`arn:aws:iam::${ACCOUNT}:role/PowerUser`);
const tableArn = (name: string) => `arn:aws:dynamodb:us-east-2:${ACCOUNT}:table/${name}`;

describe("tables loosened", () => {
  const byName = dynamodbTamperPattern({ tableNames: ["Books", "Authors"], quietPrincipalArns: QUIET });
  const byPrefix = dynamodbTamperPattern({ tableNames: [], tableNamePrefix: "shop-", quietPrincipalArns: QUIET });
  const call = (eventName: string, requestParameters: unknown, caller = INTRUDER) =>
    cloudTrailEvent("dynamodb", eventName, caller, { requestParameters });

  test("DynamoDB's documented UpdateTable on a perimeter table pages; on another table it does not", () => {
    expect(matches(byName, updateTable(INTRUDER, "Books"))).toBe(true);
    expect(matches(byName, updateTable(INTRUDER, "Music"))).toBe(false);
  });

  test.each([
    ["DeleteResourcePolicy", { resourceArn: tableArn("Books") }],
    ["PutResourcePolicy", { resourceArn: `${tableArn("Books")}/stream/2026-01-01T00:00:00.000`, policy: "{}" }],
    ["UpdateTable", { tableName: tableArn("Authors"), streamSpecification: { streamEnabled: true } }],
    ["DeleteTable", { tableName: "Books" }],
    ["EnableKinesisStreamingDestination", { tableName: "Books", streamArn: "arn:aws:kinesis:us-east-2:999999999999:stream/out" }],
    ["ExportTableToPointInTime", { tableArn: tableArn("Books"), s3Bucket: "elsewhere" }],
    ["RestoreTableFromBackup", { targetTableName: "Books", backupArn: `${tableArn("Books")}/backup/01767225600000-0a1b2c3d` }],
    ["ImportTable", { tableCreationParameters: { tableName: "Authors" } }],
    ["UpdateTimeToLive", { tableName: "Books", timeToLiveSpecification: { enabled: true, attributeName: "id" } }],
    ["UntagResource", { resourceArn: tableArn("Books"), tagKeys: ["dp:perimeter"] }],
    ["TagResource", { resourceArn: tableArn("Authors"), tags: [{ key: "dp:exclude:network", value: "true" }] }],
    ["UpdateGlobalTable", { globalTableName: "Books", replicaUpdates: [{ create: { regionName: "ap-south-1" } }] }],
  ])("%s on a perimeter table pages, and not on another table or by an operator", (eventName, request) => {
    expect(matches(byName, call(eventName, request))).toBe(true);
    const elsewhere = JSON.parse(JSON.stringify(request).replace(/Books|Authors/g, "Books2")) as unknown;
    expect(matches(byName, call(eventName, elsewhere))).toBe(false);
    expect(matches(byName, call(eventName, request, roleSession(DEPLOYER)))).toBe(false);
  });

  test("every operator and service role is quiet, by role, by wildcard and as a user; anyone else pages", () => {
    const change = (caller: Record<string, unknown>) =>
      matches(byName, call("DeleteResourcePolicy", { resourceArn: tableArn("Books") }, caller));
    expect(
      change(
        roleSession(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef`),
      ),
    ).toBe(false);
    expect(
      change(
        roleSession(
          `arn:aws:iam::${ACCOUNT}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
        ),
      ),
    ).toBe(false);
    expect(change(iamUser("pipeline"))).toBe(false);
    expect(change(iamUser("mallory"))).toBe(true);
    expect(change(ROOT)).toBe(true);
    expect(change(roleSession(`arn:aws:iam::${ACCOUNT}:role/deployer-copy`))).toBe(true);
    expect(
      change(roleSession(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef`)),
    ).toBe(true);
  });

  test("reading a table never pages: only the calls that loosen it", () => {
    expect(matches(byName, call("DescribeTable", { tableName: "Books" }))).toBe(false);
    expect(matches(byName, call("GetResourcePolicy", { resourceArn: tableArn("Books") }))).toBe(false);
  });

  test("with a prefix, every table under it, by name or ARN", () => {
    expect(matches(byPrefix, call("DeleteTable", { tableName: "shop-orders" }))).toBe(true);
    expect(matches(byPrefix, call("DeleteResourcePolicy", { resourceArn: tableArn("shop-carts") }))).toBe(true);
    expect(matches(byPrefix, call("DeleteTable", { tableName: "shopping" }))).toBe(false);
  });

  test("with a prefix, an existing table outside it is watched by name and ARN beside it", () => {
    const both = dynamodbTamperPattern({ tableNames: ["legacy-orders"], tableNamePrefix: "shop-", quietPrincipalArns: QUIET });
    expect(matches(both, call("DeleteTable", { tableName: "legacy-orders" }))).toBe(true);
    expect(
      matches(both, call("DeleteResourcePolicy", { resourceArn: `${tableArn("legacy-orders")}/stream/2026-01-01T00:00:00.000` })),
    ).toBe(true);
    expect(matches(both, call("DeleteTable", { tableName: "shop-carts" }))).toBe(true);
    expect(matches(both, call("DeleteTable", { tableName: "legacy-orders-2" }))).toBe(false);
  });
});

describe("endpoints loosened", () => {
  const pattern = endpointTamperPattern({ endpointIds: ["vpce-0a1b2c3d4e5f60718"], quietPrincipalArns: QUIET });
  const ec2 = (eventName: string, requestParameters: unknown, caller = INTRUDER) =>
    cloudTrailEvent("ec2", eventName, caller, { requestParameters });

  test("a policy reset, a new policy or a deletion of a perimeter endpoint pages; another endpoint's does not; nor an operator's", () => {
    const reset = { ModifyVpcEndpointRequest: { VpcEndpointId: "vpce-0a1b2c3d4e5f60718", ResetPolicy: true } };
    expect(matches(pattern, ec2("ModifyVpcEndpoint", reset))).toBe(true);
    expect(
      matches(
        pattern,
        ec2("DeleteVpcEndpoints", { DeleteVpcEndpointsRequest: { VpcEndpointId: { tag: 1, content: "vpce-0a1b2c3d4e5f60718" } } }),
      ),
    ).toBe(true);
    expect(matches(pattern, ec2("DeleteVpcEndpoints", { DeleteVpcEndpointsRequest: { VpcEndpointId: "vpce-0a1b2c3d4e5f60718" } }))).toBe(
      true,
    );
    expect(
      matches(
        pattern,
        ec2("ModifyVpcEndpoint", { ModifyVpcEndpointRequest: { VpcEndpointId: "vpce-0ffffffffffffffff", ResetPolicy: true } }),
      ),
    ).toBe(false);
    expect(matches(pattern, ec2("ModifyVpcEndpoint", reset, roleSession(DEPLOYER)))).toBe(false);
    expect(
      matches(pattern, ec2("DescribeVpcEndpoints", { DescribeVpcEndpointsRequest: { VpcEndpointId: "vpce-0a1b2c3d4e5f60718" } })),
    ).toBe(false);
  });
});

describe("guard loosened", () => {
  const guard = `arn:aws:iam::${ACCOUNT}:policy/Books-vpce-guard`;
  const pattern = guardTamperPattern({ policyArns: [guard], groupNames: ["readers"], quietPrincipalArns: QUIET });
  const iam = (eventName: string, requestParameters: unknown, caller = INTRUDER) =>
    cloudTrailEvent("iam", eventName, caller, { requestParameters }, "us-east-1");

  test.each([
    ["DetachRolePolicy", { roleName: "app", policyArn: guard }],
    ["DetachUserPolicy", { userName: "dynauser", policyArn: guard }],
    ["DetachGroupPolicy", { groupName: "readers", policyArn: guard }],
    ["SetDefaultPolicyVersion", { policyArn: guard, versionId: "v1" }],
    ["CreatePolicyVersion", { policyArn: guard, policyDocument: "{}", setAsDefault: true }],
    ["DeletePolicy", { policyArn: guard }],
    ["RemoveUserFromGroup", { groupName: "readers", userName: "dynauser" }],
  ])("%s on the guard pages; on another policy or group, or by an operator, it does not", (eventName, request) => {
    expect(matches(pattern, iam(eventName, request))).toBe(true);
    const other = JSON.parse(JSON.stringify(request).replace("Books-vpce-guard", "other").replace('"readers"', '"writers"')) as unknown;
    expect(matches(pattern, iam(eventName, other))).toBe(false);
    expect(matches(pattern, iam(eventName, request, roleSession(DEPLOYER)))).toBe(false);
  });

  test("attaching the guard, or a group change of another kind, never pages", () => {
    expect(matches(pattern, iam("AttachRolePolicy", { roleName: "app", policyArn: guard }))).toBe(false);
    expect(matches(pattern, iam("AddUserToGroup", { groupName: "readers", userName: "new" }))).toBe(false);
  });
});

describe("alerts loosened", () => {
  const topic = `arn:aws:sns:us-east-2:${ACCOUNT}:Books-perimeter-alerts`;
  const trail = `arn:aws:cloudtrail:us-east-2:${ACCOUNT}:trail/Books-perimeter-trail`;
  const pattern = alertTamperPattern({
    ruleNamePrefix: "Books-",
    topicArns: [topic],
    trails: ["Books-perimeter-trail", trail],
    quietPrincipalArns: QUIET,
  });
  const call = (service: "events" | "sns" | "cloudtrail", eventName: string, requestParameters: unknown, caller = INTRUDER) =>
    cloudTrailEvent(service, eventName, caller, { requestParameters });

  test.each([
    ["events", "DeleteRule", { name: "Books-tables-loosened" }],
    ["events", "DisableRule", { name: "Books-alerts-loosened" }],
    ["events", "PutRule", { name: "Books-guard-loosened", eventPattern: '{"source":["nothing"]}' }],
    ["events", "RemoveTargets", { rule: "Books-tables-loosened-2", ids: ["t"] }],
    ["sns", "SetTopicAttributes", { topicArn: topic, attributeName: "Policy", attributeValue: "{}" }],
    ["sns", "DeleteTopic", { topicArn: topic }],
    ["cloudtrail", "StopLogging", { name: trail }],
    ["cloudtrail", "DeleteTrail", { name: "Books-perimeter-trail" }],
    ["cloudtrail", "PutEventSelectors", { trailName: trail, eventSelectors: [] }],
  ] as const)("%s %s on the alerts pages; on something else, or by an operator, it does not", (service, eventName, request) => {
    expect(matches(pattern, call(service, eventName, request))).toBe(true);
    const other = JSON.parse(JSON.stringify(request).replace(/Books/g, "Music")) as unknown;
    expect(matches(pattern, call(service, eventName, other))).toBe(false);
    expect(matches(pattern, call(service, eventName, request, roleSession(DEPLOYER)))).toBe(false);
  });

  test("reading the alerts' settings never pages", () => {
    expect(matches(pattern, call("events", "DescribeRule", { name: "Books-tables-loosened" }))).toBe(false);
    expect(matches(pattern, call("cloudtrail", "GetTrailStatus", { name: trail }))).toBe(false);
  });
});
