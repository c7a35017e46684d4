import { Problems, fail, isUnresolved } from "../private/validation";

/** Where a VPC's flow logs go, the defaults, and the rules: one home for all three. */

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

const S3_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

/** Flow log options with every default filled in. */
export interface ResolvedFlowLogOptions extends FlowLogOptions {
  readonly destination: FlowLogDestination;
  /** Applies to CloudWatch Logs only. */
  readonly retentionInDays: number;
}

/** Fills in the flow log defaults; the one place they are written. */
export function resolveFlowLogOptions(options: FlowLogOptions = {}): ResolvedFlowLogOptions {
  return { ...options, destination: options.destination ?? "cloud-watch-logs", retentionInDays: options.retentionInDays ?? 365 };
}

/** Every rule of flow log options; `prefix` is prepended to prop names in errors. */
export function validateFlowLogOptions(problems: Problems, where: string, prefix: string, options: FlowLogOptions): void {
  const { destination } = resolveFlowLogOptions(options);
  problems.check(() => {
    if (!FLOW_LOG_DESTINATIONS.includes(destination)) {
      fail(where, `${prefix}destination`, `must be one of ${FLOW_LOG_DESTINATIONS.join(", ")}`, destination);
    }
  });
  problems.check(() => {
    if (options.retentionInDays === undefined) return;
    if (!LOG_RETENTION_DAYS.includes(options.retentionInDays)) {
      fail(where, `${prefix}retentionInDays`, `must be one of ${LOG_RETENTION_DAYS.join(", ")}`, options.retentionInDays);
    }
    if (destination !== "cloud-watch-logs")
      fail(where, `${prefix}retentionInDays`, "is only allowed with destination cloud-watch-logs", options.retentionInDays);
  });
  problems.check(() => {
    if (destination === "s3") {
      if (options.s3BucketArn === undefined) fail(where, `${prefix}s3BucketArn`, "is required with destination s3", options.s3BucketArn);
      if (!isUnresolved(options.s3BucketArn) && !S3_ARN.test(options.s3BucketArn)) {
        fail(where, `${prefix}s3BucketArn`, "must be an S3 bucket ARN such as 'arn:aws:s3:::my-flow-logs'", options.s3BucketArn);
      }
    } else if (options.s3BucketArn !== undefined) {
      fail(where, `${prefix}s3BucketArn`, "is only allowed with destination s3", options.s3BucketArn);
    }
  });
  problems.check(() => {
    if (options.kmsKeyArn !== undefined && destination !== "cloud-watch-logs") {
      fail(where, `${prefix}kmsKeyArn`, "is only allowed with destination cloud-watch-logs", options.kmsKeyArn);
    }
  });
}
