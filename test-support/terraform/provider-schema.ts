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
 * Terraform's built-in provider (`terraform_data`) is in the output only
 * when the configuration uses it, so it is asked for, and cached, apart.
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
    Object.entries(block.block_types ?? {}).map(([name, b]) => [
      name,
      { nesting_mode: b.nesting_mode, block: slim(b.block as Block & Record<string, unknown>) },
    ]),
  );
  return { attributes, block_types: blockTypes };
}

const AWS = "registry.terraform.io/hashicorp/aws";
export const BUILTIN = "terraform.io/builtin/terraform";

type Printed = {
  provider_schemas: Record<string, { resource_schemas: Record<string, { version: number; block: Block & Record<string, unknown> }> }>;
};

/**
 * The resource schemas of the aws provider, and of Terraform's built-in one when `withBuiltin`;
 * `initializedDir` is a directory `terraform init` has run in, whose configuration uses every provider asked for.
 */
export async function providerSchema(gate: ReadyGate, initializedDir: string, withBuiltin: boolean): Promise<ProviderSchema> {
  const files: Record<string, string> = {
    [AWS]: join(CACHE_DIR, `aws-${gate.providerVersion}-terraform-${gate.terraformVersion}.json`),
    [BUILTIN]: join(CACHE_DIR, `builtin-terraform-${gate.terraformVersion}.json`),
  };
  const wanted = withBuiltin ? [AWS, BUILTIN] : [AWS];
  if (wanted.some((p) => !existsSync(files[p]))) {
    const printed = JSON.parse(await run(gate, ["providers", "schema", "-json"], initializedDir)) as Printed;
    mkdirSync(CACHE_DIR, { recursive: true });
    for (const provider of wanted) {
      const resources = printed.provider_schemas[provider]?.resource_schemas;
      if (!resources) throw new Error(`terraform providers schema -json returned no ${provider} schema`);
      const schema: Record<string, ResourceSchema> = {};
      for (const [type, s] of Object.entries(resources)) schema[type] = { version: s.version, block: slim(s.block) };
      // Written under another name and renamed, so a concurrent reader never sees half a file.
      const partial = `${files[provider]}.${process.pid}`;
      writeFileSync(partial, JSON.stringify(schema));
      renameSync(partial, files[provider]);
    }
  }
  return Object.assign({}, ...wanted.map((p) => JSON.parse(readFileSync(files[p], "utf8")) as ProviderSchema)) as ProviderSchema;
}
