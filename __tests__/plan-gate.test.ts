import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/config";
import { registerArticleResources } from "../test-support/article-resources";
import { OfflineAws, startOfflineAws } from "../test-support/offline-aws";
import { PlanResult, detectGate, planStack } from "../test-support/terraform-gate";
import { TerraformJson, addressesOf, stackDir, synthConfig, synthToDisk } from "../test-support/synth";

/**
 * Every example config goes through the real Terraform CLI and the real
 * hashicorp/aws provider from the offline mirror: init, validate, and
 * plan -refresh=false. The mirror's provider version may differ from the
 * one the bindings pin; the gate relaxes the version constraint in its
 * temporary copy only (see offlineCopy in test-support/terraform-gate.ts).
 */
const gate = detectGate();
if (!gate.ok) {
  // Loud on purpose: these tests are reported as skipped, never as passed.
  console.warn(`\n\n*** REAL-PROVIDER PLAN GATE SKIPPED: ${gate.reason} ***\n\n`);
}
const gateTest = gate.ok ? test : test.skip;

const EXAMPLES_DIR = join(__dirname, "..", "examples");
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".json")).sort();

/** Addresses the stack adopts with import blocks, as Terraform addresses. */
function importedAddresses(tf: TerraformJson): string[] {
  return (tf.import ?? []).map((block) => String(block.to)).sort();
}

/** Plans run this many at a time: each is one CPU-bound provider process. */
const CONCURRENCY = Number(process.env.PLAN_GATE_CONCURRENCY ?? 2);

interface Planned {
  readonly synthesized: Record<string, TerraformJson>;
  readonly results: Record<string, PlanResult>;
}

describe("real-provider plan gate", () => {
  let aws: OfflineAws;
  const planned = new Map<string, Promise<Planned>>();

  beforeAll(async () => {
    aws = await startOfflineAws();
    // examples/import.json adopts what the article created by hand.
    registerArticleResources(aws);
    if (!gate.ok) return;
    // Start every stack now, a few at a time; each test awaits its own example.
    const queue: Array<() => Promise<void>> = [];
    for (const example of EXAMPLES) {
      const file = join(EXAMPLES_DIR, example);
      const config = parseConfig(readFileSync(file, "utf8"), file);
      const outdir = synthToDisk(config);
      const results: Record<string, PlanResult> = {};
      const stacks = Object.keys(config.stacks).map(
        (name) =>
          new Promise<void>((resolve, reject) =>
            queue.push(() => planStack(gate, stackDir(outdir, name), aws).then((r) => void (results[name] = r)).then(resolve, reject)),
          ),
      );
      const done = Promise.all(stacks).then(() => ({ synthesized: synthConfig(config), results }));
      // Awaited by the example's test; the no-op handler only keeps an early failure from counting as unhandled.
      done.catch(() => undefined);
      planned.set(example, done);
    }
    const worker = async (): Promise<void> => {
      for (let job = queue.shift(); job; job = queue.shift()) await job().catch(() => undefined);
    };
    void Promise.all(Array.from({ length: CONCURRENCY }, worker));
  });
  afterAll(async () => {
    await aws?.close();
  });

  test("covers every example config", () => {
    expect(EXAMPLES).toEqual(["default.json", "existing-vpc.json", "global-tables.json", "grants.json", "import.json", "s3-backend.json"]);
  });

  gateTest.each(EXAMPLES)("examples/%s validates and plans with zero errors and zero deletes", async (example) => {
    if (!gate.ok) throw new Error("unreachable: gate is skipped");
    const { synthesized, results } = await planned.get(example)!;
    for (const [name, result] of Object.entries(results)) {
      if (result.removed.length) {
        console.warn(`plan gate, ${example} ${name}: not checked by provider ${gate.providerVersion}:\n  ${result.removed.join("\n  ")}`);
      }
      expect(result.validate.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.validate.valid).toBe(true);
      // Every synthesized resource is planned; nothing is deleted or replaced.
      expect(result.changes.map((c) => c.address).sort()).toEqual(addressesOf(synthesized[name]));
      expect(result.changes.filter((c) => ["delete", "replace"].includes(c.action))).toEqual([]);
      // Adopted resources are imported (and fixed in place); everything else is created.
      const imported = importedAddresses(synthesized[name]);
      expect(result.changes.filter((c) => c.importing).map((c) => c.address).sort()).toEqual(imported);
      const unexpectedActions = result.changes.filter((c) =>
        imported.includes(c.address) ? !["update", "import", "noop"].includes(c.action) : c.action !== "create",
      );
      expect(unexpectedActions).toEqual([]);
      expect(result.summary).toMatch(/^Plan: .*0 to destroy\.$/);
    }
  }, 180_000);

  gateTest("no plan called an AWS API the loopback stand-in does not answer", async () => {
    await Promise.allSettled([...planned.values()]);
    expect(aws.calls.length).toBeGreaterThan(0);
    expect(aws.unexpected).toEqual([]);
  }, 180_000);
});
