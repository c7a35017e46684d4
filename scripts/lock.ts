// npm run lock -- <platform> ...: writes locks/<stack>.terraform.lock.hcl for every synthesized
// stack (cdktf.out/stacks/*, or CDKTF_OUTDIR's) with `terraform providers lock` for the given
// platforms (default linux_amd64 darwin_arm64), so every pipeline and laptop installs the same
// provider build. Commit locks/; a pipeline copies a stack's file into its directory before
// `terraform init -lockfile=readonly`. With TF_PLUGIN_DIR the checksums come from that mirror,
// for the platforms it holds. A mirror whose provider is outside a stack's version range cannot
// give it a usable lock file (init would refuse it), so that is an error, unless
// LOCK_MIRROR_VERSION_ANYWAY=1 asks for one at the mirror's version, for checking the command
// itself offline (the docs' command runner does); such a file is refused by the stack's init.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Mirror, namedMirror, runScript, runTerraform, satisfies, shownDir, SynthesizedStack, synthesizedStacks } from "./terraform/stacks";

const ROOT = join(__dirname, "..");
const DEFAULT_PLATFORMS = ["linux_amd64", "darwin_arm64"];
const PLATFORM = /^[a-z0-9]+_[a-z0-9]+$/;

/** The directory `providers lock` runs in: the stack's own, or a copy with the range set to the mirror's version. */
function lockDir(stack: SynthesizedStack, mirror: Mirror | undefined, work: string): string {
  if (!mirror || satisfies(mirror.version, stack.constraint)) return stack.dir;
  const outside = `${shownDir(ROOT, stack.dir)}: the mirror's hashicorp/aws ${mirror.version} is outside the stack's '${stack.constraint}'`;
  if (process.env.LOCK_MIRROR_VERSION_ANYWAY !== "1") {
    throw new Error(
      `${outside}, so \`terraform init\` would refuse a lock file for it. Use a mirror holding a version in that range, or run without TF_PLUGIN_DIR to lock from the registry.`,
    );
  }
  console.log(`*** ${outside}: locked at ${mirror.version} as LOCK_MIRROR_VERSION_ANYWAY asks; the stack's init refuses this file. ***`);
  const dir = join(work, stack.name);
  mkdirSync(dir, { recursive: true });
  const tf = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8")) as {
    terraform: { required_providers: { aws: { version: string } } };
  };
  tf.terraform.required_providers.aws.version = mirror.version;
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(tf));
  return dir;
}

function main(args: readonly string[]): number {
  const asked = args.map((a) => a.replace(/^-platform=/, ""));
  const bad = asked.filter((p) => !PLATFORM.test(p));
  if (bad.length)
    throw new Error(`platforms are Terraform's <os>_<arch> names (linux_amd64, darwin_arm64, windows_amd64, ...), got ${bad.join(", ")}`);
  const stacks = synthesizedStacks(ROOT);
  const mirror = namedMirror();
  let platforms = asked.length ? asked : DEFAULT_PLATFORMS;
  if (mirror) {
    const missing = platforms.filter((p) => !mirror.platforms.includes(p));
    platforms = platforms.filter((p) => mirror.platforms.includes(p));
    console.log(`checksums from TF_PLUGIN_DIR=${mirror.dir} (hashicorp/aws ${mirror.version}, ${mirror.platforms.join(", ")})`);
    if (missing.length) console.log(`*** not in the mirror, so not locked: ${missing.join(", ")} ***`);
    if (!platforms.length) throw new Error(`the mirror holds none of the platforms asked for`);
  }
  const work = mkdtempSync(join(tmpdir(), "dynamodb-isolation-lock-"));
  try {
    // Every stack is judged before any lock file is written.
    const dirs = stacks.map((stack) => lockDir(stack, mirror, work));
    mkdirSync(join(ROOT, "locks"), { recursive: true });
    for (const [i, stack] of stacks.entries()) {
      const dir = dirs[i];
      const source = mirror ? [`-fs-mirror=${mirror.dir}`] : [];
      const result = runTerraform(["providers", "lock", "-no-color", ...source, ...platforms.map((p) => `-platform=${p}`)], dir);
      if (result.code !== 0)
        throw new Error(`${shownDir(ROOT, stack.dir)}: terraform providers lock failed:\n${result.stdout}${result.stderr}`);
      const target = join(ROOT, "locks", `${stack.name}.terraform.lock.hcl`);
      copyFileSync(join(dir, ".terraform.lock.hcl"), target);
      console.log(`${shownDir(ROOT, target)}: hashicorp/aws for ${platforms.join(", ")}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

if (require.main === module) runScript("lock", () => main(process.argv.slice(2)));
