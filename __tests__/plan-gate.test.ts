import { readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/config";
import { OfflineAws, startOfflineAws } from "../test-support/offline-aws";
import { detectGate, planStack } from "../test-support/terraform-gate";
import { addressesOf, stackDir, synthConfig, synthToDisk } from "../test-support/synth";

/**
 * Every example config goes through the real Terraform CLI and the real
 * hashicorp/aws provider from the offline mirror: init, validate, and
 * plan -refresh=false. The mirror's provider version may differ from the
 * one the bindings pin; the gate relaxes the constraint in its temporary copy
 * only (see offlineCopy in test-support/terraform-gate.ts).
 */
const gate = detectGate();
if (!gate.ok) {
  // Loud on purpose: these tests are reported as skipped, never as passed.
  console.warn(`\n\n*** REAL-PROVIDER PLAN GATE SKIPPED: ${gate.reason} ***\n\n`);
}
const gateTest = gate.ok ? test : test.skip;

const EXAMPLES = ["default", "grants"];

describe("real-provider plan gate", () => {
  let aws: OfflineAws;
  beforeAll(async () => {
    aws = await startOfflineAws();
  });
  afterAll(async () => {
    await aws?.close();
  });

  gateTest.each(EXAMPLES)("examples/%s.json validates and plans every resource for creation", async (example) => {
    if (!gate.ok) throw new Error("unreachable: gate is skipped");
    const file = join(__dirname, "..", "examples", `${example}.json`);
    const config = parseConfig(readFileSync(file, "utf8"), file);
    const synthesized = synthConfig(config);
    const outdir = synthToDisk(config);
    for (const name of Object.keys(config.stacks)) {
      const result = await planStack(gate, stackDir(outdir, name), aws);
      expect(result.validate.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.validate.valid).toBe(true);
      // Every synthesized resource is planned, and only for creation.
      expect(result.changes.map((c) => c.address).sort()).toEqual(addressesOf(synthesized[name]));
      expect(result.changes.filter((c) => c.actions.join() !== "create")).toEqual([]);
      expect(result.summary).toBe(`Plan: ${result.changes.length} to add, 0 to change, 0 to destroy.`);
    }
    expect(aws.unexpected).toEqual([]);
  }, 180_000);
});
