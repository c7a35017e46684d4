import { readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/app";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, Token } from "cdktf";
import { DynamoDbIsolation, DynamoDbIsolationProps, STREAM_READ_ACTIONS, ValidationError } from "../modules";
import { TerraformJson, ref as refTo, resourcesOf, synthConfig, synthScope, withoutHash } from "../test-support/synth";

const ref = (type: string, name: string, attribute: string) => refTo(`${type}.${name}`, attribute);

/**
 * `network.interfaceEndpoints`: DynamoDB and DynamoDB Streams interface
 * endpoints for clients outside the VPC, on the example and on bad input.
 */
const file = join(__dirname, "..", "examples", "interface-endpoints.json");
const [ledger] = Object.values(synthConfig(parseConfig(readFileSync(file, "utf8"), file)));

/** The resource of a type whose logical name is `id` (the construct path joined by `_`) and its hash. */
const byPath = (tf: TerraformJson, type: string, id: string): [string, Record<string, unknown>] => {
  const found = Object.entries(resourcesOf(tf, type)).find(([name]) => withoutHash(name) === id);
  if (!found) throw new Error(`no ${type} ${id}`);
  return found;
};
const policyOf = (body: Record<string, unknown>) =>
  JSON.parse(String(body.policy)) as {
    Statement: Array<{
      Sid?: string;
      Effect: string;
      Action: string | string[];
      Resource: string | string[];
      Condition?: Record<string, Record<string, string[]>>;
    }>;
  };

describe("interface endpoints: the example", () => {
  const [gatewayName, gateway] = byPath(ledger, "aws_vpc_endpoint", "Isolation_Endpoint");
  const [dynamodbName, dynamodb] = byPath(ledger, "aws_vpc_endpoint", "Isolation_InterfaceEndpoints_Dynamodb");
  const [streamsName, streams] = byPath(ledger, "aws_vpc_endpoint", "Isolation_InterfaceEndpoints_Streams");
  const [replicaName, replica] = byPath(ledger, "aws_vpc_endpoint", "Isolation_Replicas_us-east-2_InterfaceEndpoints_Dynamodb");
  const [groupName, group] = byPath(ledger, "aws_security_group", "Isolation_InterfaceEndpoints_SecurityGroup");

  test("one interface endpoint per service and region asked for, private DNS off, in the region's subnets, behind the security group", () => {
    expect([dynamodb.vpc_endpoint_type, dynamodb.service_name, dynamodb.private_dns_enabled]).toEqual([
      "Interface",
      "com.amazonaws.eu-west-1.dynamodb",
      false,
    ]);
    expect([streams.vpc_endpoint_type, streams.service_name, streams.private_dns_enabled]).toEqual([
      "Interface",
      "com.amazonaws.eu-west-1.dynamodb-streams",
      false,
    ]);
    const subnets = Object.keys(resourcesOf(ledger, "aws_subnet")).map((n) => ref("aws_subnet", n, "id"));
    expect(dynamodb.subnet_ids).toEqual(subnets);
    expect(dynamodb.security_group_ids).toEqual([ref("aws_security_group", groupName, "id")]);
    // The replica's existing VPC: the subnets named, one service (the default), its own provider.
    expect([replica.service_name, replica.subnet_ids, replica.provider, replica.vpc_id]).toEqual([
      "com.amazonaws.us-east-2.dynamodb",
      ["subnet-0b1c2d3e4f5a60718", "subnet-1b1c2d3e4f5a60718"],
      "aws.us_east_2",
      "vpc-0b1c2d3e4f5a60718",
    ]);
    expect(Object.keys(resourcesOf(ledger, "aws_vpc_endpoint")).filter((n) => n.includes("Replicas_us-east-2_InterfaceEndpoints"))).toEqual(
      [replicaName],
    );
  });

  test("subnets a config names are read at plan time: each in the VPC, no two in one zone (the gate shows the refusal)", () => {
    const subnets = Object.entries((ledger.data as Record<string, Record<string, Record<string, unknown>>>).aws_subnet);
    expect(
      subnets.map(([, s]) => [
        s.id,
        s.provider,
        (s.lifecycle as { postcondition: Array<{ condition: string }> }).postcondition[0].condition,
      ]),
    ).toEqual([
      ["subnet-0b1c2d3e4f5a60718", "aws.us_east_2", '${self.vpc_id == "vpc-0b1c2d3e4f5a60718"}'],
      ["subnet-1b1c2d3e4f5a60718", "aws.us_east_2", '${self.vpc_id == "vpc-0b1c2d3e4f5a60718"}'],
    ]);
    const zones = subnets.map(([name]) => `data.aws_subnet.${name}.availability_zone`).join(", ");
    expect((replica.lifecycle as { precondition: Array<{ condition: string }> }).precondition.map((p) => p.condition)).toEqual([
      `\${length(distinct([${zones}])) == 2}`,
    ]);
    // The new VPC's own subnets are one per zone by construction: nothing to read.
    expect(dynamodb).not.toHaveProperty("lifecycle");
  });

  test("each security group admits HTTPS from the named CIDRs and security groups only, and has no egress", () => {
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    // A prefix, not a name: AWS adds a unique suffix, so the replacement group exists before the old one goes.
    expect([group.name, group.name_prefix, (group.lifecycle as { create_before_destroy?: boolean }).create_before_destroy]).toEqual([
      undefined,
      "dynamodb-endpoints-ledger-",
      true,
    ]);
    const [replicaGroupName] = byPath(ledger, "aws_security_group", "Isolation_Replicas_us-east-2_InterfaceEndpoints_SecurityGroup");
    const rulesOf = (sg: string) =>
      Object.values(resourcesOf(ledger, "aws_vpc_security_group_ingress_rule"))
        .filter((r) => r.security_group_id === ref("aws_security_group", sg, "id"))
        .map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4 ?? r.referenced_security_group_id]);
    expect(rulesOf(groupName)).toEqual([["tcp", 443, 443, "172.16.0.0/12"]]);
    // The stream consumers' group is in the replica's existing VPC.
    expect(rulesOf(replicaGroupName)).toEqual([
      ["tcp", 443, 443, "172.16.0.0/12"],
      ["tcp", 443, 443, "sg-0a1b2c3d4e5f60718"],
    ]);
    expect(
      Object.values(resourcesOf(ledger, "aws_vpc_security_group_ingress_rule")).every(
        (r) => typeof r.description === "string" && r.description.length > 0,
      ),
    ).toBe(true);
    expect(Object.keys(resourcesOf(ledger, "aws_vpc_security_group_egress_rule"))).toEqual([]);
  });

  test("the DynamoDB interface endpoint carries the gateway endpoint's policy; the streams one only reads the perimeter's streams", () => {
    expect(dynamodb.policy).toBe(gateway.policy);
    const statements = policyOf(streams).Statement;
    // Both let only the perimeter's tables (and their streams) through.
    const tables = Object.keys(resourcesOf(ledger, "aws_dynamodb_table"));
    expect(tables).toHaveLength(2);
    expect([...(policyOf(gateway).Statement[0].Resource as string[])].sort()).toEqual(
      tables.flatMap((t) => [ref("aws_dynamodb_table", t, "arn"), `${ref("aws_dynamodb_table", t, "arn")}/index/*`]).sort(),
    );
    expect(statements.map((s) => [s.Effect, s.Action, Array.isArray(s.Resource) ? [...s.Resource].sort() : s.Resource])).toEqual([
      ["Allow", [...STREAM_READ_ACTIONS], tables.map((t) => `${ref("aws_dynamodb_table", t, "arn")}/stream/*`).sort()],
      ["Allow", "dynamodb:ListStreams", "*"],
    ]);
  });

  test("each policy lists the endpoints that can carry its calls, in the regions it covers", () => {
    const id = (name: string) => ref("aws_vpc_endpoint", name, "id");
    const [replicaGatewayName] = byPath(ledger, "aws_vpc_endpoint", "Isolation_Replicas_us-east-2_Endpoint");
    const all = [gatewayName, dynamodbName, streamsName, replicaGatewayName, replicaName];
    const listed = (text: unknown) => all.filter((n) => String(text).includes(id(n)));
    const policies = (type: string) => Object.entries(resourcesOf(ledger, type));
    // The guard's one deny covers tables and streams everywhere: every endpoint.
    const [, guard] = policies("aws_iam_policy").find(([n]) => n.startsWith("Isolation_Guard_"))!;
    expect(listed(guard.policy).sort()).toEqual([...all].sort());
    // Grants: table calls through the gateway and DynamoDB endpoints, stream reads (and ListStreams) through the streams endpoint too.
    const [, readOnly] = policies("aws_iam_policy").find(([n]) => n.startsWith("Isolation_ReadOnlyGrant_"))!;
    const statements = policyOf(readOnly).Statement;
    const sids = (sid: string) => statements.find((s) => s.Sid === sid)!;
    expect(listed(JSON.stringify(sids("ReadManagedTablesThroughVpcEndpoints").Condition)).sort()).toEqual(
      [gatewayName, dynamodbName, replicaGatewayName, replicaName].sort(),
    );
    expect(listed(JSON.stringify(sids("ReadManagedStreamsThroughVpcEndpoints").Condition)).sort()).toEqual(
      [gatewayName, streamsName, replicaGatewayName].sort(),
    );
    expect([sids("ListStreamsThroughVpcEndpoints").Action, sids("ListStreamsThroughVpcEndpoints").Resource]).toEqual([
      "dynamodb:ListStreams",
      "*",
    ]);
    // Resource policies: only their own region's endpoints; a table's its DynamoDB endpoints, a stream's the streams endpoint.
    const expected: Array<[RegExp, string[]]> = [
      [/^Isolation_Tables_ledger-[a-z]+_ResourcePolicy_/, [gatewayName, dynamodbName]],
      [/^Isolation_Tables_ledger-[a-z]+_StreamPolicy_/, [gatewayName, streamsName]],
      [/^Isolation_Tables_ledger-[a-z]+_Replicas_us-east-2_ResourcePolicy_/, [replicaGatewayName, replicaName]],
      [/^Isolation_Tables_ledger-[a-z]+_Replicas_us-east-2_StreamPolicy_/, [replicaGatewayName]],
    ];
    for (const [pattern, endpoints] of expected) {
      const matching = policies("aws_dynamodb_resource_policy").filter(([n]) => pattern.test(n));
      expect(matching).toHaveLength(2);
      for (const [, p] of matching) expect(listed(p.policy).sort()).toEqual([...endpoints].sort());
    }
  });

  test("without a streams endpoint, grants have no stream reads", () => {
    const tf = synthScope(
      (scope) =>
        new DynamoDbIsolation(scope, "Isolation", {
          region: "eu-west-1",
          table: { tableName: "Ledger", partitionKey: { name: "id", type: "S" }, streamViewType: "NEW_IMAGE" },
          network: { interfaceEndpoints: { allowedCidrs: ["10.100.0.0/16"] } },
          grants: { readOnly: { roles: ["reader"] } },
        }),
      "eu-west-1",
    );
    const [, grant] = Object.entries(resourcesOf(tf, "aws_iam_policy")).find(([n]) => n.startsWith("Isolation_ReadOnlyGrant_"))!;
    expect(policyOf(grant).Statement.map((s) => s.Sid)).not.toContain("ReadManagedStreamsThroughVpcEndpoints");
    expect(JSON.stringify(policyOf(grant))).not.toContain("dynamodb:GetRecords");
  });

  test("the output gives each endpoint's id and DNS names, by region and service", () => {
    const value = (ledger.output as Record<string, { value: unknown }>).interface_endpoints.value;
    expect(value).toEqual({
      "eu-west-1": {
        dynamodb: {
          id: ref("aws_vpc_endpoint", dynamodbName, "id"),
          dns_names: `\${aws_vpc_endpoint.${dynamodbName}.dns_entry[*].dns_name}`,
        },
        "dynamodb-streams": {
          id: ref("aws_vpc_endpoint", streamsName, "id"),
          dns_names: `\${aws_vpc_endpoint.${streamsName}.dns_entry[*].dns_name}`,
        },
      },
      "us-east-2": {
        dynamodb: {
          id: ref("aws_vpc_endpoint", replicaName, "id"),
          dns_names: `\${aws_vpc_endpoint.${replicaName}.dns_entry[*].dns_name}`,
        },
      },
    });
  });
});

describe("interface endpoints: bad input", () => {
  const where = "test/Isolation";
  const base: DynamoDbIsolationProps = { region: "eu-west-1", table: { tableName: "Ledger", partitionKey: { name: "id", type: "S" } } };
  const existing = { vpcId: "vpc-0a1b2c3d", routeTableIds: ["rtb-0a1b2c3d"] };
  const onPrem = { allowedCidrs: ["10.100.0.0/16"] };
  const build = (network: DynamoDbIsolationProps["network"]) => () =>
    synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", { ...base, network }), "eu-west-1");
  test.each([
    [
      "no allowed source",
      { interfaceEndpoints: {} },
      `${where}: network.interfaceEndpoints must name at least one allowed source in allowedCidrs or allowedSecurityGroupIds: an interface endpoint nobody may reach only costs money, got {}`,
    ],
    [
      "empty source lists",
      { interfaceEndpoints: { allowedCidrs: [], allowedSecurityGroupIds: [] } },
      `${where}: network.interfaceEndpoints must name at least one allowed source`,
    ],
    [
      "0.0.0.0/0",
      { interfaceEndpoints: { allowedCidrs: ["0.0.0.0/0"] } },
      `${where}: network.interfaceEndpoints.allowedCidrs[0] must not be 0.0.0.0/0: name the networks that may reach the endpoints, got '0.0.0.0/0'`,
    ],
    [
      "a malformed CIDR",
      { interfaceEndpoints: { allowedCidrs: ["10.100.0.0"] } },
      `${where}: network.interfaceEndpoints.allowedCidrs[0] must be an IPv4 CIDR such as '10.20.0.0/16', got '10.100.0.0'`,
    ],
    [
      "a CIDR with leading zeros",
      { interfaceEndpoints: { allowedCidrs: ["010.100.0.0/16"] } },
      `${where}: network.interfaceEndpoints.allowedCidrs[0] must be an IPv4 CIDR such as '10.20.0.0/16', got '010.100.0.0/16'`,
    ],
    [
      "a CIDR with host bits",
      { interfaceEndpoints: { allowedCidrs: ["10.100.0.1/16"] } },
      `${where}: network.interfaceEndpoints.allowedCidrs[0] must be a network address (host bits zero, e.g. '10.100.0.0/16'), got '10.100.0.1/16'`,
    ],
    // Two /1 halves would admit everyone past the 0.0.0.0/0 refusal.
    [
      "a CIDR wider than /8",
      { interfaceEndpoints: { allowedCidrs: ["128.0.0.0/1"] } },
      `${where}: network.interfaceEndpoints.allowedCidrs[0] must be /8 or narrower: name the networks that may reach the endpoints, got '128.0.0.0/1'`,
    ],
    [
      "IPv6",
      { interfaceEndpoints: { allowedCidrs: ["::/0"] } },
      `${where}: network.interfaceEndpoints.allowedCidrs[0] must be an IPv4 CIDR such as '10.20.0.0/16', got '::/0'`,
    ],
    [
      "a list that is not a list",
      { interfaceEndpoints: { allowedCidrs: "10.100.0.0/16" } },
      `${where}: network.interfaceEndpoints.allowedCidrs must be a list, got '10.100.0.0/16'`,
    ],
    [
      "not an object",
      { interfaceEndpoints: null },
      `${where}: network.interfaceEndpoints must be an object: { services, allowedCidrs, allowedSecurityGroupIds, subnetIds }, got null`,
    ],
    [
      "an existing security group for a new VPC",
      { interfaceEndpoints: { allowedSecurityGroupIds: ["sg-0a1b2c3d"] } },
      `${where}: network.interfaceEndpoints.allowedSecurityGroupIds[0] must be a reference to a security group made in this stack when the VPC is new`,
    ],
    [
      "a repeated CIDR",
      { interfaceEndpoints: { allowedCidrs: ["10.100.0.0/16", "10.100.0.0/16"] } },
      `${where}: network.interfaceEndpoints.allowedCidrs[1] must not be repeated, got '10.100.0.0/16'`,
    ],
    [
      "a malformed security group",
      { ...existing, interfaceEndpoints: { subnetIds: ["subnet-0a1b2c3d"], allowedSecurityGroupIds: ["sg-1"] } },
      `${where}: network.interfaceEndpoints.allowedSecurityGroupIds[0] must be 'sg-' followed by 8 or 17 lowercase hex digits, or '<account>/sg-…' for a peered VPC of another account, got 'sg-1'`,
    ],
    [
      "an unknown service",
      { interfaceEndpoints: { ...onPrem, services: ["dax"] } },
      `${where}: network.interfaceEndpoints.services[0] must be one of dynamodb, dynamodb-streams, got 'dax'`,
    ],
    [
      "no service",
      { interfaceEndpoints: { ...onPrem, services: [] } },
      `${where}: network.interfaceEndpoints.services must name at least one of dynamodb, dynamodb-streams, got []`,
    ],
    [
      "a service twice",
      { interfaceEndpoints: { ...onPrem, services: ["dynamodb", "dynamodb"] } },
      `${where}: network.interfaceEndpoints.services[1] must not be repeated, got 'dynamodb'`,
    ],
    [
      "an existing VPC and no subnets to place them in",
      { ...existing, interfaceEndpoints: onPrem },
      `${where}: network.interfaceEndpoints.subnetIds must list the subnets of network.vpcId to place the endpoints in (at least one): the module cannot choose subnets in a VPC it does not own, got nothing`,
    ],
    [
      "a malformed subnet",
      { ...existing, interfaceEndpoints: { ...onPrem, subnetIds: ["subnet-x"] } },
      `${where}: network.interfaceEndpoints.subnetIds[0] must be 'subnet-' followed by 8 or 17 lowercase hex digits, got 'subnet-x'`,
    ],
    [
      "subnets for a new VPC",
      { interfaceEndpoints: { ...onPrem, subnetIds: ["subnet-0a1b2c3d"] } },
      `${where}: network.interfaceEndpoints.subnetIds is only allowed with network.vpcId (the new VPC's private subnets are used), got ["subnet-0a1b2c3d"]`,
    ],
    [
      "a joined endpoint's region",
      { vpcEndpointId: "vpce-0a1b2c3d", interfaceEndpoints: onPrem },
      `${where}: network.interfaceEndpoints is not available with network.vpcEndpointId: a joined endpoint's VPC and subnets are its owner's`,
    ],
  ] as Array<[string, object, string]>)("throws if %s, with one line", (_why, network, message) => {
    const thrown = (() => {
      try {
        build(network as DynamoDbIsolationProps["network"])();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message.split("\n")).toHaveLength(1);
  });

  test.each([
    [
      "a security group of another account's peered VPC",
      { ...existing, interfaceEndpoints: { subnetIds: ["subnet-0a1b2c3d"], allowedSecurityGroupIds: ["123456789012/sg-0a1b2c3d"] } },
    ],
    [
      "a security group made in the same stack, for a new VPC",
      { interfaceEndpoints: { allowedSecurityGroupIds: [Token.asString(Fn.lookup(Token.asAny({}), "sg", "sg-0a1b2c3d"))] } },
    ],
    [
      "subnets only known at apply",
      {
        ...existing,
        interfaceEndpoints: {
          allowedCidrs: ["10.100.0.0/16"],
          subnetIds: Token.asList(Fn.split(",", Token.asString(Fn.lookup(Token.asAny({}), "subnets", "")))),
        },
      },
    ],
  ] as Array<[string, object]>)("accepts %s", (_why, network) => {
    expect(build(network as DynamoDbIsolationProps["network"])).not.toThrow();
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
