import { existsSync, readFileSync } from "fs";
import { join } from "path";

/** Where docs/configuration.md tells an app that installed the package to point a config file's `$schema`. */
export const CONSUMER_SCHEMA = "./node_modules/dynamodb-network-isolation/schema/isolation-config.schema.json";

/** What is wrong with that path in an installed app: missing, or not the config file's schema. */
export function consumerSchemaProblems(label: string, appDir: string): string[] {
  const file = join(appDir, CONSUMER_SCHEMA);
  if (!existsSync(file)) return [`${label}: ${CONSUMER_SCHEMA} does not exist in the app`];
  const schema = JSON.parse(readFileSync(file, "utf8")) as { title?: string; properties?: Record<string, unknown> };
  return schema.title === "dynamodb-network-isolation config" && schema.properties?.stacks
    ? []
    : [`${label}: ${CONSUMER_SCHEMA} is not the config file's JSON Schema`];
}
