import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { EncryptionKey } from "../kms/encryption-key";
import { alertTopicPolicyDocument } from "../policies/alert-topic-policy";
import { PrincipalExemption } from "../policies/outside-denies";
import { partitionOf } from "../private/aws-names";
import { jsonText, policyText } from "../private/policy-text";
import { EventPattern, alertTamperPattern } from "./tamper-patterns";

export interface TamperAlertsProps {
  /** Region of the rules: the events they match happen there (IAM's in us-east-1). */
  readonly region: string;
  /** Provider for that region. @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
  readonly accountId: string;
  /** Names the topic (`<name>-perimeter-alerts`) and the rules (`<name>-<rule>`). */
  readonly name: string;
  /** The rules, by the suffix of their names. */
  readonly rules: Readonly<Record<string, { readonly description: string; readonly pattern: EventPattern }>>;
  /** The key's lock, as the perimeter's other keys have it. @default - no lock */
  readonly operators?: PrincipalExemption;
  /** Whose changes to the alerts themselves page nobody (see `alertTamperPattern`). @default - none */
  readonly quietPrincipalArns?: readonly string[];
  /** Trails homed in this region that feed the alerts, by name or ARN. @default - none */
  readonly trails?: readonly string[];
  /** CloudWatch alarms in this region that publish to the topic too. @default - none */
  readonly alarmArns?: readonly string[];
}

/** The rule on calls that silence the alerts, in every region beside the others. */
const ALERTS_RULE = "alerts-loosened";

/**
 * EventBridge rules on the calls that loosen a perimeter in one region, sending what they
 * match to a topic of their own: encrypted with a key EventBridge may use for that topic
 * only, and published to by those rules only.
 *
 * One more rule, `<name>-alerts-loosened`, watches the calls that would silence the others.
 *
 * Creates `aws_kms_key`, `aws_kms_alias`, `aws_sns_topic`, `aws_sns_topic_policy`, and an
 * `aws_cloudwatch_event_rule` and `aws_cloudwatch_event_target` per rule.
 */
export class TamperAlerts extends Construct {
  public readonly topicArn: string;
  /** The rules' names, by the suffix given. */
  public readonly ruleNames: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: TamperAlertsProps) {
    super(scope, id);
    const topicName = `${props.name}-perimeter-alerts`;
    const topicArn = `arn:${partitionOf(props.region)}:sns:${props.region}:${props.accountId}:${topicName}`;
    const key = new EncryptionKey(this, "Key", {
      provider: props.provider,
      region: props.region,
      accountId: props.accountId,
      description: `Encrypts the alerts of perimeter ${props.name} in ${props.region}`,
      aliasName: `sns/${props.name}-perimeter-alerts`,
      snsTopicArns: [topicArn],
      ...(props.alarmArns?.length ? { alarmTopicArns: [topicArn] } : {}),
      operators: props.operators,
    });
    const topic = new SnsTopic(this, "Topic", { provider: props.provider, name: topicName, kmsMasterKeyId: key.keyArn });
    this.topicArn = topic.arn;
    const ruleArns: string[] = [];
    const rules = {
      ...props.rules,
      [ALERTS_RULE]: {
        description: `Calls that delete, disable or rewrite perimeter ${props.name}'s alerts, their topic or their trail`,
        pattern: alertTamperPattern({
          ruleNamePrefix: `${props.name}-`,
          topicArns: [topicArn],
          trails: props.trails,
          quietPrincipalArns: props.quietPrincipalArns ?? [],
        }),
      },
    };
    for (const [suffix, rule] of Object.entries(rules)) {
      const resource = new CloudwatchEventRule(this, `Rule-${suffix}`, {
        provider: props.provider,
        name: `${props.name}-${suffix}`,
        description: rule.description,
        eventPattern: jsonText(this, rule.pattern),
      });
      new CloudwatchEventTarget(this, `Target-${suffix}`, { provider: props.provider, rule: resource.name, arn: topic.arn });
      ruleArns.push(resource.arn);
      this.ruleNames[suffix] = resource.name;
    }
    new SnsTopicPolicy(this, "TopicPolicy", {
      provider: props.provider,
      arn: topic.arn,
      policy: policyText(this, alertTopicPolicyDocument({ topicArn: topic.arn, ruleArns, alarmArns: props.alarmArns })),
    });
  }
}
