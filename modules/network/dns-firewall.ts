import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { Route53ResolverFirewallConfig } from "@cdktf/provider-aws/lib/route53-resolver-firewall-config";
import { Route53ResolverFirewallDomainList } from "@cdktf/provider-aws/lib/route53-resolver-firewall-domain-list";
import { Route53ResolverFirewallRule } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule";
import { Route53ResolverFirewallRuleGroup } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group";
import { Route53ResolverFirewallRuleGroupAssociation } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group-association";
import { Route53ResolverQueryLogConfig } from "@cdktf/provider-aws/lib/route53-resolver-query-log-config";
import { Route53ResolverQueryLogConfigAssociation } from "@cdktf/provider-aws/lib/route53-resolver-query-log-config-association";
import { EncryptionKey } from "../kms/encryption-key";
import { VpcLogProps } from "./vpc-log-props";
import { PolicyDocument } from "../policies/document";
import { aliasSafe, dnsSuffixOf, partitionOf } from "../private/aws-names";
import { policyText } from "../private/policy-text";
import { Problems, fail, isUnresolved } from "../private/validation";
import { LOG_RETENTION_DAYS } from "./flow-log-options";

/**
 * DNS out of a private VPC. The VPC resolves names through the Amazon DNS server (Route 53
 * Resolver), which answers for any domain of the internet, and flow logs do not record that
 * traffic (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-limitations.html): a
 * compromised instance can send data out in its queries. Route 53 Resolver DNS Firewall filters
 * the VPC's queries by domain list; Resolver query logging records them.
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall.html)
 */

export interface DnsFirewallOptions {
  /**
   * A DNS Firewall on the VPC that answers only the AWS domains the perimeter uses (DynamoDB's
   * endpoints of the region, the instances' own names) and `allowedDomains`; every other query
   * gets NXDOMAIN. Off, the VPC resolves any domain, unlogged.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Further domains to resolve, as DNS Firewall writes them: `example.com`, or `*.example.com`
   * for its subdomains. At most 100.
   * @default - none
   */
  readonly allowedDomains?: readonly string[];
  /**
   * Days the query log group keeps the VPC's DNS queries, one of the values CloudWatch accepts.
   * @default 365
   */
  readonly queryLogRetentionInDays?: number;
}

/**
 * Domains every perimeter VPC resolves: DynamoDB's endpoints in the region (in the region's
 * partition: `amazonaws.com.cn` in China), the names of its interface endpoints, and EC2's own names.
 */
export function awsDomains(region: string): string[] {
  const suffix = dnsSuffixOf(region);
  return [
    `dynamodb.${region}.${suffix}`,
    // Account-based endpoints: <account-id>.ddb.<region>.amazonaws.com.
    `*.ddb.${region}.${suffix}`,
    `streams.dynamodb.${region}.${suffix}`,
    // Interface endpoints without private DNS: vpce-<id>[-<az>].dynamodb.<region>.vpce.amazonaws.com, and streams.dynamodb's.
    `*.dynamodb.${region}.vpce.${suffix}`,
    // Dual-stack endpoints (not in China, whose dual-stack names AWS documents apart).
    ...(suffix === "amazonaws.com" ? [`dynamodb.${region}.api.aws`, `streams.dynamodb.${region}.api.aws`] : []),
    // Instance host names (ip-10-0-0-1.<region>.compute.internal, and ec2.internal in us-east-1).
    `*.compute.internal`,
    `*.ec2.internal`,
  ];
}

const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/;
const MAX_ALLOWED_DOMAINS = 100;

/** Every rule of the DNS Firewall options; `prefix` is prepended to prop names. */
export function validateDnsFirewallOptions(problems: Problems, where: string, prefix: string, options: DnsFirewallOptions): void {
  const domains = options.allowedDomains;
  problems.check(() => {
    if (options.enabled !== true && (domains !== undefined || options.queryLogRetentionInDays !== undefined)) {
      fail(where, `${prefix}enabled`, "must be true when allowedDomains or queryLogRetentionInDays is set", options.enabled);
    }
  });
  problems.check(() => {
    if (domains === undefined) return;
    if (domains.length > MAX_ALLOWED_DOMAINS)
      fail(where, `${prefix}allowedDomains`, `must list at most ${MAX_ALLOWED_DOMAINS} domains`, domains);
  });
  problems.each(domains ?? [], (domain, i) => {
    if (isUnresolved(domain)) return;
    if (typeof domain !== "string" || domain.length > 255 || domain === "*" || !DOMAIN.test(domain)) {
      fail(
        where,
        `${prefix}allowedDomains[${i}]`,
        "must be a lower-case domain such as 'example.com' or '*.example.com' (not '*', which would allow everything)",
        domain,
      );
    }
  });
  problems.check(() => {
    const days = options.queryLogRetentionInDays;
    if (days !== undefined && !LOG_RETENTION_DAYS.includes(days))
      fail(where, `${prefix}queryLogRetentionInDays`, `must be one of ${LOG_RETENTION_DAYS.join(", ")}`, days);
  });
}

/** The log group policy that lets Resolver's log delivery write the query logs of this account only. */
export function queryLogDeliveryPolicyDocument(input: {
  partition: string;
  region: string;
  accountId: string;
  logGroupArn: string;
}): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ResolverQueryLogDelivery",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${input.logGroupArn}:log-stream:*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": input.accountId },
          ArnLike: { "aws:SourceArn": `arn:${input.partition}:logs:${input.region}:${input.accountId}:*` },
        },
      },
    ],
  };
}

/**
 * A DNS Firewall: `name` names the lists, the rule group, the log group `/aws/route53resolver/<name>`
 * and the key alias. `keyLock.preventDestroy: false` also turns the association's mutation protection
 * off, so that it can be removed (by default it is on).
 */
export interface DnsFirewallProps extends DnsFirewallOptions, VpcLogProps {}

/**
 * Route 53 Resolver DNS Firewall on a VPC: an allow list (AWS's domains the perimeter needs, and
 * the given ones) at priority 100, a block of everything else with NXDOMAIN at 200, the rule group
 * associated with mutation protection, the firewall failing closed; and Resolver query logging of
 * the VPC to a KMS-encrypted log group that outlives the stack.
 *
 * Creates two `aws_route53_resolver_firewall_domain_list`, an `aws_route53_resolver_firewall_rule_group`
 * with two rules, its association and `aws_route53_resolver_firewall_config`; an
 * `aws_route53_resolver_query_log_config` and its association, an `aws_cloudwatch_log_group`, an
 * `aws_cloudwatch_log_resource_policy` for log delivery, and an `aws_kms_key` with its alias.
 */
export class DnsFirewall extends Construct {
  /** The query log group. */
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: DnsFirewallProps) {
    super(scope, id);
    this.addFirewall(props);
    this.logGroup = this.addQueryLogging(props);
  }

  /** Step: the allow list, the block of everything else, their rule group and its protected association, failing closed. */
  private addFirewall(props: DnsFirewallProps): void {
    const provider = props.provider;
    const allowed = new Route53ResolverFirewallDomainList(this, "Allowed", {
      provider,
      name: `${props.name}-allowed`,
      domains: [...awsDomains(props.region), ...(props.allowedDomains ?? [])],
    });
    const everything = new Route53ResolverFirewallDomainList(this, "Everything", {
      provider,
      name: `${props.name}-everything`,
      domains: ["*"],
    });
    const group = new Route53ResolverFirewallRuleGroup(this, "RuleGroup", { provider, name: props.name });
    new Route53ResolverFirewallRule(this, "AllowListed", {
      provider,
      name: "allow-listed",
      action: "ALLOW",
      firewallDomainListId: allowed.id,
      firewallRuleGroupId: group.id,
      priority: 100,
    });
    new Route53ResolverFirewallRule(this, "BlockEverythingElse", {
      provider,
      name: "block-everything-else",
      action: "BLOCK",
      blockResponse: "NXDOMAIN",
      firewallDomainListId: everything.id,
      firewallRuleGroupId: group.id,
      priority: 200,
    });
    // Mutation protection: the association cannot be changed or removed until it is turned off, which a
    // teardown does in the same apply that lifts `prevent_destroy` (docs/UPGRADING.md, tearing down).
    new Route53ResolverFirewallRuleGroupAssociation(this, "Association", {
      provider,
      name: props.name,
      firewallRuleGroupId: group.id,
      vpcId: props.vpcId,
      // The lowest priority AssociateFirewallRuleGroup accepts, and unique per VPC: no rule group
      // another principal associates runs before this one (Route 53 Resolver API Reference).
      priority: 100,
      mutationProtection: props.keyLock?.preventDestroy === false ? "DISABLED" : "ENABLED",
    });
    // When the firewall cannot answer, queries are refused rather than let through (AWS's default, written down).
    new Route53ResolverFirewallConfig(this, "Config", { provider, resourceId: props.vpcId, firewallFailOpen: "DISABLED" });
  }

  /** Step: every query of the VPC logged to a KMS-encrypted log group that outlives the stack; returns the log group. */
  private addQueryLogging(props: DnsFirewallProps): CloudwatchLogGroup {
    const provider = props.provider;
    const partition = partitionOf(props.region);
    const logGroupName = `/aws/route53resolver/${props.name}`;
    const logGroupArn = `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;
    const key = new EncryptionKey(this, "Key", {
      ...props.keyLock,
      provider,
      region: props.region,
      accountId: props.accountId,
      description: `Encrypts DNS query logs in ${logGroupName}`,
      aliasName: aliasSafe(`route53resolver/${props.name}`),
      logGroupArns: [logGroupArn],
    });
    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      provider,
      name: logGroupName,
      retentionInDays: props.queryLogRetentionInDays ?? 365,
      kmsKeyId: key.keyArn,
      skipDestroy: true,
    });
    const delivery = new CloudwatchLogResourcePolicy(this, "Delivery", {
      provider,
      policyName: `route53resolver-${props.name}`,
      policyDocument: policyText(
        this,
        queryLogDeliveryPolicyDocument({ partition, region: props.region, accountId: props.accountId, logGroupArn }),
      ),
    });
    const logging = new Route53ResolverQueryLogConfig(this, "QueryLogging", {
      provider,
      name: props.name,
      destinationArn: logGroup.arn,
      dependsOn: [delivery],
    });
    new Route53ResolverQueryLogConfigAssociation(this, "QueryLoggingAssociation", {
      provider,
      resolverQueryLogConfigId: logging.id,
      resourceId: props.vpcId,
    });
    return logGroup;
  }
}
