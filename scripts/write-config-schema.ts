// Writes schema/isolation-config.schema.json from the definitions parseConfig
// checks against; __tests__/config-json-schema.test.ts fails when it is stale.
// Run: node -r ./scripts/register-ts.cjs scripts/write-config-schema.ts
import { mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { configJsonSchema } from "../modules/app/config-json-schema";

export const SCHEMA_FILE = join(__dirname, "..", "schema", "isolation-config.schema.json");

/** The file's text: two-space indented, with the trailing newline editors leave. */
export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
  writeFileSync(SCHEMA_FILE, configSchemaText());
}
