/**
 * CloudWatch Logs metric filter patterns and a Logs Insights query over the perimeter trail's
 * log group, as pure functions: the perimeter's endpoints and exempt principals in, text out.
 *
 * Facts they rest on:
 * - CloudTrail records carry `eventCategory` (`Data` for data events), `errorCode` only when a
 *   call failed, and `vpcEndpointId` only for a request made through a VPC endpoint (CloudTrail
 *   User Guide, cloudtrail-event-reference-record-contents). A role's session names the role in
 *   `userIdentity.sessionContext.sessionIssuer.arn`; a call an AWS service made with a caller's
 *   credentials names the service in `userIdentity.invokedBy`; a service principal's own call has
 *   `userIdentity.type` `AWSService` (cloudtrail-event-reference-user-identity).
 * - Metric filter patterns for JSON events: `{ $.field = "value" }`, `!=`, `NOT EXISTS`, `&&`,
 *   `||`, parentheses and `*` in a string value; at most 1,024 characters (CloudWatch Logs User
 *   Guide, FilterAndPatternSyntax and matching-terms-json-log-events; API Reference, PutMetricFilter). Every group here is parenthesized,
 *   so no reading of `&&` against `||` changes what a pattern matches.
 *
 * The trail's data event selectors take in only the perimeter's tables and streams, so every
 * DynamoDB data event in the log group is a call to one of them.
 */

/** CloudWatch Logs' limit on a metric filter's pattern. */
export const FILTER_PATTERN_MAX_LENGTH = 1024;

export interface OffPerimeterInput {
  /** Every endpoint a perimeter call may come through (references allowed). */
  readonly endpointIds: readonly string[];
  /** DynamoDB's replication role, which no outside deny applies to. */
  readonly replicationRoleArn: string;
  /** Principals that read the perimeter's streams from outside. */
  readonly streamConsumerArns: readonly string[];
  /** The stream calls they make. */
  readonly streamCalls: readonly string[];
}

const q = (value: string): string => JSON.stringify(value);
const all = (parts: readonly string[]): string => (parts.length === 1 ? parts[0] : `(${parts.join(" && ")})`);
const any = (parts: readonly string[]): string => (parts.length === 1 ? parts[0] : `(${parts.join(" || ")})`);

/** Where a principal's ARN appears in a record: a role as its sessions' issuer, anything else as the caller. */
const arnField = (arn: string): string => (/:role\//.test(arn) ? "$.userIdentity.sessionContext.sessionIssuer.arn" : "$.userIdentity.arn");

/** A field that is absent or none of the values (a `!=` on a missing field is not relied on either way). */
const noneOf = (field: string, values: readonly string[]): string =>
  any([`(${field} NOT EXISTS)`, all(values.map((v) => `(${field} != ${q(v)})`))]);

/**
 * The principals the policies let in from outside, but for stream consumers: none of their
 * records may raise an alarm. A call an AWS service forwards with the caller's credentials
 * (`userIdentity.invokedBy`) is not among them: the policies let some through
 * (`aws:ViaAWSService`), and each is a call the perimeter let past its endpoints, so it counts.
 */
function notExempt(input: OffPerimeterInput): string[] {
  return [`($.userIdentity.type != "AWSService")`, noneOf("$.userIdentity.sessionContext.sessionIssuer.arn", [input.replicationRoleArn])];
}

/** Item calls, or stream calls by anyone but the named consumers: the two halves of every alarm, which never overlap. */
function callsOf(part: AlarmPart, input: OffPerimeterInput): string[] {
  if (part === "items") return input.streamCalls.map((c) => `($.eventName != ${q(c)})`);
  const byField = new Map<string, string[]>();
  for (const arn of input.streamConsumerArns) byField.set(arnField(arn), [...(byField.get(arnField(arn)) ?? []), arn]);
  return [any(input.streamCalls.map((c) => `($.eventName = ${q(c)})`)), ...[...byField].map(([field, arns]) => noneOf(field, arns))];
}

/**
 * Each alarm counts item calls and stream calls apart (`eventName` is in every record, so each
 * call is in exactly one half): the consumers' exemption then weighs on the stream half only,
 * and each half's pattern stays within the quota.
 */
export type AlarmPart = "items" | "streams";
export const ALARM_PARTS: readonly AlarmPart[] = ["items", "streams"];

// The trail's selectors log no other data events; the source is not named, so table and stream calls match alike.
const DATA_EVENTS = `($.eventCategory = "Data")`;

/** Calls to the perimeter's tables or streams that were denied: someone tried, from outside or without rights. */
export function deniedCallsPattern(input: OffPerimeterInput, part: AlarmPart): string {
  return `{ ${all([DATA_EVENTS, `($.errorCode = "AccessDenied*")`, ...notExempt(input), ...callsOf(part, input)])} }`;
}

/** Calls that succeeded without coming through one of the perimeter's endpoints: the perimeter let something through. */
export function offPerimeterCallsPattern(input: OffPerimeterInput, part: AlarmPart): string {
  return `{ ${all([
    DATA_EVENTS,
    `($.errorCode NOT EXISTS)`,
    noneOf("$.vpcEndpointId", input.endpointIds),
    ...notExempt(input),
    ...callsOf(part, input),
  ])} }`;
}

const list = (values: readonly string[]): string => `[${values.map(q).join(", ")}]`;

/** A field that is absent or none of the values, in Logs Insights' syntax: no comparison is made on a missing field. */
const notIn = (field: string, values: readonly string[]): string => `((not ispresent(${field})) or (${field} not in ${list(values)}))`;

/**
 * A Logs Insights query listing every call to the perimeter's tables and streams that did not
 * come through its endpoints, denied or not, by principal, but for the exempt ones. Like the
 * patterns, it compares a field only where the record has it (CloudWatch Logs User Guide,
 * CWL_QuerySyntax: `ispresent`, `in`, `not`).
 */
export function offPerimeterQuery(input: OffPerimeterInput): string {
  const consumers = new Map<string, string[]>();
  for (const arn of input.streamConsumerArns) {
    const field = arnField(arn).replace("$.", "");
    consumers.set(field, [...(consumers.get(field) ?? []), arn]);
  }
  const notConsumer = [...consumers].map(([field, arns]) => notIn(field, arns));
  return [
    "fields eventTime, eventName, userIdentity.arn, sourceIPAddress, vpcEndpointId, errorCode",
    `| filter eventCategory = "Data"`,
    `| filter ${notIn("vpcEndpointId", input.endpointIds)}`,
    `| filter userIdentity.type != "AWSService"`,
    `| filter ${notIn("userIdentity.sessionContext.sessionIssuer.arn", [input.replicationRoleArn])}`,
    ...(notConsumer.length ? [`| filter (eventName not in ${list(input.streamCalls)}) or (${notConsumer.join(" and ")})`] : []),
    "| stats count(*) as calls, min(eventTime) as first, max(eventTime) as last by userIdentity.arn, eventName, errorCode",
    "| sort calls desc",
  ].join("\n");
}
