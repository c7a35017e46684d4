import { registerExampleResources } from "../../test-support/example-resources";
import { startOfflineAws } from "../../test-support/offline-aws";
import { addressesOf } from "../../test-support/synth";
import { BatchModule, initRoot, planRoot, writeBatchRoot } from "../../test-support/terraform/batch-root";
import { ProviderServer, ReadyGate, startProviderServer } from "../../test-support/terraform/cli";
import { moduleChanges } from "../../test-support/terraform/plan-json";

/**
 * The fresh apps' synthesized stacks through the repository's plan gate:
 * one batch root, the real Terraform CLI and the offline provider mirror,
 * every AWS call answered by the loopback stand-in. From an empty state,
 * every resource must be planned for creation, or adopted by an `import`
 * block and fixed in place.
 */

export interface PlanOutcome {
  readonly problems: string[];
  readonly notes: string[];
}

export async function planStacks(gate: ReadyGate, dir: string, modules: readonly BatchModule[]): Promise<PlanOutcome> {
  const problems: string[] = [];
  const notes: string[] = [];
  const aws = await startOfflineAws();
  let server: ProviderServer | undefined;
  try {
    // The docs' samples, placed in the apps, may join or adopt the resources the examples do.
    registerExampleResources(aws);
    const root = writeBatchRoot(gate, dir, modules);
    for (const [module, removed] of Object.entries(root.removed)) {
      for (const argument of removed) notes.push(`${module}: removed from the gate's copy, not checked: ${argument}`);
    }
    await initRoot(gate, root);
    server = await startProviderServer(gate, aws.url);
    const { diagnostics, plan } = await planRoot(gate, root, aws.url, server);
    for (const d of diagnostics) {
      const line = `${d.summary}${d.detail ? `: ${d.detail}` : ""}${d.address ? ` (${d.address})` : ""}`;
      if (d.severity === "error") problems.push(`terraform plan: ${line}`);
      else notes.push(`terraform plan ${d.severity}: ${line}`);
    }
    for (const call of aws.unexpected)
      problems.push(`an AWS call the offline stand-in does not answer: ${call.service}:${call.action} in ${call.region}`);
    if (plan) {
      for (const { name, stack } of modules) {
        const expected = addressesOf(stack);
        const imported = (stack.import ?? []).map((block) => String(block.to));
        const changes = moduleChanges(plan, name).filter((c) => c.mode === "managed");
        const planned = changes.map((c) => c.address).sort();
        if (JSON.stringify(planned) !== JSON.stringify(expected)) {
          problems.push(
            `${name}: planned ${planned.length} resources, synthesized ${expected.length}; not planned: ${expected.filter((a) => !planned.includes(a)).join(", ") || "none"}`,
          );
        }
        for (const c of changes) {
          const actions = c.change.actions.join();
          const allowed = imported.includes(c.address) ? ["update", "no-op"] : ["create"];
          if (!allowed.includes(actions)) problems.push(`${name}: ${c.address} planned '${actions}', expected ${allowed.join(" or ")}`);
        }
        notes.push(`${name}: ${changes.length} resources planned (${imported.length} imported, the rest created)`);
      }
    }
  } finally {
    server?.stop();
    await aws.close();
  }
  return { problems, notes };
}
