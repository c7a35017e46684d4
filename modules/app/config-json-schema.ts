import { CONFIG_SCHEMA, Field, ObjectSchema, STACK_NAME_PATTERN, Schema } from "./config-schema";

/**
 * The config file's JSON Schema, made from the definitions parseConfig checks
 * against, so an editor refuses what parseConfig would (wrong types, unknown,
 * missing and removed fields, bad stack names) and what synth would for the
 * values those definitions fix (allowed values, whole-number bounds, list
 * lengths). Formats (names, ARNs, CIDRs) and rules across fields stay the
 * constructs' own and are not in it.
 */

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonSchema = { readonly [keyword: string]: JsonValue };

/** Draft-07: the draft Ajv 8 and the common editors validate without extra meta-schemas. */
export const JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#";

/** The config file's JSON Schema, as a JSON object. */
export function configJsonSchema(): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DRAFT,
    title: "dynamodb-network-isolation config",
    description:
      "Stacks of a DynamoDB table reachable only through a gateway VPC endpoint (isolation.config.json). Formats (names, ARNs, CIDRs) and rules across fields are checked at synth.",
    ...objectJsonSchema(CONFIG_SCHEMA, {
      stacks: { minProperties: 1, propertyNames: { pattern: STACK_NAME_PATTERN.source } },
    }),
  };
}

function schemaJson(schema: Schema): JsonSchema {
  switch (schema.kind) {
    case "string":
      return { type: "string", ...given({ enum: schema.allowed }) };
    case "number": {
      const range = {
        type: schema.integer ? "integer" : "number",
        ...given({ enum: schema.allowed, minimum: schema.minimum, maximum: schema.maximum }),
      };
      return schema.also?.length ? { anyOf: [range, { enum: [...schema.also] }] } : range;
    }
    case "boolean":
      return { type: "boolean" };
    case "string-or-false":
      return { anyOf: [{ type: "string" }, { const: false }] };
    case "array":
      return { type: "array", items: schemaJson(schema.items), ...given({ minItems: schema.minItems, maxItems: schema.maxItems }) };
    case "map":
      return { type: "object", additionalProperties: schemaJson(schema.values) };
    case "object":
      return objectJsonSchema(schema);
  }
}

/** `extra` adds keywords to a field's schema: rules parseConfig checks outside the shape, such as the stack names. */
function objectJsonSchema(schema: ObjectSchema, extra: Readonly<Record<string, JsonSchema>> = {}): JsonSchema {
  const fields = Object.entries(schema.fields);
  const required = fields.filter(([, field]) => field.required).map(([name]) => name);
  return {
    type: "object",
    properties: Object.fromEntries(fields.map(([name, field]) => [name, { ...fieldJson(field), ...extra[name] }])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function fieldJson(field: Field): JsonSchema {
  // A removed field stays listed so an editor can say what replaced it; `not: {}` matches no value.
  if (field.removed !== undefined) return { description: `This field ${field.removed}`, not: {} };
  return { ...given({ description: field.description }), ...schemaJson(field.schema) };
}

/** The keywords that have a value: an absent rule leaves no keyword behind. */
function given(keywords: Readonly<Record<string, JsonValue | undefined>>): JsonSchema {
  return Object.fromEntries(Object.entries(keywords).filter(([, value]) => value !== undefined)) as JsonSchema;
}
