import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Cloudtrail, CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { EncryptionKey } from "../kms/encryption-key";
import { AdvancedEventSelector, MANAGEMENT_EVENTS_SELECTOR } from "./data-events";
import { PrincipalExemption } from "../policies/outside-denies";
import { trailBucketPolicyDocument, trailLogsDeliveryPolicyDocument, trailLogsTrustPolicyDocument } from "../policies/trail-policies";
import { partitionOf } from "../private/aws-names";
import { policyText } from "../private/policy-text";

export interface PerimeterTrailProps {
  /** Home region of the trail (it logs every region). */
  readonly region: string;
  /** @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
  readonly accountId: string;
  /** Names the trail (`<name>-perimeter-trail`), its bucket's prefix and its key's alias. */
  readonly name: string;
  /** The key's lock, as the perimeter's other keys have it. @default - no lock */
  readonly operators?: PrincipalExemption;
  /**
   * Data events to log besides every management event (see `dataEventSelectors`): the trail
   * then has advanced selectors, the management events' among them. @default - management events only
   */
  readonly dataEventSelectors?: readonly AdvancedEventSelector[];
  /**
   * Deliver the trail's events to a CloudWatch Logs group as well (`/aws/cloudtrail/<trail>`,
   * kept 365 days, encrypted with the trail's key), for metric filters and queries.
   * @default false
   */
  readonly logGroup?: boolean;
}

/** The days the trail's log group keeps events: a year, as the flow logs' group. */
const TRAIL_LOG_RETENTION_DAYS = 365;

/**
 * A trail for an account that has none: multi-region with IAM's global events, log file
 * validation on, encrypted with a key of its own, to a bucket it creates (versioned, public
 * access blocked, owner-enforced, encrypted, TLS only, written to by this trail only). A second
 * trail that logs management events is billed as a paid copy: declare an existing one instead.
 *
 * Creates `aws_cloudtrail`, `aws_s3_bucket` with its versioning, public access block, ownership
 * controls, encryption and policy, and `aws_kms_key` with `aws_kms_alias`; with `logGroup`,
 * `aws_cloudwatch_log_group`, `aws_iam_role` and `aws_iam_role_policy`.
 */
export class PerimeterTrail extends Construct {
  public readonly trailArn: string;
  public readonly trailName: string;
  /** Where the trail's own API calls happen. */
  public readonly homeRegion: string;
  public readonly bucketName: string;
  /** With `logGroup`: the group the trail's events are delivered to. */
  public readonly logGroupName?: string;

  constructor(scope: Construct, id: string, props: PerimeterTrailProps) {
    super(scope, id);
    const { provider } = props;
    const partition = partitionOf(props.region);
    const trailName = `${props.name}-perimeter-trail`;
    const trailArn = `arn:${partition}:cloudtrail:${props.region}:${props.accountId}:trail/${trailName}`;
    const logGroupName = props.logGroup ? `/aws/cloudtrail/${trailName}` : undefined;
    const logGroupArn = logGroupName && `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;
    const key = new EncryptionKey(this, "Key", {
      provider,
      region: props.region,
      accountId: props.accountId,
      description: `Encrypts the log files of trail ${trailName}`,
      aliasName: `cloudtrail/${trailName}`,
      cloudTrailArns: [trailArn],
      ...(logGroupArn ? { logGroupArns: [logGroupArn] } : {}),
      operators: props.operators,
    });
    const { bucket, policy } = this.bucket(props, key.keyArn, trailArn);
    const logs = logGroupName === undefined ? undefined : this.logDelivery(props, logGroupName, key.keyArn, trailArn);
    const trail = new Cloudtrail(this, "Trail", {
      provider,
      name: trailName,
      s3BucketName: bucket.id,
      kmsKeyId: key.keyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      ...(props.dataEventSelectors?.length ? { advancedEventSelector: advancedSelectors(props.dataEventSelectors) } : {}),
      ...(logs ? { cloudWatchLogsGroupArn: `${logs.groupArn}:*`, cloudWatchLogsRoleArn: logs.roleArn } : {}),
      // CloudTrail checks that it may write to the bucket (and the log group) when the trail is created or changed.
      dependsOn: [policy, ...(logs ? [logs.delivery] : [])],
    });
    this.trailArn = trail.arn;
    this.trailName = trailName;
    this.homeRegion = props.region;
    this.bucketName = bucket.id;
    this.logGroupName = logGroupName;
  }

  /** The bucket the trail writes to, and its policy (CloudTrail checks it may write there). */
  private bucket(props: PerimeterTrailProps, keyArn: string, trailArn: string) {
    const { provider } = props;
    const partition = partitionOf(props.region);
    // Bucket names are global and lowercase: the prefix is the perimeter's name made so; Terraform adds a unique suffix.
    const prefix = `${props.name
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-")
      .slice(0, 20)}-trail-`;
    const bucket = new S3Bucket(this, "Bucket", { provider, bucketPrefix: prefix });
    new S3BucketVersioningA(this, "Versioning", { provider, bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", { provider, bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      provider,
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
    });
    const policy = new S3BucketPolicy(this, "Policy", {
      provider,
      bucket: bucket.id,
      policy: policyText(this, trailBucketPolicyDocument({ partition, bucketArn: bucket.arn, accountId: props.accountId, trailArn })),
    });
    return { bucket, policy };
  }

  /** The log group, and the role CloudTrail delivers to it with (CloudTrail User Guide, send-cloudtrail-events-to-cloudwatch-logs). */
  private logDelivery(props: PerimeterTrailProps, name: string, keyArn: string, trailArn: string) {
    const { provider } = props;
    const group = new CloudwatchLogGroup(this, "LogGroup", {
      provider,
      name,
      retentionInDays: TRAIL_LOG_RETENTION_DAYS,
      kmsKeyId: keyArn,
      // Evidence: Terraform forgets the group on destroy and leaves it in AWS.
      skipDestroy: true,
    });
    const role = new IamRole(this, "LogsRole", {
      provider,
      description: `Delivers trail ${props.name}-perimeter-trail's events to ${name}`,
      assumeRolePolicy: policyText(this, trailLogsTrustPolicyDocument({ trailArn, accountId: props.accountId })),
    });
    const delivery = new IamRolePolicy(this, "LogsDelivery", {
      provider,
      role: role.name,
      policy: policyText(this, trailLogsDeliveryPolicyDocument({ logGroupArn: group.arn })),
    });
    return { groupArn: group.arn, roleArn: role.arn, delivery };
  }
}

/** The management events' selector and the given ones, as the provider takes them. */
function advancedSelectors(selectors: readonly AdvancedEventSelector[]): CloudtrailAdvancedEventSelector[] {
  return [MANAGEMENT_EVENTS_SELECTOR, ...selectors].map((s) => ({
    name: s.Name,
    fieldSelector: s.FieldSelectors.map((f) => ({
      field: f.Field,
      ...(f.Equals ? { equalTo: [...f.Equals] } : {}),
      ...(f.StartsWith ? { startsWith: [...f.StartsWith] } : {}),
    })),
  }));
}
