import { createHash } from "crypto";
import { partitionOf } from "../../modules/private/aws-names";
import { zoneId } from "../offline-aws";

/**
 * Values only an apply can know ("known after apply" in a plan), as AWS and
 * the provider would record them after creating the resource: ids and ARNs in
 * their real formats, and for optional settings the configuration leaves
 * out, what AWS reports when they are off (no TTL is `enabled = false`, not
 * null). Every value is derived from the resource's address, so the same
 * plan always gives the same state. An attribute without a rule here is an
 * error naming it: the gate never invents a shape it has not been told.
 */

export interface ApplyContext {
  readonly type: string;
  /** Full address, module included; seeds every generated id. */
  readonly address: string;
  /** The resource's values, with every value the configuration decides already filled in. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly region: string;
  readonly accountId: string;
  /** The provider's `default_tags`. */
  readonly defaultTags: Readonly<Record<string, string>>;
}

type Rule = (ctx: ApplyContext, element: Readonly<Record<string, unknown>>) => unknown;

const hex = (ctx: ApplyContext, salt: string, length: number): string =>
  createHash("sha256").update(`${ctx.address}/${salt}`).digest("hex").slice(0, length);
const digits = (ctx: ApplyContext, salt: string, length: number): string =>
  BigInt(`0x${hex(ctx, salt, 32)}`)
    .toString()
    .padStart(length, "0")
    .slice(0, length);
const uuid = (ctx: ApplyContext, salt: string): string => {
  const h = hex(ctx, salt, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const partition = (ctx: ApplyContext): string => partitionOf(ctx.region);
const str = (ctx: ApplyContext, key: string): string => String(ctx.values[key] ?? "");
const ec2Id =
  (prefix: string, salt = "id") =>
  (ctx: ApplyContext) =>
    `${prefix}-${hex(ctx, salt, 17)}`;
const ec2Arn = (kind: string, id: (ctx: ApplyContext) => string) => (ctx: ApplyContext) =>
  `arn:${partition(ctx)}:ec2:${ctx.region}:${ctx.accountId}:${kind}/${id(ctx)}`;
const iamArn = (kind: string) => (ctx: ApplyContext) =>
  `arn:${partition(ctx)}:iam::${ctx.accountId}:${kind}${String(ctx.values.path ?? "/")}${name(ctx)}`;
const always =
  (value: unknown): Rule =>
  () =>
    value;
/** Route 53 Resolver's ids (`rslvr-fdl-…`) and ARNs (`arn:aws:route53resolver:<region>:<account>:<kind>/<id>`). */
const resolverId = (prefix: string) => (ctx: ApplyContext) => `rslvr-${prefix}-${hex(ctx, "id", 17)}`;
const resolverArn = (kind: string, prefix: string) => (ctx: ApplyContext) =>
  `arn:${partition(ctx)}:route53resolver:${ctx.region}:${ctx.accountId}:${kind}/${resolverId(prefix)(ctx)}`;
/** A name the configuration gave, or the one the provider generates (`terraform-` and 26 digits). */
const name = (ctx: ApplyContext): string =>
  typeof ctx.values.name === "string" ? ctx.values.name : `terraform-${digits(ctx, "name", 26)}`;
/** A bucket named by prefix: the provider adds 26 characters (a timestamp and a counter). */
const bucketName = (ctx: ApplyContext): string =>
  typeof ctx.values.bucket === "string" && ctx.values.bucket !== ""
    ? ctx.values.bucket
    : `${str(ctx, "bucket_prefix")}${digits(ctx, "bucket", 26)}`;
/** S3's Route 53 zone per region (AWS General Reference, "Amazon S3 website endpoints"); a region not here is an error, not a guess. */
const S3_ZONES: Readonly<Record<string, string>> = {
  "us-east-1": "Z3AQBSTGFYJSTF",
  "us-east-2": "Z2O1EMRO9K5GLX",
  "us-west-2": "Z3BJ6K6RIION7M",
  "eu-west-1": "Z1BKCTXD74EZPE",
  "eu-central-1": "Z21DNDUVLTQW6Q",
};
const s3HostedZone = (region: string): string => {
  const zone = S3_ZONES[region];
  if (!zone)
    throw new Error(`the day-2 harness knows no S3 hosted zone for ${region}; add it to test-support/terraform/apply-time-values.ts`);
  return zone;
};
const trailArn = (ctx: ApplyContext): string => `arn:${partition(ctx)}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${str(ctx, "name")}`;
const tagsAll: Rule = (ctx) => ({ ...ctx.defaultTags, ...((ctx.values.tags as Record<string, string> | null) ?? {}) });
const account: Rule = (ctx) => ctx.accountId;
/** The label AWS gives a stream, as this harness fills it in (stand-ins answering for a stream use the same). */
export const STREAM_LABEL = "2026-01-01T00:00:00.000";
const streamLabel = STREAM_LABEL;
const tableArn = (ctx: ApplyContext, region: string) =>
  `arn:${partition(ctx)}:dynamodb:${region}:${ctx.accountId}:table/${str(ctx, "name")}`;
const streamOn = (ctx: ApplyContext) => ctx.values.stream_enabled === true;
/** A replica is the global table's name in the replica's region. */
const replicaArn = (ctx: ApplyContext) =>
  `arn:${partition(ctx)}:dynamodb:${ctx.region}:${ctx.accountId}:table/${str(ctx, "global_table_arn").split("/")[1]}`;

/** The default record format of VPC flow logs. */
const FLOW_LOG_FORMAT =
  "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";

/** Keyed by `type.path`, indexes left out (`aws_dynamodb_table.replica.arn`). */
const RULES: Readonly<Record<string, Rule>> = {
  "aws_vpc.id": ec2Id("vpc"),
  "aws_vpc.arn": ec2Arn("vpc", ec2Id("vpc")),
  "aws_vpc.default_network_acl_id": ec2Id("acl"),
  "aws_vpc.default_route_table_id": ec2Id("rtb", "main"),
  "aws_vpc.main_route_table_id": ec2Id("rtb", "main"),
  "aws_vpc.default_security_group_id": ec2Id("sg", "default"),
  "aws_vpc.dhcp_options_id": ec2Id("dopt"),
  "aws_vpc.enable_network_address_usage_metrics": always(false),
  // What EC2 gives an app's own VPC that sets no more than its CIDR.
  "aws_vpc.enable_dns_hostnames": always(false),
  "aws_vpc.enable_dns_support": always(true),
  "aws_vpc.instance_tenancy": always("default"),
  "aws_vpc.ipv6_netmask_length": always(0),
  "aws_vpc.tags_all": tagsAll,
  "aws_vpc.ipv6_association_id": always(""),
  "aws_vpc.ipv6_cidr_block": always(""),
  "aws_vpc.ipv6_cidr_block_network_border_group": always(""),
  "aws_vpc.owner_id": account,

  "aws_subnet.id": ec2Id("subnet"),
  "aws_subnet.arn": ec2Arn("subnet", ec2Id("subnet")),
  "aws_subnet.availability_zone_id": (ctx) => zoneId(str(ctx, "availability_zone")),
  "aws_subnet.ipv6_cidr_block_association_id": always(""),
  "aws_subnet.owner_id": account,
  "aws_subnet.private_dns_hostname_type_on_launch": always("ip-name"),

  "aws_route_table.id": ec2Id("rtb"),
  "aws_route_table.arn": ec2Arn("route-table", ec2Id("rtb")),
  "aws_route_table.owner_id": account,
  "aws_route_table.propagating_vgws": always([]),
  // The provider leaves out routes that belong to VPC endpoints.
  "aws_route_table.route": always([]),
  "aws_route_table.tags_all": tagsAll,
  "aws_route_table_association.id": ec2Id("rtbassoc"),

  "aws_default_security_group.id": ec2Id("sg"),
  "aws_default_security_group.arn": ec2Arn("security-group", ec2Id("sg")),
  "aws_default_security_group.description": always("default VPC security group"),
  "aws_default_security_group.name": always("default"),
  "aws_default_security_group.name_prefix": always(""),
  "aws_default_security_group.owner_id": account,

  "aws_security_group.id": ec2Id("sg"),
  "aws_security_group.arn": ec2Arn("security-group", ec2Id("sg")),
  "aws_security_group.owner_id": account,
  // Terraform's unique suffix after the prefix: a timestamp and a counter, 26 digits.
  "aws_security_group.name": (ctx) => `${str(ctx, "name_prefix")}${hex(ctx, "name", 26).replace(/[a-f]/g, "0")}`,
  // Rules are separate resources, created after the group: AWS reports none on the new group (and Terraform removed its default egress).
  "aws_security_group.ingress": always([]),
  "aws_security_group.egress": always([]),
  "aws_security_group.tags_all": tagsAll,
  "aws_vpc_security_group_ingress_rule.id": ec2Id("sgr"),
  "aws_vpc_security_group_ingress_rule.security_group_rule_id": ec2Id("sgr"),
  "aws_vpc_security_group_ingress_rule.arn": ec2Arn("security-group-rule", ec2Id("sgr")),
  "aws_vpc_security_group_ingress_rule.tags_all": tagsAll,

  "aws_vpc_endpoint.id": ec2Id("vpce"),
  // An interface endpoint is on no route table.
  "aws_vpc_endpoint.route_table_ids": always([]),
  "aws_vpc_endpoint.arn": ec2Arn("vpc-endpoint", ec2Id("vpce")),
  "aws_vpc_endpoint.cidr_blocks": always(["52.94.0.0/22", "52.119.224.0/20"]),
  "aws_vpc_endpoint.dns_entry": always([]),
  "aws_vpc_endpoint.dns_options": always([]),
  "aws_vpc_endpoint.ip_address_type": always(""),
  "aws_vpc_endpoint.network_interface_ids": always([]),
  "aws_vpc_endpoint.owner_id": account,
  "aws_vpc_endpoint.prefix_list_id": (ctx) => `pl-${hex(ctx, "pl", 8)}`,
  "aws_vpc_endpoint.private_dns_enabled": always(false),
  "aws_vpc_endpoint.requester_managed": always(false),
  "aws_vpc_endpoint.security_group_ids": always([]),
  "aws_vpc_endpoint.service_region": (ctx) => ctx.region,
  "aws_vpc_endpoint.state": always("available"),
  "aws_vpc_endpoint.subnet_configuration": always([]),
  "aws_vpc_endpoint.subnet_ids": always([]),

  "aws_cloudwatch_log_resource_policy.id": (ctx) => str(ctx, "policy_name"),
  "aws_route53_resolver_firewall_domain_list.id": resolverId("fdl"),
  "aws_route53_resolver_firewall_domain_list.arn": resolverArn("firewall-domain-list", "fdl"),
  "aws_route53_resolver_firewall_domain_list.tags_all": tagsAll,
  "aws_route53_resolver_firewall_rule_group.id": resolverId("frg"),
  "aws_route53_resolver_firewall_rule_group.arn": resolverArn("firewall-rule-group", "frg"),
  "aws_route53_resolver_firewall_rule_group.owner_id": account,
  "aws_route53_resolver_firewall_rule_group.share_status": always("NOT_SHARED"),
  "aws_route53_resolver_firewall_rule_group.tags_all": tagsAll,
  // The provider's id of a rule: its rule group's id and its domain list's, comma-separated.
  "aws_route53_resolver_firewall_rule.id": (ctx) => `${str(ctx, "firewall_rule_group_id")},${str(ctx, "firewall_domain_list_id")}`,
  "aws_route53_resolver_firewall_rule_group_association.id": resolverId("frgassoc"),
  "aws_route53_resolver_firewall_rule_group_association.arn": resolverArn("firewall-rule-group-association", "frgassoc"),
  "aws_route53_resolver_firewall_rule_group_association.tags_all": tagsAll,
  "aws_route53_resolver_firewall_config.id": resolverId("fc"),
  "aws_route53_resolver_firewall_config.owner_id": account,
  "aws_route53_resolver_query_log_config.id": resolverId("qlc"),
  "aws_route53_resolver_query_log_config.arn": resolverArn("resolver-query-log-config", "qlc"),
  "aws_route53_resolver_query_log_config.owner_id": account,
  "aws_route53_resolver_query_log_config.share_status": always("NOT_SHARED"),
  "aws_route53_resolver_query_log_config.tags_all": tagsAll,
  "aws_route53_resolver_query_log_config_association.id": resolverId("qlcassoc"),
  "aws_flow_log.id": ec2Id("fl"),
  "aws_flow_log.arn": ec2Arn("vpc-flow-log", ec2Id("fl")),
  "aws_flow_log.log_format": always(FLOW_LOG_FORMAT),
  "aws_flow_log.log_group_name": (ctx) =>
    ctx.values.log_destination_type === "cloud-watch-logs" ? (str(ctx, "log_destination").split(":log-group:")[1] ?? "") : "",
  "aws_flow_log.tags_all": tagsAll,

  "aws_cloudwatch_log_group.id": (ctx) => str(ctx, "name"),
  "aws_cloudwatch_log_group.arn": (ctx) => `arn:${partition(ctx)}:logs:${ctx.region}:${ctx.accountId}:log-group:${str(ctx, "name")}`,
  "aws_cloudwatch_log_group.log_group_class": always("STANDARD"),
  "aws_cloudwatch_log_group.name_prefix": always(""),
  "aws_cloudwatch_log_group.tags_all": tagsAll,

  "aws_kms_key.id": (ctx) => uuid(ctx, "key"),
  "aws_kms_key.key_id": (ctx) => uuid(ctx, "key"),
  "aws_kms_key.arn": (ctx) => `arn:${partition(ctx)}:kms:${ctx.region}:${ctx.accountId}:key/${uuid(ctx, "key")}`,
  "aws_kms_key.multi_region": always(false),
  "aws_kms_key.rotation_period_in_days": always(365),
  "aws_kms_key.tags_all": tagsAll,
  "aws_kms_alias.id": (ctx) => str(ctx, "name"),
  // Tamper alerts: rules, their targets, the topics they publish to.
  "aws_cloudwatch_log_metric_filter.id": (ctx) => str(ctx, "name"),
  "aws_cloudwatch_metric_alarm.arn": (ctx) =>
    `arn:${partition(ctx)}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${str(ctx, "alarm_name")}`,
  "aws_cloudwatch_metric_alarm.id": (ctx) => str(ctx, "alarm_name"),
  // Set by AWS only for percentile statistics; the provider reads it back empty otherwise.
  "aws_cloudwatch_metric_alarm.evaluate_low_sample_count_percentiles": always(""),
  "aws_cloudwatch_metric_alarm.tags_all": tagsAll,
  "aws_cloudwatch_query_definition.query_definition_id": (ctx) => uuid(ctx, "query"),
  "aws_cloudwatch_query_definition.id": (ctx) => uuid(ctx, "query"),
  "aws_accessanalyzer_analyzer.arn": (ctx) =>
    `arn:${partition(ctx)}:access-analyzer:${ctx.region}:${ctx.accountId}:analyzer/${str(ctx, "analyzer_name")}`,
  "aws_accessanalyzer_analyzer.id": (ctx) => str(ctx, "analyzer_name"),
  "aws_accessanalyzer_analyzer.tags_all": tagsAll,
  "aws_cloudwatch_event_rule.arn": (ctx) => `arn:${partition(ctx)}:events:${ctx.region}:${ctx.accountId}:rule/${str(ctx, "name")}`,
  "aws_cloudwatch_event_rule.id": (ctx) => str(ctx, "name"),
  "aws_cloudwatch_event_rule.name_prefix": always(""),
  "aws_cloudwatch_event_rule.tags_all": tagsAll,
  "aws_cloudwatch_event_target.id": (ctx) => `${str(ctx, "rule")}-${str(ctx, "target_id")}`,
  "aws_cloudwatch_event_target.target_id": (ctx) => `terraform-${hex(ctx, "target", 26)}`,
  "aws_sns_topic.arn": (ctx) => `arn:${partition(ctx)}:sns:${ctx.region}:${ctx.accountId}:${str(ctx, "name")}`,
  "aws_sns_topic.id": (ctx) => `arn:${partition(ctx)}:sns:${ctx.region}:${ctx.accountId}:${str(ctx, "name")}`,
  "aws_sns_topic.owner": (ctx) => ctx.accountId,
  "aws_sns_topic.name_prefix": always(""),
  "aws_sns_topic.beginning_archive_time": always(""),
  "aws_sns_topic.policy": always(""),
  "aws_sns_topic.signature_version": always(1),
  "aws_sns_topic.tracing_config": always(""),
  "aws_sns_topic.tags_all": tagsAll,
  "aws_sns_topic.fifo_throughput_scope": always(""),
  // A trail's bucket as S3 reports a new one: no website, ACL or lifecycle; the owner's grant; S3's default encryption.
  "aws_s3_bucket.bucket": bucketName,
  "aws_s3_bucket.id": bucketName,
  "aws_s3_bucket.arn": (ctx) => `arn:${partition(ctx)}:s3:::${bucketName(ctx)}`,
  "aws_s3_bucket.bucket_domain_name": (ctx) => `${bucketName(ctx)}.s3.amazonaws.com`,
  "aws_s3_bucket.bucket_regional_domain_name": (ctx) => `${bucketName(ctx)}.s3.${ctx.region}.amazonaws.com`,
  "aws_s3_bucket.hosted_zone_id": (ctx) => s3HostedZone(ctx.region),
  "aws_s3_bucket.region": (ctx) => ctx.region,
  "aws_s3_bucket.acceleration_status": always(""),
  "aws_s3_bucket.acl": always(null),
  "aws_s3_bucket.object_lock_enabled": always(false),
  "aws_s3_bucket.policy": always(""),
  "aws_s3_bucket.request_payer": always("BucketOwner"),
  "aws_s3_bucket.website_domain": always(""),
  "aws_s3_bucket.website_endpoint": always(""),
  "aws_s3_bucket.tags_all": tagsAll,
  "aws_s3_bucket.cors_rule": always([]),
  "aws_s3_bucket.grant": (ctx) => [{ id: hex(ctx, "owner", 64), permissions: ["FULL_CONTROL"], type: "CanonicalUser", uri: "" }],
  "aws_s3_bucket.lifecycle_rule": always([]),
  "aws_s3_bucket.logging": always([]),
  "aws_s3_bucket.object_lock_configuration": always([]),
  "aws_s3_bucket.replication_configuration": always([]),
  "aws_s3_bucket.server_side_encryption_configuration": always([
    {
      rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: "", sse_algorithm: "AES256" }], bucket_key_enabled: false }],
    },
  ]),
  "aws_s3_bucket.versioning": always([{ enabled: false, mfa_delete: false }]),
  "aws_s3_bucket.website": always([]),
  // The bucket's settings are each their own resource, with the bucket's name for an id.
  "aws_s3_bucket_versioning.id": (ctx) => str(ctx, "bucket"),
  "aws_s3_bucket_versioning.versioning_configuration.mfa_delete": always(null),
  "aws_s3_bucket_public_access_block.id": (ctx) => str(ctx, "bucket"),
  "aws_s3_bucket_ownership_controls.id": (ctx) => str(ctx, "bucket"),
  "aws_s3_bucket_server_side_encryption_configuration.id": (ctx) => str(ctx, "bucket"),
  "aws_s3_bucket_policy.id": (ctx) => str(ctx, "bucket"),
  "aws_cloudtrail.arn": trailArn,
  "aws_cloudtrail.id": trailArn,
  "aws_cloudtrail.home_region": (ctx) => ctx.region,
  "aws_cloudtrail.sns_topic_arn": always(""),
  "aws_cloudtrail.tags_all": tagsAll,
  "aws_sns_topic_policy.id": (ctx) => str(ctx, "arn"),
  "aws_sns_topic_policy.owner": (ctx) => ctx.accountId,
  "aws_kms_alias.arn": (ctx) => `arn:${partition(ctx)}:kms:${ctx.region}:${ctx.accountId}:${str(ctx, "name")}`,
  "aws_kms_alias.name_prefix": always(""),
  "aws_kms_alias.target_key_arn": (ctx) => `arn:${partition(ctx)}:kms:${ctx.region}:${ctx.accountId}:key/${str(ctx, "target_key_id")}`,

  "aws_iam_policy.id": iamArn("policy"),
  "aws_iam_policy.arn": iamArn("policy"),
  "aws_iam_policy.attachment_count": always(0),
  "aws_iam_policy.name_prefix": always(""),
  "aws_iam_policy.policy_id": (ctx) => `ANPA${hex(ctx, "policy-id", 17).toUpperCase()}`,
  "aws_iam_policy.tags_all": tagsAll,
  "aws_iam_group.id": name,
  "aws_iam_group.arn": iamArn("group"),
  "aws_iam_group.unique_id": (ctx) => `AGPA${hex(ctx, "unique-id", 17).toUpperCase()}`,
  "aws_iam_role.name": name,
  "aws_iam_role.id": name,
  "aws_iam_role.arn": iamArn("role"),
  "aws_iam_role.create_date": always("2026-01-01T00:00:00Z"),
  "aws_iam_role.inline_policy": always([]),
  "aws_iam_role.managed_policy_arns": always([]),
  "aws_iam_role.name_prefix": (ctx) => (typeof ctx.values.name === "string" ? "" : "terraform-"),
  "aws_iam_role.tags_all": tagsAll,
  "aws_iam_role.unique_id": (ctx) => `AROA${hex(ctx, "unique-id", 17).toUpperCase()}`,
  "aws_iam_role_policy.name": name,
  "aws_iam_role_policy.name_prefix": (ctx) => (typeof ctx.values.name === "string" ? "" : "terraform-"),
  "aws_iam_role_policy.id": (ctx) => `${str(ctx, "role")}:${name(ctx)}`,
  "aws_iam_user_policy_attachment.id": (ctx) => `${str(ctx, "user")}-${digits(ctx, "id", 26)}`,
  "aws_iam_role_policy_attachment.id": (ctx) => `${str(ctx, "role")}-${digits(ctx, "id", 26)}`,
  "aws_iam_group_policy_attachment.id": (ctx) => `${str(ctx, "group")}-${digits(ctx, "id", 26)}`,

  "aws_appautoscaling_target.id": (ctx) => str(ctx, "resource_id"),
  "aws_appautoscaling_target.arn": (ctx) =>
    `arn:${partition(ctx)}:application-autoscaling:${ctx.region}:${ctx.accountId}:scalable-target/0e${hex(ctx, "arn", 32)}`,
  "aws_appautoscaling_target.role_arn": (ctx) =>
    `arn:${partition(ctx)}:iam::${ctx.accountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
  "aws_appautoscaling_target.suspended_state": always([
    { dynamic_scaling_in_suspended: false, dynamic_scaling_out_suspended: false, scheduled_scaling_suspended: false },
  ]),
  "aws_appautoscaling_target.tags_all": tagsAll,
  "aws_appautoscaling_policy.id": (ctx) => str(ctx, "name"),
  "aws_appautoscaling_policy.arn": (ctx) =>
    `arn:${partition(ctx)}:autoscaling:${ctx.region}:${ctx.accountId}:scalingPolicy:${uuid(ctx, "arn")}:resource/${str(ctx, "service_namespace")}/${str(ctx, "resource_id")}:policyName/${str(ctx, "name")}`,
  // Target tracking creates a high and a low alarm.
  "aws_appautoscaling_policy.alarm_arns": (ctx) =>
    ["AlarmHigh", "AlarmLow"].map(
      (kind) =>
        `arn:${partition(ctx)}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:TargetTracking-${str(ctx, "resource_id")}-${kind}-${uuid(ctx, kind)}`,
    ),

  "aws_dynamodb_table.id": (ctx) => str(ctx, "name"),
  "aws_dynamodb_table.arn": (ctx) => tableArn(ctx, ctx.region),
  "aws_dynamodb_table.read_capacity": always(0),
  "aws_dynamodb_table.write_capacity": always(0),
  // An app's own table that leaves recovery unset: AWS reports it off.
  "aws_dynamodb_table.point_in_time_recovery": always([{ enabled: false, recovery_period_in_days: 0 }]),
  // ... and encryption unset: the AWS owned key, which the provider reads back as no block.
  "aws_dynamodb_table.server_side_encryption": always([]),
  "aws_dynamodb_table.point_in_time_recovery.recovery_period_in_days": (_ctx, pitr) => (pitr.enabled === true ? 35 : 0),
  // An on-demand index reports no capacity.
  "aws_dynamodb_table.global_secondary_index.read_capacity": always(0),
  "aws_dynamodb_table.global_secondary_index.write_capacity": always(0),
  // A ceiling left unset comes back as 0, for the table and for an index (the provider suppresses 0 -> -1, "none").
  "aws_dynamodb_table.on_demand_throughput.max_read_request_units": always(0),
  "aws_dynamodb_table.on_demand_throughput.max_write_request_units": always(0),
  "aws_dynamodb_table.global_secondary_index.on_demand_throughput.max_read_request_units": always(0),
  "aws_dynamodb_table.global_secondary_index.on_demand_throughput.max_write_request_units": always(0),
  "aws_dynamodb_table.stream_arn": (ctx) => (streamOn(ctx) ? `${tableArn(ctx, ctx.region)}/stream/${streamLabel}` : ""),
  "aws_dynamodb_table.stream_label": (ctx) => (streamOn(ctx) ? streamLabel : ""),
  "aws_dynamodb_table.stream_view_type": always(""),
  "aws_dynamodb_table.tags_all": tagsAll,
  // AWS reports a table without TTL as disabled, not as absent.
  "aws_dynamodb_table.ttl": always([{ attribute_name: "", enabled: false }]),
  "aws_dynamodb_table.replica.arn": (ctx, replica) => tableArn(ctx, String(replica.region_name)),
  "aws_dynamodb_table.replica.stream_arn": (ctx, replica) => `${tableArn(ctx, String(replica.region_name))}/stream/${streamLabel}`,
  "aws_dynamodb_table.replica.stream_label": always(streamLabel),
  "aws_dynamodb_table_replica.arn": (ctx) => replicaArn(ctx),
  "aws_dynamodb_table_replica.id": (ctx) => `${str(ctx, "global_table_arn").split("/")[1]}:${str(ctx, "global_table_arn").split(":")[3]}`,
  "aws_dynamodb_table_replica.tags_all": tagsAll,
  // A data source read at apply (a replica's own stream, on the first apply).
  "data.aws_dynamodb_table.arn": (ctx) => tableArn(ctx, ctx.region),
  "data.aws_dynamodb_table.stream_arn": (ctx) => `${tableArn(ctx, ctx.region)}/stream/${streamLabel}`,
  "data.aws_dynamodb_table.stream_label": always(streamLabel),
  // Terraform's own record: its output is its input, as applied.
  "terraform_data.id": (ctx) => uuid(ctx, "id"),
  "terraform_data.output": (ctx) => ctx.values.input ?? null,
  "aws_dynamodb_resource_policy.id": (ctx) => str(ctx, "resource_arn"),
  // The provider's id for an endpoint's policy is the endpoint's id.
  "aws_vpc_endpoint_policy.id": (ctx) => str(ctx, "vpc_endpoint_id"),
  // The provider's id, as its reader parses it on refresh: `<table>/<index>/<account>` (the index part empty for the table).
  "aws_dynamodb_contributor_insights.id": (ctx) =>
    `${str(ctx, "table_name")}/${typeof ctx.values.index_name === "string" ? ctx.values.index_name : ""}/${ctx.accountId}`,
  "aws_dynamodb_resource_policy.revision_id": (ctx) => digits(ctx, "revision", 13),
};

/**
 * The value AWS would report after apply for an attribute the plan left
 * unknown. `path` is the attribute path with list indexes (`["replica", 0,
 * "arn"]`); `element` is the nested block the attribute sits in (the
 * resource's values at the top level).
 */
const ruleKey = (type: string, path: ReadonlyArray<string | number>) => [type, ...path.filter((p) => typeof p === "string")].join(".");

/** Whether the harness can fill in the value at `path` of a `type` (`aws_x` or `data.aws_x`). */
export function hasApplyTimeValue(type: string, path: ReadonlyArray<string | number>): boolean {
  return ruleKey(type, path) in RULES;
}

export function applyTimeValue(
  ctx: ApplyContext,
  path: ReadonlyArray<string | number>,
  element: Readonly<Record<string, unknown>>,
): unknown {
  const key = ruleKey(ctx.type, path);
  const rule = RULES[key];
  if (!rule)
    throw new Error(
      `the day-2 harness has no apply-time value for ${key} (${ctx.address}); add a rule to test-support/terraform/apply-time-values.ts`,
    );
  return rule(ctx, element);
}

/** The attributes this harness can fill in for a type (`aws_x` or `data.aws_x`), top level only. */
export function applyTimeKeys(type: string): string[] {
  return Object.keys(RULES)
    .filter((key) => key.startsWith(`${type}.`) && key.split(".").length === type.split(".").length + 1)
    .map((key) => key.slice(type.length + 1));
}
