import { writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { buildApp } from "../main";
import { tempDirs } from "../test-support/temp-dirs";
import { CONFIG_ENV, DEFAULT_CONFIG_FILE, SEED_STACK_NAME, StackConfig, loadConfig, parseConfig, seedConfig } from "../modules/app";
import { synthConfig } from "../test-support/synth";

const seedStack = seedConfig().stacks[SEED_STACK_NAME];

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

  describe("parseConfig throws naming the field and the value", () => {
    test.each([
      ["the text is not JSON", "{stacks:", "env.json: (file) must be valid JSON"],
      ["there are no stacks", JSON.stringify({ stacks: {} }), "env.json: stacks must be an object with at least one stack, got {}"],
      ["a top-level field is unknown", JSON.stringify({ stack: {} }), "env.json: stack is not a known field (known: stacks, organization, $comment, $schema), got 'stack'"],
      ["a stack name has a space", configText(seedStack, "my env"), "env.json: stacks.my env must be named with a letter then up to 63 of A-Z a-z 0-9 _ -, got 'my env'"],
      ["a field is misspelled", configText({ ...seedStack, table: { ...seedStack.table!, bilingMode: "PROVISIONED" } }), "env.json: stacks.dev.table.bilingMode is not a known field (known: tableName, partitionKey, sortKey, billingMode, readCapacity, writeCapacity, globalSecondaryIndexes, localSecondaryIndexes, tableClass, onDemandThroughput, warmThroughput, contributorInsights, tags, pointInTimeRecovery, pointInTimeRecoveryDays, deletionProtection, encryption, autoScaling, timeToLiveAttribute, streamViewType, preventDestroy), got 'bilingMode'"],
      ["a number is quoted", configText({ ...seedStack, table: { ...seedStack.table!, readCapacity: "5" } }), "env.json: stacks.dev.table.readCapacity must be a number (found a string), got '5'"],
      ["a list is a string", configText({ ...seedStack, extraEndpointIds: "vpce-0a1b2c3d" }), "env.json: stacks.dev.extraEndpointIds must be a list (found a string), got 'vpce-0a1b2c3d'"],
      ["the region is missing", configText({ ...seedStack, region: undefined }), "env.json: stacks.dev.region is required, got nothing"],
      ["a tag value is a number", configText({ ...seedStack, table: { ...seedStack.table!, tags: { team: 7 } } }), "env.json: stacks.dev.table.tags.team must be a string (found a number), got 7"],
      [
        "a field a release removed is still there",
        configText({ ...seedStack, resourcePolicy: { exemptDeployer: true } } as unknown as StackConfig),
        "env.json: stacks.dev.resourcePolicy.exemptDeployer was removed in 0.4.0: no policy depends on who runs Terraform any more. The control-plane deny is opt-in (resourcePolicy.controlPlane) and exempts by principal tag or resourcePolicy.controlPlane.exemptPrincipalArns, got true",
      ],
      [
        "the other removed field is still there",
        configText({ ...seedStack, resourcePolicy: { operatorPrincipalArns: ["arn:aws:iam::123456789012:role/ops"] } } as unknown as StackConfig),
        `env.json: stacks.dev.resourcePolicy.operatorPrincipalArns was removed in 0.4.0: use resourcePolicy.controlPlane.exemptPrincipalArns (with resourcePolicy.controlPlane.enabled: true), got ["arn:aws:iam::123456789012:role/ops"]`,
      ],
      ["an exemption tag is true", configText({ ...seedStack, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: true } } } as unknown as StackConfig), "env.json: stacks.dev.resourcePolicy.controlPlane.exemptPrincipalTag must be a string or false (found a boolean), got true"],
      ["the organization names no admin", JSON.stringify({ organization: { adminPrincipalArns: [] }, stacks: { dev: seedStack } }), "env.json: organization.adminPrincipalArns needs at least one admin: the SCP denies everyone else the calls Terraform makes to write resource policies, got []"],
      ["an organization admin matches everyone", JSON.stringify({ organization: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/*"] }, stacks: { dev: seedStack } }), "env.json: organization.adminPrincipalArns[0] must not match every principal of the account"],
      ["an organization admin is in every account", JSON.stringify({ organization: { adminPrincipalArns: ["arn:aws:iam::*:role/admin"] }, stacks: { dev: seedStack } }), "env.json: organization.adminPrincipalArns[0] must be an IAM principal ARN of one account"],
      ["the organization has an unknown field", JSON.stringify({ organization: { admins: [] }, stacks: { dev: seedStack } }), "env.json: organization.admins is not a known field (known: adminPrincipalArns), got 'admins'"],
    ])("throws if %s", (_name, text, message) => {
      expect(() => parseConfig(text, "env.json")).toThrow(message);
    });
  });

  describe("the organization's SCP", () => {
    const admins = ["arn:aws:iam::123456789012:role/platform-deployer"];
    const outputOf = (config: string) => {
      const tf = synthConfig(parseConfig(config, "env.json"));
      return Object.values(tf).map((stack) => (stack.output as Record<string, { value: string }>).organization_scp_document?.value);
    };

    test("is one document for every perimeter of the config, output by every stack", () => {
      const shop = { ...seedStack, region: "eu-west-1", table: { ...seedStack.table!, tableName: "shop-orders" }, perimeter: { tableNamePrefix: "shop-" } };
      const tagged = { ...seedStack, resourcePolicy: { controlPlane: { enabled: true } } };
      const [first, second] = outputOf(JSON.stringify({ organization: { adminPrincipalArns: admins }, stacks: { books: tagged, shop } }));
      expect(first).toBe(second);
      const doc = JSON.parse(first!);
      expect(doc.Statement[0].Resource).toEqual(["arn:aws:dynamodb:*:*:table/BookCollection", "arn:aws:dynamodb:*:*:table/BookCollection/*", "arn:aws:dynamodb:*:*:table/shop-*"]);
      expect(doc.Statement[1].Condition["ForAnyValue:StringEquals"]).toEqual({ "aws:TagKeys": ["dp:exclude:network"] });
    });

    test("is not output without an organization", () => {
      expect(outputOf(configText(seedStack))).toEqual([undefined]);
    });

    test("throws if it outgrows the SCP limit, saying how to shrink it", () => {
      // Each stack's own policies fit; together their tables outgrow one SCP.
      const stacks = Object.fromEntries(
        Array.from({ length: 12 }, (_, s) => {
          const tables = Array.from({ length: 4 }, (_, t) => ({ ...seedStack.table!, tableName: `orders-history-${s}-table-${t}` }));
          return [`s${s}`, { ...seedStack, table: undefined, tables, perimeter: { name: `orders-${s}` } }];
        }),
      );
      expect(() => buildApp(parseConfig(JSON.stringify({ organization: { adminPrincipalArns: admins }, stacks }), "env.json"))).toThrow(
        /^env\.json: organization makes the SCP (\d+) characters, over the 5120-character limit \(give the perimeters a perimeter\.tableNamePrefix, or fewer admins\), got '\1 characters'$/,
      );
    });
  });

  describe("value errors from the constructs are reported as config fields", () => {
    test.each([
      ["capacity is 0", { table: { ...seedStack.table!, readCapacity: 0 } }, "env.json: stacks.dev.table.readCapacity must be a whole number from 1 to 40000, got 0"],
      ["the CIDR is /8", { network: { cidrBlock: "10.0.0.0/8" } }, "env.json: stacks.dev.network.cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0.0/8'"],
      ["a principal repeats", { guard: { principals: { users: ["a", "a"] } } }, "env.json: stacks.dev.guard.principals.users[1] must not repeat a name already listed, got 'a'"],
      ["a replica region repeats", { replicas: [{ region: "eu-west-1" }, { region: "eu-west-1" }] }, "env.json: stacks.dev.replicas[1].region must differ from the table's region and from the other replicas' regions, got 'eu-west-1'"],
    ])("throws if %s", (_name, override, message) => {
      const config = parseConfig(configText({ ...seedStack, ...override }), "env.json");
      expect(() => buildApp(config)).toThrow(message);
    });
  });
});
