import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parseConfig, seedConfig, SEED_STACK_NAME } from "../modules/config";
import { RULES, scan } from "../test-support/scanner-rules";
import { TerraformJson, synthConfig } from "../test-support/synth";

const EXAMPLES_DIR = join(__dirname, "..", "examples");
const examples = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".json")).sort();

/** The one finding the module keeps on purpose: the seed asks for a user attachment (CKV_AWS_40 / IAM.2). */
function knownFindings(tf: TerraformJson): string[] {
  return Object.entries(tf.resource?.aws_iam_user_policy_attachment ?? {}).map(
    ([name, body]) => `aws_iam_user_policy_attachment.${name}: attached to user ${String(body.user)}`,
  );
}

const stacks = examples.flatMap((file) => {
  const config = parseConfig(readFileSync(join(EXAMPLES_DIR, file), "utf8"), file);
  return Object.entries(synthConfig(config)).map(([name, tf]) => [`${file} ${name}`, tf] as [string, TerraformJson]);
});

describe("scanner rules", () => {
  test("there are example stacks to scan", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(1);
  });

  describe.each(stacks)("%s", (_name, tf) => {
    test.each(RULES.map((r) => [r.ids.join(" / "), r] as const))("passes %s", async (_ids, rule) => {
      const findings = await rule.check(tf);
      expect(findings).toEqual(rule.ids.includes("IAM.2") ? knownFindings(tf) : []);
    });
  });

  describe("every check fails on a deliberately broken stack", () => {
    const seed = synthConfig(seedConfig())[SEED_STACK_NAME];
    const first = (tf: TerraformJson, type: string): Record<string, unknown> => Object.values(tf.resource![type])[0];
    const policyOf = (tf: TerraformJson): Record<string, unknown> => first(tf, "aws_iam_policy");

    const breakages: Array<[string, (tf: TerraformJson) => void]> = [
      ["CKV_AWS_28", (tf) => (first(tf, "aws_dynamodb_table").point_in_time_recovery = { enabled: false })],
      ["CKV_AWS_119", (tf) => delete first(tf, "aws_dynamodb_table").server_side_encryption],
      ["CKV2_AWS_16", (tf) => delete tf.resource!.aws_appautoscaling_policy],
      ["DynamoDB.6", (tf) => (first(tf, "aws_dynamodb_table").deletion_protection_enabled = false)],
      ["CKV2_AWS_11", (tf) => delete tf.resource!.aws_flow_log],
      ["CKV2_AWS_12", (tf) => (first(tf, "aws_default_security_group").egress = [{ cidr_blocks: ["0.0.0.0/0"], protocol: "-1", from_port: 0, to_port: 0 }])],
      ["CKV_AWS_130", (tf) => (first(tf, "aws_subnet").map_public_ip_on_launch = true)],
      ["CKV_AWS_148", (tf) => (tf.resource!.aws_default_vpc = { default: {} })],
      ["CKV_AWS_62", (tf) => (policyOf(tf).policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:*:*:table/x" }] }))],
      ["CKV_AWS_355", (tf) => (policyOf(tf).policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:Get*"], Resource: "*" }] }))],
      ["CKV_AWS_40", () => undefined],
      ["CKV_AWS_7", (tf) => (first(tf, "aws_kms_key").enable_key_rotation = false)],
      ["CKV_AWS_66", (tf) => (first(tf, "aws_cloudwatch_log_group").retention_in_days = 30)],
    ];

    test("each rule has a breakage", () => {
      expect(breakages.map(([id]) => id).sort()).toEqual(RULES.map((r) => r.ids[0]).sort());
    });

    test.each(breakages)("%s reports the broken stack", async (id, breakIt) => {
      const rule = RULES.find((r) => r.ids[0] === id)!;
      const broken = JSON.parse(JSON.stringify(seed)) as TerraformJson;
      breakIt(broken);
      expect((await rule.check(broken)).length).toBeGreaterThan(0);
    });

    test("SSE with the AWS managed alias is reported too", async () => {
      const broken = JSON.parse(JSON.stringify(seed)) as TerraformJson;
      first(broken, "aws_dynamodb_table").server_side_encryption = { enabled: true, kms_key_arn: "arn:aws:kms:us-east-2:123456789012:alias/aws/dynamodb" };
      expect(await RULES.find((r) => r.ids[0] === "CKV_AWS_119")!.check(broken)).toEqual([
        `aws_dynamodb_table.${Object.keys(broken.resource!.aws_dynamodb_table)[0]}: uses the AWS managed key alias/aws/dynamodb`,
      ]);
    });

    test("a log group without a key is reported", async () => {
      const broken = JSON.parse(JSON.stringify(seed)) as TerraformJson;
      delete first(broken, "aws_cloudwatch_log_group").kms_key_id;
      expect((await RULES.find((r) => r.ids[0] === "CKV_AWS_66")!.check(broken)).join()).toContain("not KMS-encrypted");
    });
  });

  test("the whole scan of the seed finds only the known user attachment", async () => {
    const seed = synthConfig(seedConfig())[SEED_STACK_NAME];
    const findings = Object.values(await scan(seed)).flat();
    expect(findings).toEqual(knownFindings(seed));
    expect(findings).toHaveLength(1);
  });
});
