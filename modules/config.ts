import { existsSync, readFileSync } from "fs";
import { resolve } from "path";
import { DynamoDbIsolationProps, ReplicaProps } from "./dynamodb-isolation";
import { BackendSettings, ProviderSettings, checkStackSettings } from "./stack-settings";
import { ValidationError, fail } from "./validation";

/** A replica as the config file gives it: the provider is made from the region. */
export type ReplicaConfig = Omit<ReplicaProps, "provider">;

/** One stack (one environment) in the config file: the isolation construct's props. */
export interface StackConfig extends Omit<DynamoDbIsolationProps, "replicas"> {
  /**
   * Replica regions; each gets a provider alias named after the region.
   * @default - none
   */
  readonly replicas?: readonly ReplicaConfig[];
  /**
   * Provider version range and default tags.
   * @default - ">= 6.25.0, < 7.0.0", no default tags
   */
  readonly provider?: ProviderSettings;
  /**
   * Where the stack keeps its state.
   * @default - a local file at the project root, terraform.<stack>.tfstate
   */
  readonly backend?: BackendSettings;
}

export interface IsolationConfig {
  /** Stacks by name; the name becomes the directory under `cdktf.out/stacks/`. */
  readonly stacks: Readonly<Record<string, StackConfig>>;
}

export interface LoadedConfig extends IsolationConfig {
  /** Where the config came from, for error messages: a file path or "built-in seed". */
  readonly source: string;
}

/** File read from the working directory when `ISOLATION_CONFIG` is not set. */
export const DEFAULT_CONFIG_FILE = "isolation.config.json";
export const CONFIG_ENV = "ISOLATION_CONFIG";
export const SEED_STACK_NAME = "book-collection";

/**
 * The article's scenario, corrected: table BookCollection (Author HASH,
 * BookTitle RANGE, provisioned 5/5) in us-east-2, a new VPC 10.0.0.0/16, and
 * the guard `vpcepolicy` attached to user dynauser and role dynarole.
 */
export function seedConfig(): LoadedConfig {
  return {
    source: "built-in seed",
    stacks: {
      [SEED_STACK_NAME]: {
        region: "us-east-2",
        table: {
          tableName: "BookCollection",
          partitionKey: { name: "Author", type: "S" },
          sortKey: { name: "BookTitle", type: "S" },
          billingMode: "PROVISIONED",
          readCapacity: 5,
          writeCapacity: 5,
        },
        network: { cidrBlock: "10.0.0.0/16" },
        guard: {
          policyName: "vpcepolicy",
          principals: { users: ["dynauser"], roles: ["dynarole"] },
        },
      },
    },
  };
}

// A small structural schema: types and known fields only. Value rules
// (names, CIDRs, capacities, ...) are the constructs' own checks, reported
// with the same field paths.
type Schema =
  | { readonly kind: "string" | "number" | "boolean" }
  | { readonly kind: "array"; readonly items: Schema }
  | { readonly kind: "map"; readonly values: Schema }
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, Field>> };
interface Field {
  readonly schema: Schema;
  readonly required?: boolean;
}

const str: Schema = { kind: "string" };
const num: Schema = { kind: "number" };
const bool: Schema = { kind: "boolean" };
const strings: Schema = { kind: "array", items: str };
const obj = (fields: Record<string, Field>): Schema => ({ kind: "object", fields });
const opt = (schema: Schema): Field => ({ schema });
const req = (schema: Schema): Field => ({ schema, required: true });

const attribute = obj({ name: req(str), type: req(str) });
const principals = obj({ users: opt(strings), roles: opt(strings), groups: opt(strings) });

const networkSchema = obj({
  cidrBlock: opt(str),
  availabilityZones: opt(strings),
  vpcId: opt(str),
  routeTableIds: opt(strings),
  flowLogs: opt(obj({ destination: opt(str), retentionInDays: opt(num), s3BucketArn: opt(str), kmsKeyArn: opt(str) })),
});

const STACK_SCHEMA = obj({
  region: req(str),
  table: req(
    obj({
      tableName: req(str),
      partitionKey: req(attribute),
      sortKey: opt(attribute),
      billingMode: opt(str),
      readCapacity: opt(num),
      writeCapacity: opt(num),
      globalSecondaryIndexes: opt({
        kind: "array",
        items: obj({
          indexName: req(str),
          partitionKey: req(attribute),
          sortKey: opt(attribute),
          projectionType: opt(str),
          nonKeyAttributes: opt(strings),
          readCapacity: opt(num),
          writeCapacity: opt(num),
        }),
      }),
      tags: opt({ kind: "map", values: str }),
      pointInTimeRecovery: opt(bool),
      deletionProtection: opt(bool),
      encryption: opt(obj({ type: opt(str), kmsKeyArn: opt(str) })),
      autoScaling: opt(
        obj({ enabled: opt(bool), maxReadCapacity: opt(num), maxWriteCapacity: opt(num), targetUtilization: opt(num) }),
      ),
      timeToLiveAttribute: opt(str),
      streamViewType: opt(str),
      preventDestroy: opt(bool),
    }),
  ),
  network: opt(networkSchema),
  extraEndpointIds: opt(strings),
  guard: opt(obj({ policyName: opt(str), scope: opt(str), principals: opt(principals) })),
  grants: opt(obj({ readOnly: opt(principals), readWrite: opt(principals) })),
  endpointPolicy: opt(obj({ scope: opt(str) })),
  resourcePolicy: opt(
    obj({ enabled: opt(bool), operatorPrincipalArns: opt(strings), streamConsumerPrincipalArns: opt(strings), exemptDeployer: opt(bool) }),
  ),
  replicas: opt({ kind: "array", items: obj({ region: req(str), network: opt(networkSchema), kmsKeyArn: opt(str) }) }),
  imports: opt(obj({ table: opt(bool), vpcEndpointId: opt(str), guardPolicyArn: opt(str) })),
  provider: opt(obj({ versionConstraint: opt(str), defaultTags: opt({ kind: "map", values: str }) })),
  backend: opt(
    obj({
      s3: opt(
        obj({ bucket: req(str), key: req(str), region: req(str), encrypt: opt(bool), useLockfile: opt(bool), kmsKeyId: opt(str) }),
      ),
    }),
  ),
});

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function checkShape(source: string, path: string, value: unknown, schema: Schema): void {
  switch (schema.kind) {
    case "string":
    case "number":
    case "boolean":
      if (typeof value !== schema.kind || (schema.kind === "number" && !Number.isFinite(value))) {
        fail(source, path, `must be a ${schema.kind} (found ${typeName(value)})`, value);
      }
      return;
    case "array":
      if (!Array.isArray(value)) fail(source, path, `must be a list (found ${typeName(value)})`, value);
      value.forEach((item, i) => checkShape(source, `${path}[${i}]`, item, schema.items));
      return;
    case "map":
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(source, path, `must be an object of names to values (found ${typeName(value)})`, value);
      }
      for (const [k, v] of Object.entries(value)) checkShape(source, `${path}.${k}`, v, schema.values);
      return;
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(source, path, `must be an object (found ${typeName(value)})`, value);
      }
      const known = Object.keys(schema.fields);
      for (const key of Object.keys(value)) {
        if (!known.includes(key)) fail(source, `${path}.${key}`, `is not a known field (known: ${known.join(", ")})`, key);
      }
      for (const [key, field] of Object.entries(schema.fields)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) {
          if (field.required) fail(source, `${path}.${key}`, "is required", v);
          continue;
        }
        checkShape(source, `${path}.${key}`, v, field.schema);
      }
      return;
    }
  }
}

/** Stack names become directory names and Terraform workspace-safe ids. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Parses and checks the structure of a config file's text. */
export function parseConfig(text: string, source: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(source, "(file)", `must be valid JSON (${(e as Error).message})`, text.slice(0, 40));
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail(source, "(file)", "must be a JSON object with a 'stacks' field", raw);
  }
  const top = raw as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (key !== "stacks" && key !== "$comment") fail(source, key, "is not a known field (known: stacks, $comment)", key);
  }
  const stacks = top.stacks;
  if (typeof stacks !== "object" || stacks === null || Array.isArray(stacks) || Object.keys(stacks).length === 0) {
    fail(source, "stacks", "must be an object with at least one stack", stacks);
  }
  for (const [name, stack] of Object.entries(stacks)) {
    if (!STACK_NAME.test(name)) {
      fail(source, `stacks.${name}`, "must be named with a letter then up to 63 of A-Z a-z 0-9 _ -", name);
    }
    checkShape(source, `stacks.${name}`, stack, STACK_SCHEMA);
    const entry = stack as StackConfig;
    checkStackSettings(source, `stacks.${name}.`, entry.provider, entry.backend);
  }
  return { source, stacks: stacks as Record<string, StackConfig> };
}

/**
 * The config to synthesize: the file named by `ISOLATION_CONFIG`, else
 * `isolation.config.json` in the working directory, else the built-in seed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): LoadedConfig {
  const named = env[CONFIG_ENV];
  if (named !== undefined && named !== "") {
    const path = resolve(cwd, named);
    if (!existsSync(path)) fail(CONFIG_ENV, "(environment)", "must name an existing config file", named);
    return parseConfig(readFileSync(path, "utf8"), named);
  }
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (existsSync(fallback)) return parseConfig(readFileSync(fallback, "utf8"), DEFAULT_CONFIG_FILE);
  return seedConfig();
}

/**
 * Runs `build` for one stack and reports a construct's validation error as a
 * config field: `file: stacks.<name>.<prop> ...`. Only errors raised by the
 * construct that takes the stack entry as props are translated; anything else
 * passes through unchanged.
 */
export function reportAsConfigField<T>(source: string, stackName: string, constructPath: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof ValidationError && e.where === constructPath) {
      throw new ValidationError(source, `stacks.${stackName}.${e.prop}`, e.rule, e.value);
    }
    throw e;
  }
}
