import { Construct } from "constructs";
import { policyText } from "./policy-text";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformProvider } from "cdktf";
import { aliasSafe, partitionOf } from "./aws-names";
import { EncryptionKey } from "./encryption-key";
import { flowLogDeliveryPolicy, flowLogTrustPolicy } from "./policies";
import { fail, isUnresolved } from "./validation";

export type FlowLogDestination = "cloud-watch-logs" | "s3" | "none";
export const FLOW_LOG_DESTINATIONS: readonly FlowLogDestination[] = ["cloud-watch-logs", "s3", "none"];

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Where the VPC's flow logs go. */
export interface FlowLogOptions {
  /**
   * `cloud-watch-logs`, `s3` (needs `s3BucketArn`) or `none`. `none` fails
   * Checkov CKV2_AWS_11, Trivy AWS-0178 and Security Hub EC2.6 and leaves no
   * record of who talked to what inside the VPC.
   * @default "cloud-watch-logs"
   */
  readonly destination?: FlowLogDestination;
  /**
   * Days CloudWatch keeps the logs, one of the values CloudWatch accepts.
   * Below 365 fails Checkov CKV_AWS_338.
   * @default 365
   */
  readonly retentionInDays?: number;
  /**
   * ARN of an existing bucket (or bucket/prefix) for `destination: "s3"`; its
   * bucket policy must let `delivery.logs.amazonaws.com` write.
   * @default - none
   */
  readonly s3BucketArn?: string;
  /**
   * Existing KMS key for the log group.
   * @default - a new key with rotation, usable by CloudWatch Logs for this log group only
   */
  readonly kmsKeyArn?: string;
}

export interface VpcFlowLogProps extends FlowLogOptions {
  readonly vpcId: string;
  readonly region: string;
  readonly accountId: string;
  /** Used in the log group name `/aws/vpc-flow-logs/<name>` and the key alias. */
  readonly name: string;
  /** @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
}

const S3_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

/** Checks flow log options; `prefix` is prepended to prop names in errors. */
export function checkFlowLogOptions(where: string, prefix: string, props: FlowLogOptions): void {
  const destination = props.destination ?? "cloud-watch-logs";
  if (!FLOW_LOG_DESTINATIONS.includes(destination)) {
    fail(where, `${prefix}destination`, `must be one of ${FLOW_LOG_DESTINATIONS.join(", ")}`, destination);
  }
  if (props.retentionInDays !== undefined && !LOG_RETENTION_DAYS.includes(props.retentionInDays)) {
    fail(where, `${prefix}retentionInDays`, `must be one of ${LOG_RETENTION_DAYS.join(", ")}`, props.retentionInDays);
  }
  if (destination === "s3") {
    if (props.s3BucketArn === undefined) fail(where, `${prefix}s3BucketArn`, "is required with destination s3", props.s3BucketArn);
    if (!isUnresolved(props.s3BucketArn) && !S3_ARN.test(props.s3BucketArn)) {
      fail(where, `${prefix}s3BucketArn`, "must be an S3 bucket ARN such as 'arn:aws:s3:::my-flow-logs'", props.s3BucketArn);
    }
  } else if (props.s3BucketArn !== undefined) {
    fail(where, `${prefix}s3BucketArn`, "is only allowed with destination s3", props.s3BucketArn);
  }
  if (destination !== "cloud-watch-logs") {
    if (props.retentionInDays !== undefined) fail(where, `${prefix}retentionInDays`, "is only allowed with destination cloud-watch-logs", props.retentionInDays);
    if (props.kmsKeyArn !== undefined) fail(where, `${prefix}kmsKeyArn`, "is only allowed with destination cloud-watch-logs", props.kmsKeyArn);
  }
}

/**
 * Flow logs of every packet decision in a VPC, to a KMS-encrypted CloudWatch
 * log group kept a year by default, or to an existing S3 bucket.
 */
export class VpcFlowLog extends Construct {
  public readonly resource: FlowLog;
  /** The log group, when logging to CloudWatch. */
  public readonly logGroup?: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    checkFlowLogOptions(this.node.path, "", props);
    const destination = props.destination ?? "cloud-watch-logs";
    if (destination === "none") fail(this.node.path, "destination", "must not be none for a flow log construct", destination);
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
      retentionInDays: props.retentionInDays ?? 365,
      kmsKeyId: kmsKeyArn,
    });
    const role = new IamRole(this, "Role", {
      provider: props.provider,
      description: `Delivers VPC flow logs to ${logGroupName}`,
      assumeRolePolicy: policyText(this, flowLogTrustPolicy({ partition, region: props.region, accountId: props.accountId })),
    });
    new IamRolePolicy(this, "Delivery", {
      provider: props.provider,
      role: role.name,
      policy: policyText(this, flowLogDeliveryPolicy({ logGroupArn: this.logGroup.arn })),
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
