import { GatewayEndpoint, GatewayEndpointProps, endpointPolicyDocument } from "../modules";
import { onlyResource, resourcesOf, synthScope } from "../test-support/synth";

const BASE: GatewayEndpointProps = {
  region: "us-east-2",
  vpcId: "vpc-0a1b2c3d",
  routeTableIds: ["rtb-0a1b2c3d", "rtb-0123456789abcdef0"],
};

function synth(props: Partial<GatewayEndpointProps> = {}, region = "us-east-2") {
  return synthScope((scope) => new GatewayEndpoint(scope, "Endpoint", { ...BASE, ...props }), region);
}

describe("GatewayEndpoint", () => {
  test("matches the snapshot", () => {
    expect(synth()).toMatchSnapshot();
  });

  test("is a Gateway endpoint for the region's DynamoDB service on every given route table", () => {
    const endpoint = onlyResource(synth(), "aws_vpc_endpoint");
    expect(endpoint.vpc_endpoint_type).toBe("Gateway");
    expect(endpoint.service_name).toBe("com.amazonaws.us-east-2.dynamodb");
    expect(endpoint.route_table_ids).toEqual(["rtb-0a1b2c3d", "rtb-0123456789abcdef0"]);
    expect(resourcesOf(synth(), "aws_vpc_endpoint_route_table_association")).toEqual({});
  });

  test("uses the China partition's service name in China regions", () => {
    const endpoint = onlyResource(synth({ region: "cn-north-1" }, "cn-north-1"), "aws_vpc_endpoint");
    expect(endpoint.service_name).toBe("cn.com.amazonaws.cn-north-1.dynamodb");
  });

  test("writes the endpoint policy as JSON text", () => {
    const doc = endpointPolicyDocument({
      scope: "account",
      partition: "aws",
      region: "us-east-2",
      accountId: "123456789012",
      tableArns: [],
    });
    const endpoint = onlyResource(synth({ policyDocument: doc }), "aws_vpc_endpoint");
    expect(JSON.parse(endpoint.policy as string)).toEqual(doc);
  });

  describe("throws", () => {
    const where = "test/Endpoint";
    test.each([
      [
        "there are no route tables",
        { routeTableIds: [] },
        `${where}: routeTableIds must list at least one route table: a gateway endpoint without routes carries no traffic, so aws:SourceVpce is never set and the guard denies every request, got []`,
      ],
      [
        "a route table repeats",
        { routeTableIds: ["rtb-0a1b2c3d", "rtb-0a1b2c3d"] },
        `${where}: routeTableIds[1] must not repeat a route table, got 'rtb-0a1b2c3d'`,
      ],
      [
        "the VPC id is malformed",
        { vpcId: "vpc_0a1b2c3d" },
        `${where}: vpcId must be 'vpc-' followed by 8 or 17 lowercase hex digits, got 'vpc_0a1b2c3d'`,
      ],
      [
        "the region is malformed",
        { region: "Ohio" },
        `${where}: region must be an AWS region code such as 'us-east-2' or 'eu-central-1', got 'Ohio'`,
      ],
      [
        "the endpoint policy has no Allow with a Principal",
        {
          policyDocument: {
            Version: "2012-10-17",
            Statement: [{ Sid: "D", Effect: "Deny", Principal: "*", Action: "dynamodb:*", Resource: "*" }],
          },
        },
        `${where}: policyDocument must contain an Allow statement with a Principal (it replaces the full-access default)`,
      ],
      [
        "the endpoint policy's only Allow has no Principal",
        {
          policyDocument: {
            Version: "2012-10-17",
            Statement: [{ Sid: "A", Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }],
          },
        },
        `${where}: policyDocument must contain an Allow statement with a Principal (it replaces the full-access default)`,
      ],
      [
        "the endpoint policy is over 20,480 characters",
        {
          policyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "A",
                Effect: "Allow",
                Principal: "*",
                Action: "dynamodb:GetItem",
                Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:dynamodb:us-east-2:123456789012:table/t${i}-${"x".repeat(40)}`),
              },
            ],
          },
        },
        /^test\/Endpoint: policyDocument must be at most 20480 characters, got '\d{5} characters'$/,
      ],
    ] as Array<[string, Partial<GatewayEndpointProps>, string | RegExp]>)("throws if %s", (_name, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
