import { spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync } from "fs";
import { join, relative, resolve } from "path";
import { compareVersions, findPluginDir, platform, PROVIDER_PATH } from "../../test-support/terraform/cli";

/**
 * What `npm run validate` and `npm run lock` share: the synthesized stacks,
 * Terraform's version constraints, and the provider mirror `TF_PLUGIN_DIR`
 * names for machines that cannot reach the registry.
 */

export interface SynthesizedStack {
  readonly name: string;
  /** The stack's directory, `cdktf.out/stacks/<name>`. */
  readonly dir: string;
  /** The `hashicorp/aws` version constraint the stack requires. */
  readonly constraint: string;
}

/** Every stack under `<outdir>/stacks` (`CDKTF_OUTDIR`, else `cdktf.out`); an error naming the synth command when there is none. */
export function synthesizedStacks(root: string, env: NodeJS.ProcessEnv = process.env): SynthesizedStack[] {
  const outdir = resolve(root, env.CDKTF_OUTDIR || "cdktf.out");
  const stacksDir = join(outdir, "stacks");
  const names = existsSync(stacksDir) ? readdirSync(stacksDir).filter((n) => existsSync(join(stacksDir, n, "cdk.tf.json"))) : [];
  if (names.length === 0)
    throw new Error(`no synthesized stack under ${relative(root, stacksDir) || stacksDir}: run \`npx cdktf synth\` first`);
  return names.sort().map((name) => {
    const dir = join(stacksDir, name);
    const tf = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as {
      terraform?: { required_providers?: { aws?: { version?: string } } };
    };
    return { name, dir, constraint: tf.terraform?.required_providers?.aws?.version ?? "" };
  });
}

type Op = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~>";

/** Whether `version` meets a Terraform version constraint such as `>= 6.25.0, < 7.0.0` or `~> 6.25` (empty: any). */
export function satisfies(version: string, constraint: string): boolean {
  return constraint
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean)
    .every((part) => {
      const m = /^(=|!=|>=|<=|>|<|~>)?\s*v?(\d+(?:\.\d+){0,2})$/.exec(part);
      if (!m) throw new Error(`cannot read the version constraint '${part}'`);
      const op = (m[1] ?? "=") as Op;
      const given = m[2].split(".").map(Number);
      const bound = [...given, 0, 0].slice(0, 3).join(".");
      const cmp = compareVersions(version, bound);
      switch (op) {
        case "=":
          return cmp === 0;
        case "!=":
          return cmp !== 0;
        case ">":
          return cmp > 0;
        case ">=":
          return cmp >= 0;
        case "<":
          return cmp < 0;
        case "<=":
          return cmp <= 0;
        case "~>": {
          // The rightmost given part may grow: ~> 6.25 is >= 6.25.0, < 7.0.0; ~> 6.25.1 is < 6.26.0.
          const upper = given.length === 1 ? [given[0] + 1] : [...given.slice(0, -2), given[given.length - 2] + 1];
          return cmp >= 0 && compareVersions(version, [...upper, 0, 0].slice(0, 3).join(".")) < 0;
        }
      }
    });
}

export interface Mirror {
  readonly dir: string;
  readonly version: string;
  /** The platforms the mirror holds the provider for (`linux_amd64`, ...). */
  readonly platforms: readonly string[];
}

/** The mirror `TF_PLUGIN_DIR` names, or undefined without it (the registry is used then). */
export function namedMirror(env: NodeJS.ProcessEnv = process.env): Mirror | undefined {
  if (!env.TF_PLUGIN_DIR) return undefined;
  const found = findPluginDir(env);
  if ("reason" in found) throw new Error(found.reason);
  const versionDir = join(found.dir, ...PROVIDER_PATH, found.version);
  const platforms = readdirSync(versionDir).filter((p) => /^[a-z0-9]+_[a-z0-9]+$/.test(p));
  return { dir: found.dir, version: found.version, platforms: platforms.length ? platforms : [platform()] };
}

/** The caller's environment (proxies, CLI configuration, credentials for a private registry), telemetry and prompts off. */
export function terraformEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}

/** A directory as the user would name it: from the repository root when inside it, else in full. */
export function shownDir(root: string, dir: string): string {
  const path = relative(root, dir);
  return path.startsWith("..") ? dir : path;
}

/** The Terraform CLI the scripts run: `TERRAFORM_BINARY`, else `terraform` on PATH. */
export const TERRAFORM = process.env.TERRAFORM_BINARY ?? "terraform";

/** Runs Terraform in `cwd` with `terraformEnvironment()`; a CLI that cannot start is an error, a non-zero exit is the caller's to judge. */
export function runTerraform(args: readonly string[], cwd?: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(TERRAFORM, args, { cwd, env: terraformEnvironment(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`cannot run '${TERRAFORM}': ${result.error.message}`);
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** A script's entry point: its exit code, or its error as one line under the npm script's name. */
export function runScript(name: string, main: () => number): void {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`npm run ${name}: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
