/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import { PolicyDocument } from "./document";

/** Trust policy letting VPC Flow Logs assume a role, only for this account's flow logs. */
export function flowLogTrustPolicyDocument(input: { partition: string; region: string; accountId: string }): PolicyDocument {
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
export function flowLogDeliveryPolicyDocument(input: { logGroupArn: string }): PolicyDocument {
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
