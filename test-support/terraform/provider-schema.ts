import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { join } from "path";
import { ReadyGate, run } from "./cli";

/**
 * The provider's resource schemas, from `terraform providers schema -json`:
 * each type's schema version (a state written with another version would be
 * upgraded by the provider, not read as written) and each attribute's type,
 * so that a value filled in for a computed attribute has the right shape.
 * Printing the schema takes about 3.5 s and 14 MB, so the parts the gate
 * reads are kept under node_modules/.cache, keyed by provider version.
 */

export type AttributeType = string | [string, unknown];

export interface Block {
  readonly attributes?: Record<string, { readonly type?: AttributeType; readonly computed?: boolean; readonly optional?: boolean }>;
  readonly block_types?: Record<string, { readonly nesting_mode: "single" | "list" | "set" | "map" | "group"; readonly block: Block }>;
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: Block;
}

export type ProviderSchema = Readonly<Record<string, ResourceSchema>>;

const CACHE_DIR = join(__dirname, "..", "..", "node_modules", ".cache", "dynamodb-isolation-gate");

/** Drops descriptions and other text the gate never reads. */
function slim(block: Block & Record<string, unknown>): Block {
  const attributes = Object.fromEntries(
    Object.entries(block.attributes ?? {}).map(([name, a]) => [name, { type: a.type, computed: a.computed, optional: a.optional }]),
  );
  const blockTypes = Object.fromEntries(
    Object.entries(block.block_types ?? {}).map(([name, b]) => [name, { nesting_mode: b.nesting_mode, block: slim(b.block as Block & Record<string, unknown>) }]),
  );
  return { attributes, block_types: blockTypes };
}

/** The aws provider's resource schemas; `initializedDir` is any directory `terraform init` has run in. */
export async function providerSchema(gate: ReadyGate, initializedDir: string): Promise<ProviderSchema> {
  const file = join(CACHE_DIR, `aws-${gate.providerVersion}-terraform-${gate.terraformVersion}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as ProviderSchema;
  const out = await run(gate, ["providers", "schema", "-json"], initializedDir);
  const all = JSON.parse(out) as { provider_schemas: Record<string, { resource_schemas: Record<string, { version: number; block: Block & Record<string, unknown> }> }> };
  const aws = all.provider_schemas["registry.terraform.io/hashicorp/aws"];
  if (!aws) throw new Error("terraform providers schema -json returned no hashicorp/aws schema");
  const schema: Record<string, ResourceSchema> = {};
  for (const [type, s] of Object.entries(aws.resource_schemas)) schema[type] = { version: s.version, block: slim(s.block) };
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written under another name and renamed, so a concurrent reader never sees half a file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(schema));
  renameSync(partial, file);
  return schema;
}
