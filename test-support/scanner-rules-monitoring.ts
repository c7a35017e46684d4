import { TerraformJson } from "./synth";
import type { Rule } from "./scanner-rules";

/**
 * The scanner rules for logs and what tamper alerts add: the flow logs' log group, the trail, its
 * bucket, the alerts' topics. A rule that finds none of its resources passes, as the scanners do.
 */
type Body = Record<string, unknown>;
const entries = (tf: TerraformJson, type: string): Array<[string, Body]> =>
  Object.entries(tf.resource?.[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
/** The `bucket` attribute of each resource of a type: the buckets a setting applies to. */
const bucketsWith = (tf: TerraformJson, type: string, holds: (b: Body) => boolean): string[] =>
  entries(tf, type)
    .filter(([, b]) => holds(b))
    .map(([, b]) => String(b.bucket));
const ref = (address: string) => `\${${address}.id}`;

export const MONITORING_RULES: readonly Rule[] = [
  {
    ids: ["CKV_AWS_66", "CKV_AWS_338", "CKV_AWS_158"],
    passesWhen:
      "every log group sets retention_in_days to 0 (never expire) or at least 365, and is KMS-encrypted; " +
      "a value unknown at synth fails here (Checkov calls it unknown)",
    check: async (tf) =>
      entries(tf, "aws_cloudwatch_log_group").flatMap(([a, g]) => {
        const out: string[] = [];
        const days = g.retention_in_days;
        if (typeof days !== "number" || (days !== 0 && days < 365)) out.push(`${a}: retention ${String(days)} days`);
        if (typeof g.kms_key_id !== "string" || g.kms_key_id === "") out.push(`${a}: not KMS-encrypted`);
        return out;
      }),
  },
  {
    ids: ["CKV_AWS_35", "AWS-0015", "CloudTrail.2"],
    passesWhen: "every trail encrypts its log files with a KMS key",
    check: async (tf) =>
      entries(tf, "aws_cloudtrail")
        .filter(([, t]) => typeof t.kms_key_id !== "string" || t.kms_key_id === "")
        .map(([a]) => `${a}: log files not KMS-encrypted`),
  },
  {
    ids: ["CKV_AWS_36", "AWS-0016", "CloudTrail.4"],
    passesWhen: "every trail validates its log files",
    check: async (tf) =>
      entries(tf, "aws_cloudtrail")
        .filter(([, t]) => t.enable_log_file_validation !== true)
        .map(([a]) => `${a}: log file validation off`),
  },
  {
    ids: ["CKV_AWS_67", "AWS-0014", "CloudTrail.1"],
    passesWhen: "every trail logs every region, IAM's global events included",
    check: async (tf) =>
      entries(tf, "aws_cloudtrail")
        .filter(([, t]) => t.is_multi_region_trail !== true || t.include_global_service_events === false)
        .map(([a]) => `${a}: not multi-region`),
  },
  {
    ids: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6", "S3.8"],
    passesWhen: "every bucket has a public access block with all four settings on",
    check: async (tf) => {
      const all = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
      const blocked = bucketsWith(tf, "aws_s3_bucket_public_access_block", (b) => all.every((k) => b[k] === true));
      return entries(tf, "aws_s3_bucket")
        .filter(([a]) => !blocked.includes(ref(a)))
        .map(([a]) => `${a}: public access not fully blocked`);
    },
  },
  {
    ids: ["CKV_AWS_21", "AWS-0090"],
    passesWhen: "every bucket is versioned",
    check: async (tf) => {
      const versioned = bucketsWith(
        tf,
        "aws_s3_bucket_versioning",
        (b) => (b.versioning_configuration as Body | undefined)?.status === "Enabled",
      );
      return entries(tf, "aws_s3_bucket")
        .filter(([a]) => !versioned.includes(ref(a)))
        .map(([a]) => `${a}: not versioned`);
    },
  },
  {
    ids: ["CKV_AWS_145", "AWS-0132"],
    passesWhen: "every bucket encrypts by default with a KMS key",
    check: async (tf) => {
      const kms = bucketsWith(tf, "aws_s3_bucket_server_side_encryption_configuration", (b) =>
        ((b.rule as Body[] | undefined) ?? []).some((r) => {
          const d = r.apply_server_side_encryption_by_default as Body | undefined;
          return d?.sse_algorithm === "aws:kms" && typeof d.kms_master_key_id === "string" && d.kms_master_key_id !== "";
        }),
      );
      return entries(tf, "aws_s3_bucket")
        .filter(([a]) => !kms.includes(ref(a)))
        .map(([a]) => `${a}: not KMS-encrypted by default`);
    },
  },
  {
    ids: ["S3.5"],
    passesWhen: "every bucket's policy denies requests over plain HTTP (aws:SecureTransport false)",
    check: async (tf) => {
      const tlsOnly = bucketsWith(tf, "aws_s3_bucket_policy", (b) => {
        const statements = (JSON.parse(String(b.policy).replace(/\\"/g, '"')) as { Statement: Body[] }).Statement;
        return statements.some(
          (s) => s.Effect === "Deny" && JSON.stringify(s.Condition ?? {}) === JSON.stringify({ Bool: { "aws:SecureTransport": "false" } }),
        );
      });
      return entries(tf, "aws_s3_bucket")
        .filter(([a]) => !tlsOnly.includes(ref(a)))
        .map(([a]) => `${a}: plain HTTP not denied`);
    },
  },
  {
    ids: ["CKV_AWS_26", "AWS-0095", "SNS.1"],
    passesWhen: "every SNS topic is encrypted with a customer-managed KMS key (not alias/aws/sns)",
    check: async (tf) =>
      entries(tf, "aws_sns_topic")
        .filter(([, t]) => typeof t.kms_master_key_id !== "string" || t.kms_master_key_id === "" || t.kms_master_key_id === "alias/aws/sns")
        .map(([a]) => `${a}: not encrypted with a customer-managed key`),
  },
];
