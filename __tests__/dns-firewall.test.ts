import { PrivateVpc, PrivateVpcProps } from "../modules";
import { onlyEntry, onlyResource, ref, resourcesOf, synthScope, synthStack } from "../test-support/synth";
import { seedStack } from "../test-support/config-cases";

function synth(props: Partial<PrivateVpcProps> = {}) {
  return synthScope((scope) => new PrivateVpc(scope, "Network", { region: "eu-north-1", accountId: "123456789012", ...props }));
}

const firewalled = () => synth({ dnsFirewall: { enabled: true, allowedDomains: ["*.corp.example.internal"] } });

describe("DNS Firewall on a new VPC", () => {
  test("is off by default: no firewall, no query logging", () => {
    const tf = synth();
    for (const type of ["aws_route53_resolver_firewall_rule_group", "aws_route53_resolver_query_log_config"])
      expect(resourcesOf(tf, type)).toEqual({});
  });

  test("allows DynamoDB's endpoints of the region, the instances' names and the given domains, then blocks everything else", () => {
    const tf = firewalled();
    const lists = resourcesOf(tf, "aws_route53_resolver_firewall_domain_list");
    const [allowedName, allowed] = Object.entries(lists).find(([, l]) => String(l.name).endsWith("-allowed"))!;
    const [everythingName, everything] = Object.entries(lists).find(([, l]) => String(l.name).endsWith("-everything"))!;
    expect(allowed.domains).toEqual([
      "dynamodb.eu-north-1.amazonaws.com",
      "*.ddb.eu-north-1.amazonaws.com",
      "streams.dynamodb.eu-north-1.amazonaws.com",
      "*.dynamodb.eu-north-1.vpce.amazonaws.com",
      "dynamodb.eu-north-1.api.aws",
      "streams.dynamodb.eu-north-1.api.aws",
      "*.compute.internal",
      "*.ec2.internal",
      "*.corp.example.internal",
    ]);
    expect(everything.domains).toEqual(["*"]);
    const rules = Object.values(resourcesOf(tf, "aws_route53_resolver_firewall_rule")).map((r) => [
      r.priority,
      r.action,
      r.block_response,
      r.firewall_domain_list_id,
    ]);
    // Lower priority first: the allow list is matched before the block of everything.
    expect(rules.sort()).toEqual([
      [100, "ALLOW", undefined, ref(`aws_route53_resolver_firewall_domain_list.${allowedName}`, "id")],
      [200, "BLOCK", "NXDOMAIN", ref(`aws_route53_resolver_firewall_domain_list.${everythingName}`, "id")],
    ]);
  });

  test("in China, allows DynamoDB's names under amazonaws.com.cn", () => {
    const tf = synth({ region: "cn-north-1", dnsFirewall: { enabled: true } });
    const allowed = Object.values(resourcesOf(tf, "aws_route53_resolver_firewall_domain_list")).find((l) =>
      String(l.name).endsWith("-allowed"),
    )!;
    expect(allowed.domains).toEqual([
      "dynamodb.cn-north-1.amazonaws.com.cn",
      "*.ddb.cn-north-1.amazonaws.com.cn",
      "streams.dynamodb.cn-north-1.amazonaws.com.cn",
      "*.dynamodb.cn-north-1.vpce.amazonaws.com.cn",
      "*.compute.internal",
      "*.ec2.internal",
    ]);
  });

  test("protects its association from changes, and fails closed", () => {
    const tf = firewalled();
    const [vpc] = onlyEntry(tf, "aws_vpc");
    const association = onlyResource(tf, "aws_route53_resolver_firewall_rule_group_association");
    expect([association.vpc_id, association.mutation_protection, association.priority]).toEqual([ref(vpc, "id"), "ENABLED", 100]);
    expect(onlyResource(tf, "aws_route53_resolver_firewall_config")).toEqual({
      resource_id: ref(vpc, "id"),
      firewall_fail_open: "DISABLED",
    });
  });

  test("logs every query of the VPC to an encrypted log group kept on destroy, written only by log delivery for this account", () => {
    const tf = firewalled();
    const [vpc] = onlyEntry(tf, "aws_vpc");
    const groups = Object.entries(resourcesOf(tf, "aws_cloudwatch_log_group"));
    const [groupName, group] = groups.find(([, g]) => String(g.name).startsWith("/aws/route53resolver/"))!;
    expect([group.name, group.retention_in_days, group.skip_destroy]).toEqual(["/aws/route53resolver/Network", 365, true]);
    const logging = onlyResource(tf, "aws_route53_resolver_query_log_config");
    expect(logging.destination_arn).toBe(ref(`aws_cloudwatch_log_group.${groupName}`, "arn"));
    const [loggingName] = onlyEntry(tf, "aws_route53_resolver_query_log_config");
    expect(onlyResource(tf, "aws_route53_resolver_query_log_config_association")).toEqual({
      resolver_query_log_config_id: ref(loggingName, "id"),
      resource_id: ref(vpc, "id"),
    });
    const statement = JSON.parse(String(onlyResource(tf, "aws_cloudwatch_log_resource_policy").policy_document)).Statement[0];
    expect([statement.Principal, statement.Resource, statement.Condition]).toEqual([
      { Service: "delivery.logs.amazonaws.com" },
      "arn:aws:logs:eu-north-1:123456789012:log-group:/aws/route53resolver/Network:log-stream:*",
      { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-north-1:123456789012:*" } },
    ]);
    // Its own key, which CloudWatch Logs may use for this log group only.
    const key = Object.values(resourcesOf(tf, "aws_kms_key")).find((k) => String(k.description).includes("DNS query logs"))!;
    expect(JSON.parse(String(key.policy)).Statement[1].Condition).toEqual({
      ArnEquals: { "kms:EncryptionContext:aws:logs:arn": ["arn:aws:logs:eu-north-1:123456789012:log-group:/aws/route53resolver/Network"] },
    });
  });

  test("in a perimeter, the query logs' key is locked to the operators like the table's", () => {
    const tf = synthStack({ ...seedStack, network: { dnsFirewall: { enabled: true } } });
    const key = Object.values(resourcesOf(tf, "aws_kms_key")).find((k) => String(k.description).includes("DNS query logs"))!;
    expect(JSON.parse(String(key.policy)).Statement.map((s: { Sid: string }) => s.Sid)).toContain("DenyKeyTamperingExceptOperators");
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  test.each([
    [
      { allowedDomains: ["example.com"] },
      "Network: dnsFirewall.enabled must be true when allowedDomains or queryLogRetentionInDays is set, got nothing",
    ],
    [
      { enabled: true, allowedDomains: ["*"] },
      "Network: dnsFirewall.allowedDomains[0] must be a lower-case domain such as 'example.com' or '*.example.com' (not '*', which would allow everything), got '*'",
    ],
    [{ enabled: true, allowedDomains: ["Example.COM"] }, "dnsFirewall.allowedDomains[0] must be a lower-case domain"],
    [
      { enabled: true, allowedDomains: Array.from({ length: 101 }, (_, i) => `d${i}.example.com`) },
      "dnsFirewall.allowedDomains must list at most 100 domains",
    ],
    [{ enabled: true, queryLogRetentionInDays: 42 }, "dnsFirewall.queryLogRetentionInDays must be one of 1, 3, 5"],
  ])("refuses %j", (dnsFirewall, message) => {
    expect(() => synth({ dnsFirewall })).toThrow(message);
  });

  test("is refused with an existing VPC: its DNS belongs to its owner", () => {
    expect(() =>
      synthStack({
        ...seedStack,
        network: { vpcId: "vpc-0a1b2c3d4e5f60718", routeTableIds: ["rtb-0123456789abcdef0"], dnsFirewall: { enabled: true } },
      }),
    ).toThrow("network.dnsFirewall must not be set with network.vpcId (the DNS of an existing VPC belongs to its owner)");
  });
});
