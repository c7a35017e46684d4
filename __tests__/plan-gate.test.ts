import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/config";
import { registerArticleResources } from "../test-support/article-resources";
import { OfflineAws, startOfflineAws } from "../test-support/offline-aws";
import { NEWER_THAN_MIRROR, PlanResult, ValidateResult, compareVersions, detectGate, planStack, validateStacks } from "../test-support/terraform-gate";
import { TerraformJson, addressesOf, stackDir, synthToDisk } from "../test-support/synth";

/**
 * Every example config goes through the real Terraform CLI and the real
 * hashicorp/aws provider from the offline mirror: init, validate, and
 * plan -refresh=false. The mirror's provider version may differ from the
 * one the bindings pin; the gate relaxes the version constraint in its
 * temporary copies only (see offlineCopy in test-support/terraform-gate.ts).
 */
const gate = detectGate();
if (!gate.ok) {
  // Loud on purpose: these tests are reported as skipped, never as passed.
  console.warn(`\n\n*** REAL-PROVIDER PLAN GATE SKIPPED: ${gate.reason} ***\n\n`);
}
const gateTest = gate.ok ? test : test.skip;

// Arguments the mirror's provider predates are removed from the gate's copies,
// so the gate cannot vouch for them: each is reported as a skipped check.
const uncheckable = gate.ok ? NEWER_THAN_MIRROR.filter((n) => compareVersions(gate.providerVersion, n.since) < 0) : [];
if (gate.ok && uncheckable.length) {
  console.warn(`\n*** PLAN GATE: provider ${gate.providerVersion} in the mirror predates ${uncheckable.map((n) => `${n.type}.${n.block}.${n.attribute}`).join(", ")}; removed from the gate's copies, reported as skipped ***\n`);
}

const EXAMPLES_DIR = join(__dirname, "..", "examples");
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".json")).sort();

/** Plans run this many at a time: each is a CPU-bound Terraform and provider process. */
const CONCURRENCY = Number(process.env.PLAN_GATE_CONCURRENCY ?? 2);

interface Checked {
  readonly synthesized: TerraformJson;
  readonly validate: ValidateResult;
  readonly plan: PlanResult;
}

/** Addresses the stack adopts with import blocks, as Terraform addresses. */
function importedAddresses(tf: TerraformJson): string[] {
  return (tf.import ?? []).map((block) => String(block.to)).sort();
}

describe("real-provider plan gate", () => {
  let aws: OfflineAws;
  /** Per example, per stack name. */
  const checked = new Map<string, Promise<Record<string, Checked>>>();

  beforeAll(async () => {
    aws = await startOfflineAws();
    // examples/import.json adopts what the article created by hand.
    registerArticleResources(aws);
    if (!gate.ok) return;

    // Synthesize each example once, as `cdktf synth` would, and read the JSON back from disk.
    const stackDirs: Record<string, string> = {};
    const synthesized: Record<string, TerraformJson> = {};
    for (const example of EXAMPLES) {
      const config = parseConfig(readFileSync(join(EXAMPLES_DIR, example), "utf8"), example);
      const outdir = synthToDisk(config);
      for (const name of Object.keys(config.stacks)) {
        stackDirs[`${example}/${name}`] = stackDir(outdir, name);
        synthesized[`${example}/${name}`] = JSON.parse(readFileSync(join(stackDir(outdir, name), "cdk.tf.json"), "utf8")) as TerraformJson;
      }
    }

    // One validate for every stack, then the plans, a few at a time.
    const validated = validateStacks(gate, stackDirs, aws);
    const queue = Object.keys(stackDirs).map((key) => {
      let start!: () => void;
      const started = new Promise<void>((resolve) => (start = resolve));
      const result = started.then(() => planStack(gate, stackDirs[key], aws));
      return { key, start, result };
    });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queue.length) {
        const job = queue[next++];
        job.start();
        await job.result.catch(() => undefined);
      }
    };
    void Promise.all(Array.from({ length: CONCURRENCY }, worker));

    for (const example of EXAMPLES) {
      const jobs = queue.filter((j) => j.key.startsWith(`${example}/`));
      const done = Promise.all([validated, ...jobs.map((j) => j.result)]).then(([validations, ...plans]) =>
        Object.fromEntries(
          jobs.map((j, i) => [j.key.slice(example.length + 1), { synthesized: synthesized[j.key], validate: validations[j.key], plan: plans[i] as PlanResult }]),
        ),
      );
      // Awaited by the example's test; the no-op handler only keeps an early failure from counting as unhandled.
      done.catch(() => undefined);
      checked.set(example, done);
    }
  });

  afterAll(async () => {
    await aws?.close();
  });

  test("covers every example config", () => {
    expect(EXAMPLES).toEqual(["default.json", "existing-vpc.json", "global-tables.json", "grants.json", "import.json", "s3-backend.json"]);
  });

  for (const n of uncheckable) {
    test.skip(`${n.type} ${n.block}.${n.attribute} (needs provider ${n.since}; the mirror has ${gate.ok ? gate.providerVersion : "none"})`, () => undefined);
  }

  gateTest.each(EXAMPLES)("examples/%s validates and plans with zero errors and zero deletes", async (example) => {
    for (const { synthesized, validate, plan } of Object.values(await checked.get(example)!)) {
      // Only the arguments listed as newer than the mirror are ever removed.
      for (const removed of [...plan.removed, ...validate.removed]) {
        expect(uncheckable.some((n) => removed.includes(`.${n.block}[`) && removed.includes(`].${n.attribute} `))).toBe(true);
      }
      expect(validate.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      // Terraform's own verdict on all stacks validated together.
      expect([validate.valid, validate.errorCount]).toEqual([true, 0]);
      // Every synthesized resource is planned; nothing is deleted or replaced.
      expect(plan.changes.map((c) => c.address).sort()).toEqual(addressesOf(synthesized));
      expect(plan.changes.filter((c) => ["delete", "replace"].includes(c.action))).toEqual([]);
      // Adopted resources are imported (and fixed in place); everything else is created.
      const imported = importedAddresses(synthesized);
      expect(plan.changes.filter((c) => c.importing).map((c) => c.address).sort()).toEqual(imported);
      const unexpectedActions = plan.changes.filter((c) =>
        imported.includes(c.address) ? !["update", "import", "noop"].includes(c.action) : c.action !== "create",
      );
      expect(unexpectedActions).toEqual([]);
      expect(plan.summary).toMatch(/^Plan: .*0 to destroy\.$/);
    }
  }, 180_000);

  gateTest("no plan called an AWS API the loopback stand-in does not answer", async () => {
    await Promise.allSettled([...checked.values()]);
    expect(aws.calls.length).toBeGreaterThan(0);
    expect(aws.unexpected).toEqual([]);
  }, 180_000);
});
