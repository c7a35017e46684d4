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
 * Control-plane actions that copy the whole table somewhere this module's
 * policies do not reach: an export to S3, or a restore into a new table
 * that has no resource policy. Denied outside the endpoints to operators
 * too, like item access.
 */
export const TABLE_COPY_ACTIONS: readonly string[] = ["dynamodb:ExportTableToPointInTime", "dynamodb:RestoreTableToPointInTime"];

/**
 * Table management that may run from inside the VPC (for example a deployment
 * runner there). Export to S3 is left out on purpose: it copies the whole table
 * to a bucket this policy cannot see.
 */
export const TABLE_MANAGEMENT_ACTIONS: readonly string[] = [
  "dynamodb:CreateTable",
  "dynamodb:CreateTableReplica",
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:DeleteTable",
  "dynamodb:DeleteTableReplica",
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
  "dynamodb:UpdateTableReplicaAutoScaling",
  "dynamodb:UpdateTimeToLive",
];

/** Account-level reads with no resource type, for consoles and SDKs inside the VPC. */
export const ACCOUNT_READ_ACTIONS: readonly string[] = ["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"];

/** Which DynamoDB actions a guard denies outside the endpoints. */
export type GuardScope = "all" | "data-plane";

export const GUARD_SCOPES: readonly GuardScope[] = ["all", "data-plane"];

function guardActions(scope: GuardScope): string | readonly string[] {
  return scope === "all" ? "dynamodb:*" : [...DATA_PLANE_ACTIONS, ...TABLE_COPY_ACTIONS];
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

/** What a grant lets its principals do with the managed tables. */
export type GrantAccess = "read-only" | "read-write";
export const GRANT_ACCESS: readonly GrantAccess[] = ["read-only", "read-write"];

export interface GrantPolicyInput {
  readonly access: GrantAccess;
  readonly tableArns: readonly string[];
  readonly endpointIds: readonly string[];
  /** Keys of the tables; DynamoDB calls KMS for the caller, so the caller needs Decrypt. */
  readonly kmsKeyArns: readonly string[];
  /** `dynamodb.<region>.<suffix>` for every region with a replica. */
  readonly kmsViaServices: readonly string[];
}

/**
 * Least-privilege access to the managed tables, only through the endpoints.
 * `StringEquals` with a list in an Allow matches any listed endpoint. Stream
 * reads are not granted: they can never travel through a gateway endpoint.
 * KMS use is bound to DynamoDB (`kms:ViaService`): those calls come from the
 * service, not through the endpoint, so they carry no `aws:SourceVpce`.
 */
export function grantPolicy(input: GrantPolicyInput): PolicyDocument {
  const throughEndpoints = { StringEquals: { "aws:SourceVpce": [...input.endpointIds] } };
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadManagedTablesThroughVpcEndpoints",
      Effect: "Allow",
      Action: [...DATA_READ_ACTIONS, "dynamodb:DescribeTable"],
      Resource: tableResources(input.tableArns, { streams: false }),
      Condition: throughEndpoints,
    },
  ];
  if (input.access === "read-write") {
    statements.push({
      Sid: "WriteManagedTablesThroughVpcEndpoints",
      Effect: "Allow",
      Action: [...DATA_WRITE_ACTIONS],
      Resource: [...input.tableArns],
      Condition: throughEndpoints,
    });
  }
  statements.push({
    // SDK endpoint discovery; the action has no resource type.
    Sid: "DescribeEndpointsThroughVpcEndpoints",
    Effect: "Allow",
    Action: "dynamodb:DescribeEndpoints",
    Resource: "*",
    Condition: throughEndpoints,
  });
  if (input.kmsKeyArns.length > 0) {
    statements.push({
      Sid: "UseTableKeysThroughDynamoDb",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: [...input.kmsKeyArns],
      Condition: { StringEquals: { "kms:ViaService": [...input.kmsViaServices] } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Which tables the endpoint policy lets through. */
export type EndpointPolicyScope = "account" | "managed-tables";
export const ENDPOINT_POLICY_SCOPES: readonly EndpointPolicyScope[] = ["account", "managed-tables"];

export interface EndpointPolicyInput {
  readonly scope: EndpointPolicyScope;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The managed tables in this endpoint's region, for scope `managed-tables`. */
  readonly tableArns: readonly string[];
}

/**
 * The gateway endpoint's policy. It replaces AWS's full-access default, so it
 * must hold an Allow with a Principal. Only this account's tables (or only
 * the managed ones) are reachable through the endpoint: nobody in the VPC can
 * copy data into a table of another account through it. Export to S3 is not
 * among the actions. `aws:SourceVpce` would be pointless here: every request
 * this policy sees came through this endpoint.
 */
export function endpointPolicy(input: EndpointPolicyInput): PolicyDocument {
  const resources =
    input.scope === "account"
      ? [`arn:${input.partition}:dynamodb:${input.region}:${input.accountId}:table/*`]
      : tableResources(input.tableArns, { streams: false });
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: input.scope === "account" ? "AllowThisAccountsTables" : "AllowManagedTables",
        Effect: "Allow",
        Principal: "*",
        Action: [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...TABLE_MANAGEMENT_ACTIONS],
        Resource: resources,
      },
      {
        // These actions have no resource type: they can only be allowed on "*".
        Sid: "AllowAccountReads",
        Effect: "Allow",
        Principal: "*",
        Action: [...ACCOUNT_READ_ACTIONS],
        Resource: "*",
      },
    ],
  };
}

export interface TableResourcePolicyInput {
  /** The table the policy is attached to (a replica has its own). */
  readonly tableArn: string;
  readonly endpointIds: readonly string[];
  readonly scope: GuardScope;
  /** Global tables' replication role: never denied. */
  readonly replicationRoleArn: string;
  /**
   * Service-linked roles that manage the table from AWS's network, such as
   * Application Auto Scaling's: exempt from the control-plane deny.
   */
  readonly serviceRoleArns: readonly string[];
  /** Operators and deployers: exempt from the control-plane deny, never from the data-plane one. */
  readonly operatorPrincipalArns: readonly string[];
}

/**
 * The table's resource policy: the guard for every principal, attached or
 * not.
 *
 * - Data plane (item reads and writes) and whole-table copies (export,
 *   point-in-time restore): denied outside the endpoints for everyone,
 *   operators included.
 * - With scope `all`, everything else (describe, update, delete, tags,
 *   backups, this policy itself) is denied outside the endpoints too, except
 *   for operators, so the principal running Terraform keeps what it needs.
 * - Neither statement touches calls an AWS service makes for the caller
 *   (`aws:ViaAWSService`), AWS service principals, or the replication role:
 *   a denied replica becomes REPLICATION_NOT_AUTHORIZED. Auto scaling's
 *   service-linked role keeps DescribeTable and UpdateTable.
 */
export function tableResourcePolicy(input: TableResourcePolicyInput): PolicyDocument {
  const resources = [input.tableArn, `${input.tableArn}/index/*`];
  const outsideEndpoints = {
    StringNotEquals: { "aws:SourceVpce": [...input.endpointIds] },
    BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
  };
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyItemAccessAndCopiesOutsideVpcEndpoints",
      Effect: "Deny",
      Principal: "*",
      Action: [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...TABLE_COPY_ACTIONS],
      Resource: resources,
      Condition: { ...outsideEndpoints, ArnNotLikeIfExists: { "aws:PrincipalArn": [input.replicationRoleArn] } },
    },
  ];
  if (input.scope === "all") {
    statements.push({
      Sid: "DenyEverythingElseOutsideVpcEndpointsExceptOperators",
      Effect: "Deny",
      Principal: "*",
      Action: "dynamodb:*",
      Resource: resources,
      Condition: {
        ...outsideEndpoints,
        ArnNotLikeIfExists: { "aws:PrincipalArn": [input.replicationRoleArn, ...input.serviceRoleArns, ...input.operatorPrincipalArns] },
      },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

export interface StreamResourcePolicyInput {
  readonly streamArn: string;
  readonly endpointIds: readonly string[];
  readonly replicationRoleArn: string;
  /** Stream consumers allowed from outside the endpoints (for example Lambda execution roles). */
  readonly consumerPrincipalArns: readonly string[];
}

/**
 * The stream's resource policy. Stream records are table data, and stream
 * reads never travel through a gateway endpoint, so outside an interface
 * endpoint listed among the endpoints only the replication role, AWS
 * services and the named consumers may read them.
 */
export function streamResourcePolicy(input: StreamResourcePolicyInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyStreamReadsOutsideVpcEndpointsExceptConsumers",
        Effect: "Deny",
        Principal: "*",
        Action: [...STREAM_READ_ACTIONS],
        Resource: input.streamArn,
        Condition: {
          StringNotEquals: { "aws:SourceVpce": [...input.endpointIds] },
          BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
          ArnNotLikeIfExists: { "aws:PrincipalArn": [input.replicationRoleArn, ...input.consumerPrincipalArns] },
        },
      },
    ],
  };
}

/**
 * Size limits. IAM counts characters without whitespace; DynamoDB counts
 * every byte of a resource policy. The text here is compact JSON with no
 * whitespace, so both count the same.
 */
export const POLICY_SIZE_LIMITS = {
  /** Customer-managed (identity) policy. */
  identity: 6144,
  /** DynamoDB resource-based policy: 20 KB. */
  resource: 20480,
  /** VPC endpoint policy. */
  endpoint: 20480,
} as const;

/** Length of a policy's compact JSON text, as both IAM and DynamoDB count it. */
export function policySize(doc: PolicyDocument): number {
  return policyJson(doc).length;
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
