import { coveredBy, withoutProblemFields } from "../modules/app/config-shape";
import { writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { buildApp } from "../main";
import { tempDirs } from "../test-support/temp-dirs";
import { CONFIG_ENV, DEFAULT_CONFIG_FILE, SEED_STACK_NAME, loadConfig, parseConfig } from "../modules/app";
import { BAD_CONFIGS, CASE_SOURCE, admins, expectedError, seedStack } from "../test-support/config-cases";
import { synthConfig } from "../test-support/synth";

function configText(stack: unknown, name = "dev"): string {
  return JSON.stringify({ stacks: { [name]: stack } });
}

const dirs = tempDirs();
afterAll(dirs.remove);

describe("config", () => {
  describe("loadConfig", () => {
    test("uses the built-in seed when there is no config file", () => {
      const dir = dirs.make("cfg-");
      const config = loadConfig({}, dir);
      expect(config.source).toBe("built-in seed");
      expect(Object.keys(config.stacks)).toEqual([SEED_STACK_NAME]);
    });

    test("reads isolation.config.json from the working directory", () => {
      const dir = dirs.make("cfg-");
      writeFileSync(join(dir, DEFAULT_CONFIG_FILE), configText(seedStack, "prod"));
      const config = loadConfig({}, dir);
      expect(config.source).toBe(DEFAULT_CONFIG_FILE);
      expect(Object.keys(config.stacks)).toEqual(["prod"]);
    });

    test("prefers the file named by ISOLATION_CONFIG", () => {
      const dir = dirs.make("cfg-");
      writeFileSync(join(dir, DEFAULT_CONFIG_FILE), configText(seedStack, "prod"));
      writeFileSync(join(dir, "staging.json"), configText(seedStack, "staging"));
      expect(Object.keys(loadConfig({ [CONFIG_ENV]: "staging.json" }, dir).stacks)).toEqual(["staging"]);
    });

    test("throws if ISOLATION_CONFIG names a missing file", () => {
      expect(() => loadConfig({ [CONFIG_ENV]: "nope.json" }, tmpdir())).toThrow(
        "ISOLATION_CONFIG: (environment) must name an existing config file, got 'nope.json'",
      );
    });
  });

  describe("throws naming the field and the value", () => {
    // The cases are shared with config-json-schema.test.ts, which holds the JSON Schema to them.
    test.each(BAD_CONFIGS.filter((c) => c.stage === "parse").map((c) => [c.name, c] as const))("parseConfig throws if %s", (_name, c) => {
      expect(() => parseConfig(c.text, CASE_SOURCE)).toThrow(expectedError(c));
    });

    test.each(BAD_CONFIGS.filter((c) => c.stage === "synth").map((c) => [c.name, c] as const))(
      "the app throws if %s, naming the config field",
      (_name, c) => {
        const config = parseConfig(c.text, CASE_SOURCE);
        expect(() => buildApp(config)).toThrow(expectedError(c));
      },
    );
  });

  describe("route tables across stacks", () => {
    const onVpc = (table: string, region: string, routeTableIds: string[]) => ({
      ...seedStack,
      region,
      table: { ...seedStack.table!, tableName: table },
      network: { vpcId: "vpc-0a1b2c3d4e5f60718", routeTableIds },
    });

    test("a route table in another region, or a different one, is no conflict", () => {
      const config = {
        stacks: {
          a: onVpc("Alpha", "us-east-2", ["rtb-0a0a0a0a"]),
          b: onVpc("Bravo", "eu-west-1", ["rtb-0a0a0a0a"]),
          c: onVpc("Charlie", "us-east-2", ["rtb-0b0b0b0b"]),
        },
      };
      expect(Object.keys(synthConfig(parseConfig(JSON.stringify(config), "env.json")))).toEqual(["a", "b", "c"]);
    });

    test("a replica region's route table counts against another stack's in that region", () => {
      const replicated = {
        ...onVpc("Alpha", "us-east-2", ["rtb-0a0a0a0a"]),
        replicas: [{ region: "eu-west-1", network: { vpcId: "vpc-0c0c0c0c", routeTableIds: ["rtb-0e0e0e0e"] } }],
        resourcePolicy: { replicaManagers: { principalTag: "team:platform" } },
      };
      const config = { stacks: { a: replicated, b: onVpc("Bravo", "eu-west-1", ["rtb-0e0e0e0e"]) } };
      expect(() => synthConfig(parseConfig(JSON.stringify(config), "env.json"))).toThrow(
        ": stacks.b.network.routeTableIds[0] is already on the DynamoDB gateway endpoint of stacks.a.replicas[0].network.routeTableIds[0] in eu-west-1",
      );
    });
  });

  describe("an endpoint several stacks join", () => {
    const joining = (table: string, extra: Record<string, unknown> = {}) => ({
      ...seedStack,
      region: "eu-west-1",
      table: { ...seedStack.table!, tableName: table },
      network: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", ...extra },
    });
    const endpointDocument = (tf: ReturnType<typeof synthConfig>[string]) =>
      JSON.parse(String((tf.output as Record<string, { value: string }>).vpc_endpoint_policy_document.value));

    test("each stack's endpoint policy lets every joining perimeter's tables through, and the managing one applies it", () => {
      const tf = synthConfig(
        parseConfig(
          JSON.stringify({
            stacks: {
              a: joining("Alpha"),
              b: joining("Bravo", { manageEndpointPolicy: true }),
              c: { ...seedStack, table: { ...seedStack.table!, tableName: "Charlie" } },
            },
          }),
          "env.json",
        ),
      );
      const names = (doc: { Statement: Array<{ Resource: string[] }> }) => doc.Statement[0].Resource.map((r) => r.split(":table/")[1]);
      expect(names(endpointDocument(tf.a))).toEqual(["Alpha", "Alpha/index/*", "Bravo", "Bravo/index/*"]);
      expect(names(endpointDocument(tf.b))).toEqual(["Bravo", "Bravo/index/*", "Alpha", "Alpha/index/*"]);
      // A stack with its own endpoint lets only its own tables through.
      const own = endpointDocument(tf.c).Statement[0].Resource as string[];
      expect(own).toHaveLength(2);
      expect(own.every((r) => r.startsWith("${aws_dynamodb_table.Isolation_Table_"))).toBe(true);
      expect(Object.values(tf.b.resource!.aws_vpc_endpoint_policy)).toHaveLength(1);
    });

    test("throws if two stacks manage its policy", () => {
      const config = {
        stacks: { a: joining("Alpha", { manageEndpointPolicy: true }), b: joining("Bravo", { manageEndpointPolicy: true }) },
      };
      expect(() => synthConfig(parseConfig(JSON.stringify(config), "env.json"))).toThrow(
        ": stacks.b.network.manageEndpointPolicy is already set for vpce-0a1b2c3d4e5f60718 by stacks.a.network: one stack manages an endpoint's policy, and it lets every perimeter of the config that joins the endpoint through, got true",
      );
    });
  });

  describe("the organization's SCPs", () => {
    const outputOf = (config: string, name = "organization_scp_document") => {
      const tf = synthConfig(parseConfig(config, "env.json"));
      return Object.values(tf).map((stack) => (stack.output as Record<string, { value: string }>)[name]?.value);
    };

    test("are two documents for every perimeter of the config, output by every stack", () => {
      const shop = {
        ...seedStack,
        region: "eu-west-1",
        table: { ...seedStack.table!, tableName: "shop-orders" },
        perimeter: { tableNamePrefix: "shop-" },
      };
      const tagged = { ...seedStack, resourcePolicy: { controlPlane: { enabled: true } } };
      const config = JSON.stringify({ organization: { adminPrincipalArns: admins }, stacks: { books: tagged, shop } });
      const [first, second] = outputOf(config);
      const [firstPrincipals, secondPrincipals] = outputOf(config, "organization_principals_scp_document");
      expect(first).toBe(second);
      expect(firstPrincipals).toBe(secondPrincipals);
      const doc = JSON.parse(first!);
      const principals = JSON.parse(firstPrincipals!);
      expect(doc.Statement[0].Resource).toEqual([
        "arn:aws:dynamodb:*:*:table/BookCollection",
        "arn:aws:dynamodb:*:*:table/BookCollection/*",
        "arn:aws:dynamodb:*:*:table/shop-*",
      ]);
      const bySid = (sid: string) => doc.Statement.find((st: { Sid: string }) => st.Sid === sid);
      expect(bySid("DenyExemptionTagsOnPrincipalsExceptAdmins").Condition["ForAnyValue:StringEqualsIgnoreCase"]).toEqual({
        "aws:TagKeys": ["dp:exclude:network"],
      });
      // Each perimeter's guard, by the name both stacks give it.
      const principalBySid = (sid: string) => principals.Statement.find((st: { Sid: string }) => st.Sid === sid);
      expect(principalBySid("DenyGuardChangesExceptAdmins").Resource).toEqual(["arn:aws:iam::*:policy/vpcepolicy"]);
      // The admins, and the operators a perimeter names (the config makes the admins operators too).
      expect(principalBySid("DenyAdminTakeoverExceptAdmins").Resource).toEqual(admins);
    });

    test("are not output without an organization", () => {
      expect(outputOf(configText(seedStack))).toEqual([undefined]);
      expect(outputOf(configText(seedStack), "organization_principals_scp_document")).toEqual([undefined]);
    });
  });
});

describe("what is left of a config with structure problems", () => {
  test("drops exactly the fields the problems name: list items, nested fields, map keys holding dots", () => {
    const config = {
      stacks: {
        prod: {
          provider: { defaultTags: { "cost.center": 7, team: "books" } },
          guard: { principals: { roles: ["app", 3, "ops"] } },
          table: { tableName: "orders", bilingMode: "X" },
        },
      },
    };
    const problem = (prop: string) => ({ where: "env.json", prop, rule: "r", value: undefined });
    const left = withoutProblemFields(config, [
      problem("stacks.prod.provider.defaultTags.cost.center"),
      problem("stacks.prod.guard.principals.roles[1]"),
      problem("stacks.prod.table.bilingMode"),
      problem("stacks.prod.nowhere.to.be.found"),
    ]);
    expect(left).toEqual({
      stacks: {
        prod: {
          provider: { defaultTags: { team: "books" } },
          guard: { principals: { roles: ["app", "ops"] } },
          table: { tableName: "orders" },
        },
      },
    });
    // The input is left as it was.
    expect(config.stacks.prod.table).toEqual({ tableName: "orders", bilingMode: "X" });
  });

  test("a value problem is covered by a structure problem on the same field or one that holds it", () => {
    const at = (prop: string) => ({ where: "env.json", prop, rule: "r", value: undefined });
    const structure = [at("stacks.prod.table.readCapacity"), at("stacks.prod.guard")];
    expect(coveredBy(at("stacks.prod.table.readCapacity"), structure)).toBe(true);
    expect(coveredBy(at("stacks.prod.guard.principals.users[0]"), structure)).toBe(true);
    expect(coveredBy(at("stacks.prod.table.readCapacityUnits"), structure)).toBe(false);
    expect(coveredBy({ ...at("stacks.prod.guard"), where: "other.json" }, structure)).toBe(false);
  });
});
