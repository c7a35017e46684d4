import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { ProviderServer, ReadyGate, compareVersions, exec, isOverrideWarning, run } from "./cli";
import { PlanJson } from "./plan-json";

/**
 * Many synthesized stacks planned by one Terraform process: each stack
 * becomes a child module of one root. Terraform loads the provider schema
 * once per command (about two seconds) and starts one provider process per
 * distinct provider configuration, so a root of 30 stacks plans in about the
 * time one stack took on its own.
 *
 * What changes in the gate's copies, and why (the synthesized files
 * themselves are never touched):
 * - Provider blocks move to the root, identical ones merged, and each module
 *   receives them through `providers`. Their arguments are unchanged; only
 *   where they are written moves, because a provider configured inside 30
 *   modules would start 30 provider processes of 600 MB each.
 * - Import blocks move to the root (Terraform allows them nowhere else),
 *   their `to` prefixed with the module's address.
 * - The mirror may hold another provider version than the bindings pin
 *   (for example 5.100.0 against 6.25.0), so the version constraint is
 *   relaxed to the mirror's version.
 * - A remote backend is dropped: the gate checks configuration, not a bucket.
 * - Arguments newer than the mirror's provider are removed and reported.
 */

export interface TerraformJson {
  terraform?: { required_providers?: Record<string, Record<string, unknown>>; backend?: unknown; [key: string]: unknown };
  provider?: Record<string, Array<Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  locals?: Record<string, unknown>;
  import?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Arguments the bindings' provider (6.25.0) has and an older mirror's may
 * not. The gate can only check what its provider knows, so with an older
 * mirror it removes these from its copy and reports each removal; unit tests
 * assert they are synthesized.
 */
export const NEWER_THAN_MIRROR: ReadonlyArray<{ type: string; path: readonly string[]; since: string }> = [
  // Written by 0.2.0's inline replicas, which the day-2 gate's upgrade case plans from.
  { type: "aws_dynamodb_table", path: ["replica", "deletion_protection_enabled"], since: "6.9.0" },
  { type: "aws_dynamodb_table", path: ["warm_throughput"], since: "6.13.0" },
  { type: "aws_dynamodb_table", path: ["global_secondary_index", "warm_throughput"], since: "6.13.0" },
  { type: "aws_dynamodb_contributor_insights", path: ["mode"], since: "6.11.0" },
];

/** How a removed argument is named in reports and in the gate's skipped checks: `aws_x.block.attribute`. */
export const newerName = (newer: (typeof NEWER_THAN_MIRROR)[number]): string => [newer.type, ...newer.path].join(".");

/** Dummy credentials and the provider's switches for running without AWS. */
const OFFLINE_PROVIDER_SETTINGS = {
  access_key: "AKIAOFFLINEGATE00000",
  secret_key: "offline-gate-not-a-secret",
  skip_credentials_validation: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  // The provider asks the stand-in's STS for the account, as it asks AWS: some reads build ARNs from it
  // (an imported table replica's global_table_arn).
  skip_requesting_account_id: false,
};

const AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

export interface BatchModule {
  /** Module name in the root; also its directory. */
  readonly name: string;
  /** The synthesized stack. */
  readonly stack: TerraformJson;
}

export interface BatchRoot {
  readonly dir: string;
  /** The gate's copy of each module's stack, as planned. */
  readonly modules: Readonly<Record<string, TerraformJson>>;
  /** Arguments removed from each module because the mirror's provider predates them. */
  readonly removed: Readonly<Record<string, string[]>>;
  /** The provider block (as synthesized, before offline settings) a module's local provider reference stands for. */
  providerBlock(module: string, local: string | undefined): Record<string, unknown>;
  /** The root provider configuration address a module's local provider reference resolves to, as state files write it. */
  providerAddress(module: string, local: string | undefined): string;
  /** How many distinct provider configurations the root has. */
  readonly providerConfigurations: number;
}

/** Removes what the mirror's provider does not know; returns what was removed, one entry per occurrence. */
function removeNewerArguments(copy: TerraformJson, providerVersion: string): string[] {
  const removed: string[] = [];
  // Walks the path through nested blocks (a block is an object or a list of objects) and deletes its last key.
  const remove = (node: unknown, path: readonly string[], at: string, newer: (typeof NEWER_THAN_MIRROR)[number]): void => {
    const [head, ...rest] = path;
    const nodes = Array.isArray(node) ? node.map((n, i) => [n, `${at}[${i}]`] as const) : [[node, at] as const];
    for (const [item, where] of nodes) {
      if (item === null || typeof item !== "object" || !(head in item)) continue;
      if (rest.length) remove((item as Record<string, unknown>)[head], rest, `${where}.${head}`, newer);
      else {
        delete (item as Record<string, unknown>)[head];
        removed.push(`${newerName(newer)} at ${where}.${head} (provider ${providerVersion} predates it)`);
      }
    }
  };
  for (const newer of NEWER_THAN_MIRROR) {
    if (compareVersions(providerVersion, newer.since) >= 0) continue;
    for (const [name, body] of Object.entries(copy.resource?.[newer.type] ?? {})) remove(body, newer.path, `${newer.type}.${name}`, newer);
  }
  return removed;
}

function localName(block: Record<string, unknown>): string {
  return block.alias === undefined ? "aws" : `aws.${String(block.alias)}`;
}

/** Writes a root module holding every given stack as a child module, ready for `init`. */
export function writeBatchRoot(gate: ReadyGate, dir: string, batch: readonly BatchModule[]): BatchRoot {
  mkdirSync(dir, { recursive: true });
  const rootProviders: Array<Record<string, unknown>> = [];
  const aliasByBlock = new Map<string, string>();
  const blocks = new Map<string, Record<string, unknown>>();
  const modules: Record<string, TerraformJson> = {};
  const removed: Record<string, string[]> = {};
  const moduleBlocks: Record<string, { source: string; providers: Record<string, string> }> = {};
  const imports: Array<Record<string, unknown>> = [];

  for (const { name, stack } of batch) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`batch module name '${name}' must be lowercase letters, digits and _`);
    const copy = JSON.parse(JSON.stringify(stack)) as TerraformJson;
    removed[name] = removeNewerArguments(copy, gate.providerVersion);
    const providers: Record<string, string> = {};
    const aliases: string[] = [];
    for (const block of copy.provider?.aws ?? []) {
      const local = localName(block);
      const { alias: _alias, ...settings } = block;
      const key = JSON.stringify(settings);
      let rootAlias = aliasByBlock.get(key);
      if (rootAlias === undefined) {
        rootAlias = `p${rootProviders.length}`;
        aliasByBlock.set(key, rootAlias);
        rootProviders.push({ ...settings, ...OFFLINE_PROVIDER_SETTINGS, alias: rootAlias });
      }
      providers[local] = `aws.${rootAlias}`;
      blocks.set(`${name} ${local}`, settings);
      if (local !== "aws") aliases.push(local);
    }
    delete copy.provider;
    const terraform = (copy.terraform ??= {});
    delete terraform.backend;
    terraform.required_providers = {
      ...terraform.required_providers,
      aws: { source: "hashicorp/aws", version: gate.providerVersion, ...(aliases.length ? { configuration_aliases: aliases } : {}) },
    };
    for (const block of copy.import ?? []) {
      // Terraform rejects `provider` on an import into a child module; the module's provider mapping decides.
      if (block.provider !== undefined)
        throw new Error(`module ${name}: import of ${String(block.to)} names a provider, which Terraform rejects in a child module`);
      imports.push({ ...block, to: `module.${name}.${String(block.to)}` });
    }
    delete copy.import;
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, "cdk.tf.json"), JSON.stringify(copy, null, 1));
    modules[name] = copy;
    moduleBlocks[name] = { source: `./${name}`, providers };
  }

  const root: TerraformJson = {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: gate.providerVersion } } },
    provider: { aws: rootProviders },
    module: moduleBlocks,
  };
  if (imports.length) root.import = imports;
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify(root, null, 1));

  const lookup = (module: string, local: string | undefined): string => {
    const providers = moduleBlocks[module]?.providers;
    const target = providers?.[local ?? "aws"];
    if (!target) throw new Error(`module ${module} has no provider '${local ?? "aws"}'`);
    return target;
  };
  return {
    dir,
    modules,
    removed,
    providerConfigurations: rootProviders.length,
    providerBlock: (module, local) => {
      lookup(module, local);
      return blocks.get(`${module} ${local ?? "aws"}`)!;
    },
    providerAddress: (module, local) => `${AWS_PROVIDER}.${lookup(module, local).slice("aws.".length)}`,
  };
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { filename: string };
  /** The source around the error; `context` names the block it is in, e.g. `resource "aws_x" "name"`. */
  readonly snippet?: { context?: string };
}

export interface RootPlan {
  /** Errors and warnings from the plan's machine-readable stream (less `directProvider`'s). */
  readonly diagnostics: Diagnostic[];
  /** `terraform show -json` of the saved plan; absent when the plan failed. */
  readonly plan?: PlanJson;
}

/** `terraform init` of a batch root from the offline mirror (it links the provider, it does not copy it). */
export async function initRoot(gate: ReadyGate, root: BatchRoot): Promise<void> {
  await run(gate, ["init", "-input=false", "-no-color", "-backend=false", `-plugin-dir=${gate.pluginDir}`], root.dir);
}

/**
 * `terraform plan -refresh=false` of a batch root (against `terraform.tfstate`
 * in it, when there is one; with `refresh`, a refresh-only plan, which reads
 * every resource of the state and every data source as a pipeline's plan does), then `terraform show -json` of the saved plan.
 * With a provider server, `show` attaches to it, and so does the plan when
 * the root has a single provider configuration.
 */
export async function planRoot(
  gate: ReadyGate,
  root: BatchRoot,
  awsUrl: string,
  server?: ProviderServer,
  options: { readonly refresh?: boolean } = {},
): Promise<RootPlan> {
  const shared = server?.env ?? {};
  const planEnv = root.providerConfigurations <= 1 ? shared : {};
  // A refresh-only plan reads what a plan reads (every resource of the state, every data source) and plans no change.
  const refresh = options.refresh ? ["-refresh-only"] : ["-refresh=false"];
  const planned = await exec(gate, ["plan", ...refresh, "-input=false", "-lock=false", "-json", "-out=tfplan"], root.dir, awsUrl, planEnv);
  const messages = planned.stdout
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { type: string; diagnostic?: Diagnostic });
  const diagnostics = messages
    .filter((m) => m.type === "diagnostic" && m.diagnostic && !isOverrideWarning(m.diagnostic))
    .map((m) => m.diagnostic!);
  if (planned.code !== 0) {
    if (!diagnostics.some((d) => d.severity === "error")) {
      throw new Error(`terraform plan failed in ${root.dir} without a diagnostic:\n${planned.stderr}`);
    }
    return { diagnostics };
  }
  const shown = await run(gate, ["show", "-json", "-no-color", "tfplan"], root.dir, awsUrl, shared);
  return { diagnostics, plan: JSON.parse(shown) as PlanJson };
}
