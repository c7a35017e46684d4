import Ajv, { ErrorObject } from "ajv";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { buildApp } from "../main";
import { LOG_RETENTION_DAYS, RECOVERY_PERIOD_DAYS, REMOVE_CEILING, ValidationError } from "../modules";
import { StackConfig, parseConfig } from "../modules/app";
import { JsonValue, configJsonSchema } from "../modules/app/config-json-schema";
import { SCHEMA_FILE, configSchemaText } from "../scripts/write-config-schema";
import { BAD_CONFIGS, CASE_SOURCE, admins, seedStack, withStack } from "../test-support/config-cases";
import { MAX_CAPACITY, MAX_GSIS } from "../modules/dynamodb/table-options";
import { MAX_LSIS, MIN_WARM_THROUGHPUT } from "../modules/dynamodb/table-features";

const EXAMPLES_DIR = join(__dirname, "..", "examples");
const examples = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

// Strict: an unknown keyword, a `required` field not in `properties` or a type
// a keyword cannot apply to fails compilation instead of being ignored.
// Verbose: each error carries its keyword's value, which names the rule.
const validate = new Ajv({ strict: true, allErrors: true, verbose: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));

/**
 * The config fields Ajv's errors point at, named as parseConfig names them:
 * `stacks.dev.table.bilingMode`, `stacks.dev.replicas[0]` (these cases have no
 * all-digit map keys, so every number is a list index).
 */
function ajvFields(errors: readonly ErrorObject[]): string[] {
  return errors.map((e) => {
    const path = e.instancePath
      .split("/")
      .slice(1)
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
    const key = e.params.additionalProperty ?? e.params.missingProperty ?? e.params.propertyName;
    const parts = key !== undefined ? [...path, key] : path;
    return parts.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
  });
}

/** The fields the validator (parseConfig, then the constructs as the app is built) refuses; none when the config builds. */
function validatorFields(text: string): string[] {
  try {
    buildApp(parseConfig(text, CASE_SOURCE));
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.problems.map((p) => p.prop);
  }
}

/** Keywords that restrict values rather than structure; `type` only when it asks for a whole number. */
const VALUE_KEYWORDS = ["enum", "minimum", "maximum", "minItems", "maxItems", "minProperties"];
const isValueRule = (keyword: string, value: unknown): boolean =>
  VALUE_KEYWORDS.includes(keyword) || (keyword === "type" && value === "integer");

/** A value rule named by its field, keyword and value: `readCapacity maximum 40000` is one rule wherever a table appears. */
function ruleId(schemaPath: string, keyword: string, value: unknown): string {
  const segments = schemaPath.split("/");
  const field = segments[segments.lastIndexOf("properties") + 1];
  return `${field} ${keyword} ${JSON.stringify(value)}`;
}

/** Every value rule of a schema, as ruleId names them. */
function statedValueRules(node: JsonValue, pointer = "#", rules = new Set<string>()): Set<string> {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return rules;
  const schema = node as { readonly [keyword: string]: JsonValue };
  for (const [keyword, value] of Object.entries(schema)) {
    if (isValueRule(keyword, value)) rules.add(ruleId(`${pointer}/${keyword}`, keyword, value));
  }
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonValue>))
    statedValueRules(child, `${pointer}/properties/${name}`, rules);
  for (const keyword of ["items", "additionalProperties", "propertyNames", "not"]) {
    if (schema[keyword] !== undefined) statedValueRules(schema[keyword], `${pointer}/${keyword}`, rules);
  }
  ((schema.anyOf ?? []) as JsonValue[]).forEach((child, i) => statedValueRules(child, `${pointer}/anyOf/${i}`, rules));
  return rules;
}

describe("config JSON schema", () => {
  test("the checked-in schema file is what the generator writes now", () => {
    const stale = readFileSync(SCHEMA_FILE, "utf8") !== configSchemaText();
    expect(
      stale ? "schema/isolation-config.schema.json is stale: run node -r ./scripts/register-ts.cjs scripts/write-config-schema.ts" : "",
    ).toBe("");
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

  // Every config the validator refuses (shared with config.test.ts) goes through both: each
  // says whether the schema refuses it too, or why it cannot.
  describe.each(BAD_CONFIGS.map((c) => [c.name, c] as const))("a config where %s", (_name, c) => {
    test(`is refused by the validator at ${c.field}`, () => {
      expect(validatorFields(c.text)).toContain(c.field);
    });

    const verdict = c.schema;
    switch (verdict.expect) {
      case "both":
        test(`is refused by the schema at ${c.field}`, () => {
          expect(validate(JSON.parse(c.text))).toBe(false);
          expect(ajvFields(validate.errors!)).toContain(c.field);
        });
        break;
      case "validator-only":
        test(`is accepted by the schema, whose rules cannot state it (${verdict.because})`, () => {
          expect(validate(JSON.parse(c.text)) ? [] : validate.errors).toEqual([]);
        });
        break;
      case "not-json":
        test("is not JSON, so there is no document for the schema to check", () => {
          expect(() => JSON.parse(c.text)).toThrow(SyntaxError);
        });
        break;
    }
  });

  test("has, for every value rule it states, a case that the schema and the validator both refuse", () => {
    const shown = new Set(
      BAD_CONFIGS.filter((c) => c.schema.expect === "both").flatMap((c) => {
        validate(JSON.parse(c.text));
        return (validate.errors ?? []).flatMap((e) =>
          isValueRule(e.keyword, e.schema) ? [ruleId(e.schemaPath, e.keyword, e.schema)] : [],
        );
      }),
    );
    const stated = [...statedValueRules(configJsonSchema())];
    expect(stated.length).toBeGreaterThan(0);
    expect(stated.filter((rule) => !shown.has(rule))).toEqual([]);
  });

  test.each([
    ["a $schema and a $comment", { $schema: "../schema/isolation-config.schema.json", $comment: "a note", ...withStack(seedStack) }],
    [
      "exemptPrincipalTag false",
      withStack({
        ...seedStack,
        resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: false, exemptPrincipalArns: admins } },
      }),
    ],
    [
      "exemptPrincipalTag a tag key",
      withStack({ ...seedStack, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: "dp:exclude:network" } } }),
    ],
    [
      "table tags and an organization",
      {
        organization: { adminPrincipalArns: admins },
        ...withStack({ ...seedStack, table: { ...seedStack.table!, tags: { team: "books" } } }),
      },
    ],
    [
      "two stacks, names with - and _",
      { stacks: { "book-collection": seedStack, book_collection_2: { ...seedStack, region: "eu-west-1" } as StackConfig } },
    ],
    [
      "provisioned values at the library's bounds",
      withStack({
        ...seedStack,
        table: {
          ...seedStack.table!,
          readCapacity: 1,
          writeCapacity: MAX_CAPACITY,
          autoScaling: { maxReadCapacity: MAX_CAPACITY, maxWriteCapacity: MAX_CAPACITY },
          pointInTimeRecoveryDays: RECOVERY_PERIOD_DAYS.min,
          globalSecondaryIndexes: Array.from({ length: MAX_GSIS }, (_, i) => ({
            indexName: `gsi${i}`,
            partitionKey: { name: `g${i}`, type: "N" },
          })),
          localSecondaryIndexes: Array.from({ length: MAX_LSIS }, (_, i) => ({
            indexName: `lsi${i}`,
            sortKey: { name: `l${i}`, type: "B" },
          })),
        },
        perimeter: { maxManagedPoliciesPerPrincipal: 1 },
      }),
    ],
    [
      "on-demand ceilings removed from an existing table (-1)",
      withStack({
        ...seedStack,
        table: {
          tableName: "BookCollection",
          partitionKey: { name: "Author", type: "S" },
          billingMode: "PAY_PER_REQUEST",
          onDemandThroughput: { maxReadRequestUnits: REMOVE_CEILING, maxWriteRequestUnits: REMOVE_CEILING },
        },
      }),
    ],
    [
      "on-demand values at the library's bounds",
      withStack({
        ...seedStack,
        table: {
          tableName: "BookCollection",
          partitionKey: { name: "Author", type: "S" },
          billingMode: "PAY_PER_REQUEST",
          tableClass: "STANDARD_INFREQUENT_ACCESS",
          onDemandThroughput: { maxReadRequestUnits: 1, maxWriteRequestUnits: MAX_CAPACITY },
          warmThroughput: { readUnitsPerSecond: MIN_WARM_THROUGHPUT.read, writeUnitsPerSecond: MIN_WARM_THROUGHPUT.write },
          pointInTimeRecoveryDays: RECOVERY_PERIOD_DAYS.max,
          encryption: { type: "AWS_OWNED" },
          streamViewType: "KEYS_ONLY",
          globalSecondaryIndexes: [
            { indexName: "byYear", partitionKey: { name: "Year", type: "N" }, projectionType: "INCLUDE", nonKeyAttributes: ["Title"] },
          ],
        },
        guard: { ...seedStack.guard, scope: "data-plane" },
        endpointPolicy: { scope: "managed-tables" },
        network: {
          flowLogs: { destination: "cloud-watch-logs", retentionInDays: LOG_RETENTION_DAYS[0] },
          interfaceEndpoints: { services: ["dynamodb", "dynamodb-streams"], allowedCidrs: ["10.20.0.0/16"] },
        },
      }),
    ],
  ])("a config with %s is accepted by the schema and by the validator", (_name, config) => {
    const text = JSON.stringify(config);
    expect(validate(JSON.parse(text)) ? [] : validate.errors).toEqual([]);
    expect(validatorFields(text)).toEqual([]);
  });
});
