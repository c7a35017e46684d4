import { execFile, execFileSync, spawn } from "child_process";
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";

/**
 * Finding the Terraform CLI and the offline hashicorp/aws mirror, and running
 * Terraform with no real credentials, no metadata service and no telemetry.
 */

export type Gate =
  | {
      readonly ok: true;
      readonly terraform: string;
      readonly terraformVersion: string;
      readonly pluginDir: string;
      readonly providerVersion: string;
      /** A CLI configuration of Terraform's own for every command (see `directProvider`). */
      readonly cliConfig?: string;
    }
  | { readonly ok: false; readonly reason: string };
export type ReadyGate = Extract<Gate, { ok: true }>;

export const PROVIDER_PATH = ["registry.terraform.io", "hashicorp", "aws"];

export function platform(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return `${process.platform}_${arch}`;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The newest hashicorp/aws version in a mirror root with a binary for this platform. */
function providerVersionIn(root: string): string | undefined {
  const dir = join(root, ...PROVIDER_PATH);
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir).filter((v) => {
    const bin = join(dir, v, platform());
    return existsSync(bin) && readdirSync(bin).some((f) => f.startsWith("terraform-provider-aws"));
  });
  return versions.sort(compareVersions).pop();
}

/** Looks for a directory holding `registry.terraform.io/hashicorp/aws` a few levels below `base`. */
function searchMirror(base: string, depth: number): string | undefined {
  if (depth < 0 || !existsSync(base)) return undefined;
  if (providerVersionIn(base)) return base;
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (entry === "node_modules" || (entry.startsWith(".") && entry !== ".terraform.d")) continue;
    const path = join(base, entry);
    try {
      if (!statSync(path).isDirectory()) continue;
    } catch {
      continue;
    }
    const found = searchMirror(path, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Mirror root: `TF_PLUGIN_DIR` when set (an error if it holds no aws
 * provider), else Terraform's implied local mirror directories, else a
 * shallow search of /opt, /usr/local/share, /usr/share and the home directory.
 */
export function findPluginDir(env: NodeJS.ProcessEnv = process.env): { dir: string; version: string } | { reason: string } {
  const named = env.TF_PLUGIN_DIR;
  if (named) {
    const version = providerVersionIn(named);
    if (!version) {
      throw new Error(`TF_PLUGIN_DIR=${named} holds no ${PROVIDER_PATH.join("/")} provider for ${platform()}`);
    }
    return { dir: named, version };
  }
  const home = homedir();
  const implied = [
    join(home, ".terraform.d", "plugins"),
    join(home, ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ];
  for (const dir of implied) {
    const version = providerVersionIn(dir);
    if (version) return { dir, version };
  }
  for (const base of ["/opt", "/usr/local/share", "/usr/share", home]) {
    const dir = searchMirror(base, 3);
    if (dir) return { dir, version: providerVersionIn(dir)! };
  }
  return { reason: "no offline mirror of hashicorp/aws found (set TF_PLUGIN_DIR to the directory holding registry.terraform.io/)" };
}

let cached: Gate | undefined;

/** Terraform alone, for checks that need no provider (parsing, formatting). */
export function detectTerraform(): { ok: true; terraform: string } | { ok: false; reason: string } {
  const gate = detectGate();
  if (gate.ok) return { ok: true, terraform: gate.terraform };
  return gate.reason.includes("not on PATH") ? gate : { ok: true, terraform: process.env.TERRAFORM_BINARY ?? "terraform" };
}

/** Decides once per process whether the gate can run, and why not. */
export function detectGate(): Gate {
  if (cached) return cached;
  const terraform = process.env.TERRAFORM_BINARY ?? "terraform";
  let terraformVersion: string;
  try {
    const out = execFileSync(terraform, ["version", "-json"], { env: terraformEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    terraformVersion = (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch (e) {
    // Absent is a reason to skip; present but broken is a failure.
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(`the Terraform CLI ('${terraform}') is installed but 'terraform version -json' failed: ${(e as Error).message}`);
    }
    cached = { ok: false, reason: `the Terraform CLI ('${terraform}') is not on PATH` };
    return cached;
  }
  const mirror = findPluginDir();
  cached =
    "reason" in mirror
      ? { ok: false, reason: mirror.reason }
      : { ok: true, terraform, terraformVersion, pluginDir: mirror.dir, providerVersion: mirror.version };
  return cached;
}

/**
 * An environment with no real credentials, no metadata service and no
 * telemetry. `awsUrl` sends every AWS API call of the provider to the
 * loopback stand-in through the SDK's `AWS_ENDPOINT_URL`. (The provider's
 * `endpoints` block would do the same, but the provider spends about three
 * seconds validating that block for every provider configuration.)
 */
export function terraformEnv(extra: Record<string, string> = {}, awsUrl?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG"]) if (process.env[key]) env[key] = process.env[key];
  const cliConfig = join(tmpdir(), "dynamodb-isolation-terraformrc");
  if (!existsSync(cliConfig)) writeFileSync(cliConfig, "disable_checkpoint = true\n");
  return {
    ...env,
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    AWS_ACCESS_KEY_ID: "AKIAOFFLINEGATE00000",
    AWS_SECRET_ACCESS_KEY: "offline-gate-not-a-secret",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    // Without a URL nothing is routed anywhere: every call fails instead of leaving the machine.
    AWS_ENDPOINT_URL: awsUrl ?? "http://127.0.0.1:9",
    NO_PROXY: "127.0.0.1,localhost",
    ...extra,
  };
}

/**
 * The provider spends most of each command building its schema and allocating.
 * Go's collector then runs only once a process's heap nears 1 GiB (`GOMEMLIMIT`),
 * which a plan's provider process rarely reaches: a fifth less CPU than with the
 * default collector, for a gate run's peak of about 4 GB on the machine (measured
 * on 2 cores).
 */
const GATE_ENV = { GOGC: "off", GOMEMLIMIT: "1GiB" };

export interface Execution {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The directory of the mirror's provider binary for this platform. */
export function providerBinaryDir(gate: ReadyGate): string {
  return join(gate.pluginDir, ...PROVIDER_PATH, gate.providerVersion, platform());
}

/**
 * The gate with Terraform told to run the mirror's provider binary where it lies
 * (`dev_overrides` in its CLI configuration, Terraform's documented way to use a
 * provider build without installing it). The binary is the same; what goes is
 * the checksum of its 700 MB that `init` and every `plan`, `show` and `apply`
 * compute against the lock file, about half a second of CPU per command.
 * Checksums and lock files are what a pipeline's `init` checks, not what the
 * gate tests; `scripts/package-check` still installs from the mirror with a lock
 * file. Terraform warns that overrides are in effect: `isOverrideWarning`.
 */
export function directProvider(gate: ReadyGate): ReadyGate {
  const cliConfig = join(tmpdir(), `dynamodb-isolation-terraformrc-direct-${gate.providerVersion}`);
  const text = [
    "disable_checkpoint = true",
    "provider_installation {",
    "  dev_overrides {",
    `    "hashicorp/aws" = ${JSON.stringify(providerBinaryDir(gate))}`,
    "  }",
    "  direct {}",
    "}",
    "",
  ].join("\n");
  if (!existsSync(cliConfig) || readFileSync(cliConfig, "utf8") !== text) {
    const partial = `${cliConfig}.${process.pid}`;
    writeFileSync(partial, text);
    renameSync(partial, cliConfig);
  }
  return { ...gate, cliConfig };
}

/** Terraform's warning that `directProvider`'s override is in effect: expected, and nothing else. */
export const isOverrideWarning = (d: { severity: string; summary: string }): boolean =>
  d.severity === "warning" && d.summary === "Provider development overrides are in effect";

/** Runs Terraform asynchronously, so the loopback stand-in in this process keeps answering. */
export function exec(
  gate: ReadyGate,
  args: string[],
  cwd: string,
  awsUrl?: string,
  extraEnv: Record<string, string> = {},
): Promise<Execution> {
  const config: Record<string, string> = gate.cliConfig ? { TF_CLI_CONFIG_FILE: gate.cliConfig } : {};
  return new Promise((resolve) => {
    execFile(
      gate.terraform,
      args,
      { cwd, env: terraformEnv({ ...GATE_ENV, ...config, ...extraEnv }, awsUrl), maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Like `exec`, but a non-zero exit is an error carrying Terraform's output. */
export async function run(
  gate: ReadyGate,
  args: string[],
  cwd: string,
  awsUrl?: string,
  extraEnv: Record<string, string> = {},
): Promise<string> {
  const result = await exec(gate, args, cwd, awsUrl, extraEnv);
  if (result.code !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A provider process Terraform commands attach to instead of starting their own. */
export interface ProviderServer {
  /** `TF_REATTACH_PROVIDERS` for Terraform's environment. */
  readonly env: Record<string, string>;
  stop(): void;
}

/**
 * Starts the mirror's provider once, in its debug mode, and returns the
 * address Terraform attaches to (`TF_REATTACH_PROVIDERS`): a command then
 * neither verifies the 700 MB package nor starts it again. Only safe where
 * at most one provider configuration is configured in it: `terraform show`
 * (schema only) and plans of roots with a single provider configuration.
 */
export async function startProviderServer(gate: ReadyGate, awsUrl: string): Promise<ProviderServer> {
  const dir = providerBinaryDir(gate);
  const binary = join(
    dir,
    readdirSync(dir).find((f) => f.startsWith("terraform-provider-aws"))!,
  );
  // Unmanaged, the provider logs every call to stderr (about 5 MB per gate run), which only costs CPU here.
  const quiet = { TF_LOG: "off", TF_LOG_PROVIDER: "off", TF_LOG_SDK: "off" };
  const child = spawn(binary, ["-debug"], { env: terraformEnv({ ...GATE_ENV, ...quiet }, awsUrl), stdio: ["ignore", "pipe", "pipe"] });
  // Drained, or the provider blocks once a pipe buffer fills.
  child.stderr.on("data", () => undefined);
  const reattach = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.on("exit", (code) => reject(new Error(`provider exited (${code}) before it was ready: ${out}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(out);
      if (match) resolve(match[1]);
    });
  });
  child.removeAllListeners("exit");
  child.stdout.on("data", () => undefined);
  return { env: { TF_REATTACH_PROVIDERS: reattach }, stop: () => child.kill() };
}
