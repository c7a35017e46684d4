import { readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/app";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation, DynamoDbIsolationProps, STREAM_READ_ACTIONS, ValidationError } from "../modules";
import { TerraformJson, ref as refTo, resourcesOf, synthConfig, synthScope } from "../test-support/synth";

const ref = (type: string, name: string, attribute: string) => refTo(`${type}.${name}`, attribute);

/**
 * `network.interfaceEndpoints`: DynamoDB and DynamoDB Streams interface
 * endpoints for clients outside the VPC, on the example and on bad input.
 */
const file = join(__dirname, "..", "examples", "interface-endpoints.json");
const [ledger] = Object.values(synthConfig(parseConfig(readFileSync(file, "utf8"), file)));

/** The resource of a type whose logical name is `id` (the construct path joined by `_`) and its hash. */
const byPath = (tf: TerraformJson, type: string, id: string): [string, Record<string, unknown>] => {
  const found = Object.entries(resourcesOf(tf, type)).find(([name]) => name.replace(/_[0-9A-F]{8}$/, "") === id);
  if (!found) throw new Error(`no ${type} ${id}`);
  return found;
};
const policyOf = (body: Record<string, unknown>) => JSON.parse(String(body.policy)) as { Statement: Array<{ Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string[]>> }> };

describe("interface endpoints: the example", () => {
  const [gatewayName, gateway] = byPath(ledger, "aws_vpc_endpoint", "Isolation_Endpoint");
  const [dynamodbName, dynamodb] = byPath(ledger, "aws_vpc_endpoint", "Isolation_InterfaceEndpoints_Dynamodb");
  const [streamsName, streams] = byPath(ledger, "aws_vpc_endpoint", "Isolation_InterfaceEndpoints_Streams");
  const [replicaName, replica] = byPath(ledger, "aws_vpc_endpoint", "Isolation_Replicas_us-east-2_InterfaceEndpoints_Dynamodb");
  const [groupName, group] = byPath(ledger, "aws_security_group", "Isolation_InterfaceEndpoints_SecurityGroup");

  test("one interface endpoint per service and region asked for, private DNS off, in the region's subnets, behind the security group", () => {
    expect([dynamodb.vpc_endpoint_type, dynamodb.service_name, dynamodb.private_dns_enabled]).toEqual(["Interface", "com.amazonaws.eu-west-1.dynamodb", false]);
    expect([streams.vpc_endpoint_type, streams.service_name, streams.private_dns_enabled]).toEqual(["Interface", "com.amazonaws.eu-west-1.dynamodb-streams", false]);
    const subnets = Object.keys(resourcesOf(ledger, "aws_subnet")).map((n) => ref("aws_subnet", n, "id"));
    expect(dynamodb.subnet_ids).toEqual(subnets);
    expect(dynamodb.security_group_ids).toEqual([ref("aws_security_group", groupName, "id")]);
    // The replica's existing VPC: the subnets named, one service (the default), its own provider.
    expect([replica.service_name, replica.subnet_ids, replica.provider, replica.vpc_id]).toEqual(["com.amazonaws.us-east-2.dynamodb", ["subnet-0b1c2d3e4f5a60718", "subnet-1b1c2d3e4f5a60718"], "aws.us_east_2", "vpc-0b1c2d3e4f5a60718"]);
    expect(Object.keys(resourcesOf(ledger, "aws_vpc_endpoint")).filter((n) => n.includes("Replicas_us-east-2_InterfaceEndpoints"))).toEqual([replicaName]);
  });

  test("the security group admits HTTPS from the named CIDR and security group only, and has no egress", () => {
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    const rules = Object.values(resourcesOf(ledger, "aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === ref("aws_security_group", groupName, "id"));
    expect(rules.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4 ?? r.referenced_security_group_id])).toEqual([
      ["tcp", 443, 443, "172.16.0.0/12"],
      ["tcp", 443, 443, "sg-0a1b2c3d4e5f60718"],
    ]);
    expect(rules.every((r) => typeof r.description === "string" && r.description.length > 0)).toBe(true);
    expect(Object.keys(resourcesOf(ledger, "aws_vpc_security_group_egress_rule"))).toEqual([]);
  });

  test("the DynamoDB interface endpoint carries the gateway endpoint's policy; the streams one only stream reads", () => {
    expect(dynamodb.policy).toBe(gateway.policy);
    const statements = policyOf(streams).Statement;
    expect(statements.map((s) => [s.Effect, s.Action, s.Resource])).toEqual([
      ["Allow", [...STREAM_READ_ACTIONS], ["arn:aws:dynamodb:eu-west-1:${data.aws_caller_identity.Isolation_Caller_935310A2.account_id}:table/*/stream/*"]],
      ["Allow", "dynamodb:ListStreams", "*"],
    ]);
  });

  test("every policy's endpoint list names the interface endpoints of the regions it covers", () => {
    const ids = [gatewayName, dynamodbName, streamsName].map((n) => ref("aws_vpc_endpoint", n, "id"));
    const guard = Object.values(resourcesOf(ledger, "aws_iam_policy")).find((p) => String(p.name).includes("guard") || String(p.policy).includes("DenyManagedTablesOutsideVpcEndpoints"))!;
    const listed = (text: string) => ids.filter((id) => text.includes(id));
    expect(listed(String(guard.policy))).toEqual(ids);
    expect(String(guard.policy)).toContain(ref("aws_vpc_endpoint", replicaName, "id"));
    const homeTablePolicies = Object.values(resourcesOf(ledger, "aws_dynamodb_resource_policy")).filter((p) => !String(p.provider ?? "").includes("us_east_2") && !String(p.resource_arn).includes("replica"));
    expect(homeTablePolicies.length).toBeGreaterThan(0);
    for (const p of homeTablePolicies) {
      expect(listed(String(p.policy))).toEqual(ids);
      // A region's endpoints serve only that region: the replica's interface endpoint is not in the home region's policies.
      expect(String(p.policy)).not.toContain(ref("aws_vpc_endpoint", replicaName, "id"));
    }
  });

  test("the output gives each endpoint's id and DNS names, by region and service", () => {
    const value = (ledger.output as Record<string, { value: unknown }>).interface_endpoints.value;
    expect(value).toEqual({
      "eu-west-1": {
        dynamodb: { id: ref("aws_vpc_endpoint", dynamodbName, "id"), dns_names: `\${aws_vpc_endpoint.${dynamodbName}.dns_entry[*].dns_name}` },
        "dynamodb-streams": { id: ref("aws_vpc_endpoint", streamsName, "id"), dns_names: `\${aws_vpc_endpoint.${streamsName}.dns_entry[*].dns_name}` },
      },
      "us-east-2": { dynamodb: { id: ref("aws_vpc_endpoint", replicaName, "id"), dns_names: `\${aws_vpc_endpoint.${replicaName}.dns_entry[*].dns_name}` } },
    });
  });
});

describe("interface endpoints: bad input", () => {
  const where = "test/Isolation";
  const base: DynamoDbIsolationProps = { region: "eu-west-1", table: { tableName: "Ledger", partitionKey: { name: "id", type: "S" } } };
  const existing = { vpcId: "vpc-0a1b2c3d", routeTableIds: ["rtb-0a1b2c3d"] };
  const onPrem = { allowedCidrs: ["10.100.0.0/16"] };
  const build = (network: DynamoDbIsolationProps["network"]) => () => synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", { ...base, network }), "eu-west-1");
  test.each([
    ["no allowed source", { interfaceEndpoints: {} }, `${where}: network.interfaceEndpoints must name at least one allowed source in allowedCidrs or allowedSecurityGroupIds: an interface endpoint nobody may reach only costs money, got {}`],
    ["empty source lists", { interfaceEndpoints: { allowedCidrs: [], allowedSecurityGroupIds: [] } }, `${where}: network.interfaceEndpoints must name at least one allowed source`],
    ["0.0.0.0/0", { interfaceEndpoints: { allowedCidrs: ["0.0.0.0/0"] } }, `${where}: network.interfaceEndpoints.allowedCidrs[0] must not be 0.0.0.0/0: name the networks that may reach the endpoints, got '0.0.0.0/0'`],
    ["a malformed CIDR", { interfaceEndpoints: { allowedCidrs: ["10.100.0.0"] } }, `${where}: network.interfaceEndpoints.allowedCidrs[0] must be an IPv4 CIDR such as '10.20.0.0/16', got '10.100.0.0'`],
    ["a repeated CIDR", { interfaceEndpoints: { allowedCidrs: ["10.100.0.0/16", "10.100.0.0/16"] } }, `${where}: network.interfaceEndpoints.allowedCidrs[1] must not be repeated, got '10.100.0.0/16'`],
    ["a malformed security group", { interfaceEndpoints: { allowedSecurityGroupIds: ["sg-1"] } }, `${where}: network.interfaceEndpoints.allowedSecurityGroupIds[0] must be 'sg-' followed by 8 or 17 lowercase hex digits, got 'sg-1'`],
    ["an unknown service", { interfaceEndpoints: { ...onPrem, services: ["dax"] } }, `${where}: network.interfaceEndpoints.services[0] must be one of dynamodb, dynamodb-streams, got 'dax'`],
    ["no service", { interfaceEndpoints: { ...onPrem, services: [] } }, `${where}: network.interfaceEndpoints.services must name at least one of dynamodb, dynamodb-streams, got []`],
    ["a service twice", { interfaceEndpoints: { ...onPrem, services: ["dynamodb", "dynamodb"] } }, `${where}: network.interfaceEndpoints.services[1] must not be repeated, got 'dynamodb'`],
    ["an existing VPC and no subnets to place them in", { ...existing, interfaceEndpoints: onPrem }, `${where}: network.interfaceEndpoints.subnetIds must list the subnets of network.vpcId to place the endpoints in (at least one): the module cannot choose subnets in a VPC it does not own, got nothing`],
    ["a malformed subnet", { ...existing, interfaceEndpoints: { ...onPrem, subnetIds: ["subnet-x"] } }, `${where}: network.interfaceEndpoints.subnetIds[0] must be 'subnet-' followed by 8 or 17 lowercase hex digits, got 'subnet-x'`],
    ["subnets for a new VPC", { interfaceEndpoints: { ...onPrem, subnetIds: ["subnet-0a1b2c3d"] } }, `${where}: network.interfaceEndpoints.subnetIds is only allowed with network.vpcId (the new VPC's private subnets are used), got ["subnet-0a1b2c3d"]`],
    ["a joined endpoint's region", { vpcEndpointId: "vpce-0a1b2c3d", interfaceEndpoints: onPrem }, `${where}: network.interfaceEndpoints is not available with network.vpcEndpointId: a joined endpoint's VPC and subnets are its owner's`],
  ] as Array<[string, object, string]>)("throws if %s", (_why, network, message) => {
    expect(build(network as DynamoDbIsolationProps["network"])).toThrow(ValidationError);
    expect(build(network as DynamoDbIsolationProps["network"])).toThrow(message);
  });

  test("a replica region without subnets to place them in is refused with its own path", () => {
    const build = () =>
      synthScope((scope) => {
        const provider = new AwsProvider(scope, "aws-us-east-2", { region: "us-east-2", alias: "us_east_2" });
        new DynamoDbIsolation(scope, "Isolation", {
          ...base,
          replicas: [{ region: "us-east-2", provider, network: { ...existing, interfaceEndpoints: onPrem } }],
          resourcePolicy: { replicaManagers: { principalTag: "dp:exclude:network" } },
        });
      }, "eu-west-1");
    expect(build).toThrow(`${where}: replicas[0].network.interfaceEndpoints.subnetIds must list the subnets of replicas[0].network.vpcId`);
  });
});
