import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptionKey } from "../kms/encryption-key";
import { VpcLogProps } from "./vpc-log-props";
import { flowLogDeliveryPolicyDocument, flowLogTrustPolicyDocument } from "../policies/flow-log-policies";
import { aliasSafe, partitionOf } from "../private/aws-names";
import { policyText } from "../private/policy-text";
import { fail, validateAll } from "../private/validation";
import { FlowLogOptions, resolveFlowLogOptions, validateFlowLogOptions } from "./flow-log-options";

/** A flow log: `name` makes the log group `/aws/vpc-flow-logs/<name>` and the key alias. */
export interface VpcFlowLogProps extends FlowLogOptions, VpcLogProps {}

/**
 * Flow logs of every packet decision in a VPC, to a KMS-encrypted CloudWatch
 * log group kept a year by default, or to an existing S3 bucket. The log group
 * outlives the stack (`skip_destroy`): destroying the stack, or moving the logs
 * to S3, leaves the evidence in place until its retention ends.
 *
 * Creates `aws_flow_log`; for CloudWatch Logs also `aws_cloudwatch_log_group`,
 * the delivery `aws_iam_role` and `aws_iam_role_policy`, and (unless a key is
 * given) an `aws_kms_key` with its `aws_kms_alias`.
 */
export class VpcFlowLog extends Construct {
  public readonly resource: FlowLog;
  /** The log group, when logging to CloudWatch. */
  public readonly logGroup?: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const { destination, retentionInDays } = resolveFlowLogOptions(props);
    validateAll((problems) => {
      validateFlowLogOptions(problems, this.node.path, "", props);
      problems.check(() => {
        if (destination === "none") fail(this.node.path, "destination", "must not be none for a flow log construct", destination);
      });
    });
    const partition = partitionOf(props.region);

    if (destination === "s3") {
      this.resource = new FlowLog(this, "Resource", {
        provider: props.provider,
        vpcId: props.vpcId,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: props.s3BucketArn,
      });
      return;
    }

    const logGroupName = `/aws/vpc-flow-logs/${props.name}`;
    const logGroupArn = `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;
    const kmsKeyArn =
      props.kmsKeyArn ??
      new EncryptionKey(this, "Key", {
        ...props.keyLock,
        provider: props.provider,
        region: props.region,
        accountId: props.accountId,
        description: `Encrypts VPC flow logs in ${logGroupName}`,
        aliasName: aliasSafe(`vpc-flow-logs/${props.name}`),
        logGroupArns: [logGroupArn],
      }).keyArn;
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      provider: props.provider,
      name: logGroupName,
      retentionInDays,
      kmsKeyId: kmsKeyArn,
      // Terraform forgets the group on destroy and leaves it in AWS (provider 4.40+).
      skipDestroy: true,
    });
    const role = new IamRole(this, "Role", {
      provider: props.provider,
      description: `Delivers VPC flow logs to ${logGroupName}`,
      assumeRolePolicy: policyText(this, flowLogTrustPolicyDocument({ partition, region: props.region, accountId: props.accountId })),
    });
    new IamRolePolicy(this, "Delivery", {
      provider: props.provider,
      role: role.name,
      policy: policyText(this, flowLogDeliveryPolicyDocument({ logGroupArn: this.logGroup.arn })),
    });
    this.resource = new FlowLog(this, "Resource", {
      provider: props.provider,
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
    });
  }
}
