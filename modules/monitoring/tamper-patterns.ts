/**
 * EventBridge event patterns for the calls that loosen a perimeter, as pure
 * functions: plain input in, a JSON-ready pattern out. Values may be
 * Terraform references (an endpoint's id), filled in at apply.
 *
 * EventBridge delivers CloudTrail's management events to the default bus of
 * the region they happen in as `detail-type: "AWS API Call via CloudTrail"`,
 * IAM's in us-east-1, and only while a trail logs them (EventBridge User
 * Guide, eb-service-event-cloudtrail). Operators used: exact values, `prefix`,
 * `suffix`, `wildcard`, `anything-but` and `$or` (eb-create-pattern-operators).
 */

/** A value a pattern field accepts: an exact string or one comparison. */
export type PatternValue =
  | string
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly wildcard: string }
  | { readonly "anything-but": string | readonly string[] | { readonly wildcard: string | readonly string[] } };

/** An event pattern: each field a list of accepted values or a nested pattern; `$or` a list of alternatives. */
export interface EventPattern {
  readonly [field: string]: readonly PatternValue[] | EventPattern | readonly EventPattern[];
}

const CLOUDTRAIL_CALL = "AWS API Call via CloudTrail";

/** DynamoDB calls that remove or widen what guards a table, copy it out, or delete it. */
export const DYNAMODB_TAMPER_EVENTS: readonly string[] = [
  "DeleteResourcePolicy",
  "PutResourcePolicy",
  "UpdateTable",
  "DeleteTable",
  "CreateTableReplica",
  "UpdateTimeToLive",
  "UpdateContinuousBackups",
  "EnableKinesisStreamingDestination",
  "UpdateKinesisStreamingDestination",
  "ExportTableToPointInTime",
  "RestoreTableFromBackup",
  "RestoreTableToPointInTime",
  "ImportTable",
  // Tags: the organization's SCP protects what carries the perimeter's tag.
  "TagResource",
  "UntagResource",
  // Global tables version 2017.11.29 add replicas with calls of their own, naming the table as `globalTableName`.
  "CreateGlobalTable",
  "UpdateGlobalTable",
];

/** EC2 calls that widen or remove a VPC endpoint (a policy reset gives AWS's full-access default). */
export const ENDPOINT_TAMPER_EVENTS: readonly string[] = ["ModifyVpcEndpoint", "DeleteVpcEndpoints"];

/** IAM calls that take the guard or a grant off someone, or swap its text. */
export const GUARD_TAMPER_EVENTS: readonly string[] = [
  "DetachRolePolicy",
  "DetachUserPolicy",
  "DetachGroupPolicy",
  "CreatePolicyVersion",
  "SetDefaultPolicyVersion",
  "DeletePolicyVersion",
  "DeletePolicy",
];

/** IAM calls that take a user out of a guarded group, or the group away. */
export const GROUP_TAMPER_EVENTS: readonly string[] = ["RemoveUserFromGroup", "DeleteGroup"];

/**
 * Who may change the perimeter without paging anyone: role ARNs (`aws:PrincipalArn`
 * patterns, `*` and `?` allowed) and user ARNs. CloudTrail names a role's session by
 * its role in `userIdentity.sessionContext.sessionIssuer.arn` and a user in
 * `userIdentity.arn`; every other caller (the root user, a federated user) always pages.
 */
function callerPattern(quietPrincipalArns: readonly string[]): EventPattern | undefined {
  // EventBridge's wildcard knows `*` only: a `?` becomes `*`, which can only quiet more of that name.
  const wildcards = (kind: "role" | "user") =>
    quietPrincipalArns.filter((arn) => arn.split(":")[5]?.startsWith(`${kind}/`)).map((arn) => arn.replace(/\?/g, "*"));
  const roles = wildcards("role");
  const users = wildcards("user");
  const quieted = [...(roles.length ? ["AssumedRole"] : []), ...(users.length ? ["IAMUser"] : [])];
  if (quieted.length === 0) return undefined;
  return {
    $or: [
      { type: [{ "anything-but": quieted }] },
      ...(roles.length
        ? [{ type: ["AssumedRole"], sessionContext: { sessionIssuer: { arn: [{ "anything-but": { wildcard: roles } }] } } }]
        : []),
      ...(users.length ? [{ type: ["IAMUser"], arn: [{ "anything-but": { wildcard: users } }] }] : []),
    ],
  };
}

/** The caller part of a pattern's detail, when anyone is quiet. */
function callers(quietPrincipalArns: readonly string[]): { userIdentity?: EventPattern } {
  const pattern = callerPattern(quietPrincipalArns);
  return pattern ? { userIdentity: pattern } : {};
}

export interface DynamoDbTamperPatternInput {
  /** The perimeter's table names (literal, or references known at apply). */
  readonly tableNames: readonly string[];
  /** With a prefix, every table under it too; `tableNames` are then the tables outside it. */
  readonly tableNamePrefix?: string;
  /** See `callerPattern`: the operators and the service roles that change tables for them. */
  readonly quietPrincipalArns: readonly string[];
}

/**
 * A DynamoDB call that loosens one of the perimeter's tables. A table is named by
 * name or by ARN (DynamoDB takes either); CloudTrail records it in the request:
 * `tableName`, `resourceArn` of a table or stream policy, `tableArn` of an export,
 * the target of a restore or import; or, for a call that succeeded, in the table
 * description it returns (by name). ARNs are matched by their end (`:table/<name>`,
 * and `:table/<name>/…` for a stream), which keeps the pattern short: EventBridge
 * allows 2,048 characters (see `fitPatterns`). With a prefix, every table under it,
 * and the tables named beside it.
 */
export function dynamodbTamperPattern(input: DynamoDbTamperPatternInput): EventPattern {
  const prefix = input.tableNamePrefix;
  const names: PatternValue[] = [...(prefix !== undefined ? [{ prefix }] : []), ...input.tableNames];
  const tables: PatternValue[] = [
    ...(prefix !== undefined ? [{ wildcard: `*:table/${prefix}*` }] : []),
    ...input.tableNames.map((name) => ({ suffix: `:table/${name}` })),
  ];
  const below: PatternValue[] = input.tableNames.map((name) => ({ wildcard: `*:table/${name}/*` }));
  return {
    source: ["aws.dynamodb"],
    "detail-type": [CLOUDTRAIL_CALL],
    detail: {
      eventSource: ["dynamodb.amazonaws.com"],
      eventName: [...DYNAMODB_TAMPER_EVENTS],
      ...callers(input.quietPrincipalArns),
      $or: [
        { requestParameters: { tableName: [...names, ...tables] } },
        { requestParameters: { resourceArn: [...tables, ...below] } },
        { requestParameters: { tableArn: tables } },
        { requestParameters: { targetTableName: names } },
        { requestParameters: { tableCreationParameters: { tableName: names } } },
        { requestParameters: { globalTableName: names } },
        // DynamoDB's documented UpdateTable record names the table in the response only (understanding-ddb-log-entries).
        { responseElements: { tableDescription: { tableName: names } } },
      ],
    },
  };
}

/**
 * An EC2 call on one of the perimeter's endpoints. EC2 records its newer calls' parameters under
 * `<Action>Request`, and a list as `{ content, tag }` items; the plain form is matched too.
 */
export function endpointTamperPattern(input: {
  readonly endpointIds: readonly string[];
  readonly quietPrincipalArns: readonly string[];
}): EventPattern {
  const ids = [...input.endpointIds];
  return {
    source: ["aws.ec2"],
    "detail-type": [CLOUDTRAIL_CALL],
    detail: {
      eventSource: ["ec2.amazonaws.com"],
      eventName: [...ENDPOINT_TAMPER_EVENTS],
      ...callers(input.quietPrincipalArns),
      $or: [
        { requestParameters: { ModifyVpcEndpointRequest: { VpcEndpointId: ids } } },
        { requestParameters: { DeleteVpcEndpointsRequest: { VpcEndpointId: { content: ids } } } },
        { requestParameters: { DeleteVpcEndpointsRequest: { VpcEndpointId: ids } } },
        { requestParameters: { vpcEndpointId: ids } },
      ],
    },
  };
}

export interface GuardTamperPatternInput {
  /** The guard's and the grants' ARNs. */
  readonly policyArns: readonly string[];
  /** Groups the guard is attached to. */
  readonly groupNames: readonly string[];
  readonly quietPrincipalArns: readonly string[];
}

/**
 * An IAM call that takes the guard or a grant off a principal or rewrites it; or empties a
 * guarded group. IAM's events arrive in us-east-1. An empty list would match nothing (and
 * EventBridge refuses one): a part with nothing to watch is left out.
 */
export function guardTamperPattern(input: GuardTamperPatternInput): EventPattern {
  const parts: EventPattern[] = [
    ...(input.policyArns.length ? [{ eventName: [...GUARD_TAMPER_EVENTS], requestParameters: { policyArn: [...input.policyArns] } }] : []),
    ...(input.groupNames.length ? [{ eventName: [...GROUP_TAMPER_EVENTS], requestParameters: { groupName: [...input.groupNames] } }] : []),
  ];
  return {
    source: ["aws.iam"],
    "detail-type": [CLOUDTRAIL_CALL],
    detail: {
      eventSource: ["iam.amazonaws.com"],
      ...callers(input.quietPrincipalArns),
      ...(parts.length === 1 ? parts[0] : { $or: parts }),
    },
  };
}

/** Calls that silence the alerts: their rules, their topic, the trail that feeds them. */
export const ALERT_TAMPER_EVENTS: readonly string[] = [
  "DeleteRule",
  "DisableRule",
  "PutRule",
  "RemoveTargets",
  "PutTargets",
  "DeleteTopic",
  "SetTopicAttributes",
  "RemovePermission",
  "AddPermission",
  "StopLogging",
  "DeleteTrail",
  "UpdateTrail",
  "PutEventSelectors",
];

export interface AlertTamperPatternInput {
  /**
   * What the region's rules' names start with (`<perimeter>-`), this one's among them: `DeleteRule` and
   * `DisableRule` name a rule as `name`, target changes as `rule`. By prefix, so the pattern stays one
   * size however many rules the tables need.
   */
  readonly ruleNamePrefix: string;
  readonly topicArns: readonly string[];
  /** Trails whose home region is this one, by name and ARN (CloudTrail takes either). @default - none */
  readonly trails?: readonly string[];
  readonly quietPrincipalArns: readonly string[];
}

/**
 * A call that deletes, disables or rewrites the perimeter's alert rules, their topic, or the trail
 * they depend on. A rule deleted is not there to see its own deletion: every rule of a region is
 * watched by this one, which watches itself only as long as it exists.
 */
export function alertTamperPattern(input: AlertTamperPatternInput): EventPattern {
  const rules: PatternValue[] = [{ prefix: input.ruleNamePrefix }];
  const trails = [...(input.trails ?? [])];
  return {
    source: ["aws.events", "aws.sns", ...(trails.length ? ["aws.cloudtrail"] : [])],
    "detail-type": [CLOUDTRAIL_CALL],
    detail: {
      eventName: [...ALERT_TAMPER_EVENTS],
      ...callers(input.quietPrincipalArns),
      $or: [
        { requestParameters: { name: [...rules, ...trails] } },
        { requestParameters: { rule: rules } },
        { requestParameters: { topicArn: [...input.topicArns] } },
        ...(trails.length ? [{ requestParameters: { trailName: trails } }] : []),
      ],
    },
  };
}
