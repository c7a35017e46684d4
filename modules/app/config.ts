import { existsSync, readFileSync } from "fs";
import { resolve } from "path";
import { DynamoDbIsolationProps, ReplicaProps } from "../isolation/props";
import { MonitoringOptions } from "../monitoring/monitoring-options";
import { Problems, fail } from "../private/validation";
import { Problem, ValidationError } from "../validation-error";
import { withoutProblemFields } from "./config-shape";
import { CONFIG_SCHEMA, ORGANIZATION_SCHEMA, STACK_NAME_PATTERN, STACK_SCHEMA, checkShape } from "./config-schema";
import { OrganizationConfig, validateOrganization } from "./organization";
export type { OrganizationConfig } from "./organization";
import { BackendSettings, ProviderSettings, validateStackSettings } from "./stack-settings";

/** A replica as the config file gives it: the provider is made from the region. */
export type ReplicaConfig = Omit<ReplicaProps, "provider">;

/** One stack (one environment) in the config file: the isolation construct's props. */
export interface StackConfig extends Omit<DynamoDbIsolationProps, "replicas" | "monitoring"> {
  /**
   * Tamper alerts; the provider for us-east-1, where IAM's events arrive, is made from the region.
   * @default - none
   */
  readonly monitoring?: Omit<MonitoringOptions, "iamEventsProvider">;
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
  /**
   * The organization's SCP for every perimeter of the config.
   * @default - no SCP output
   */
  readonly organization?: OrganizationConfig;
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

/**
 * A config whose structure is wrong in places (unknown fields, wrong types, missing ones), with
 * what could still be judged: `partial` is the config without the fields those problems name, so
 * its values can be checked in the same run and every mistake reported at once. It is a
 * `ValidationError` like any other for whoever does not look further.
 */
export class ConfigShapeError extends ValidationError {
  constructor(
    problems: readonly Problem[],
    public readonly partial: LoadedConfig,
  ) {
    super(problems);
  }
}

/** Parses a config file's text and checks its structure, reporting every problem at once. */
export function parseConfig(text: string, source: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail(source, "(file)", `must be valid JSON (${(e as Error).message})`, text.slice(0, 40));
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail(source, "(file)", "must be a JSON object with a 'stacks' field", raw);
  }
  const top = raw as Record<string, unknown>;
  const stacks = top.stacks;
  const problems = new Problems();
  ((): void => {
    const known = Object.keys(CONFIG_SCHEMA.fields);
    for (const key of Object.keys(top)) {
      if (!known.includes(key)) problems.check(() => fail(source, key, `is not a known field (known: ${known.join(", ")})`, key));
    }
    for (const note of ["$comment", "$schema"]) {
      if (top[note] !== undefined) checkShape(problems, source, note, top[note], CONFIG_SCHEMA.fields[note].schema);
    }
    if (top.organization !== undefined) {
      const before = problems.count;
      checkShape(problems, source, "organization", top.organization, ORGANIZATION_SCHEMA);
      if (problems.count === before) validateOrganization(problems, source, top.organization as OrganizationConfig);
    }
    if (typeof stacks !== "object" || stacks === null || Array.isArray(stacks) || Object.keys(stacks).length === 0) {
      problems.check(() => fail(source, "stacks", "must be an object with at least one stack", stacks));
      return;
    }
    for (const [name, stack] of Object.entries(stacks)) {
      problems.check(() => {
        if (!STACK_NAME_PATTERN.test(name))
          fail(source, `stacks.${name}`, "must be named with a letter then up to 63 of A-Z a-z 0-9 _ -", name);
      });
      const before = problems.count;
      checkShape(problems, source, `stacks.${name}`, stack, STACK_SCHEMA);
      // Settings are checked only once their shape is right.
      if (problems.count > before) continue;
      const entry = stack as StackConfig;
      validateStackSettings(problems, source, `stacks.${name}.`, entry.provider, entry.backend);
    }
  })();
  const config: LoadedConfig = {
    source,
    stacks: stacks as Record<string, StackConfig>,
    ...(top.organization !== undefined ? { organization: top.organization as OrganizationConfig } : {}),
  };
  if (problems.count === 0) return config;
  // What the structure problems leave standing is still checked by whoever builds it (main.ts), in the same run.
  const found = problems.list();
  const partial = isObject(stacks) && Object.keys(stacks).length ? withoutProblemFields(config, found) : undefined;
  throw partial ? new ConfigShapeError(found, partial) : new ValidationError(found);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

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
 * Runs `build` for one stack and returns a construct's validation problems
 * as config fields (`file: stacks.<name>.<prop> ...`); none when it builds.
 * Only problems of the construct that takes the stack entry as props are
 * translated; any other error passes through unchanged.
 */
export function configProblems(source: string, stackName: string, constructPath: string, build: () => void): Problem[] {
  try {
    build();
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError) || e.problems.some((p) => p.where !== constructPath)) throw e;
    return e.problems.map((p) => ({ ...p, where: source, prop: `stacks.${stackName}.${p.prop}` }));
  }
}
