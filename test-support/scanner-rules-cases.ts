import { TerraformJson } from "./synth";

/**
 * Cases where a restatement in scanner-rules.ts once judged differently from the
 * scanner rule it stands for. Each was checked against the real rule's source
 * (named in `source`) and its published test cases; the fixtures are our own.
 */
export interface AgreementCase {
  /** What the case shows, as the test names it. */
  readonly title: string;
  /** The rule judged, by its first id. */
  readonly rule: string;
  /** The example stack copied and changed, named as the scanner-rules test names stacks. */
  readonly stack: string;
  /** Changes the copy; returns the findings the rule must report (empty: the rule must pass). */
  readonly change: (tf: TerraformJson) => string[];
  /** Where the fact comes from. */
  readonly source: string;
}

const SEED = "default.json book-collection";
const TABLE = "aws_dynamodb_table.Isolation_Table_F283C2B4";
const DEFAULT_SG = "aws_default_security_group.Isolation_Network_DefaultSecurityGroup_DD44B32C";
const LOG_GROUP = "aws_cloudwatch_log_group.Isolation_Network_FlowLog_LogGroup_E0AD0678";

type Body = Record<string, unknown>;
const first = (tf: TerraformJson, type: string): [string, Body] => {
  const [name, body] = Object.entries(tf.resource![type])[0];
  return [`${type}.${name}`, body];
};
const add = (tf: TerraformJson, type: string, name: string, body: Body): void => {
  tf.resource![type] = { ...(tf.resource![type] ?? {}), [name]: body };
};
/** Removes the seed table's write scaling (target and policy), or all its scaling. */
const dropScaling = (tf: TerraformJson, which: "Write" | "all"): void => {
  for (const type of ["aws_appautoscaling_target", "aws_appautoscaling_policy"]) {
    for (const name of Object.keys(tf.resource![type])) if (which === "all" || name.includes(which)) delete tf.resource![type][name];
  }
};

const DEFAULT_SG_RULES: Record<string, Body> = {
  aws_security_group_rule: { type: "ingress", protocol: "-1", from_port: 0, to_port: 0, self: true },
  aws_vpc_security_group_ingress_rule: { ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.0.0.0/16" },
  aws_vpc_security_group_egress_rule: { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" },
};

const defaultGroupCases = Object.entries(DEFAULT_SG_RULES).map(([type, rule]): AgreementCase => ({
  title: `a default security group's rule written as ${type} is a rule of the group`,
  rule: "CKV2_AWS_12",
  stack: SEED,
  change: (tf) => {
    add(tf, type, "added", { ...rule, description: "added", security_group_id: `\${${DEFAULT_SG}.id}` });
    return [`${DEFAULT_SG}: default security group has rule ${type}.added`];
  },
  source: "bridgecrewio/checkov checkov/terraform/checks/graph_checks/aws/VPCHasRestrictedSG.yaml",
}));

const TRIVY_DESCRIPTION = "aquasecurity/trivy-checks checks/cloud/aws/ec2/add_description_to_security_group{,_rule}.rego";

export const AGREEMENT_CASES: readonly AgreementCase[] = [
  ...defaultGroupCases,
  {
    title: "a security group described 'Managed by Terraform' keeps Terraform's default, which Trivy fails",
    rule: "CKV_AWS_23",
    stack: "interface-endpoints.json ledger",
    change: (tf) => {
      const [address, sg] = first(tf, "aws_security_group");
      sg.description = "Managed by Terraform";
      return [`${address}: Terraform's default description 'Managed by Terraform'`];
    },
    source: TRIVY_DESCRIPTION,
  },
  {
    title: "a rule resource described 'Managed by Terraform' fails Trivy's rule check too",
    rule: "CKV_AWS_23",
    stack: "interface-endpoints.json ledger",
    change: (tf) => {
      const [address, rule] = first(tf, "aws_vpc_security_group_ingress_rule");
      rule.description = "Managed by Terraform";
      return [`${address}: Terraform's default description 'Managed by Terraform'`];
    },
    source: TRIVY_DESCRIPTION,
  },
  {
    title: "retention_in_days 0 (never expire) passes, as Checkov's CKV_AWS_338 passes it",
    rule: "CKV_AWS_66",
    stack: SEED,
    change: (tf) => {
      first(tf, "aws_cloudwatch_log_group")[1].retention_in_days = 0;
      return [];
    },
    source: "bridgecrewio/checkov checkov/terraform/checks/resource/aws/CloudWatchLogGroupRetentionYear.py",
  },
  {
    title: "no retention_in_days fails (CKV_AWS_66 wants it set; CloudWatch would keep events forever)",
    rule: "CKV_AWS_66",
    stack: SEED,
    change: (tf) => {
      delete first(tf, "aws_cloudwatch_log_group")[1].retention_in_days;
      return [`${LOG_GROUP}: retention undefined days`];
    },
    source: "bridgecrewio/checkov checkov/terraform/checks/resource/aws/CloudWatchLogGroupRetention.py",
  },
  {
    title: "a table scaled for reads only passes Checkov, which asks for one scaled dimension",
    rule: "CKV2_AWS_16",
    stack: SEED,
    change: (tf) => {
      dropScaling(tf, "Write");
      return [];
    },
    source: "bridgecrewio/checkov checkov/terraform/checks/graph_checks/aws/AutoScalingEnableOnDynamoDBTables.yaml",
  },
  {
    title: "a table scaled for reads only fails Security Hub, whose Config rule wants reads and writes scaled",
    rule: "DynamoDB.1",
    stack: SEED,
    change: (tf) => {
      dropScaling(tf, "Write");
      return [`${TABLE}: provisioned write capacity has no auto scaling target with a policy`];
    },
    source: "AWS Config rule dynamodb-autoscaling-enabled",
  },
  ...["CKV2_AWS_16", "DynamoDB.1"].flatMap((rule): AgreementCase[] => [
    {
      title: "a table without billing_mode is PROVISIONED (the provider's default): scaled, it passes",
      rule,
      stack: SEED,
      change: (tf) => {
        delete first(tf, "aws_dynamodb_table")[1].billing_mode;
        return [];
      },
      source: "bridgecrewio/checkov tests/terraform/graph/checks/resources/AutoScalingEnableOnDynamoDBTables (pass_unset)",
    },
    {
      title: "a table without billing_mode is PROVISIONED (the provider's default): unscaled, it fails",
      rule,
      stack: SEED,
      change: (tf) => {
        delete first(tf, "aws_dynamodb_table")[1].billing_mode;
        dropScaling(tf, "all");
        return rule === "DynamoDB.1"
          ? ["read", "write"].map((kind) => `${TABLE}: provisioned ${kind} capacity has no auto scaling target with a policy`)
          : [`${TABLE}: provisioned capacity has no auto scaling target with a policy`];
      },
      source: "bridgecrewio/checkov checkov/terraform/checks/graph_checks/aws/AutoScalingEnableOnDynamoDBTables.yaml",
    },
  ]),
  {
    title: "an aws_vpc_endpoint_policy is read like an endpoint's inline policy",
    rule: "CKV_AWS_62",
    stack: "join-endpoint.json payroll",
    change: (tf) => {
      const [address, body] = first(tf, "aws_vpc_endpoint_policy");
      const policy = JSON.parse(body.policy as string) as { Statement: Body[] };
      policy.Statement[0].Action = "dynamodb:*";
      body.policy = JSON.stringify(policy);
      return [`${address} AllowManagedTables: allows dynamodb:*`];
    },
    source: "repository's own reading (the scanners read identity policies only)",
  },
  {
    title: "an aws_iam_policy_attachment listing users attaches to users; roles and groups alone, or users = [], pass",
    rule: "CKV_AWS_40",
    stack: SEED,
    change: (tf) => {
      delete tf.resource!.aws_iam_user_policy_attachment;
      const attachment = { name: "x", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" };
      add(tf, "aws_iam_policy_attachment", "toUsers", { ...attachment, users: ["someone"], roles: ["a-role"] });
      add(tf, "aws_iam_policy_attachment", "toRolesAndGroups", { ...attachment, roles: ["a-role"], groups: ["a-group"] });
      add(tf, "aws_iam_policy_attachment", "toNoUsers", { ...attachment, users: [], groups: ["a-group"] });
      return ["aws_iam_policy_attachment.toUsers: attached to users someone"];
    },
    source: "bridgecrewio/checkov checkov/terraform/checks/resource/aws/IAMPolicyAttachedToGroupOrRoles.py",
  },
];
