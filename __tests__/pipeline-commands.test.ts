import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { seedConfig } from "../modules/app";
import { satisfies } from "../scripts/terraform/stacks";
import { synthToDisk } from "../test-support/synth";
import { tempDirs } from "../test-support/temp-dirs";
import { detectGate, platform } from "../test-support/terraform/cli";

/** `npm run validate` and `npm run lock`, as the README and docs/pipelines.md print them. */
const ROOT = join(__dirname, "..");
const dirs = tempDirs();
afterAll(dirs.remove);

const gate = detectGate();
if (!gate.ok) console.warn(`\n\n*** PIPELINE COMMAND TESTS SKIPPED: ${gate.reason} ***\n\n`);
const withMirror = gate.ok ? test : test.skip;

function npmRun(script: string, env: Record<string, string>, args: string[] = []): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, ["-r", "./scripts/register-ts.cjs", `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

test("version constraints read as Terraform reads them", () => {
  expect(satisfies("6.25.0", ">= 6.25.0, < 7.0.0")).toBe(true);
  expect(satisfies("5.100.0", ">= 6.25.0, < 7.0.0")).toBe(false);
  expect(satisfies("7.0.0", ">= 6.25.0, < 7.0.0")).toBe(false);
  expect(satisfies("6.99.1", "~> 6.25")).toBe(true);
  expect(satisfies("7.0.0", "~> 6.25")).toBe(false);
  expect(satisfies("6.25.9", "~> 6.25.1")).toBe(true);
  expect(satisfies("6.26.0", "~> 6.25.1")).toBe(false);
  expect(satisfies("6.25.0", "6.25.0")).toBe(true);
  expect(satisfies("6.25.0", "!= 6.25.0")).toBe(false);
  expect(satisfies("1.0.0", "")).toBe(true);
  expect(() => satisfies("1.0.0", ">= banana")).toThrow(/cannot read the version constraint/);
});

test("both commands say to synthesize first when there is nothing to check", () => {
  const empty = dirs.make("no-stacks-");
  for (const script of ["validate", "lock"]) {
    const { status, out } = npmRun(script, { CDKTF_OUTDIR: empty });
    expect(status).toBe(1);
    expect(out).toMatch(/no synthesized stack under .*: run `npx cdktf synth` first/);
  }
});

describe("with a provider mirror (TF_PLUGIN_DIR)", () => {
  withMirror(
    "validate passes the seed stack and names the stack, file and line of an error",
    () => {
      if (!gate.ok) return;
      const outdir = synthToDisk(seedConfig());
      const good = npmRun("validate", { CDKTF_OUTDIR: outdir, TF_PLUGIN_DIR: gate.pluginDir });
      expect(good.out).toContain("book-collection: valid");
      expect(good.status).toBe(0);
      const file = join(outdir, "stacks", "book-collection", "cdk.tf.json");
      const tf = JSON.parse(readFileSync(file, "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
      Object.values(tf.resource.aws_dynamodb_table)[0].no_such_argument = true;
      writeFileSync(file, JSON.stringify(tf, null, 2));
      const bad = npmRun("validate", { CDKTF_OUTDIR: outdir, TF_PLUGIN_DIR: gate.pluginDir });
      expect(bad.status).toBe(1);
      expect(bad.out).toMatch(/book-collection: error: Extraneous JSON object property \(cdk\.tf\.json:\d+\)/);
      expect(bad.out).toContain('No argument or block type is named "no_such_argument"');
    },
    120_000,
  );

  withMirror(
    "lock refuses a mirror whose version the stacks' range does not admit, and writes nothing",
    () => {
      if (!gate.ok) return;
      const outdir = synthToDisk(seedConfig());
      const constraint = ">= 6.25.0, < 7.0.0";
      expect(satisfies(gate.providerVersion, constraint)).toBe(false); // this machine's mirror predates the range
      const locks = join(ROOT, "locks");
      const existed = existsSync(locks);
      const { status, out } = npmRun("lock", { CDKTF_OUTDIR: outdir, TF_PLUGIN_DIR: gate.pluginDir });
      expect(status).toBe(1);
      expect(out).toContain(`outside the stack's '${constraint}', so \`terraform init\` would refuse a lock file for it`);
      expect(existsSync(locks)).toBe(existed);
    },
    60_000,
  );

  withMirror(
    "lock writes each stack's lock file from the mirror for the platforms it holds",
    () => {
      if (!gate.ok) return;
      const outdir = dirs.make("lock-");
      const stack = join(outdir, "stacks", "in-range");
      mkdirSync(stack, { recursive: true });
      const version = `>= ${gate.providerVersion}, < 7.0.0`;
      writeFileSync(
        join(stack, "cdk.tf.json"),
        JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } } }),
      );
      const { status, out } = npmRun("lock", { CDKTF_OUTDIR: outdir, TF_PLUGIN_DIR: gate.pluginDir }, [platform(), "plan9_mips"]);
      try {
        expect(out).toContain("not in the mirror, so not locked: plan9_mips");
        expect(status).toBe(0);
        const lock = readFileSync(join(ROOT, "locks", "in-range.terraform.lock.hcl"), "utf8");
        expect(lock).toContain(`version     = "${gate.providerVersion}"`);
        expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]+"/);
      } finally {
        spawnSync("rm", ["-f", join(ROOT, "locks", "in-range.terraform.lock.hcl")]);
        spawnSync("rmdir", [join(ROOT, "locks")]);
      }
    },
    60_000,
  );
});
