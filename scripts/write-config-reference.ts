// Writes docs/config-reference.md: every field of the config file, from the JSON Schema
// (structure, types, allowed values, bounds, required fields) and the doc comments of the
// TypeScript props each field is (descriptions, defaults). __tests__/docs-reference.test.ts
// fails when the file is stale.
// Run: node -r ./scripts/register-ts.cjs scripts/write-config-reference.ts
import { writeFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";
import { JsonSchema, JsonValue, configJsonSchema } from "../modules/app/config-json-schema";

const ROOT = join(__dirname, "..");
export const CONFIG_REFERENCE_FILE = join(ROOT, "docs", "config-reference.md");

/** One field of the file. */
interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
  readonly defaultValue: string;
}

/** The TypeScript side of the walk: the type a field has, and the checker that reads its docs. */
interface Side {
  readonly checker: ts.TypeChecker;
  readonly type: ts.Type | undefined;
}

const asSchema = (value: JsonValue | undefined): JsonSchema | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as JsonSchema) : undefined;

const code = (value: JsonValue): string => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

/** A schema's type in words: `string`, `integer 1–40000`, one of `S`, `N`, `B`, `list of object`. */
export function typeText(schema: JsonSchema): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonValue[]).map((s) => typeText(asSchema(s) ?? {})).join(", or ");
  if (schema.const !== undefined) return code(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${(schema.enum as JsonValue[]).map(code).join(", ")}`;
  if (schema.not !== undefined) return "removed";
  const type = String(schema.type ?? "any");
  if (type === "array") {
    const items = asSchema(schema.items) ?? {};
    const count = bounds(schema.minItems, schema.maxItems, "item");
    return `list of ${typeText(items)}${count ? ` (${count})` : ""}`;
  }
  if (type === "object" && asSchema(schema.additionalProperties))
    return `map of name → ${typeText(asSchema(schema.additionalProperties)!)}`;
  const range = bounds(schema.minimum, schema.maximum, "");
  return range ? `${type} ${range}` : type;
}

function bounds(min: JsonValue | undefined, max: JsonValue | undefined, unit: string): string {
  const plural = (n: JsonValue): string => (unit ? ` ${unit}${n === 1 ? "" : "s"}` : "");
  if (min !== undefined && max !== undefined) return `${String(min)}–${String(max)}${plural(max)}`;
  if (min !== undefined) return `at least ${String(min)}${plural(min)}`;
  if (max !== undefined) return `at most ${String(max)}${plural(max)}`;
  return "";
}

/** The type a field's values have once optional is set aside, arrays and maps by their elements. */
function inner(side: Side, schema: JsonSchema): Side {
  if (!side.type) return side;
  const type = side.checker.getNonNullableType(side.type);
  if (schema.type === "array") return { ...side, type: side.checker.getIndexTypeOfType(type, ts.IndexKind.Number) };
  if (schema.type === "object" && asSchema(schema.additionalProperties))
    return { ...side, type: side.checker.getIndexTypeOfType(type, ts.IndexKind.String) };
  return { ...side, type };
}

/** A property's doc comment (its first paragraph kept whole) and its `@default`. */
function docs(side: Side, key: string): { description: string; defaultValue: string; type?: ts.Type } {
  const symbol = side.type ? side.checker.getPropertyOfType(side.type, key) : undefined;
  if (!symbol) return { description: "", defaultValue: "" };
  const text = ts.displayPartsToString(symbol.getDocumentationComment(side.checker));
  const tag = symbol.getJsDocTags(side.checker).find((t) => t.name === "default");
  const defaultValue = tag ? ts.displayPartsToString(tag.text).replace(/^-\s*/, "") : "";
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  const type = declaration ? side.checker.getTypeOfSymbolAtLocation(symbol, declaration) : undefined;
  return { description: text, defaultValue, type };
}

/** Every field under `schema` at `path`, depth first, in the schema's order. */
function walk(schema: JsonSchema, side: Side, path: string, rows: Row[]): void {
  const own = inner(side, schema);
  if (schema.type === "array") return walk(asSchema(schema.items) ?? {}, own, `${path}[]`, rows);
  const values = asSchema(schema.additionalProperties);
  if (schema.type === "object" && values) return walk(values, own, `${path}.<name>`, rows);
  const properties = asSchema(schema.properties);
  if (!properties) return;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  for (const [key, value] of Object.entries(properties)) {
    const child = asSchema(value) ?? {};
    const found = docs(own, key);
    const description = (typeof child.description === "string" ? child.description : found.description).replace(/\s*\n\s*/g, " ");
    const childPath = path ? `${path}.${key}` : key;
    rows.push({ path: childPath, type: typeText(child), required: required.has(key), description, defaultValue: found.defaultValue });
    walk(child, { ...own, type: found.type }, childPath, rows);
  }
}

/** The config file's type, `IsolationConfig`, as the checker sees it. */
function configType(): Side {
  const entry = join(ROOT, "modules", "app", "config.ts");
  const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "IsolationConfig",
  );
  if (!declaration) throw new Error("modules/app/config.ts declares no IsolationConfig");
  return { checker, type: checker.getTypeAtLocation(declaration) };
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

/** The reference's text: a table per part of a stack, so each part has an anchor of its own. */
export function configReferenceText(): string {
  const rows: Row[] = [];
  walk(configJsonSchema(), configType(), "", rows);
  // A stack's object fields get a section each; its plain fields share the stack's.
  const parents = new Set(
    rows
      .map((r) => r.path.split(".").slice(0, 3).join(".").replace(/\[\]$/, ""))
      .filter((p) => rows.some((r) => r.path.startsWith(`${p}.`) || r.path.startsWith(`${p}[].`))),
  );
  const groupOf = (path: string): string => {
    const parts = path.split(".");
    if (parts[0] !== "stacks") return rows.some((r) => r.path.startsWith(`${parts[0]}.`)) ? parts[0] : "the file's top level";
    const field = parts.slice(0, 3).join(".").replace(/\[\]$/, "");
    return parts.length > 2 && parents.has(field) ? field : "stacks.<name>";
  };
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(groupOf(row.path), [...(groups.get(groupOf(row.path)) ?? []), row]);
  const out = [
    "# Config file reference",
    "",
    "<!-- Generated by scripts/write-config-reference.ts from the JSON Schema and the props' doc comments. Do not edit. -->",
    "",
    "Every field of `isolation.config.json`. Types, allowed values, bounds and required fields come from",
    "the file's JSON Schema (`schema/isolation-config.schema.json`); descriptions and defaults from the doc",
    "comments of the TypeScript props each field is. Formats (names, ARNs, CIDRs) and rules across fields",
    "are checked at synth. How the file is found and read: [configuration.md](configuration.md).",
    "",
  ];
  for (const [group, members] of groups) {
    out.push(
      group.includes(" ") ? `## ${group[0].toUpperCase()}${group.slice(1)}` : `## \`${group}\``,
      "",
      "| field | type | required | default | description |",
      "|---|---|---|---|---|",
    );
    for (const r of members) {
      out.push(`| \`${r.path}\` | ${cell(r.type)} | ${r.required ? "yes" : ""} | ${cell(r.defaultValue)} | ${cell(r.description)} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

if (require.main === module) {
  writeFileSync(CONFIG_REFERENCE_FILE, configReferenceText());
}
