import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation, DynamoDbIsolationProps, EventPattern, alertTopicPolicyDocument, keyPolicyDocument } from "../modules";
import { matches } from "../test-support/event-pattern";
import { cloudTrailEvent, roleSession } from "../test-support/cloudtrail-records";
import { buildApp } from "../main";
import { seedConfig, SEED_STACK_NAME } from "../modules/app";
import { ACCOUNT, decide } from "../test-support/access-model";
import { TerraformJson, resourcesOf, synthScope } from "../test-support/synth";

const TRAIL = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail";
const BOOKS: DynamoDbIsolationProps = {
  region: "us-east-2",
  table: { tableName: "Books", partitionKey: { name: "id", type: "S" } },
  guard: { principals: { roles: ["app"], groups: ["readers"] } },
  resourcePolicy: { controlPlane: { exemptPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/deployer`] } },
};

function monitored(props: Partial<DynamoDbIsolationProps> = {}): TerraformJson {
  return synthScope((scope: Construct) => {
    const east = new AwsProvider(scope, "east", { region: "us-east-1", alias: "us_east_1" });
    new DynamoDbIsolation(scope, "Isolation", { ...BOOKS, monitoring: { trailArn: TRAIL, iamEventsProvider: east }, ...props });
  });
}

describe("tamper alerts", () => {
  test("rules in the perimeter's region and, for IAM's events, in us-east-1, each to its region's encrypted topic", () => {
    const tf = monitored();
    const rules = Object.values(resourcesOf(tf, "aws_cloudwatch_event_rule"));
    expect(rules.map((r) => [r.name, r.provider ?? "default"]).sort()).toEqual([
      ["Books-alerts-loosened", "aws.us_east_1"],
      ["Books-alerts-loosened", "default"],
      ["Books-endpoints-loosened", "default"],
      ["Books-guard-loosened", "aws.us_east_1"],
      ["Books-tables-loosened", "default"],
    ]);
    const topics = Object.values(resourcesOf(tf, "aws_sns_topic"));
    expect(topics.map((t) => [t.name, t.provider ?? "default"]).sort()).toEqual([
      ["Books-perimeter-alerts", "aws.us_east_1"],
      ["Books-perimeter-alerts", "default"],
    ]);
    expect(topics.every((t) => String(t.kms_master_key_id).startsWith("${aws_kms_key."))).toBe(true);
    // Each rule sends to its own region's topic.
    const targets = Object.values(resourcesOf(tf, "aws_cloudwatch_event_target"));
    expect(targets).toHaveLength(5);
    for (const target of targets) {
      const rule = Object.entries(resourcesOf(tf, "aws_cloudwatch_event_rule")).find(([id]) => String(target.rule).includes(`.${id}.`))!;
      const topic = Object.entries(resourcesOf(tf, "aws_sns_topic")).find(([id]) => String(target.arn).includes(`.${id}.`))!;
      expect(topic[1].provider).toBe(rule[1].provider);
    }
    // The key of each topic is locked like the perimeter's other keys.
    expect(Object.values(resourcesOf(tf, "aws_kms_key")).every((k) => String(k.policy).includes("DenyKeyTamperingExceptOperators"))).toBe(
      true,
    );
  });

  test("a perimeter in us-east-1 keeps every rule there, with one topic and no provider of its own", () => {
    const tf = synthScope(
      (scope) => new DynamoDbIsolation(scope, "Isolation", { ...BOOKS, region: "us-east-1", monitoring: { trailArn: TRAIL } }),
      "us-east-1",
    );
    expect(Object.values(resourcesOf(tf, "aws_cloudwatch_event_rule")).map((r) => r.name)).toHaveLength(4);
    expect(Object.keys(resourcesOf(tf, "aws_sns_topic"))).toHaveLength(1);
  });

  test("the config file turns alerts on with one field: the app makes the us-east-1 provider and outputs the topics and rules", () => {
    const seed = seedConfig().stacks[SEED_STACK_NAME];
    const app = buildApp({ stacks: { [SEED_STACK_NAME]: { ...seed, monitoring: { trailArn: TRAIL } } } });
    const stack = app.node.findChild(SEED_STACK_NAME) as TerraformStack;
    const tf = JSON.parse(Testing.synth(stack)) as TerraformJson & { output: Record<string, unknown> };
    expect((tf.provider!.aws as Array<{ alias?: string; region?: string }>).map((p) => [p.alias, p.region])).toContainEqual([
      "us_east_1",
      "us-east-1",
    ]);
    expect(Object.keys(tf.output)).toEqual(expect.arrayContaining(["alert_topic_arns", "alert_rule_names"]));
  });

  test("without monitoring, nothing of it is made: stacks synthesize as before", () => {
    const tf = synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", BOOKS));
    expect(resourcesOf(tf, "aws_cloudwatch_event_rule")).toEqual({});
    expect(resourcesOf(tf, "aws_sns_topic")).toEqual({});
  });

  test("synth says what the alerts cannot see: no trail declared, operators exempt by tag", () => {
    const stack = new TerraformStack(Testing.app(), "warn");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const isolation = new DynamoDbIsolation(stack, "Isolation", { ...BOOKS, region: "us-east-1", monitoring: {} });
    Testing.synth(stack);
    const warnings = isolation.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining("tamper alerts never fire without a trail"),
        expect.stringContaining("Operators exempt by the principal tag dp:exclude:network page on every change"),
      ]),
    );
  });

  test("bad monitoring props, every one at once", () => {
    const west = () => (scope: Construct) => new AwsProvider(scope, "west", { region: "us-west-2", alias: "west" });
    expect(() =>
      synthScope(
        (scope) =>
          new DynamoDbIsolation(scope, "Isolation", {
            ...BOOKS,
            perimeter: { name: "a".repeat(46) },
            monitoring: { trailArn: "org-trail", quietPrincipalArns: ["deployer"], iamEventsProvider: west()(scope) },
          }),
      ),
    ).toThrow(
      [
        `test/Isolation: perimeter.name must be at most 45 characters with monitoring: it names the EventBridge rules (64 at most), got '${"a".repeat(46)}'`,
        "test/Isolation: monitoring.trailArn must be a CloudTrail trail ARN such as 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail', got 'org-trail'",
        "test/Isolation: monitoring.quietPrincipalArns[0] must be an IAM principal ARN of one account such as 'arn:aws:iam::111122223333:role/deployer' (wildcards allowed in the name), got 'deployer'",
        "test/Isolation: monitoring.iamEventsProvider must be a provider for us-east-1, where IAM's events arrive, got 'us-west-2'",
      ].join("\n"),
    );
    expect(() => synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", { ...BOOKS, monitoring: { trailArn: TRAIL } }))).toThrow(
      "test/Isolation: monitoring.iamEventsProvider is required: IAM's events arrive in us-east-1, where the guard's rule must be, got nothing",
    );
  });
});

describe("tamper rules within EventBridge's quota of 2,048 characters a pattern", () => {
  const NAMES = Array.from({ length: 7 }, (_, i) => `orders-archive-${String(i).padStart(2, "0")}`);
  const many = (props: Partial<DynamoDbIsolationProps> = {}) =>
    monitored({
      table: undefined,
      tables: NAMES.map((tableName) => ({ tableName, partitionKey: { name: "id", type: "S" } })),
      perimeter: { name: "orders" },
      ...props,
    });
  const tableRulesOf = (tf: TerraformJson) =>
    Object.values(resourcesOf(tf, "aws_cloudwatch_event_rule")).filter((r) => String(r.name).includes("-tables-loosened"));

  test("many tables spread over as few rules as fit, each pattern within the quota, every table in exactly one", () => {
    const tf = many();
    const rules = tableRulesOf(tf);
    expect(rules.map((r) => r.name).sort()).toEqual(["orders-tables-loosened", "orders-tables-loosened-2", "orders-tables-loosened-3"]);
    for (const rule of rules) expect(String(rule.event_pattern).length).toBeLessThanOrEqual(2048);
    const patterns = rules.map((r) => JSON.parse(String(r.event_pattern)) as EventPattern);
    for (const name of NAMES) {
      const deleted = cloudTrailEvent("dynamodb", "DeleteTable", roleSession(`arn:aws:iam::${ACCOUNT}:role/PowerUser`), {
        requestParameters: { tableName: name },
      });
      expect([name, patterns.filter((p) => matches(p, deleted)).length]).toEqual([name, 1]);
    }
    // Every rule has a target, and the topic lets each one publish.
    // Every rule has a target (the endpoints' and the alerts' own besides, and us-east-1's guard and alerts rules).
    expect(Object.keys(resourcesOf(tf, "aws_cloudwatch_event_target"))).toHaveLength(rules.length + 4);
    const policy = Object.values(resourcesOf(tf, "aws_sns_topic_policy")).find((p) => p.provider === undefined)!;
    expect(String(policy.policy).match(/aws_cloudwatch_event_rule\.[^.]+\.arn/g)).toHaveLength(rules.length + 2);
  });

  test("one table keeps one rule of the plain name", () => {
    expect(tableRulesOf(monitored()).map((r) => r.name)).toEqual(["Books-tables-loosened"]);
  });

  test("a name too long for any pattern, and quiet principals that leave no room, are refused at once", () => {
    const long = "t".repeat(255);
    const quiet = Array.from({ length: 30 }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/platform/deployers/pipeline-deployer-${i}`);
    expect(() => monitored({ table: { tableName: long, partitionKey: { name: "id", type: "S" } }, perimeter: { name: "long" } })).toThrow(
      /test\/Isolation: tables cannot be watched by tamper alerts with this name: its rule's event pattern would be \d+ characters, over EventBridge's 2048/,
    );
    expect(() =>
      monitored({ monitoring: { trailArn: TRAIL, quietPrincipalArns: quiet, iamEventsProvider: undefined }, region: "us-east-1" }),
    ).toThrow(
      /monitoring\.quietPrincipalArns leave no room in the tamper rules' event patterns: with one endpoint or policy they are \d+ characters/,
    );
  });
});

describe("the alerts' topic and key, through the IAM evaluator", () => {
  const topicArn = `arn:aws:sns:us-east-2:${ACCOUNT}:Books-perimeter-alerts`;
  const ruleArn = `arn:aws:events:us-east-2:${ACCOUNT}:rule/Books-tables-loosened`;
  const topicPolicy = alertTopicPolicyDocument({ topicArn, ruleArns: [ruleArn] });
  const keyPolicy = keyPolicyDocument({
    partition: "aws",
    accountId: ACCOUNT,
    region: "us-east-2",
    dnsSuffix: "amazonaws.com",
    snsTopicArns: [topicArn],
  });
  const asService = (action: string, resource: string, resourcePolicy: unknown, context: Record<string, string>) =>
    decide({
      principal: "events.amazonaws.com",
      identityPolicies: [],
      action,
      resource,
      resourceAccount: ACCOUNT,
      resourcePolicy,
      context,
    });

  test("only the perimeter's rules publish, over TLS", async () => {
    const tls = { "aws:SecureTransport": "true" };
    expect(await asService("sns:Publish", topicArn, topicPolicy, { ...tls, "aws:SourceArn": ruleArn })).toBe("Allowed");
    const otherRule = `arn:aws:events:us-east-2:999999999999:rule/theirs`;
    expect(await asService("sns:Publish", topicArn, topicPolicy, { ...tls, "aws:SourceArn": otherRule })).not.toBe("Allowed");
    expect(await asService("sns:Publish", topicArn, topicPolicy, tls)).not.toBe("Allowed");
    expect(await asService("sns:Subscribe", topicArn, topicPolicy, { ...tls, "aws:SourceArn": ruleArn })).not.toBe("Allowed");
  });

  test("nobody of another account reads or subscribes", async () => {
    const outsider = `arn:aws:iam::999999999999:role/reader`;
    const full = [{ name: "full", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:*", Resource: "*" }] } }];
    for (const action of ["sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes"]) {
      const decision = await decide({
        principal: outsider,
        principalArn: outsider,
        identityPolicies: full,
        action,
        resource: topicArn,
        resourceAccount: ACCOUNT,
        resourcePolicy: topicPolicy,
        context: { "aws:SecureTransport": "true" },
      });
      expect([action, decision]).not.toEqual([action, "Allowed"]);
    }
  });

  test("EventBridge uses the key for the alerts' topic only", async () => {
    const keyArn = `arn:aws:kms:us-east-2:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    // The evaluator ignores kms:EncryptionContext:* keys (it reports them as ignored), so the
    // topic condition is checked by its text; what needs no such key, by the evaluator.
    expect(keyPolicy.Statement.find((st) => st.Sid === "EventBridgePublishesToNamedTopics")).toEqual({
      Sid: "EventBridgePublishesToNamedTopics",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:sns:topicArn": [topicArn] } },
    });
    expect(await asService("kms:GenerateDataKey", keyArn, keyPolicy, {})).not.toBe("Allowed");
    expect(await asService("kms:ScheduleKeyDeletion", keyArn, keyPolicy, {})).not.toBe("Allowed");
    expect(await asService("kms:CreateGrant", keyArn, keyPolicy, {})).not.toBe("Allowed");
  });
});
