import { PrivateVpc, PrivateVpcProps, subnetCidrs } from "../modules/private-vpc";
import { onlyResource, ref, resourcesOf, synthScope } from "../test-support/synth";

function synth(props: Partial<PrivateVpcProps> = {}) {
  return synthScope((scope) => new PrivateVpc(scope, "Network", { region: "us-east-2", ...props }));
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
    expect(associations.map((a) => a.route_table_id).sort()).toEqual(routeTables.map((name) => ref(`aws_route_table.${name}`, "id")).sort());
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
    expect(Object.values(resourcesOf(tf, "aws_subnet")).map((s) => s.availability_zone)).toEqual(["us-east-2a", "us-east-2b", "us-east-2c"]);
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

  describe("throws", () => {
    const where = "test/Network";
    test.each([
      ["only one zone is given", { availabilityZones: ["us-east-2a"] }, `${where}: availabilityZones must list 2 to 16 zones, got ["us-east-2a"]`],
      ["a zone is in another region", { availabilityZones: ["us-east-2a", "us-west-2b"] }, `${where}: availabilityZones[1] must be a zone name in region us-east-2 such as 'us-east-2a', got 'us-west-2b'`],
      ["a zone repeats", { availabilityZones: ["us-east-2a", "us-east-2a"] }, `${where}: availabilityZones[1] must not repeat a zone, got 'us-east-2a'`],
      ["the CIDR is not a CIDR", { cidrBlock: "10.0.0.0" }, `${where}: cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0.0'`],
    ] as Array<[string, Partial<PrivateVpcProps>, string]>)("throws if %s", (_name, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
