import Ajv, { ErrorObject } from "ajv";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { SEED_STACK_NAME, StackConfig, parseConfig, seedConfig } from "../modules/app";
import { configJsonSchema } from "../modules/app/config-json-schema";
import { SCHEMA_FILE, configSchemaText } from "../scripts/write-config-schema";

const EXAMPLES_DIR = join(__dirname, "..", "examples");
const examples = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".json")).sort();
const seedStack = seedConfig().stacks[SEED_STACK_NAME];
const admins = ["arn:aws:iam::123456789012:role/platform-deployer"];

// Strict: an unknown keyword, a `required` field not in `properties` or a type
// a keyword cannot apply to fails compilation instead of being ignored.
const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));

/**
 * The config fields Ajv's errors point at, named as parseConfig names them:
 * `stacks.dev.table.bilingMode`, `stacks.dev.replicas[0]` (these cases have no
 * all-digit map keys, so every number is a list index).
 */
function ajvFields(errors: readonly ErrorObject[]): string[] {
  return errors.map((e) => {
    const path = e.instancePath.split("/").slice(1).map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
    const key = e.params.additionalProperty ?? e.params.missingProperty ?? e.params.propertyName;
    const parts = key !== undefined ? [...path, key] : path;
    return parts.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
  });
}

const withStack = (stack: unknown, name = "dev") => ({ stacks: { [name]: stack } });

describe("config JSON schema", () => {
  test("the checked-in schema file is what the generator writes now", () => {
    const stale = readFileSync(SCHEMA_FILE, "utf8") !== configSchemaText();
    expect(stale ? "schema/isolation-config.schema.json is stale: run node -r ./scripts/register-ts.cjs scripts/write-config-schema.ts" : "").toBe("");
  });

  test("compiles in Ajv's strict mode and is a valid draft-07 schema", () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(configJsonSchema())).toBe(true);
    expect(ajv.errors).toBeNull();
    expect(() => ajv.compile(configJsonSchema())).not.toThrow();
  });

  test("is refused by strict mode when a keyword is unknown, so the check above can fail", () => {
    expect(() => new Ajv({ strict: true }).compile({ ...configJsonSchema(), minimumStacks: 1 })).toThrow(/unknown keyword/);
  });

  describe.each(examples)("examples/%s", (file) => {
    const text = readFileSync(join(EXAMPLES_DIR, file), "utf8");

    test("names the schema in its first field", () => {
      const config = JSON.parse(text) as Record<string, unknown>;
      expect(Object.entries(config)[0]).toEqual(["$schema", "../schema/isolation-config.schema.json"]);
      expect(join(EXAMPLES_DIR, config.$schema as string)).toBe(SCHEMA_FILE);
    });

    test("is valid for the schema and for parseConfig", () => {
      expect(validate(JSON.parse(text)) ? [] : validate.errors).toEqual([]);
      expect(() => parseConfig(text, file)).not.toThrow();
    });
  });

  // Each bad config has one mistake, at `field`; both validators must refuse it there.
  describe.each([
    ["an unknown top-level field", { ...withStack(seedStack), stack: {} }, "stack"],
    ["no stacks", { $comment: "empty" }, "stacks"],
    ["empty stacks", { stacks: {} }, "stacks"],
    ["a stack name with a space", withStack(seedStack, "my env"), "stacks.my env"],
    ["a stack name starting with a digit", withStack(seedStack, "1dev"), "stacks.1dev"],
    ["a misspelled nested field", withStack({ ...seedStack, table: { ...seedStack.table!, bilingMode: "PROVISIONED" } }), "stacks.dev.table.bilingMode"],
    ["a number given as a string", withStack({ ...seedStack, table: { ...seedStack.table!, readCapacity: "5" } }), "stacks.dev.table.readCapacity"],
    ["a list given as a string", withStack({ ...seedStack, extraEndpointIds: "vpce-0a1b2c3d" }), "stacks.dev.extraEndpointIds"],
    ["a missing region", withStack({ ...seedStack, region: undefined }), "stacks.dev.region"],
    ["a missing key attribute type", withStack({ ...seedStack, table: { ...seedStack.table!, partitionKey: { name: "Author" } } }), "stacks.dev.table.partitionKey.type"],
    ["a tag value that is a number", withStack({ ...seedStack, table: { ...seedStack.table!, tags: { team: 7 } } }), "stacks.dev.table.tags.team"],
    ["the removed field exemptDeployer", withStack({ ...seedStack, resourcePolicy: { exemptDeployer: true } }), "stacks.dev.resourcePolicy.exemptDeployer"],
    [
      "the removed field operatorPrincipalArns",
      withStack({ ...seedStack, resourcePolicy: { operatorPrincipalArns: ["arn:aws:iam::123456789012:role/ops"] } }),
      "stacks.dev.resourcePolicy.operatorPrincipalArns",
    ],
    ["exemptPrincipalTag given true", withStack({ ...seedStack, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: true } } }), "stacks.dev.resourcePolicy.controlPlane.exemptPrincipalTag"],
    ["a replica given as a string", withStack({ ...seedStack, replicas: ["eu-west-1"] }), "stacks.dev.replicas[0]"],
    ["an organization with an unknown field", { ...withStack(seedStack), organization: { adminPrincipalArns: admins, admins } }, "organization.admins"],
    ["an organization without adminPrincipalArns", { ...withStack(seedStack), organization: {} }, "organization.adminPrincipalArns"],
    ["a $schema that is not a string", { ...withStack(seedStack), $schema: 7 }, "$schema"],
    ["a $comment that is not a string", { ...withStack(seedStack), $comment: ["a", "note"] }, "$comment"],
  ])("a config with %s", (_name, config, field) => {
    const text = JSON.stringify(config);

    test(`is refused by the schema at ${field}`, () => {
      expect(validate(JSON.parse(text))).toBe(false);
      expect(ajvFields(validate.errors!)).toContain(field);
    });

    test(`is refused by parseConfig at ${field}`, () => {
      expect(() => parseConfig(text, "env.json")).toThrow(`env.json: ${field} `);
    });
  });

  test.each([
    ["a $schema and a $comment", { $schema: "../schema/isolation-config.schema.json", $comment: "a note", ...withStack(seedStack) }],
    ["exemptPrincipalTag false", withStack({ ...seedStack, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: false } } })],
    ["exemptPrincipalTag a tag key", withStack({ ...seedStack, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: "dp:exclude:network" } } })],
    ["table tags and an organization", { organization: { adminPrincipalArns: admins }, ...withStack({ ...seedStack, table: { ...seedStack.table!, tags: { team: "books" } } }) }],
    ["two stacks, names with - and _", { stacks: { "book-collection": seedStack, book_collection_2: { ...seedStack, region: "eu-west-1" } as StackConfig } }],
  ])("a config with %s is accepted by the schema and by parseConfig", (_name, config) => {
    const text = JSON.stringify(config);
    expect(validate(JSON.parse(text)) ? [] : validate.errors).toEqual([]);
    expect(() => parseConfig(text, "env.json")).not.toThrow();
  });
});
