/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly AWS: string | readonly string[] } | { readonly Service: string | readonly string[] };
  readonly Action: string | readonly string[];
  /** Absent only in trust policies, which IAM rejects when they name resources. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** Item reads, including the read half of transactions and PartiQL SELECT. */
export const DATA_READ_ACTIONS: readonly string[] = [
  "dynamodb:BatchGetItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:GetItem",
  "dynamodb:PartiQLSelect",
  "dynamodb:Query",
  "dynamodb:Scan",
];

/** Item writes, including the write half of transactions and PartiQL DML. */
export const DATA_WRITE_ACTIONS: readonly string[] = [
  "dynamodb:BatchWriteItem",
  "dynamodb:DeleteItem",
  "dynamodb:PartiQLDelete",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
];

/** Stream record reads. These never travel through a gateway endpoint. */
export const STREAM_READ_ACTIONS: readonly string[] = [
  "dynamodb:DescribeStream",
  "dynamodb:GetRecords",
  "dynamodb:GetShardIterator",
];

/**
 * The data plane: every action that reads or writes table data item by item.
 * Transactions are authorised per item action, so TransactGetItems and
 * TransactWriteItems are covered by the actions above.
 */
export const DATA_PLANE_ACTIONS: readonly string[] = [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS];

/**
 * Table management that may run from inside the VPC (for example a deployment
 * runner there). Export to S3 is left out on purpose: it copies the whole table
 * to a bucket this policy cannot see.
 */
export const TABLE_MANAGEMENT_ACTIONS: readonly string[] = [
  "dynamodb:CreateTable",
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:DeleteTable",
  "dynamodb:DescribeContinuousBackups",
  "dynamodb:DescribeContributorInsights",
  "dynamodb:DescribeKinesisStreamingDestination",
  "dynamodb:DescribeTable",
  "dynamodb:DescribeTableReplicaAutoScaling",
  "dynamodb:DescribeTimeToLive",
  "dynamodb:GetResourcePolicy",
  "dynamodb:ListTagsOfResource",
  "dynamodb:PutResourcePolicy",
  "dynamodb:TagResource",
  "dynamodb:UntagResource",
  "dynamodb:UpdateContinuousBackups",
  "dynamodb:UpdateContributorInsights",
  "dynamodb:UpdateTable",
  "dynamodb:UpdateTimeToLive",
];

/** Which DynamoDB actions a guard denies outside the endpoints. */
export type GuardScope = "all" | "data-plane";

export const GUARD_SCOPES: readonly GuardScope[] = ["all", "data-plane"];

function guardActions(scope: GuardScope): string | readonly string[] {
  return scope === "all" ? "dynamodb:*" : DATA_PLANE_ACTIONS;
}

/** ARNs a policy must name to cover a table, its indexes and its streams. */
export function tableResources(tableArns: readonly string[], opts: { streams: boolean }): string[] {
  const out: string[] = [];
  for (const arn of tableArns) {
    out.push(arn, `${arn}/index/*`);
    if (opts.streams) out.push(`${arn}/stream/*`);
  }
  return out;
}

export interface GuardPolicyInput {
  /** ARNs of the managed tables (each replica is a table of its own). */
  readonly tableArns: readonly string[];
  /** Every endpoint a request may come through. */
  readonly endpointIds: readonly string[];
  readonly scope: GuardScope;
}

/**
 * The identity guard: deny the managed tables unless the request came through
 * one of the endpoints.
 *
 * - One `StringNotEquals` with the whole list: a negated operator is true only
 *   when the value equals none of the entries. `StringEquals` with a list inside
 *   a Deny would deny exactly the listed endpoints.
 * - A request from the internet carries no `aws:SourceVpce`; a negated operator
 *   on a missing key is true, so such requests are denied.
 * - `BoolIfExists aws:ViaAWSService false` leaves calls an AWS service makes for
 *   the principal alone (they never carry an endpoint id).
 * - Scoped to the managed tables, never `Resource: "*"`, so it cannot lock the
 *   principal out of every other table in the account.
 */
export function guardPolicy(input: GuardPolicyInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyManagedTablesOutsideVpcEndpoints",
        Effect: "Deny",
        Action: guardActions(input.scope),
        Resource: tableResources(input.tableArns, { streams: true }),
        Condition: {
          StringNotEquals: { "aws:SourceVpce": [...input.endpointIds] },
          BoolIfExists: { "aws:ViaAWSService": "false" },
        },
      },
    ],
  };
}

export interface KeyPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  /**
   * CloudWatch Logs log groups (full ARNs) whose events the key encrypts;
   * the regional logs service principal may use the key for those only.
   */
  readonly logGroupArns?: readonly string[];
  /** Region of the key, for the logs service principal. */
  readonly region: string;
  readonly dnsSuffix: string;
}

/**
 * A key policy that delegates the key to the account's IAM policies, as
 * AWS's default key policy does, and nothing wider: `kms:*` goes to the
 * account root only, never to `*`. CloudWatch Logs, when named, gets the
 * cryptographic actions bound to its log groups by encryption context.
 */
export function keyPolicy(input: KeyPolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "AccountAdministersKeyThroughIam",
      Effect: "Allow",
      Principal: { AWS: `arn:${input.partition}:iam::${input.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (input.logGroupArns && input.logGroupArns.length > 0) {
    statements.push({
      Sid: "CloudWatchLogsEncryptsNamedLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${input.region}.${input.dnsSuffix}` },
      Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [...input.logGroupArns] } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Trust policy letting VPC Flow Logs assume a role, only for this account's flow logs. */
export function flowLogTrustPolicy(input: { partition: string; region: string; accountId: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "VpcFlowLogsAssumesRole",
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": input.accountId },
          ArnLike: { "aws:SourceArn": `arn:${input.partition}:ec2:${input.region}:${input.accountId}:vpc-flow-log/*` },
        },
      },
    ],
  };
}

/** What VPC Flow Logs needs to deliver into one log group, and nothing else. */
export function flowLogDeliveryPolicy(input: { logGroupArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DeliverFlowLogsToOneLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [input.logGroupArn, `${input.logGroupArn}:*`],
      },
      {
        // DescribeLogGroups has no resource type: it can only be granted on "*".
        Sid: "FindLogGroups",
        Effect: "Allow",
        Action: "logs:DescribeLogGroups",
        Resource: "*",
      },
    ],
  };
}

/**
 * Serialises a policy the way IAM stores it: compact JSON. Terraform
 * references stay inside the text and are filled in at apply time.
 */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}
