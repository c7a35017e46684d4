import { execFile, execFileSync, spawn } from "child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import { OfflineAws } from "./offline-aws";

/**
 * The real-provider plan gate: a synthesized stack goes through
 * `terraform init` against an offline filesystem mirror of hashicorp/aws,
 * `terraform validate` and `terraform plan -refresh=false`, with dummy
 * credentials and every AWS endpoint pointed at a loopback stand-in.
 */

export type Gate =
  | { readonly ok: true; readonly terraform: string; readonly terraformVersion: string; readonly pluginDir: string; readonly providerVersion: string }
  | { readonly ok: false; readonly reason: string };

const PROVIDER_PATH = ["registry.terraform.io", "hashicorp", "aws"];

function platform(): string {
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
    if (entry === "node_modules" || entry.startsWith(".") && entry !== ".terraform.d") continue;
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
  cached = "reason" in mirror ? { ok: false, reason: mirror.reason } : { ok: true, terraform, terraformVersion, pluginDir: mirror.dir, providerVersion: mirror.version };
  return cached;
}

/** An environment with no real credentials, no metadata service and no telemetry. */
export function terraformEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
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
    NO_PROXY: "127.0.0.1,localhost",
    ...extra,
  };
}

interface TerraformJson {
  terraform?: { required_providers?: Record<string, { source?: string; version?: string }>; backend?: unknown };
  provider?: Record<string, Array<Record<string, unknown>>>;
  [key: string]: unknown;
}

/** Services the module's resources and data sources talk to. */
const ENDPOINT_KEYS = ["applicationautoscaling", "dynamodb", "ec2", "iam", "kms", "logs", "sts"];

/**
 * Arguments the bindings' provider (6.25.0) has and an older mirror's may
 * not. The gate can only check what its provider knows, so with an older
 * mirror it removes these from its copy and reports each removal; unit tests
 * assert they are synthesized.
 */
export const NEWER_THAN_MIRROR: ReadonlyArray<{ type: string; block: string; attribute: string; since: string }> = [
  { type: "aws_dynamodb_table", block: "replica", attribute: "deletion_protection_enabled", since: "6.25.0" },
];

/**
 * Rewrites a temporary copy of a stack for the offline run. The synthesized
 * files themselves are never changed.
 *
 * - The mirror may hold another provider version than the bindings pin
 *   (for example 5.100.0 against 6.25.0), so the version constraint is
 *   relaxed to the mirror's version in this copy only.
 * - Every aws provider block gets dummy credentials, the provider's skip_*
 *   settings and all endpoints on the loopback stand-in.
 * - A remote backend is replaced by local state in the temporary directory:
 *   the gate checks the configuration, not a bucket.
 */
export function offlineCopy(stack: TerraformJson, providerVersion: string, awsUrl: string, removed: string[] = []): TerraformJson {
  const copy = JSON.parse(JSON.stringify(stack)) as TerraformJson;
  for (const newer of NEWER_THAN_MIRROR) {
    if (compareVersions(providerVersion, newer.since) >= 0) continue;
    const resources = (copy.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.[newer.type] ?? {};
    for (const [name, body] of Object.entries(resources)) {
      ((body[newer.block] as Array<Record<string, unknown>> | undefined) ?? []).forEach((block, i) => {
        if (newer.attribute in block) {
          delete block[newer.attribute];
          removed.push(`${newer.type}.${name}.${newer.block}[${i}].${newer.attribute} (provider ${providerVersion} predates it)`);
        }
      });
    }
  }
  const required = copy.terraform?.required_providers?.aws;
  if (required) required.version = providerVersion;
  if (copy.terraform?.backend) delete copy.terraform.backend;
  for (const block of copy.provider?.aws ?? []) {
    Object.assign(block, {
      access_key: "AKIAOFFLINEGATE00000",
      secret_key: "offline-gate-not-a-secret",
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      endpoints: [Object.fromEntries(ENDPOINT_KEYS.map((k) => [k, awsUrl]))],
    });
  }
  return copy;
}

export interface PlannedChange {
  readonly address: string;
  /** Terraform's word for it: create, update, replace, delete, import, noop. */
  readonly action: string;
  /** Set when an import block adopts the resource. */
  readonly importing: boolean;
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { filename: string };
}

export interface ValidateResult {
  /** Terraform's own verdict on the whole validated configuration. */
  readonly valid: boolean;
  readonly errorCount: number;
  /** Errors and warnings about this stack's files. */
  readonly diagnostics: Diagnostic[];
  /** Arguments the mirror's older provider does not know, removed from the copy. */
  readonly removed: string[];
}

export interface PlanResult {
  readonly changes: PlannedChange[];
  /** The plan's own summary line, e.g. "Plan: 12 to add, 0 to change, 0 to destroy." */
  readonly summary: string;
  /** Arguments the mirror's older provider does not know, removed from the gate's copy. */
  readonly removed: string[];
}

/**
 * The provider spends most of each command building its schema; a lazier
 * garbage collector saves about a quarter of that time (measured on 2 cores).
 */
const GATE_ENV = { GOGC: "400" };

function exec(gate: Extract<Gate, { ok: true }>, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(gate.terraform, args, { cwd, env: terraformEnv({ ...GATE_ENV, ...extraEnv }), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function run(gate: Extract<Gate, { ok: true }>, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<string> {
  const result = await exec(gate, args, cwd, extraEnv);
  if (result.code !== 0) throw new Error(`terraform ${args[0]} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

interface UiMessage {
  type: string;
  "@message": string;
  change?: { action: string; importing?: unknown; resource: { addr: string } };
}

/**
 * Starts the mirror's provider once in its debug mode and hands Terraform
 * its address (TF_REATTACH_PROVIDERS), so a command talks to this process
 * instead of starting the 700 MB binary again for every provider instance.
 * Only safe where the provider is configured at most once: validation (no
 * configuration at all) and plans of stacks with a single aws provider.
 */
async function startProvider(gate: Extract<Gate, { ok: true }>): Promise<{ env: Record<string, string>; stop: () => void }> {
  const dir = join(gate.pluginDir, ...PROVIDER_PATH, gate.providerVersion, platform());
  const binary = join(dir, readdirSync(dir).find((f) => f.startsWith("terraform-provider-aws"))!);
  const child = spawn(binary, ["-debug"], { env: terraformEnv(GATE_ENV), stdio: ["ignore", "pipe", "pipe"] });
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
  return { env: { TF_REATTACH_PROVIDERS: reattach }, stop: () => child.kill() };
}

let sharedInit: Promise<string> | undefined;

/**
 * One `terraform init` for the whole gate: every stack needs only
 * hashicorp/aws, so each working directory links to this one's `.terraform`
 * and copies its lock file instead of initialising again.
 */
function initOnce(gate: Extract<Gate, { ok: true }>): Promise<string> {
  sharedInit ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "isolation-gate-init-"));
    const config = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version: gate.providerVersion } } } };
    writeFileSync(join(dir, "providers.tf.json"), JSON.stringify(config));
    await run(gate, ["init", "-input=false", "-no-color", `-plugin-dir=${gate.pluginDir}`], dir);
    return dir;
  })();
  return sharedInit;
}

/** A working directory with an offline copy of the stack, sharing the one init. */
async function offlineWorkDir(gate: Extract<Gate, { ok: true }>, stackDir: string, aws: OfflineAws, removed: string[]): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), "isolation-gate-"));
  const copy = offlineCopy(JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as TerraformJson, gate.providerVersion, aws.url, removed);
  writeFileSync(join(work, "cdk.tf.json"), JSON.stringify(copy, null, 1));
  const shared = await initOnce(gate);
  symlinkSync(join(shared, ".terraform"), join(work, ".terraform"), "dir");
  copyFileSync(join(shared, ".terraform.lock.hcl"), join(work, ".terraform.lock.hcl"));
  return work;
}

/**
 * `terraform validate` for many stacks in one Terraform process. Loading the
 * provider's schema costs about three seconds per command, so the stacks
 * are validated together as child modules of one root, and each
 * diagnostic is given back to the stack whose file it names. Import blocks
 * may only sit in a root module: they are left out here and checked by each
 * stack's own plan, which validates the whole stack again on its own.
 */
export async function validateStacks(gate: Extract<Gate, { ok: true }>, stackDirs: Record<string, string>, aws: OfflineAws): Promise<Record<string, ValidateResult>> {
  const root = mkdtempSync(join(tmpdir(), "isolation-gate-validate-"));
  try {
    const names = Object.keys(stackDirs);
    const modules: Record<string, { source: string }> = {};
    const removed: Record<string, string[]> = {};
    for (const [i, name] of names.entries()) {
      const dir = join(root, `stack${i}`);
      removed[name] = [];
      const copy = offlineCopy(JSON.parse(readFileSync(join(stackDirs[name], "cdk.tf.json"), "utf8")) as TerraformJson, gate.providerVersion, aws.url, removed[name]);
      delete copy.import;
      mkdirSync(dir);
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(copy, null, 1));
      modules[`stack${i}`] = { source: `./stack${i}` };
    }
    writeFileSync(join(root, "main.tf.json"), JSON.stringify({ module: modules }));
    await run(gate, ["init", "-input=false", "-no-color", "-backend=false", `-plugin-dir=${gate.pluginDir}`], root);
    const provider = await startProvider(gate);
    // validate exits non-zero when the configuration is invalid but still prints its JSON on stdout.
    const result = await exec(gate, ["validate", "-json", "-no-color"], root, provider.env).finally(provider.stop);
    const report = JSON.parse(result.stdout) as { valid: boolean; error_count: number; diagnostics: Diagnostic[] };
    return Object.fromEntries(
      names.map((name, i) => [
        name,
        {
          valid: report.valid,
          errorCount: report.error_count,
          // A diagnostic with no file concerns the whole run, so every stack gets it.
          diagnostics: report.diagnostics.filter((d) => !d.range || d.range.filename.startsWith(`stack${i}/`)),
          removed: removed[name],
        },
      ]),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `terraform plan -refresh=false` on an offline copy of `stackDir`. Uses async
 * child processes so the loopback stand-in in this process keeps answering.
 * The plan's machine-readable stream (`-json`) gives each planned change,
 * so no separate `terraform show` is needed.
 */
export async function planStack(gate: Extract<Gate, { ok: true }>, stackDir: string, aws: OfflineAws): Promise<PlanResult> {
  const removed: string[] = [];
  const work = await offlineWorkDir(gate, stackDir, aws, removed);
  const stack = JSON.parse(readFileSync(join(work, "cdk.tf.json"), "utf8")) as TerraformJson;
  // Several provider configurations (replica regions) need one provider process each.
  const provider = (stack.provider?.aws ?? []).length === 1 ? await startProvider(gate) : undefined;
  try {
    const stream = await run(gate, ["plan", "-refresh=false", "-input=false", "-lock=false", "-json"], work, provider?.env);
    const messages = stream.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as UiMessage);
    return {
      changes: messages
        .filter((m) => m.type === "planned_change" && m.change)
        .map((m) => ({ address: m.change!.resource.addr, action: m.change!.action, importing: m.change!.importing !== undefined })),
      summary: messages.find((m) => m.type === "change_summary")?.["@message"] ?? "",
      removed,
    };
  } finally {
    provider?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
