import { Construct, IConstruct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Route53ResolverFirewallDomainList } from "@cdktf/provider-aws/lib/route53-resolver-firewall-domain-list";
import { Route53ResolverFirewallRuleGroup } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group";
import { Route53ResolverFirewallRuleGroupAssociation } from "@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group-association";
import { Route53ResolverQueryLogConfig } from "@cdktf/provider-aws/lib/route53-resolver-query-log-config";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { PERIMETER_TAG_KEY } from "../policies/organization-policy";

/** A resource whose tags the perimeter sets: the generated classes keep what was given in `tagsInput`. */
interface Taggable {
  tags: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

/**
 * The resources a perimeter creates to protect or watch itself: its keys, its endpoints, its
 * flow logs and log groups, its DNS Firewall and query logging. Tables are not among them: the
 * SCP's statement on tagged resources would deny their data calls.
 */
const PROTECTED_TYPES = [
  CloudwatchLogGroup,
  FlowLog,
  KmsKey,
  Route53ResolverFirewallDomainList,
  Route53ResolverFirewallRuleGroup,
  Route53ResolverFirewallRuleGroupAssociation,
  Route53ResolverQueryLogConfig,
  VpcEndpoint,
] as const;

function isProtected(node: IConstruct): node is IConstruct & Taggable {
  return PROTECTED_TYPES.some((type) => node instanceof type);
}

/**
 * Tags every protected resource under `scope` `PERIMETER_TAG_KEY=<perimeter>`, after the
 * resource's own tags: the organization's SCP lets only admins change what carries it.
 */
export function tagPerimeterResources(scope: Construct, perimeterName: string): void {
  for (const node of scope.node.findAll()) {
    if (isProtected(node)) node.tags = { ...(node.tagsInput ?? {}), [PERIMETER_TAG_KEY]: perimeterName };
  }
}
