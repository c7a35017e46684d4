import { PrivateVpc, PrivateVpcProps } from "../modules";
import { onlyEntry, onlyResource, ref, resourcesOf, synthScope } from "../test-support/synth";
import { subnetCidrs } from "../modules/network/private-vpc-options";

function synth(props: Partial<PrivateVpcProps> = {}) {
  return synthScope((scope) => new PrivateVpc(scope, "Network", { region: "us-east-2", accountId: "123456789012", ...props }));
}

describe("PrivateVpc", () => {
  test("the default VPC matches the snapshot", () => {
    expect(synth()).toMatchSnapshot();
  });

  test("turns on DNS support and hostnames", () => {
    const vpc = onlyResource(synth(), "aws_vpc");
    expect(vpc.cidr_block).toBe("10.0.0.0/16");
    expect(vpc.enable_dns_support).toBe(true);
    expect(vpc.enable_dns_hostnames).toBe(true);
  });

  test("gives each zone a private subnet with its own route table", () => {
    const tf = synth();
    const subnets = Object.entries(resourcesOf(tf, "aws_subnet"));
    const routeTables = Object.keys(resourcesOf(tf, "aws_route_table"));
    const associations = Object.values(resourcesOf(tf, "aws_route_table_association"));
    expect(subnets).toHaveLength(2);
    expect(routeTables).toHaveLength(2);
    expect(subnets.map(([, s]) => s.cidr_block)).toEqual(["10.0.0.0/20", "10.0.16.0/20"]);
    for (const [, subnet] of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
    // one association per subnet, each to a different route table
    expect(associations.map((a) => a.subnet_id).sort()).toEqual(subnets.map(([name]) => ref(`aws_subnet.${name}`, "id")).sort());
    expect(associations.map((a) => a.route_table_id).sort()).toEqual(
      routeTables.map((name) => ref(`aws_route_table.${name}`, "id")).sort(),
    );
  });

  test("needs no internet or NAT gateway", () => {
    const tf = synth();
    expect(resourcesOf(tf, "aws_internet_gateway")).toEqual({});
    expect(resourcesOf(tf, "aws_nat_gateway")).toEqual({});
    expect(resourcesOf(tf, "aws_route")).toEqual({});
  });

  test("looks zones up at plan time by default and uses given zones without a lookup", () => {
    expect(Object.keys(synth().data?.aws_availability_zones ?? {})).toHaveLength(1);
    const tf = synth({ availabilityZones: ["us-east-2a", "us-east-2b", "us-east-2c"] });
    expect(tf.data?.aws_availability_zones).toBeUndefined();
    expect(Object.values(resourcesOf(tf, "aws_subnet")).map((s) => s.availability_zone)).toEqual([
      "us-east-2a",
      "us-east-2b",
      "us-east-2c",
    ]);
  });

  test.each([
    ["10.0.0.0/16", 2, ["10.0.0.0/20", "10.0.16.0/20"]],
    ["10.1.0.0/24", 3, ["10.1.0.0/28", "10.1.0.16/28", "10.1.0.32/28"]],
    ["192.168.0.0/27", 2, ["192.168.0.0/28", "192.168.0.16/28"]],
    ["172.16.0.0/20", 16, Array.from({ length: 16 }, (_, i) => `172.16.${i}.0/24`)],
  ])("splits %s into %i subnets", (cidr, count, expected) => {
    expect(subnetCidrs(cidr, count)).toEqual(expected);
  });

  test("cannot split a /28 in two", () => {
    expect(subnetCidrs("10.0.0.0/28", 2)).toBeUndefined();
  });

  test("takes over the default security group with no rules", () => {
    const tf = synth();
    const [vpc] = onlyEntry(tf, "aws_vpc");
    const sg = onlyResource(tf, "aws_default_security_group");
    expect(sg.vpc_id).toBe(ref(vpc, "id"));
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([]);
  });

  describe("flow logs", () => {
    test("go by default to an encrypted CloudWatch log group kept a year", () => {
      const tf = synth();
      const [vpc] = onlyEntry(tf, "aws_vpc");
      const [logGroup, group] = onlyEntry(tf, "aws_cloudwatch_log_group");
      const [key, kms] = onlyEntry(tf, "aws_kms_key");
      const [role] = onlyEntry(tf, "aws_iam_role");
      expect(onlyResource(tf, "aws_flow_log")).toEqual({
        vpc_id: ref(vpc, "id"),
        traffic_type: "ALL",
        log_destination_type: "cloud-watch-logs",
        log_destination: ref(logGroup, "arn"),
        iam_role_arn: ref(role, "arn"),
      });
      // Kept in AWS when Terraform destroys it: evidence outlives the stack.
      expect(group).toEqual({
        name: "/aws/vpc-flow-logs/Network",
        retention_in_days: 365,
        kms_key_id: ref(key, "arn"),
        skip_destroy: true,
      });
      expect(kms.enable_key_rotation).toBe(true);
      const keyPolicy = JSON.parse(kms.policy as string);
      expect(keyPolicy.Statement[1].Principal).toEqual({ Service: "logs.us-east-2.amazonaws.com" });
      expect(keyPolicy.Statement[1].Condition).toEqual({
        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": ["arn:aws:logs:us-east-2:123456789012:log-group:/aws/vpc-flow-logs/Network"] },
      });
    });

    test("the delivery role trusts only this account's flow logs and writes only its log group", () => {
      const tf = synth();
      const [logGroup] = onlyEntry(tf, "aws_cloudwatch_log_group");
      const trust = JSON.parse(onlyResource(tf, "aws_iam_role").assume_role_policy as string);
      expect(trust.Statement).toEqual([
        {
          Sid: "VpcFlowLogsAssumesRole",
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-2:123456789012:vpc-flow-log/*" },
          },
        },
      ]);
      const delivery = JSON.parse(onlyResource(tf, "aws_iam_role_policy").policy as string);
      expect(delivery.Statement[0].Resource).toEqual([ref(logGroup, "arn"), `${ref(logGroup, "arn")}:*`]);
      expect(delivery.Statement[1]).toEqual({ Sid: "FindLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" });
    });

    test("can go to an existing bucket instead, with no role or log group", () => {
      const tf = synth({ flowLogs: { destination: "s3", s3BucketArn: "arn:aws:s3:::central-flow-logs/vpc" } });
      expect(onlyResource(tf, "aws_flow_log")).toMatchObject({
        log_destination_type: "s3",
        log_destination: "arn:aws:s3:::central-flow-logs/vpc",
        // Rejected connections too: the record of who tried.
        traffic_type: "ALL",
      });
      expect(resourcesOf(tf, "aws_iam_role")).toEqual({});
      expect(resourcesOf(tf, "aws_cloudwatch_log_group")).toEqual({});
    });

    test("can use an existing key and a longer retention", () => {
      const key = "arn:aws:kms:us-east-2:123456789012:key/0000aaaa-bbbb-cccc-dddd-eeeeffff0000";
      const tf = synth({ flowLogs: { kmsKeyArn: key, retentionInDays: 731 } });
      expect(resourcesOf(tf, "aws_kms_key")).toEqual({});
      expect(onlyResource(tf, "aws_cloudwatch_log_group")).toMatchObject({ kms_key_id: key, retention_in_days: 731 });
    });

    test("are left out only when turned off explicitly", () => {
      const tf = synth({ flowLogs: { destination: "none" } });
      expect(resourcesOf(tf, "aws_flow_log")).toEqual({});
      expect(resourcesOf(tf, "aws_cloudwatch_log_group")).toEqual({});
    });
  });

  describe("throws", () => {
    const where = "test/Network";
    test.each([
      [
        "only one zone is given",
        { availabilityZones: ["us-east-2a"] },
        `${where}: availabilityZones must list 2 to 16 zones, got ["us-east-2a"]`,
      ],
      [
        "a zone is in another region",
        { availabilityZones: ["us-east-2a", "us-west-2b"] },
        `${where}: availabilityZones[1] must be a zone name in region us-east-2 such as 'us-east-2a', got 'us-west-2b'`,
      ],
      [
        "a zone repeats",
        { availabilityZones: ["us-east-2a", "us-east-2a"] },
        `${where}: availabilityZones[1] must not repeat a zone, got 'us-east-2a'`,
      ],
      ["the CIDR is not a CIDR", { cidrBlock: "10.0.0.0" }, `${where}: cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0.0'`],
      [
        "the flow log destination is unknown",
        { flowLogs: { destination: "kinesis" } },
        `${where}: flowLogs.destination must be one of cloud-watch-logs, s3, none, got 'kinesis'`,
      ],
      [
        "the retention is not a CloudWatch value",
        { flowLogs: { retentionInDays: 366 } },
        `${where}: flowLogs.retentionInDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 366`,
      ],
      [
        "s3 has no bucket",
        { flowLogs: { destination: "s3" } },
        `${where}: flowLogs.s3BucketArn is required with destination s3, got nothing`,
      ],
      [
        "the bucket is not an ARN",
        { flowLogs: { destination: "s3", s3BucketArn: "central-flow-logs" } },
        `${where}: flowLogs.s3BucketArn must be an S3 bucket ARN such as 'arn:aws:s3:::my-flow-logs', got 'central-flow-logs'`,
      ],
      [
        "a bucket comes with CloudWatch",
        { flowLogs: { s3BucketArn: "arn:aws:s3:::b-1" } },
        `${where}: flowLogs.s3BucketArn is only allowed with destination s3, got 'arn:aws:s3:::b-1'`,
      ],
      [
        "retention comes with s3",
        { flowLogs: { destination: "s3", s3BucketArn: "arn:aws:s3:::b-1", retentionInDays: 365 } },
        `${where}: flowLogs.retentionInDays is only allowed with destination cloud-watch-logs, got 365`,
      ],
    ] as Array<[string, Partial<PrivateVpcProps>, string]>)("throws if %s", (_name, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
