import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parseConfig, seedConfig, SEED_STACK_NAME } from "../modules/app";
import { RULES, scan } from "../test-support/scanner-rules";
import { AGREEMENT_CASES } from "../test-support/scanner-rules-cases";
import { TerraformJson, synthConfig } from "../test-support/synth";

const EXAMPLES_DIR = join(__dirname, "..", "examples");
const examples = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

/**
 * The one finding the module keeps on purpose (CKV_AWS_40 / IAM.2): the seed,
 * and the examples built on it, attach policies to user dynauser. Written out
 * per stack, so a new user attachment anywhere fails the test.
 */
const KNOWN_USER_ATTACHMENTS: Record<string, string[]> = {
  "default.json book-collection": ["Isolation_Guard_Attachments_Users_dynauser_45E8886E"],
  "grants.json book-collection-grants": [
    "Isolation_Guard_Attachments_Users_dynauser_45E8886E",
    "Isolation_ReadWriteGrant_Attachments_Users_dynauser_57FA078D",
  ],
  "import.json book-collection-adopted": ["Isolation_Guard_Attachments_Users_dynauser_45E8886E"],
};
const knownFindings = (stack: string): string[] =>
  (KNOWN_USER_ATTACHMENTS[stack] ?? []).map((name) => `aws_iam_user_policy_attachment.${name}: attached to user dynauser`);

const stacks = examples.flatMap((file) => {
  const config = parseConfig(readFileSync(join(EXAMPLES_DIR, file), "utf8"), file);
  return Object.entries(synthConfig(config)).map(([name, tf]) => [`${file} ${name}`, tf] as [string, TerraformJson]);
});

describe("scanner rules", () => {
  test("there are example stacks to scan", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(1);
  });

  describe.each(stacks)("%s", (name, tf) => {
    test.each(RULES.map((r) => [r.ids.join(" / "), r] as const))("passes %s", async (_ids, rule) => {
      const findings = await rule.check(tf);
      expect(findings).toEqual(rule.ids.includes("IAM.2") ? knownFindings(name) : []);
    });
  });

  describe("every check fails on a deliberately broken stack", () => {
    const seed = synthConfig(seedConfig())[SEED_STACK_NAME];
    // The seed has no security group of its own: the interface-endpoint example does.
    const ledger = stacks.find(([name]) => name === "interface-endpoints.json ledger")![1];
    // The seed has no replica: the global-tables example has two, and only the first is broken.
    const global = stacks.find(([name]) => name === "global-tables.json sessions-global")![1];
    // The seed has no trail, bucket or topic: the monitoring example has them.
    const watched = stacks.find(([name]) => name === "monitoring.json ledger-watched")![1];
    const trail = "aws_cloudtrail.Isolation_Monitoring_Trail_90D4363E";
    const bucket = "aws_s3_bucket.Isolation_Monitoring_Trail_Bucket_4F8DB746";
    const topic = "aws_sns_topic.Isolation_Monitoring_us-east-1_Topic_2EBC4914";
    const replicaAddress = "aws_dynamodb_table_replica.Isolation_Table_Replicas_ap-southeast-2_E01D48A0";
    const rulesOf = (tf: TerraformJson) => Object.values(tf.resource!.aws_vpc_security_group_ingress_rule);
    const first = (tf: TerraformJson, type: string): Record<string, unknown> => Object.values(tf.resource![type])[0];
    const policyOf = (tf: TerraformJson): Record<string, unknown> => first(tf, "aws_iam_policy");

    // [rule, how the copy is broken, the address the finding must name, the stack broken (the seed unless named)]
    const breakages: Array<[string, (tf: TerraformJson) => void, string, TerraformJson?]> = [
      [
        "CKV_AWS_28",
        (tf) => (first(tf, "aws_dynamodb_table").point_in_time_recovery = { enabled: false }),
        "aws_dynamodb_table.Isolation_Table_F283C2B4",
      ],
      [
        "DynamoDB.2",
        (tf) => (first(tf, "aws_dynamodb_table").point_in_time_recovery = { enabled: false }),
        "aws_dynamodb_table.Isolation_Table_F283C2B4",
      ],
      ["DynamoDB.2", (tf) => (first(tf, "aws_dynamodb_table_replica").point_in_time_recovery = false), replicaAddress, global],
      ["CKV_AWS_119", (tf) => delete first(tf, "aws_dynamodb_table").server_side_encryption, "aws_dynamodb_table.Isolation_Table_F283C2B4"],
      ["CKV_AWS_271", (tf) => delete first(tf, "aws_dynamodb_table_replica").kms_key_arn, replicaAddress, global],
      ["CKV2_AWS_16", (tf) => delete tf.resource!.aws_appautoscaling_policy, "aws_dynamodb_table.Isolation_Table_F283C2B4"],
      ["DynamoDB.1", (tf) => delete tf.resource!.aws_appautoscaling_policy, "aws_dynamodb_table.Isolation_Table_F283C2B4"],
      [
        "DynamoDB.6",
        (tf) => (first(tf, "aws_dynamodb_table").deletion_protection_enabled = false),
        "aws_dynamodb_table.Isolation_Table_F283C2B4",
      ],
      ["DynamoDB.6", (tf) => (first(tf, "aws_dynamodb_table_replica").deletion_protection_enabled = false), replicaAddress, global],
      ["CKV2_AWS_11", (tf) => delete tf.resource!.aws_flow_log, "aws_vpc.Isolation_Network_3597FFDB"],
      [
        "CKV2_AWS_12",
        (tf) =>
          (first(tf, "aws_default_security_group").egress = [{ cidr_blocks: ["0.0.0.0/0"], protocol: "-1", from_port: 0, to_port: 0 }]),
        "aws_default_security_group.Isolation_Network_DefaultSecurityGroup_DD44B32C",
      ],
      [
        "CKV_AWS_23",
        (tf) => delete rulesOf(tf)[0].description,
        "aws_vpc_security_group_ingress_rule.Isolation_InterfaceEndpoints_FromCidr-172-16-0-0-12_DC776E4D",
        ledger,
      ],
      [
        "AWS-0107",
        (tf) => (rulesOf(tf)[0].cidr_ipv4 = "0.0.0.0/0"),
        "aws_vpc_security_group_ingress_rule.Isolation_InterfaceEndpoints_FromCidr-172-16-0-0-12_DC776E4D",
        ledger,
      ],
      [
        "CKV_AWS_130",
        (tf) => (first(tf, "aws_subnet").map_public_ip_on_launch = true),
        "aws_subnet.Isolation_Network_Zones_0_Subnet_2729F22D",
      ],
      ["CKV_AWS_148", (tf) => (tf.resource!.aws_default_vpc = { default: {} }), "aws_default_vpc.default"],
      [
        "CKV_AWS_62",
        (tf) =>
          (policyOf(tf).policy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:*:*:table/x" }],
          })),
        "aws_iam_policy.Isolation_Guard_6A83045D",
      ],
      [
        "CKV_AWS_355",
        (tf) =>
          (policyOf(tf).policy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["dynamodb:Get*"], Resource: "*" }],
          })),
        "aws_iam_policy.Isolation_Guard_6A83045D",
      ],
      [
        "CKV_AWS_40",
        (tf) => {
          // Start from a stack with no user attachment, then add one.
          delete tf.resource!.aws_iam_user_policy_attachment;
          tf.resource!.aws_iam_user_policy_attachment = {
            added: { user: "someone", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
          };
        },
        "aws_iam_user_policy_attachment.added",
      ],
      ["CKV_AWS_7", (tf) => (first(tf, "aws_kms_key").enable_key_rotation = false), "aws_kms_key.Isolation_Key_7826BC3F"],
      ["CKV_AWS_35", (tf) => delete first(tf, "aws_cloudtrail").kms_key_id, trail, watched],
      ["CKV_AWS_36", (tf) => (first(tf, "aws_cloudtrail").enable_log_file_validation = false), trail, watched],
      ["CKV_AWS_67", (tf) => (first(tf, "aws_cloudtrail").is_multi_region_trail = false), trail, watched],
      ["CKV_AWS_53", (tf) => (first(tf, "aws_s3_bucket_public_access_block").restrict_public_buckets = false), bucket, watched],
      [
        "CKV_AWS_21",
        (tf) => ((first(tf, "aws_s3_bucket_versioning").versioning_configuration as Record<string, unknown>).status = "Suspended"),
        bucket,
        watched,
      ],
      ["CKV_AWS_145", (tf) => delete tf.resource!.aws_s3_bucket_server_side_encryption_configuration, bucket, watched],
      ["S3.5", (tf) => (first(tf, "aws_s3_bucket_policy").policy = JSON.stringify({ Statement: [] })), bucket, watched],
      ["CKV_AWS_26", (tf) => (first(tf, "aws_sns_topic").kms_master_key_id = "alias/aws/sns"), topic, watched],
      [
        "CKV_AWS_66",
        (tf) => (first(tf, "aws_cloudwatch_log_group").retention_in_days = 30),
        "aws_cloudwatch_log_group.Isolation_Network_FlowLog_LogGroup_E0AD0678",
      ],
    ];

    test("each rule has a breakage", () => {
      expect([...new Set(breakages.map(([id]) => id))].sort()).toEqual(RULES.map((r) => r.ids[0]).sort());
    });

    test.each(breakages.map(([id, breakIt, address, base]) => [id, address, breakIt, base] as const))(
      "%s reports %s",
      async (id, address, breakIt, base = seed) => {
        const rule = RULES.find((r) => r.ids[0] === id)!;
        const broken = JSON.parse(JSON.stringify(base)) as TerraformJson;
        breakIt(broken);
        const findings = await rule.check(broken);
        expect(findings.filter((f) => f.startsWith(`${address}`))).toHaveLength(findings.length);
        expect(findings.length).toBeGreaterThan(0);
      },
    );

    test("a replica with point-in-time recovery off is Security Hub's finding only: Checkov and Trivy do not read replicas", async () => {
      const broken = JSON.parse(JSON.stringify(global)) as TerraformJson;
      first(broken, "aws_dynamodb_table_replica").point_in_time_recovery = false;
      expect(await RULES.find((r) => r.ids[0] === "CKV_AWS_28")!.check(broken)).toEqual([]);
      expect(await RULES.find((r) => r.ids[0] === "DynamoDB.2")!.check(broken)).toEqual([
        `${replicaAddress}: point-in-time recovery is not enabled`,
      ]);
    });

    test("a wildcard action that matches nothing is an error, not a pass", async () => {
      const broken = JSON.parse(JSON.stringify(seed)) as TerraformJson;
      policyOf(broken).policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["dynamodb:Gte*"], Resource: "*" }],
      });
      await expect(RULES.find((r) => r.ids[0] === "CKV_AWS_355")!.check(broken)).rejects.toThrow(
        "dynamodb:Gte* matches no dynamodb action",
      );
    });

    test("SSE with the AWS managed alias is reported too", async () => {
      const broken = JSON.parse(JSON.stringify(seed)) as TerraformJson;
      first(broken, "aws_dynamodb_table").server_side_encryption = {
        enabled: true,
        kms_key_arn: "arn:aws:kms:us-east-2:123456789012:alias/aws/dynamodb",
      };
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

  describe("judges as the scanner it restates", () => {
    test.each(AGREEMENT_CASES.map((c) => [c.rule, c.title, c] as const))("%s: %s", async (_rule, _title, c) => {
      const base = stacks.find(([name]) => name === c.stack);
      expect(base).toBeDefined();
      const copy = JSON.parse(JSON.stringify(base![1])) as TerraformJson;
      const expected = c.change(copy);
      const rule = RULES.find((r) => r.ids[0] === c.rule);
      expect(rule).toBeDefined();
      expect(await rule!.check(copy)).toEqual(expected);
    });
  });

  test("the whole scan of the seed finds only the known user attachment", async () => {
    const seed = synthConfig(seedConfig())[SEED_STACK_NAME];
    expect(Object.values(await scan(seed)).flat()).toEqual(knownFindings("default.json book-collection"));
  });
});
