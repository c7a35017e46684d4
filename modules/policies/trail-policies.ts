import { PolicyDocument } from "./document";

export interface TrailBucketPolicyDocumentInput {
  readonly partition: string;
  readonly bucketArn: string;
  readonly accountId: string;
  /** The trail that writes to the bucket. */
  readonly trailArn: string;
}

/**
 * The policy of the bucket a perimeter's trail writes to: CloudTrail may read the bucket's ACL
 * and write its log files under `AWSLogs/<account>/`, for this trail only (`aws:SourceArn`,
 * CloudTrail User Guide, create-s3-bucket-policy-for-cloudtrail), with the bucket owner in full
 * control; nobody over plain HTTP. The account's own principals read the logs through IAM.
 */
export function trailBucketPolicyDocument(input: TrailBucketPolicyDocumentInput): PolicyDocument {
  const thisTrail = { StringEquals: { "aws:SourceArn": input.trailArn } };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CloudTrailChecksBucketAcl",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: input.bucketArn,
        Condition: thisTrail,
      },
      {
        Sid: "CloudTrailWritesLogFiles",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${input.bucketArn}/AWSLogs/${input.accountId}/*`,
        Condition: { StringEquals: { "aws:SourceArn": input.trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
      {
        Sid: "DenyPlainHttp",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [input.bucketArn, `${input.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/**
 * Trust policy letting CloudTrail assume the role that delivers one trail's events to CloudWatch
 * Logs, for that trail only (`aws:SourceArn`; CloudTrail User Guide, send-cloudtrail-events-to-cloudwatch-logs
 * and cross-service-confused-deputy-prevention).
 */
export function trailLogsTrustPolicyDocument(input: { trailArn: string; accountId: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CloudTrailAssumesRoleForOneTrail",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceArn": input.trailArn, "aws:SourceAccount": input.accountId } },
      },
    ],
  };
}

/** What CloudTrail needs to write a trail's events into one log group: its streams, and nothing else. */
export function trailLogsDeliveryPolicyDocument(input: { logGroupArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DeliverTrailEventsToOneLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${input.logGroupArn}:log-stream:*`,
      },
    ],
  };
}
