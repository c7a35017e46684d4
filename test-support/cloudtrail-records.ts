/**
 * CloudTrail records as EventBridge delivers them (EventBridge User Guide,
 * eb-service-event-cloudtrail: `detail-type` "AWS API Call via CloudTrail", the record in
 * `detail`), for the tamper patterns' tests. The callers' `userIdentity` follows CloudTrail's
 * userIdentity element (awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html);
 * `UPDATE_TABLE` is the UpdateTable record of DynamoDB's developer guide
 * (amazondynamodb/latest/developerguide/understanding-ddb-log-entries.html), trimmed to the
 * fields patterns read, which puts the table's name in the description it returns.
 */

export const ACCOUNT = "111122223333";

export type Caller = Record<string, unknown>;

/** A role's session, as CloudTrail names it: the role in `sessionContext.sessionIssuer`. */
export function roleSession(roleArn: string, session = "bob"): Caller {
  const name = roleArn.split("/").pop()!;
  return {
    type: "AssumedRole",
    principalId: `AROAEXAMPLE:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
    accountId: ACCOUNT,
    sessionContext: {
      attributes: { mfaAuthenticated: "false", creationDate: "2026-01-01T00:00:00Z" },
      sessionIssuer: { type: "Role", principalId: "AROAEXAMPLE", arn: roleArn, accountId: ACCOUNT, userName: name },
    },
  };
}

export const iamUser = (name: string): Caller => ({
  type: "IAMUser",
  principalId: "AIDAEXAMPLE",
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  accountId: ACCOUNT,
  userName: name,
});
export const ROOT: Caller = { type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };

/** A CloudTrail record of `service`'s `eventName` in a region, in EventBridge's envelope. */
export function cloudTrailEvent(
  service: "dynamodb" | "ec2" | "iam" | "events" | "sns" | "cloudtrail",
  eventName: string,
  caller: Caller,
  record: { requestParameters?: unknown; responseElements?: unknown },
  region = "us-east-2",
): Record<string, unknown> {
  return {
    version: "0",
    id: "6f87d04b-9f74-4f04-a780-7acf4b0a9b38",
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${service}`,
    account: ACCOUNT,
    time: "2026-01-01T00:00:00Z",
    region,
    resources: [],
    detail: {
      eventVersion: "1.08",
      userIdentity: caller,
      eventTime: "2026-01-01T00:00:00Z",
      eventSource: `${service}.amazonaws.com`,
      eventName,
      awsRegion: region,
      sourceIPAddress: "192.0.2.0",
      userAgent: "console.aws.amazon.com",
      requestParameters: record.requestParameters ?? null,
      responseElements: record.responseElements ?? null,
      eventType: "AwsApiCall",
      recipientAccountId: ACCOUNT,
    },
  };
}

/** DynamoDB's documented UpdateTable: throughput changed, the table named in the response. */
export const updateTable = (caller: Caller, tableName: string) =>
  cloudTrailEvent("dynamodb", "UpdateTable", caller, {
    requestParameters: { provisionedThroughput: { writeCapacityUnits: 25, readCapacityUnits: 25 } },
    responseElements: { tableDescription: { tableName, tableStatus: "UPDATING" } },
  });
