// npm run validate: `terraform validate` of every synthesized stack (cdktf.out/stacks/*, or
// CDKTF_OUTDIR's), with no AWS credentials: for pull-request pipelines. Each stack is initialised
// without its backend. With TF_PLUGIN_DIR, providers come from that mirror and nothing is
// downloaded; a stack whose version range the mirror's provider does not meet is validated in a
// copy with the range set to the mirror's version (and arguments newer than that provider
// removed), and each such change is printed.
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { TerraformJson, writeBatchRoot } from "../test-support/terraform/batch-root";
import {
  Mirror,
  namedMirror,
  runScript,
  runTerraform,
  satisfies,
  shownDir,
  SynthesizedStack,
  synthesizedStacks,
  TERRAFORM,
} from "./terraform/stacks";

const ROOT = join(__dirname, "..");

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

function report(where: string, diagnostics: readonly Diagnostic[]): number {
  let errors = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    const at = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
    console.log(`${where}: ${d.severity}: ${d.summary}${at}${d.detail ? `\n  ${d.detail.replace(/\n/g, "\n  ")}` : ""}`);
  }
  return errors;
}

/** Each stack in its own directory, providers from the registry (or the CLI configuration's mirrors). */
function validateInPlace(stacks: readonly SynthesizedStack[]): number {
  let failed = 0;
  for (const stack of stacks) {
    const where = shownDir(ROOT, stack.dir);
    const init = runTerraform(["init", "-backend=false", "-input=false", "-no-color"], stack.dir);
    if (init.code !== 0) {
      console.log(`${where}: terraform init failed:\n${init.stdout}${init.stderr}`);
      failed++;
      continue;
    }
    const result = JSON.parse(runTerraform(["validate", "-json", "-no-color"], stack.dir).stdout) as { diagnostics: Diagnostic[] };
    const errors = report(where, result.diagnostics);
    if (errors) failed++;
    else console.log(`${where}: valid`);
  }
  return failed;
}

/** Every stack as a module of one root initialised from the mirror: one provider schema load for all. */
function validateFromMirror(stacks: readonly SynthesizedStack[], mirror: Mirror): number {
  const work = mkdtempSync(join(tmpdir(), "dynamodb-isolation-validate-"));
  try {
    const version = runTerraform(["version", "-json"]).stdout;
    const gate = {
      ok: true as const,
      terraform: TERRAFORM,
      terraformVersion: (JSON.parse(version) as { terraform_version: string }).terraform_version,
      pluginDir: mirror.dir,
      providerVersion: mirror.version,
    };
    const moduleOf = new Map<string, SynthesizedStack>();
    for (const stack of stacks) {
      let name = `s_${stack.name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
      while (moduleOf.has(name)) name += "_";
      moduleOf.set(name, stack);
      if (!satisfies(mirror.version, stack.constraint)) {
        console.log(
          `${shownDir(ROOT, stack.dir)}: the mirror's hashicorp/aws ${mirror.version} is outside the stack's '${stack.constraint}': ` +
            `validated with the range set to ${mirror.version} (a pipeline with the registry validates the real range)`,
        );
      }
    }
    const root = writeBatchRoot(
      gate,
      work,
      [...moduleOf].map(([name, stack]) => ({
        name,
        stack: JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8")) as TerraformJson,
      })),
    );
    for (const [name, removed] of Object.entries(root.removed)) {
      for (const r of removed)
        console.log(`${shownDir(ROOT, moduleOf.get(name)!.dir)}: removed ${r}, which provider ${mirror.version} does not know`);
    }
    const init = runTerraform(["init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${mirror.dir}`], work);
    if (init.code !== 0) throw new Error(`terraform init from ${mirror.dir} failed:\n${init.stdout}${init.stderr}`);
    const result = JSON.parse(runTerraform(["validate", "-json", "-no-color"], work).stdout) as { diagnostics: Diagnostic[] };
    const failed = new Set<string>();
    for (const d of result.diagnostics) {
      const module = d.range?.filename.split("/")[0] ?? "";
      const stack = moduleOf.get(module);
      const where = stack ? shownDir(ROOT, stack.dir) : "validate";
      if (report(where, [{ ...d, range: d.range && { ...d.range, filename: d.range.filename.split("/").slice(1).join("/") } }]))
        failed.add(where);
    }
    for (const stack of stacks) if (!failed.has(shownDir(ROOT, stack.dir))) console.log(`${shownDir(ROOT, stack.dir)}: valid`);
    return failed.size;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): number {
  const stacks = synthesizedStacks(ROOT);
  const mirror = namedMirror();
  if (mirror) console.log(`providers from TF_PLUGIN_DIR=${mirror.dir} (hashicorp/aws ${mirror.version})`);
  const failed = mirror ? validateFromMirror(stacks, mirror) : validateInPlace(stacks);
  console.log(failed ? `${failed} of ${stacks.length} stacks invalid` : `${stacks.length} stack${stacks.length === 1 ? "" : "s"} valid`);
  return failed ? 1 : 0;
}

if (require.main === module) runScript("validate", main);
