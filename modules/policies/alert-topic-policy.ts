import { PolicyDocument } from "./document";

export interface AlertTopicPolicyDocumentInput {
  readonly topicArn: string;
  /** The EventBridge rules that publish to the topic. */
  readonly ruleArns: readonly string[];
  /** The CloudWatch alarms that publish to the topic. @default - none */
  readonly alarmArns?: readonly string[];
}

/**
 * The policy of a topic the perimeter's alerts go to: EventBridge may publish for the
 * named rules only (`aws:SourceArn`, EventBridge User Guide, eb-use-resource-based, on
 * SNS permissions), and the perimeter's CloudWatch alarms likewise, nobody over plain HTTP. Nothing else is granted: the account's own
 * principals reach the topic through their IAM policies, other accounts not at all.
 */
export function alertTopicPolicyDocument(input: AlertTopicPolicyDocumentInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PerimeterRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: input.topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": [...input.ruleArns] } },
      },
      ...(input.alarmArns?.length
        ? [
            {
              // CloudWatch names the alarm in aws:SourceArn (CloudWatch User Guide, cloudwatch-confused-deputy).
              Sid: "PerimeterAlarmsPublish",
              Effect: "Allow" as const,
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: "sns:Publish",
              Resource: input.topicArn,
              Condition: { ArnEquals: { "aws:SourceArn": [...input.alarmArns] } },
            },
          ]
        : []),
      {
        Sid: "DenyPlainHttp",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:*",
        Resource: input.topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
