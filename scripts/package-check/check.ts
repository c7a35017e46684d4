import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { BatchModule, TerraformJson } from "../../test-support/terraform/batch-root";
import { detectGate } from "../../test-support/terraform/cli";
import { stackDifferences } from "./compare";
import { consumerSchemaProblems } from "./consumer-schema";
import { CDKTF, CDKTN, Framework, checkOneCopy } from "./one-copy";
import { planStacks } from "./plan";

/**
 * The checks on two fresh apps that installed the packed package, one on
 * cdktf and one on CDK Terrain, after each synthesized (run.sh builds them):
 *
 * 1. synth: every stack of the app command and of each doc sample, no error
 *    annotation (what the CLI would refuse);
 * 2. one copy: the library and the app load the same framework files;
 * 3. same output: the two apps' stacks are equal but for the framework version;
 * 4. plan: every stack of both apps through the real Terraform CLI, offline;
 * 5. config $schema: the path docs/configuration.md gives an app exists there and is the schema.
 *
 * Usage: node -r ./scripts/register-ts.cjs scripts/package-check/check.ts <cdktf-app> <cdktn-app> <work-dir>
 * Exits 1 when a check fails; a plan gate that cannot run is reported SKIPPED, never passed.
 */

type Status = "PASSED" | "FAILED" | "SKIPPED";

interface App {
  readonly label: string;
  readonly dir: string;
  readonly framework: Framework;
}

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string; annotations?: Array<{ level: string; message: string; constructPath: string }> }>;
}

const OUTDIR = "cdktf.out";

function log(line: string): void {
  console.log(`package-check: ${line}`);
}

/**
 * The stacks an app synthesized, by name, and the problems its manifests record:
 * the app command's (`cdktf.out`) and each doc sample's (`cdktf.out.readme-<n>`,
 * its stacks named `readme-<n>/<stack>`).
 */
function readStacks(app: App): { stacks: Record<string, TerraformJson>; problems: string[] } {
  const stacks: Record<string, TerraformJson> = {};
  const problems: string[] = [];
  const outdirs = readdirSync(app.dir)
    .filter((d) => d === OUTDIR || d.startsWith(`${OUTDIR}.readme-`))
    .sort();
  for (const outdir of outdirs) {
    const prefix = outdir === OUTDIR ? "" : `${outdir.slice(OUTDIR.length + 1)}/`;
    const manifest = JSON.parse(readFileSync(join(app.dir, outdir, "manifest.json"), "utf8")) as Manifest;
    const names = Object.keys(manifest.stacks);
    if (names.length === 0) problems.push(`${app.label}: ${outdir}/manifest.json lists no stack`);
    for (const name of names) {
      const entry = manifest.stacks[name];
      stacks[`${prefix}${name}`] = JSON.parse(readFileSync(join(app.dir, outdir, entry.synthesizedStackPath), "utf8")) as TerraformJson;
      for (const a of entry.annotations ?? []) {
        const line = `${app.label} ${a.constructPath}: ${a.level} ${a.message}`;
        if (a.level === "ERROR") problems.push(line);
        else log(`  note: ${line}`);
      }
    }
  }
  if (!outdirs.includes(OUTDIR)) problems.push(`${app.label}: the app command wrote no ${OUTDIR}`);
  if (outdirs.length < 2) problems.push(`${app.label}: no doc sample was synthesized`);
  return { stacks, problems };
}

function report(name: string, status: Status, problems: readonly string[], notes: readonly string[] = []): Status {
  log(`${name}: ${status}`);
  for (const note of notes) log(`  ${note}`);
  for (const problem of problems) log(`  FAIL ${problem}`);
  return status;
}

/** A stack with no backend of its own gets a local one under the app's directory: compared relative to the app. */
const relativeToApp = (stack: TerraformJson, dir: string) =>
  JSON.parse(JSON.stringify(stack).split(JSON.stringify(dir).slice(1, -1)).join("<app>")) as TerraformJson;

/** Module name in the batch root: lowercase letters, digits and `_`. */
const moduleName = (label: string, stack: string) => `${label}_${stack}`.replace(/[^A-Za-z0-9]+/g, "_").toLowerCase();

async function main(): Promise<number> {
  const [cdktfDir, cdktnDir, workDir] = process.argv.slice(2);
  if (!cdktfDir || !cdktnDir || !workDir) throw new Error("usage: check.ts <cdktf-app> <cdktn-app> <work-dir>");
  const apps: App[] = [
    { label: "cdktf", dir: cdktfDir, framework: CDKTF },
    { label: "cdktn", dir: cdktnDir, framework: CDKTN },
  ];
  const results: Array<[string, Status]> = [];

  const synthesized = apps.map((app) => readStacks(app));
  results.push([
    "synth",
    report(
      "synth",
      synthesized.some((s) => s.problems.length) ? "FAILED" : "PASSED",
      synthesized.flatMap((s) => s.problems),
      apps.map((app, i) => `${app.label}: ${Object.keys(synthesized[i].stacks).sort().join(", ")}`),
    ),
  ]);

  for (const app of apps) {
    const { problems, notes } = checkOneCopy(app.dir, app.framework);
    results.push([
      `one copy (${app.label})`,
      report(`one copy of the framework (${app.label})`, problems.length ? "FAILED" : "PASSED", problems, notes),
    ]);
  }

  const schemaProblems = apps.flatMap((app) => consumerSchemaProblems(app.label, app.dir));
  results.push([
    "config $schema",
    report("the config's $schema path of docs/configuration.md, in both apps", schemaProblems.length ? "FAILED" : "PASSED", schemaProblems),
  ]);

  const [first, second] = synthesized.map((s) => s.stacks);
  const names = [...new Set([...Object.keys(first), ...Object.keys(second)])].sort();
  const differences: string[] = [];
  const tolerated: string[] = [];
  for (const name of names) {
    if (!first[name] || !second[name]) {
      differences.push(`stack ${name} synthesized by ${first[name] ? "cdktf" : "cdktn"} only`);
      continue;
    }
    const diff = stackDifferences(relativeToApp(first[name], apps[0].dir), relativeToApp(second[name], apps[1].dir));
    differences.push(...diff.differences.map((d) => `${name} ${d}`));
    tolerated.push(...diff.tolerated.map((d) => `${name} ${d} (tolerated: the provider bindings' own version or spelling of the source)`));
  }
  const versions = apps.map(
    (app, i) =>
      `${app.label} ${String((Object.values(synthesized[i].stacks)[0]?.["//"] as { metadata?: { version?: string } } | undefined)?.metadata?.version)}`,
  );
  results.push([
    "same output",
    report("same stacks from cdktf and cdktn (framework version metadata aside)", differences.length ? "FAILED" : "PASSED", differences, [
      `framework versions in the metadata: ${versions.join(", ")}`,
      ...tolerated,
    ]),
  ]);

  const gate = detectGate();
  if (!gate.ok) {
    // Loud on purpose: a check that did not run is never reported as passed.
    console.warn(`\n*** PACKAGE CHECK PLAN GATE SKIPPED: ${gate.reason} ***\n`);
    results.push(["plan", report("terraform plan of both apps", "SKIPPED", [], [gate.reason])]);
  } else {
    const modules: BatchModule[] = apps.flatMap((app, i) =>
      Object.entries(synthesized[i].stacks).map(([stack, json]) => ({ name: moduleName(app.label, stack), stack: json })),
    );
    const started = Date.now();
    const { problems, notes } = await planStacks(gate, join(workDir, "plan"), modules);
    results.push([
      "plan",
      report(
        `terraform plan of both apps (Terraform ${gate.terraformVersion}, hashicorp/aws ${gate.providerVersion} from ${gate.pluginDir})`,
        problems.length ? "FAILED" : "PASSED",
        problems,
        [...notes, `planned in ${((Date.now() - started) / 1000).toFixed(1)} s`],
      ),
    ]);
  }

  log(`summary: ${results.map(([name, status]) => `${name} ${status}`).join("; ")}`);
  return results.some(([, status]) => status === "FAILED") ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`package-check: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  },
);
