import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { FAKE_ACCOUNT_ID, OfflineAws } from "../offline-aws";
import { BatchModule, BatchRoot, RootPlan, TerraformJson, initRoot, planRoot, writeBatchRoot } from "./batch-root";
import { ProviderServer, ReadyGate } from "./cli";
import { ResourceDiff, moduleDiffs } from "./plan-diff";
import { providerSchema } from "./provider-schema";
import { StateSource, stateFromPlan } from "./state-from-plan";

/**
 * The plan gate's two Terraform runs.
 *
 * 1. First apply: every stack planned from an empty state, all of them child
 *    modules of one root, so one Terraform process plans them all.
 * 2. Second apply: a state is built from the first plan's planned values
 *    (`state-from-plan.ts`), and the next version of each stack is planned
 *    against it with `-refresh=false`. A stack planned again unchanged must
 *    show no changes; a changed one shows exactly what its next apply does.
 *
 * Nothing reaches AWS: the provider's calls go to the loopback stand-in.
 */

export interface DayTwoCase {
  /** Module name in the second root: lowercase letters, digits and `_`. */
  readonly name: string;
  /** The stack as first applied. */
  readonly before: TerraformJson;
  /** The same stack after the change. */
  readonly after: TerraformJson;
  /** What the zones lookup answers in a region by the second plan (a zone no longer offered). */
  readonly zonesAfter?: { readonly region: string; readonly letters: readonly string[] };
  /** Addresses taken out of the state before the second plan, as `terraform state rm` does. */
  readonly forget?: readonly string[];
}

export interface TwoApplies {
  /** The working directory of both roots; remove it when done. */
  readonly work: string;
  /** Every stack and every case's `before`, from an empty state. */
  readonly first: RootPlan;
  readonly firstRoot: BatchRoot;
  /** Every stack again, and every case's `after`, against the state the first plan leaves. */
  readonly second?: RootPlan;
  /** The first-plan module a stack or case started from. */
  readonly firstModuleOf: Readonly<Record<string, string>>;
  /** Per-address diff of a module of the second plan. */
  secondDiffs(module: string): ResourceDiff[];
}

/**
 * Plans `stacks` (by module name) from an empty state, then each of them
 * unchanged and each case's `after` against the state the first plan
 * leaves. Identical first versions are planned once.
 */
export async function planTwoApplies(
  gate: ReadyGate,
  aws: OfflineAws,
  stacks: Readonly<Record<string, TerraformJson>>,
  cases: readonly DayTwoCase[],
  server?: ProviderServer,
): Promise<TwoApplies> {
  const work = mkdtempSync(join(tmpdir(), "isolation-gate-"));
  const firstModules: BatchModule[] = Object.entries(stacks).map(([name, stack]) => ({ name, stack }));
  const firstModuleOf: Record<string, string> = Object.fromEntries(Object.keys(stacks).map((n) => [n, n]));
  const byText = new Map(firstModules.map((m) => [JSON.stringify(m.stack), m.name]));
  for (const c of cases) {
    if (c.name in stacks) throw new Error(`day-2 case ${c.name} has the name of a stack`);
    const text = JSON.stringify(c.before);
    let from = byText.get(text);
    if (from === undefined) {
      from = `first_${c.name}`;
      byText.set(text, from);
      firstModules.push({ name: from, stack: c.before });
    }
    firstModuleOf[c.name] = from;
  }
  const secondModules: BatchModule[] = [...Object.entries(stacks).map(([name, stack]) => ({ name, stack })), ...cases.map((c) => ({ name: c.name, stack: c.after }))];
  for (const c of cases) {
    if (!c.zonesAfter) continue;
    const others = secondModules.filter((m) => m.name !== c.name && JSON.stringify(m.stack.provider ?? {}).includes(`"${c.zonesAfter!.region}"`));
    if (others.length) throw new Error(`case ${c.name} changes the zones of ${c.zonesAfter.region}, which ${others.map((m) => m.name).join(", ")} also use`);
  }

  const firstRoot = writeBatchRoot(gate, join(work, "first"), firstModules);
  const secondRoot = writeBatchRoot(gate, join(work, "second"), secondModules);
  await Promise.all([initRoot(gate, firstRoot), initRoot(gate, secondRoot)]);
  const [first, schema] = await Promise.all([planRoot(gate, firstRoot, aws.url, server), providerSchema(gate, firstRoot.dir)]);
  const result = { work, first, firstRoot, firstModuleOf };
  if (!first.plan) return { ...result, secondDiffs: () => [] };

  const forgotten = new Map(cases.map((c) => [c.name, c.forget ?? []]));
  const sources: StateSource[] = secondModules.map((m) => ({ from: firstModuleOf[m.name], to: m.name, forget: forgotten.get(m.name) }));
  const state = stateFromPlan({ plan: first.plan, planned: firstRoot, next: secondRoot, sources, schema, accountId: FAKE_ACCOUNT_ID });
  writeFileSync(join(secondRoot.dir, "terraform.tfstate"), JSON.stringify(state, null, 1));
  for (const c of cases) if (c.zonesAfter) aws.setZones(c.zonesAfter.region, c.zonesAfter.letters);
  const second = await planRoot(gate, secondRoot, aws.url, server);
  return { ...result, second, secondDiffs: (module) => (second.plan ? moduleDiffs(second.plan, module) : []) };
}
