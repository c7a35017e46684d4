import { App, Fn, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { existsSync } from "fs";
import { join } from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import {
  Billing,
  DynamoDbIsolation,
  ExistingTable,
  GatewayEndpointRef,
  Perimeter,
  PerimeterEncryption,
  PerimeterNetwork,
  ValidationError,
} from "../modules";
import { onlyResource, resourcesOf, synthScope } from "../test-support/synth";
import { tempDirs } from "../test-support/temp-dirs";

const dirs = tempDirs();
afterAll(dirs.remove);

const ORDERS = { tableName: "shop-orders", partitionKey: { name: "id", type: "S" as const } };
const CARTS = {
  tableName: "shop-carts",
  partitionKey: { name: "id", type: "S" as const },
  billing: Billing.provisioned({ readCapacity: 5, writeCapacity: 5 }),
};

function ownResources(scope: Construct) {
  const vpc = new Vpc(scope, "AppVpc", { cidrBlock: "10.1.0.0/16" });
  const routes = new RouteTable(scope, "AppRoutes", { vpcId: vpc.id });
  const role = new IamRole(scope, "AppRole", { name: "shop-app", assumeRolePolicy: "{}" });
  const readers = new IamGroup(scope, "Readers", { name: "shop-readers" });
  return { vpc, routes, role, readers };
}

describe("Perimeter", () => {
  test("builds what DynamoDbIsolation builds from the same props", () => {
    let props: unknown;
    const built = synthScope((scope) => {
      const p = new Perimeter(scope, "Shop", { region: "us-east-2", tableNamePrefix: "shop-", organizationScp: true });
      p.addTable(ORDERS);
      p.addTable(CARTS);
      p.guard({ roles: ["ci"] });
      p.grantReadWriteData({ roles: ["shop-app"] });
      p.grantReadData({ groups: ["shop-readers"] });
      props = p.toProps();
      p.build();
    });
    const preset = synthScope((scope) => new DynamoDbIsolation(scope, "Shop", props as never));
    expect(built).toEqual(preset);
  });

  test("the order of calls does not matter", () => {
    const a = synthScope((scope) => {
      const p = new Perimeter(scope, "Shop", { region: "us-east-2", tableNamePrefix: "shop-" });
      p.addTable(ORDERS);
      p.grantReadData({ roles: ["reader"] });
      p.guard({ roles: ["ci"] });
    });
    const b = synthScope((scope) => {
      const p = new Perimeter(scope, "Shop", { region: "us-east-2", tableNamePrefix: "shop-" });
      p.guard({ roles: ["ci"] });
      p.grantReadData({ roles: ["reader"] });
      p.addTable(ORDERS);
    });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test("around the app's own VPC, route table, role and group, with references and never a token as an id", () => {
    const tf = synthScope((scope) => {
      const own = ownResources(scope);
      const p = new Perimeter(scope, "Shop", {
        region: "us-east-2",
        network: PerimeterNetwork.existingVpc({ vpcId: own.vpc.id, routeTableIds: [own.routes.id] }),
      });
      p.addTable(ORDERS);
      p.grantReadWriteData({ roles: [own.role] });
      p.grantReadData({ groups: [own.readers] });
    });
    const endpoint = onlyResource(tf, "aws_vpc_endpoint");
    expect(endpoint.vpc_id).toBe("${aws_vpc.AppVpc.id}");
    expect(endpoint.route_table_ids).toEqual(["${aws_route_table.AppRoutes.id}"]);
    const roleAttachments = Object.entries(resourcesOf(tf, "aws_iam_role_policy_attachment"));
    // The guard and the read-write grant, each to the role by reference.
    expect(roleAttachments.map(([, a]) => a.role)).toEqual(["${aws_iam_role.AppRole.name}", "${aws_iam_role.AppRole.name}"]);
    // Construct ids come from what the reference names, not from the token: stable across synths.
    for (const [logicalId] of roleAttachments) expect(logicalId).toMatch(/_Roles_refaws_iam_roleAppRolename_[0-9A-F]{8}$/);
    const groupAttachments = Object.values(resourcesOf(tf, "aws_iam_group_policy_attachment"));
    expect(groupAttachments.map((a) => a.group)).toEqual(["${aws_iam_group.Readers.name}", "${aws_iam_group.Readers.name}"]);
  });

  test("DynamoDbIsolation takes a role's name as a reference too", () => {
    const tf = synthScope((scope) => {
      const own = ownResources(scope);
      new DynamoDbIsolation(scope, "Isolation", {
        region: "us-east-2",
        table: ORDERS,
        guard: { principals: { roles: [own.role.name, "literal-role"] } },
      });
    });
    const ids = Object.keys(resourcesOf(tf, "aws_iam_role_policy_attachment"));
    expect(ids.sort()).toEqual([
      expect.stringMatching(/^Isolation_Guard_Attachments_Roles_literal-role_[0-9A-F]{8}$/),
      expect.stringMatching(/^Isolation_Guard_Attachments_Roles_refaws_iam_roleAppRolename_[0-9A-F]{8}$/),
    ]);
  });

  test("a table's ARN is known before the perimeter is built, as a reference to the table", () => {
    const tf = synthScope((scope) => {
      const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
      const orders = p.addTable(ORDERS);
      new IamRole(scope, "Uses", { assumeRolePolicy: "{}", description: orders.tableArn });
    });
    expect(resourcesOf(tf, "aws_iam_role").Uses.description).toMatch(/^\$\{aws_dynamodb_table\.[^}]+\.arn\}$/);
  });

  test("references are attached but not counted against the quota, and synth says so", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    new AwsProvider(stack, "aws", { region: "us-east-2" });
    const own = ownResources(stack);
    const p = new Perimeter(stack, "Shop", { region: "us-east-2" });
    p.addTable(ORDERS);
    p.guard({ roles: [own.role] });
    Testing.synth(stack);
    const warnings = p.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toContainEqual(
      expect.stringMatching(/^1 principal\(s\) of perimeter Shop are references, known only at apply: they are not counted/),
    );
  });

  describe("existing tables", () => {
    test("another state's table by name: its ARN from the account, the resource policy on it, no key of the perimeter's", () => {
      const tf = synthScope((scope) => {
        const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
        expect(p.addExistingTable(ExistingTable.fromName("shop-legacy")).tableName).toBe("shop-legacy");
        p.grantReadData({ roles: ["reader"] });
      });
      const [table, stream] = Object.values(resourcesOf(tf, "aws_dynamodb_resource_policy"));
      expect(table.resource_arn).toMatch(
        /^arn:aws:dynamodb:us-east-2:\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:table\/shop-legacy$/,
      );
      // Read at plan: the stream it has then gets the stream policy, whoever turned it on.
      const [[lookUp, read]] = Object.entries(tf.data!.aws_dynamodb_table as Record<string, Record<string, unknown>>);
      expect(read).toEqual({ name: "shop-legacy" });
      expect(stream.resource_arn).toBe(`\${data.aws_dynamodb_table.${lookUp}.stream_arn}`);
      expect(stream.count).toBe(`\${min(length(data.aws_dynamodb_table.${lookUp}.stream_arn), 1)}`);
      expect(String(stream.policy)).toContain(`data.aws_dynamodb_table.${lookUp}.stream_arn`);
      expect(resourcesOf(tf, "aws_dynamodb_table")).toEqual({});
      // The flow logs' key only: the table's key is its owner's.
      expect(Object.values(resourcesOf(tf, "aws_kms_key")).map((k) => k.description)).toEqual([
        "Encrypts VPC flow logs in /aws/vpc-flow-logs/Shop",
      ]);
      const grant = Object.values(resourcesOf(tf, "aws_iam_policy")).find((b) => String(b.name).endsWith("-read-only"));
      expect(String(grant?.policy)).toContain(":table/shop-legacy");
    });

    test("by ARN, alongside a table the perimeter creates; without resource policies when asked", () => {
      const tf = synthScope((scope) => {
        const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
        p.addTable(ORDERS);
        p.addExistingTable(ExistingTable.fromArn("arn:aws:dynamodb:us-east-2:123456789012:table/shop-legacy"), { resourcePolicy: false });
      });
      const policies = Object.values(resourcesOf(tf, "aws_dynamodb_resource_policy")).map((b) => String(b.resource_arn));
      expect(policies).toEqual([expect.stringMatching(/^\$\{aws_dynamodb_table\.[^}]+\.arn\}$/)]);
      expect(String(onlyResource(tf, "aws_vpc_endpoint").policy)).toContain("arn:aws:dynamodb:us-east-2:123456789012:table/shop-legacy");
    });

    test("existing tables only, with the key they are encrypted with: the grants include it, no key is made", () => {
      const key = "arn:aws:kms:us-east-2:123456789012:key/11111111-2222-3333-4444-555555555555";
      const tf = synthScope((scope) => {
        const p = new Perimeter(scope, "Shop", { region: "us-east-2", encryption: PerimeterEncryption.existingKey(key) });
        p.addExistingTable(ExistingTable.fromName("shop-legacy"));
        p.grantReadWriteData({ roles: ["writer"] });
      });
      const grant = Object.values(resourcesOf(tf, "aws_iam_policy")).find((b) => String(b.name).endsWith("-read-write"));
      const statements = (JSON.parse(String(grant!.policy)) as { Statement: Array<{ Action: string[]; Resource: unknown }> }).Statement;
      expect(statements.find((st) => JSON.stringify(st.Resource).includes(key))?.Action).toEqual(expect.arrayContaining(["kms:Decrypt"]));
      expect(Object.values(resourcesOf(tf, "aws_kms_key")).map((k) => k.description)).toEqual([
        "Encrypts VPC flow logs in /aws/vpc-flow-logs/Shop",
      ]);
      expect(() => PerimeterEncryption.existingKey("alias/shop")).toThrow(
        /^PerimeterEncryption\.existingKey: kmsKeyArn must be a KMS key ARN/,
      );
    });

    test("another state's table by ARN: the plan fails unless the provider's account and region have that table", () => {
      const arn = "arn:aws:dynamodb:us-east-2:111111111111:table/shop-legacy";
      const tf = synthScope((scope) => new Perimeter(scope, "Shop", { region: "us-east-2" }).addExistingTable(ExistingTable.fromArn(arn)));
      const [read] = Object.values(tf.data!.aws_dynamodb_table as Record<string, Record<string, unknown>>);
      expect(read).toEqual({
        name: "shop-legacy",
        lifecycle: {
          postcondition: [
            {
              condition: `\${self.arn == "${arn}"}`,
              error_message: `The perimeter guards tables of its own account and region (us-east-2): this is not ${arn}.`,
            },
          ],
        },
      });
    });

    test("outside the perimeter's tableNamePrefix, or by a reference: named one by one in every policy beside the prefix", () => {
      const tf = synthScope((scope) => {
        const p = new Perimeter(scope, "Shop", { region: "us-east-2", tableNamePrefix: "shop-", organizationScp: true });
        p.addTable(ORDERS);
        p.addExistingTable(ExistingTable.fromName("legacy-orders"));
        p.addExistingTable(ExistingTable.fromName("shop-returns"));
        const own = new DynamodbTable(scope, "Own", { name: "shop-own", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
        p.addExistingTable(own);
        p.grantReadData({ roles: ["reader"] });
      });
      const policies = Object.values(resourcesOf(tf, "aws_iam_policy")).map((b) => String(b.policy));
      policies.push(String(onlyResource(tf, "aws_vpc_endpoint").policy));
      for (const policy of policies) {
        expect(policy).toContain(":table/shop-*");
        expect(policy).toContain(":table/legacy-orders");
        expect(policy).not.toContain(":table/shop-returns");
        expect(policy).not.toContain("aws_dynamodb_table.Own");
      }
      expect(policies).toHaveLength(3);
    });

    test("the same role by reference to the guard and a grant is attached once", () => {
      const tf = synthScope((scope) => {
        const role = new IamRole(scope, "AppRole", { name: "shop-app", assumeRolePolicy: "{}" });
        const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
        p.addTable(ORDERS);
        p.guard({ roles: [role] });
        p.grantReadData({ roles: [role] });
        p.grantReadData({ roles: [role] });
      });
      const attached = Object.values(resourcesOf(tf, "aws_iam_role_policy_attachment")).map((a) => `${a.role} ${a.policy_arn}`);
      expect(attached).toHaveLength(2);
      expect(new Set(attached).size).toBe(2);
      expect(attached.every((a) => a.startsWith("${aws_iam_role.AppRole.name} "))).toBe(true);
    });

    test("the app's tables count at their names in the size budget, not at the longest name a reference could take", () => {
      const tf = synthScope((scope) => {
        const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
        for (const name of ["shop-one", "shop-two", "shop-three"])
          p.addExistingTable(new DynamodbTable(scope, name, { name, hashKey: "id", attribute: [{ name: "id", type: "S" }] }));
        p.guard({ roles: ["app"] });
      });
      expect(Object.keys(resourcesOf(tf, "aws_dynamodb_resource_policy"))).toHaveLength(3);
      // Three tables by references of unknown names would not fit the guard: the stand-in is 255 characters each.
      expect(() =>
        synthScope((scope) => {
          const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
          for (const name of ["shop-one", "shop-two", "shop-three"])
            p.addExistingTable(ExistingTable.fromArn(new DynamodbTable(scope, name, { name, hashKey: "id" }).arn));
          p.guard({ roles: ["app"] });
        }),
      ).toThrow(
        /^test\/Shop: guard makes the guard policy 'Shop-vpce-guard' up to \d+ characters once applied, over the 6144-character limit/,
      );
    });

    test("the app's own table keeps its resource, and its construct ids come from the resource, not the token", () => {
      const tf = synthScope((scope) => {
        const own = new DynamodbTable(scope, "Legacy", { name: "shop-legacy", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
        new Perimeter(scope, "Shop", { region: "us-east-2" }).addExistingTable(own);
      });
      expect(Object.keys(resourcesOf(tf, "aws_dynamodb_table"))).toEqual(["Legacy"]);
      const [[id, policy]] = Object.entries(resourcesOf(tf, "aws_dynamodb_resource_policy"));
      expect(policy.resource_arn).toBe("${aws_dynamodb_table.Legacy.arn}");
      expect(id).toMatch(/^Shop_ExistingTables_refaws_dynamodb_tableLegacy_ResourcePolicy_[0-9A-F]{8}$/);
    });

    test("throws for what only the whole shows: a name twice, another region, replicas", () => {
      const build = (add: (p: Perimeter, scope: Construct) => void) => () =>
        synthScope((scope) => {
          const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
          p.addTable(ORDERS);
          add(p, scope);
        });
      expect(build((p) => p.addExistingTable(ExistingTable.fromName("shop-orders")))).toThrow(
        "test/Shop: addExistingTable(shop-orders) must name a table not already in the perimeter, got 'shop-orders'",
      );
      expect(build((p) => p.addExistingTable(ExistingTable.fromArn("arn:aws:dynamodb:eu-west-1:123456789012:table/shop-legacy")))).toThrow(
        "test/Shop: addExistingTable(shop-legacy) must be a table in the perimeter's region us-east-2, got 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-legacy'",
      );
      expect(
        build((p, scope) => {
          p.addExistingTable(ExistingTable.fromName("shop-legacy"));
          p.addReplica({ region: "us-west-2", provider: new AwsProvider(scope, "west", { region: "us-west-2", alias: "west" }) });
        }),
      ).toThrow(
        "test/Shop: addExistingTable(shop-legacy) is not allowed with addReplica: the perimeter makes replicas only of tables it creates, got 'shop-legacy'",
      );
      // DynamoDB's names are case-sensitive: another table.
      expect(build((p) => p.addExistingTable(ExistingTable.fromName("Shop-Orders")))).not.toThrow();
      expect(
        build((p, scope) => {
          p.addExistingTable(ExistingTable.fromName("shop-legacy"));
          p.addExistingTable(new DynamodbTable(scope, "Legacy", { name: "shop-legacy", hashKey: "id" }));
        }),
      ).toThrow("test/Shop: addExistingTable(shop-legacy) must name a table not already in the perimeter, got 'shop-legacy'");
      expect(() => ExistingTable.fromArn("table/shop-legacy")).toThrow(/^ExistingTable\.fromArn: tableArn must be a DynamoDB table ARN/);
      expect(() => ExistingTable.fromName("x")).toThrow(/^ExistingTable\.fromName: tableName must be 3 to 255 characters/);
    });
  });

  test("throws for an app table it cannot guard as the app left it, with every other problem at once", () => {
    const error = (() => {
      try {
        synthScope((scope) => {
          const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
          const global = new DynamodbTable(scope, "Global", { name: "shop-global", hashKey: "id", replica: [{ regionName: "us-west-2" }] });
          const streamed = new DynamodbTable(scope, "Streamed", { name: "shop-streamed", hashKey: "id" });
          p.addExistingTable(global);
          p.addExistingTable(streamed);
          // Set after the call: the perimeter reads the table as the app left it.
          streamed.streamEnabled = Fn.tobool("true");
          p.addTable(ORDERS);
          p.addTable(ORDERS);
        });
      } catch (e) {
        return e as ValidationError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.message.split("\n")).toEqual([
      "test/Shop: addExistingTable(shop-global).replica must be empty: the perimeter guards the table in its own region only; make it a perimeter table and use addReplica, got '1 replica(s)'",
      "test/Shop: addExistingTable(shop-streamed).streamEnabled must be true or false, not a reference: the perimeter guards the stream it has, got 'a reference'",
      "test/Shop: addTable(shop-orders).tableName must be unique in the perimeter, got 'shop-orders'",
    ]);
  });

  describe("throws", () => {
    test("at the call, for what the call alone shows", () => {
      synthScope((scope) => {
        const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
        expect(() => p.addTable({ ...ORDERS, tableName: "no spaces" })).toThrow(
          "test/Shop: addTable(no spaces).tableName must be 3 to 255 characters of A-Z a-z 0-9 _ . -, got 'no spaces'",
        );
        expect(() => p.guard({ roles: ["has/slash"] })).toThrow(/^test\/Shop: guard\(\)\.roles\[0\] must be an IAM role name/);
        p.addTable(ORDERS);
      });
      expect(() => GatewayEndpointRef.fromId("vpce_1")).toThrow(/^GatewayEndpointRef\.fromId: vpcEndpointId must be 'vpce-'/);
    });

    test("at synth, for what only the whole shows, before any stack is written", () => {
      const outdir = dirs.make("perimeter-methods-");
      const app = new App({ outdir });
      const first = new TerraformStack(app, "first");
      new AwsProvider(first, "aws", { region: "us-east-2" });
      new Perimeter(first, "Fine", { region: "us-east-2" }).addTable(ORDERS);
      const second = new TerraformStack(app, "second");
      new AwsProvider(second, "aws", { region: "us-east-2" });
      const p = new Perimeter(second, "Twice", { region: "us-east-2" });
      p.addTable(ORDERS);
      p.addTable(ORDERS);
      expect(() => app.synth()).toThrow("second/Twice: addTable(shop-orders).tableName must be unique in the perimeter, got 'shop-orders'");
      expect(existsSync(join(outdir, "stacks", "first", "cdk.tf.json"))).toBe(false);
    });

    test("a call after the perimeter was built, which would change nothing synthesized", () => {
      synthScope((scope) => {
        const p = new Perimeter(scope, "Shop", { region: "us-east-2" });
        p.addTable(ORDERS);
        p.build();
        expect(() => p.grantReadData({ roles: ["late"] })).toThrow(
          "test/Shop: grantReadData() must come before the perimeter is built (build() or synth), got nothing",
        );
        expect(() => p.addTable(CARTS)).toThrow("test/Shop: addTable() must come before the perimeter is built");
      });
    });

    test("a perimeter without tables", () => {
      expect(() => synthScope((scope) => new Perimeter(scope, "Empty", { region: "us-east-2" }))).toThrow(
        new ValidationError([
          {
            where: "test/Empty",
            prop: "addTable()",
            rule: "or addExistingTable() must be called at least once: a perimeter guards tables",
            value: undefined,
          },
        ]),
      );
    });
  });

  test("joins an endpoint given as a value", () => {
    const tf = synthScope((scope) => {
      const p = new Perimeter(scope, "Shop", {
        region: "us-east-2",
        network: PerimeterNetwork.joinEndpoint(GatewayEndpointRef.fromId("vpce-0a1b2c3d")),
      });
      p.addTable(ORDERS);
    });
    expect(resourcesOf(tf, "aws_vpc_endpoint")).toEqual({});
    expect(JSON.stringify(onlyResource(tf, "aws_iam_policy").policy)).toContain("vpce-0a1b2c3d");
  });
});
