import { DynamoDbIsolation, DynamoDbIsolationProps, POLICY_SIZE_LIMITS, TableOptions, policySize } from "../modules";
import { endpointPolicyCheck } from "../modules/network/joined-endpoint";
import { SEED_STACK_NAME, seedConfig } from "../modules/app";
import { CONTRACT } from "../test-support/address-contract";
import { TerraformJson, addressesOf, resourcesOf, synthScope, synthStack, withoutHash } from "../test-support/synth";

const table = (tableName: string, extra: Partial<TableOptions> = {}): TableOptions => ({
  tableName,
  partitionKey: { name: "pk", type: "S" },
  ...extra,
});
const BASE: DynamoDbIsolationProps = {
  region: "eu-west-1",
  // The organization's SCP keeps others from creating tables under the prefix the read-write grant writes to.
  perimeter: { name: "shop", tableNamePrefix: "shop-", organizationScp: true },
  tables: [table("shop-orders"), table("shop-carts", { streamViewType: "NEW_IMAGE" }), table("shop-customers")],
  guard: { principals: { roles: ["shop-admin"] } },
  grants: { readWrite: { roles: ["shop-app"] }, readOnly: { roles: ["shop-reporting"] } },
};
const synth = (props: DynamoDbIsolationProps): TerraformJson =>
  synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", props), props.region);
const policies = (tf: TerraformJson) =>
  Object.fromEntries(Object.values(resourcesOf(tf, "aws_iam_policy")).map((p) => [p.name as string, JSON.parse(p.policy as string)]));
const ACCOUNT = "${data.aws_caller_identity.Isolation_Caller_935310A2.account_id}";

describe("DynamoDbIsolation as a perimeter", () => {
  describe("three tables behind one endpoint, named by prefix", () => {
    const tf = synth(BASE);

    test("one VPC, one endpoint, one key, one guard and one grant of each kind, whatever the table count", () => {
      const count = (type: string) => Object.keys(resourcesOf(tf, type)).length;
      expect([count("aws_dynamodb_table"), count("aws_vpc"), count("aws_vpc_endpoint"), count("aws_iam_policy")]).toEqual([3, 1, 1, 3]);
      // One key for the tables and one for the flow logs.
      expect(count("aws_kms_key")).toBe(2);
      expect(Object.keys(policies(tf)).sort()).toEqual(["shop-read-only", "shop-read-write", "shop-vpce-guard"]);
    });

    test("each table lives under Tables/<tableName> and has its own resource policy (and stream policy)", () => {
      const names = Object.keys(resourcesOf(tf, "aws_dynamodb_table")).sort();
      expect(names.map((n) => withoutHash(n))).toEqual([
        "Isolation_Tables_shop-carts_Table",
        "Isolation_Tables_shop-customers_Table",
        "Isolation_Tables_shop-orders_Table",
      ]);
      const policyNames = Object.keys(resourcesOf(tf, "aws_dynamodb_resource_policy"))
        .map((n) => withoutHash(n))
        .sort();
      expect(policyNames).toEqual([
        "Isolation_Tables_shop-carts_ResourcePolicy",
        "Isolation_Tables_shop-carts_StreamPolicy",
        "Isolation_Tables_shop-customers_ResourcePolicy",
        "Isolation_Tables_shop-orders_ResourcePolicy",
      ]);
    });

    test("the guard denies the prefix in every region; grants and the endpoint policy name it in the perimeter's regions", () => {
      const p = policies(tf);
      expect(p["shop-vpce-guard"].Statement[0].Resource).toEqual([
        `arn:aws:dynamodb:*:${ACCOUNT}:table/shop-*`,
        `arn:aws:dynamodb::${ACCOUNT}:global-table/shop-*`,
      ]);
      expect(p["shop-read-only"].Statement[0].Resource).toEqual([`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shop-*`]);
      expect(p["shop-read-write"].Statement[1].Resource).toEqual([`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shop-*`]);
      const managed = synth({ ...BASE, endpointPolicy: { scope: "managed-tables" } });
      const endpoint = JSON.parse(Object.values(resourcesOf(managed, "aws_vpc_endpoint"))[0].policy as string);
      expect(endpoint.Statement[0].Resource).toEqual([`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shop-*`]);
    });

    test("each table's resource policy names that table alone", () => {
      for (const [name, body] of Object.entries(resourcesOf(tf, "aws_dynamodb_resource_policy"))) {
        if (name.includes("StreamPolicy")) continue;
        const tableName = name.split("_Tables_")[1].split("_ResourcePolicy")[0];
        const doc = JSON.parse(body.policy as string);
        const [arn] = doc.Statement[0].Resource;
        expect([body.resource_arn, arn]).toEqual([
          expect.stringContaining(`aws_dynamodb_table.Isolation_Tables_${tableName}_Table_`),
          body.resource_arn,
        ]);
      }
    });
  });

  test("a read-write grant under a prefix needs the organization's SCP, or the opt-in that accepts its risk", () => {
    const without = { ...BASE, perimeter: { name: "shop", tableNamePrefix: "shop-" } };
    expect(() => synth(without)).toThrow("grants.readWrite writes to every table whose name starts with perimeter.tableNamePrefix 'shop-'");
    expect(() => synth({ ...without, perimeter: { ...without.perimeter, prefixGrantsWithoutScp: true } })).not.toThrow();
    // Read-only grants read what others write, which copies nothing out.
    expect(() => synth({ ...without, grants: { readOnly: { roles: ["shop-reporting"] } } })).not.toThrow();
  });

  test("without a prefix the policies list every table's ARNs", () => {
    const tf = synth({ ...BASE, perimeter: { name: "shop" } });
    const guard = policies(tf)["shop-vpce-guard"].Statement[0].Resource as string[];
    // Each table in every region, everything under it (indexes, streams, backups, exports), and its legacy global table.
    expect(guard).toEqual(
      ["shop-orders", "shop-carts", "shop-customers"].flatMap((t) => [
        `arn:aws:dynamodb:*:${ACCOUNT}:table/${t}`,
        `arn:aws:dynamodb:*:${ACCOUNT}:table/${t}/*`,
        `arn:aws:dynamodb::${ACCOUNT}:global-table/${t}`,
      ]),
    );
  });

  describe("sizes stay constant with a prefix", () => {
    const many = (n: number, prefix?: string): DynamoDbIsolationProps => ({
      ...BASE,
      perimeter: { name: "shop", tableNamePrefix: prefix, organizationScp: true },
      tables: Array.from({ length: n }, (_, i) => table(`shop-table-${String(i).padStart(4, "0")}`)),
    });

    test("60 tables: every identity policy the size of one table's, far below IAM's limit (npm run bench measures 200)", () => {
      const small = policies(synth(many(1, "shop-")));
      const large = policies(synth(many(60, "shop-")));
      for (const name of Object.keys(small)) {
        expect([name, policySize(large[name])]).toEqual([name, policySize(small[name])]);
        expect(policySize(large[name])).toBeLessThan(POLICY_SIZE_LIMITS.identity / 2);
      }
    });

    test("throws if 60 listed tables outgrow the guard, pointing at the prefix", () => {
      expect(() => synth(many(60))).toThrow(
        /^test\/Isolation: guard makes the guard policy 'shop-vpce-guard' up to \d+ characters once applied, over the 6144-character limit \(perimeter\.tableNamePrefix, or fewer tables/m,
      );
    });
  });

  describe("upgrades move no address", () => {
    const seed = seedConfig().stacks[SEED_STACK_NAME];

    test("adding tables to a one-table stack keeps every address of the contract and the guard's name", () => {
      const tf = synthStack({ ...seed, tables: [table("BookReviews")] });
      expect(CONTRACT.filter((a) => !addressesOf(tf).includes(a))).toEqual([]);
      expect(Object.values(resourcesOf(tf, "aws_iam_policy")).map((p) => p.name)).toEqual(["vpcepolicy"]);
    });

    test("reordering tables moves no address", () => {
      const forward = addressesOf(synth(BASE));
      const backward = addressesOf(synth({ ...BASE, tables: [...BASE.tables!].reverse() }));
      expect(backward).toEqual(forward);
    });
  });

  describe("joining an existing endpoint", () => {
    const joined: DynamoDbIsolationProps = { ...BASE, network: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718" } };

    test("creates no VPC and no endpoint, reads the endpoint with postconditions, and names it in the policies", () => {
      const tf = synth(joined);
      expect([resourcesOf(tf, "aws_vpc"), resourcesOf(tf, "aws_vpc_endpoint"), resourcesOf(tf, "aws_vpc_endpoint_policy")]).toEqual([
        {},
        {},
        {},
      ]);
      const [endpoint] = Object.values(tf.data!.aws_vpc_endpoint);
      expect(endpoint.id).toBe("vpce-0a1b2c3d4e5f60718");
      const conditions = (endpoint.lifecycle as { postcondition: Array<{ condition: string }> }).postcondition.map((c) => c.condition);
      expect(conditions).toEqual([
        '${self.vpc_endpoint_type == "Gateway" && self.service_name == "com.amazonaws.eu-west-1.dynamodb"}',
        '${self.state == "available"}',
        // Its owner's policy keeps DynamoDB to this account's tables (the plan gate runs it against three policies).
        endpointPolicyCheck(ACCOUNT),
        "${length(self.route_table_ids) > 0}",
      ]);
      expect(policies(tf)["shop-vpce-guard"].Statement[0].Condition.StringNotEquals["aws:SourceVpce"]).toEqual(["vpce-0a1b2c3d4e5f60718"]);
    });

    test("manages the endpoint policy only when asked, and then never destroys it", () => {
      const tf = synth({ ...joined, network: { ...joined.network, manageEndpointPolicy: true } });
      const [policy] = Object.values(resourcesOf(tf, "aws_vpc_endpoint_policy"));
      expect(policy).toMatchObject({ vpc_endpoint_id: "vpce-0a1b2c3d4e5f60718", lifecycle: { prevent_destroy: true } });
      expect(JSON.parse(policy.policy as string).Statement[0].Sid).toBe("AllowManagedTables");
    });

    test("adds route tables as associations, and then does not require the endpoint to have some already", () => {
      const tf = synth({ ...joined, network: { ...joined.network, associateRouteTableIds: ["rtb-0123456789abcdef0"] } });
      expect(Object.values(resourcesOf(tf, "aws_vpc_endpoint_route_table_association"))).toEqual([
        expect.objectContaining({ vpc_endpoint_id: "vpce-0a1b2c3d4e5f60718", route_table_id: "rtb-0123456789abcdef0" }),
      ]);
      const [endpoint] = Object.values(tf.data!.aws_vpc_endpoint);
      const conditions = (endpoint.lifecycle as { postcondition: Array<{ condition: string }> }).postcondition.map((c) => c.condition);
      expect(conditions).not.toContain("${length(self.route_table_ids) > 0}");
      expect(conditions).toHaveLength(3);
    });

    test("checks the owner's policy only when the policy is not managed here", () => {
      const managed = synth({ ...joined, network: { ...joined.network, manageEndpointPolicy: true } });
      const conditions = (
        Object.values(managed.data!.aws_vpc_endpoint)[0].lifecycle as { postcondition: Array<{ condition: string }> }
      ).postcondition.map((c) => c.condition);
      expect(conditions).not.toContain(endpointPolicyCheck(ACCOUNT));
    });

    test("an endpoint other perimeters join lets their tables through too, by name or prefix", () => {
      const tf = synth({
        ...joined,
        network: {
          ...joined.network,
          manageEndpointPolicy: true,
          endpointSharedWith: [{ tableNames: ["invoices"] }, { tableNamePrefix: "pay-" }],
        },
      });
      const [policy] = Object.values(resourcesOf(tf, "aws_vpc_endpoint_policy"));
      expect(JSON.parse(policy.policy as string).Statement[0].Resource).toEqual([
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shop-*`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/invoices`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/invoices/index/*`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/pay-*`,
      ]);
      expect(() => synth({ ...BASE, network: { endpointSharedWith: [{ tableNames: ["invoices"] }] } })).toThrow(
        "network.endpointSharedWith is only allowed with network.vpcEndpointId",
      );
      expect(() => synth({ ...joined, network: { ...joined.network, endpointSharedWith: [{}] } })).toThrow(
        "network.endpointSharedWith[0] needs tableNames or tableNamePrefix",
      );
    });
  });

  describe("managed policies per principal", () => {
    /** Perimeters built one after another in one stack, each guarding and granting role 'app' (three policies each). */
    const perimeters = (count: number, limit?: number) =>
      synthScope((stack) => {
        for (let i = 0; i < count; i++) {
          new DynamoDbIsolation(stack, `Perimeter${i}`, {
            region: "eu-west-1",
            table: table(`t${i}-orders`),
            perimeter: { maxManagedPoliciesPerPrincipal: limit },
            guard: { principals: { roles: ["app"] } },
            grants: { readOnly: { roles: ["app"] }, readWrite: { roles: ["App"] } },
          });
        }
      }, "eu-west-1");

    test("a perimeter attaches at most three to a principal, and three perimeters nine", () => {
      expect(Object.keys(resourcesOf(perimeters(3), "aws_iam_role_policy_attachment"))).toHaveLength(9);
    });

    test("throws if a fourth perimeter takes a role past IAM's default quota, counting across the stack", () => {
      expect(() => perimeters(4)).toThrow(
        "test/Perimeter3: perimeter.maxManagedPoliciesPerPrincipal is exceeded: role 'app' would get 12 managed policies from this stack (guards and grants of its perimeters; IAM's default quota is 10, 20 at most, and policies attached outside this stack are not counted), got 10",
      );
    });

    test("a raised limit lets them through", () => {
      expect(() => perimeters(4, 20)).not.toThrow();
    });
  });

  describe("throws before writing anything", () => {
    const where = "test/Isolation";
    test.each([
      [
        "there is no table",
        { tables: undefined, table: undefined },
        `${where}: table is required, or tables (at least one table), got nothing`,
      ],
      [
        "two tables have one name",
        { tables: [table("shop-a"), table("shop-a")] },
        `${where}: tables[1].tableName must be unique in the perimeter, got 'shop-a'`,
      ],
      [
        "a table misses the prefix",
        { tables: [table("shop-a"), table("orders")] },
        `${where}: tables[1].tableName must start with perimeter.tableNamePrefix 'shop-' (the policies name the tables by it), got 'orders'`,
      ],
      [
        "several tables have no perimeter name",
        { perimeter: { tableNamePrefix: "shop-" } },
        `${where}: perimeter.name is required with more than one table and no table (derived names must not depend on the order of tables), got nothing`,
      ],
      [
        "the perimeter name has a space",
        { perimeter: { name: "my shop" } },
        `${where}: perimeter.name must be 1 to 100 characters of A-Z a-z 0-9 _ . -, got 'my shop'`,
      ],
      [
        "the prefix has a slash",
        { perimeter: { name: "shop", tableNamePrefix: "shop/" } },
        `${where}: perimeter.tableNamePrefix must be 1 to 254 characters of A-Z a-z 0-9 _ . -, got 'shop/'`,
      ],
      [
        "the policy limit is above IAM's maximum",
        { perimeter: { name: "shop", maxManagedPoliciesPerPrincipal: 21 } },
        `${where}: perimeter.maxManagedPoliciesPerPrincipal must be a whole number from 1 to 20, got 21`,
      ],
      [
        "tables differ in encryption",
        { tables: [table("shop-a"), table("shop-b", { encryption: { type: "AWS_OWNED" } })] },
        `${where}: tables[1].encryption must equal tables[0].encryption: the perimeter's tables share one key per region, got {"type":"AWS_OWNED"}`,
      ],
      [
        "an adopted table is not in tables",
        { imports: { tables: ["shop-x"] } },
        `${where}: imports.tables[0] must name an entry of tables (shop-orders, shop-carts, shop-customers), got 'shop-x'`,
      ],
      [
        "a joined endpoint comes with a VPC",
        { network: { vpcEndpointId: "vpce-0a1b2c3d", vpcId: "vpc-0a1b2c3d" } },
        `${where}: network.vpcId must not be set with network.vpcEndpointId (the joined endpoint's VPC and route tables are its owner's), got 'vpc-0a1b2c3d'`,
      ],
      [
        "extra route tables come without a joined endpoint",
        { network: { associateRouteTableIds: ["rtb-0a1b2c3d"] } },
        `${where}: network.associateRouteTableIds is only allowed with network.vpcEndpointId (an endpoint created here is managed whole), got ["rtb-0a1b2c3d"]`,
      ],
      [
        "an endpoint is joined and adopted",
        { network: { vpcEndpointId: "vpce-0a1b2c3d" }, imports: { vpcEndpointId: "vpce-0a1b2c3d" } },
        `${where}: imports.vpcEndpointId must not be set with network.vpcEndpointId: an endpoint is either adopted (managed here) or joined (its owner's), got 'vpce-0a1b2c3d'`,
      ],
    ] as Array<[string, Partial<DynamoDbIsolationProps>, string]>)("throws if %s", (_name, override, message) => {
      expect(() => synth({ ...BASE, ...override })).toThrow(message);
    });
  });
});
