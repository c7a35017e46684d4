import { EventPattern } from "../modules";
import { matches } from "../test-support/event-pattern";

/**
 * The matcher the tamper patterns are tested with, held to the examples of AWS's
 * EventBridge User Guide, "Comparison operators for use in event patterns"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html)
 * and "Content filtering" (eb-event-patterns-content-based-filtering): each operator the
 * patterns use, with an event that matches and one that does not.
 */
const cases: Array<{ operator: string; pattern: EventPattern; yes: unknown; no: unknown }> = [
  {
    operator: "and, exact values",
    pattern: { Location: ["New York"], Day: ["Monday"] },
    yes: { Location: "New York", Day: "Monday" },
    no: { Location: "New York", Day: "Tuesday" },
  },
  {
    operator: "anything-but",
    pattern: { state: [{ "anything-but": "initializing" }] },
    yes: { state: "running" },
    no: { state: "initializing" },
  },
  {
    operator: "anything-but, a list",
    pattern: { state: [{ "anything-but": ["stopped", "overloaded"] }] },
    yes: { state: "running" },
    no: { state: "overloaded" },
  },
  {
    operator: "anything-but, a wildcard",
    pattern: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
    yes: { FilePath: "/usr/bin/app" },
    no: { FilePath: "/usr/lib/app" },
  },
  {
    operator: "begins with",
    pattern: { Region: [{ prefix: "us-" }] },
    yes: { Region: "us-east-1" },
    no: { Region: "eu-west-1" },
  },
  {
    operator: "ends with",
    pattern: { FileName: [{ suffix: ".png" }] },
    yes: { FileName: "image.png" },
    no: { FileName: "image.png.txt" },
  },
  {
    operator: "wildcard",
    pattern: { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] },
    yes: { EventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/default" },
    no: { EventBusArn: "arn:aws:events:us-west-2:123456789012:event-bus/default" },
  },
  {
    operator: "$or",
    pattern: { $or: [{ source: ["aws.ec2"] }, { "detail-type": ["EC2 Instance State-change Notification"] }] },
    yes: { source: "aws.s3", "detail-type": "EC2 Instance State-change Notification" },
    no: { source: "aws.s3", "detail-type": "Object Created" },
  },
  {
    operator: "a nested field",
    pattern: { detail: { state: ["running"] } },
    yes: { detail: { state: "running", id: "i-1" } },
    no: { detail: { state: "pending" } },
  },
  {
    operator: "an array in the event: any element",
    pattern: { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] },
    yes: { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f", "arn:aws:ec2:us-east-1:111122223333:instance/i-0"] },
    no: { resources: ["arn:aws:ec2:us-east-1:111122223333:instance/i-0"] },
  },
];

describe("the event pattern matcher, on AWS's examples", () => {
  test.each(cases)("$operator", ({ pattern, yes, no }) => {
    expect(matches(pattern, yes)).toBe(true);
    expect(matches(pattern, no)).toBe(false);
  });

  test("a field the event lacks matches nothing, anything-but included", () => {
    expect(matches({ state: [{ "anything-but": "initializing" }] }, { other: "x" })).toBe(false);
    expect(matches({ detail: { state: ["running"] } }, { detail: "running" })).toBe(false);
  });
});
