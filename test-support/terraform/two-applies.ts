import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Authorizer, FAKE_ACCOUNT_ID, OfflineAws, RecordedCall } from "../offline-aws";
import { BatchModule, BatchRoot, Diagnostic, RootPlan, TerraformJson, initRoot, planRoot, writeBatchRoot } from "./batch-root";
import { ProviderServer, ReadyGate, exec, isOverrideWarning, startProviderServer } from "./cli";
import { existingResources } from "../existing-resources";
import { registerAppliedWorld } from "./applied-world";
import { ResourceDiff, moduleDiffs } from "./plan-diff";
import { dynamodbProjection, projectedState } from "./refresh-root";
import { providerSchema } from "./provider-schema";
import { StateFile, StateSource, stateFromPlan } from "./state-from-plan";

/**
 * The plan gate's two Terraform runs.
 *
 * 1. First apply: every stack planned from an empty state, all of them child
 *    modules of one root, so one Terraform process plans them all.
 * 2. Second apply: a state is built from the first plan's planned values
 *    (`state-from-plan.ts`), the loopback stand-in is told what AWS now
 *    holds (`applied-world.ts`), and the next version of each stack is
 *    planned against the state with `-refresh=false`. Cases whose second
 *    plan must fail are planned in a third root, at the same time. A stack planned again unchanged must
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
  /**
   * What AWS changed on its own after the first apply (auto scaling raising capacity, say): called on
   * each of the case's resources in the state, whose attributes it may change, before the second plan.
   */
  readonly drift?: (resource: { readonly address: string; readonly attributes: Record<string, unknown> }) => void;
  /**
   * The second plan of `after` must fail. Such cases are planned in a root of their own, next to the
   * second one, since an error stops a whole plan.
   */
  readonly refused?: boolean;
}

/** Who runs `terraform apply`: a role, and its tags. */
export interface ApplyCaller {
  readonly role: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Stacks whose DynamoDB part is refreshed and planned against a stand-in of its own, so that its calls are theirs alone. */
export interface RefreshCase {
  readonly modules: readonly string[];
  readonly aws: OfflineAws;
  /** How the stand-in decides each call. @default - it allows every call */
  readonly authorizer?: Authorizer;
  /** Who refreshes. @default - the second plan's caller */
  readonly caller?: string;
}

/** A change to one refreshed stack's DynamoDB part, applied after the refresh as each caller in turn. */
export interface ApplyCase {
  /** The stack (by module name, one of the refreshed ones) whose DynamoDB part is changed and applied. */
  readonly module: string;
  /** The change, to the stack's DynamoDB projection. */
  readonly change: (projection: TerraformJson) => TerraformJson;
  /** Who applies it, one after the other. */
  readonly callers: readonly ApplyCaller[];
  /** How the stand-in decides each call of the applies. */
  readonly authorizer: Authorizer;
}

/** The outcome of one caller's apply. */
export interface ApplyRun {
  readonly caller: ApplyCaller;
  readonly code: number;
  readonly diagnostics: Diagnostic[];
}

export interface TwoApplies {
  /** The working directory of both roots; remove it when done. */
  readonly work: string;
  /** Every stack and every case's `before`, from an empty state. */
  readonly first: RootPlan;
  readonly firstRoot: BatchRoot;
  /** Every stack again, and every case's `after`, against the state the first plan leaves. */
  readonly second?: RootPlan;
  /** The `after` of every refused case, against the state the first plan leaves. */
  readonly refused?: RootPlan;
  /** With `refresh`: the DynamoDB part of the stacks named, refreshed and planned against the state the first plan leaves. */
  readonly refreshed?: RootPlan;
  /** With `refresh`: the calls the stand-in received by the end of the refresh. */
  readonly refreshCalls?: RecordedCall[];
  /** With `apply`: each caller's apply of the change, in order. */
  readonly applied?: ApplyRun[];
  /** The first-plan module a stack or case started from. */
  readonly firstModuleOf: Readonly<Record<string, string>>;
  /** Per-address diff of a module of the second plan. */
  secondDiffs(module: string): ResourceDiff[];
}

/** Whether a stack reads the zones of a region (a `data.aws_availability_zones` through a provider of that region). */
function looksUpZonesIn(stack: TerraformJson, region: string): boolean {
  const regionOf = (local: string | undefined) =>
    (stack.provider?.aws ?? []).find((p) => (local === undefined ? p.alias === undefined : `aws.${String(p.alias)}` === local))?.region;
  return Object.values(stack.data?.aws_availability_zones ?? {}).some((d) => regionOf(d.provider as string | undefined) === region);
}

/** Whether any module of a root uses Terraform's built-in `terraform_data`. */
const usesBuiltin = (root: BatchRoot) => Object.values(root.modules).some((m) => m.resource?.terraform_data !== undefined);

/**
 * Plans `stacks` (by module name) from an empty state, then each of them
 * unchanged and each case's `after` against the state the first plan
 * leaves, as `secondCaller` when given. Identical first versions are planned once.
 */
export async function planTwoApplies(
  gate: ReadyGate,
  aws: OfflineAws,
  stacks: Readonly<Record<string, TerraformJson>>,
  cases: readonly DayTwoCase[],
  server?: ProviderServer,
  options: {
    readonly secondCaller?: string;
    /** Stacks (by module name) whose DynamoDB part is also refreshed (refresh-root.ts). */
    readonly refresh?: RefreshCase;
    /** With `refresh`: a change to one refreshed stack, applied after the refresh. */
    readonly apply?: ApplyCase;
  } = {},
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
  const accepted = cases.filter((c) => !c.refused);
  const secondModules: BatchModule[] = [
    ...Object.entries(stacks).map(([name, stack]) => ({ name, stack })),
    ...accepted.map((c) => ({ name: c.name, stack: c.after })),
  ];
  const refusedModules: BatchModule[] = cases.filter((c) => c.refused).map((c) => ({ name: c.name, stack: c.after }));
  for (const c of cases) {
    if (!c.zonesAfter) continue;
    const others = [...secondModules, ...refusedModules].filter((m) => m.name !== c.name && looksUpZonesIn(m.stack, c.zonesAfter!.region));
    if (others.length)
      throw new Error(
        `case ${c.name} changes the zones of ${c.zonesAfter.region}, which ${others.map((m) => m.name).join(", ")} also look up`,
      );
  }

  const firstRoot = writeBatchRoot(gate, join(work, "first"), firstModules);
  const secondRoot = writeBatchRoot(gate, join(work, "second"), secondModules);
  const refusedRoot = refusedModules.length ? writeBatchRoot(gate, join(work, "refused"), refusedModules) : undefined;
  await Promise.all([firstRoot, secondRoot, refusedRoot].map((root) => root && initRoot(gate, root)));
  const [first, schema] = await Promise.all([
    planRoot(gate, firstRoot, aws.url, server),
    providerSchema(gate, firstRoot.dir, usesBuiltin(firstRoot)),
  ]);
  const result = { work, first, firstRoot, firstModuleOf };
  if (!first.plan) return { ...result, secondDiffs: () => [] };

  const forgotten = new Map(cases.map((c) => [c.name, c.forget ?? []]));
  const sourcesOf = (modules: readonly BatchModule[], forget: boolean): StateSource[] =>
    modules.map((m) => ({ from: firstModuleOf[m.name], to: m.name, forget: forget ? forgotten.get(m.name) : undefined }));
  const stateOf = (next: BatchRoot, sources: readonly StateSource[]) =>
    stateFromPlan({ plan: first.plan!, planned: firstRoot, next, sources, schema, accountId: FAKE_ACCOUNT_ID });
  // What AWS holds after the first apply, and after what it changed on its own since.
  const applied = stateOf(secondRoot, sourcesOf(secondModules, false));
  for (const c of cases) {
    if (!c.drift) continue;
    for (const r of applied.resources.filter((r) => r.module === `module.${c.name}`))
      c.drift({ address: `${r.type}.${r.name}`, attributes: r.instances[0].attributes });
  }
  // What Terraform holds: the same, less what a case took out of its state.
  const isForgotten = (r: (typeof applied.resources)[number]) =>
    forgotten.get(r.module.slice("module.".length))?.includes(`${r.type}.${r.name}`) ?? false;
  for (const { name } of secondModules) {
    const missing = (forgotten.get(name) ?? []).filter(
      (a) => !applied.resources.some((r) => r.module === `module.${name}` && `${r.type}.${r.name}` === a),
    );
    if (missing.length) throw new Error(`case ${name}: cannot forget ${missing.join(", ")}: not in the plan`);
  }
  const state = { ...applied, resources: applied.resources.filter((r) => !isForgotten(r)) };
  writeFileSync(join(secondRoot.dir, "terraform.tfstate"), JSON.stringify(state, null, 1));
  if (refusedRoot)
    writeFileSync(
      join(refusedRoot.dir, "terraform.tfstate"),
      JSON.stringify(stateOf(refusedRoot, sourcesOf(refusedModules, true)), null, 1),
    );
  // AWS keeps what the first apply made, forgotten by Terraform or not.
  registerAppliedWorld(existingResources(aws), applied);
  for (const c of cases) if (c.zonesAfter) aws.setZones(c.zonesAfter.region, c.zonesAfter.letters);
  // Someone else runs the second plan: what a stack plans must not depend on who.
  if (options.secondCaller !== undefined) aws.setCaller(options.secondCaller);
  const refreshing =
    options.refresh && refreshAndApply(gate, work, stacks, applied, stateOf, options.refresh, options.apply, options.secondCaller, server);
  const [second, refused, refreshed] = await Promise.all([
    planRoot(gate, secondRoot, aws.url, server),
    refusedRoot && planRoot(gate, refusedRoot, aws.url, server),
    refreshing,
  ]);
  return {
    ...result,
    second,
    refused,
    refreshed: refreshed?.plan,
    refreshCalls: refreshed?.calls,
    applied: refreshed?.applied,
    secondDiffs: (module) => (second.plan ? moduleDiffs(second.plan, module) : []),
  };
}

/** The diagnostics of Terraform's machine-readable output. */
function diagnosticsOf(stdout: string): Diagnostic[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as { type: string; diagnostic?: Diagnostic })
    .filter((m) => m.type === "diagnostic" && m.diagnostic && !isOverrideWarning(m.diagnostic))
    .map((m) => m.diagnostic!);
}

/**
 * The DynamoDB projection of the refreshed stacks, refreshed and planned against what the first
 * apply left (as `caller`); then, with `apply`, one stack's change applied as each of its callers
 * in turn, targeted at that stack's tables so only they are read again.
 *
 * The applies run in a root of their own holding only the applied stack: with a single provider
 * configuration they attach to one provider process started for them, instead of starting one per
 * configuration of every refreshed stack for each apply (about 5 s of CPU each on 2 cores).
 */
async function refreshAndApply(
  gate: ReadyGate,
  dir: string,
  stacks: Readonly<Record<string, TerraformJson>>,
  applied: StateFile,
  stateOf: (next: BatchRoot, sources: readonly StateSource[]) => StateFile,
  refresh: RefreshCase,
  apply: ApplyCase | undefined,
  caller: string | undefined,
  server: ProviderServer | undefined,
): Promise<{ plan: RootPlan; calls: RecordedCall[]; applied?: ApplyRun[] }> {
  const projections = Object.fromEntries(refresh.modules.map((name) => [name, dynamodbProjection(stacks[name], name, applied)]));
  const root = writeBatchRoot(
    gate,
    join(dir, "refresh"),
    refresh.modules.map((name) => ({ name, stack: projections[name] })),
  );
  const state = projectedState(
    stateOf(
      root,
      refresh.modules.map((m) => ({ from: m, to: m })),
    ),
    refresh.modules,
  );
  writeFileSync(join(root.dir, "terraform.tfstate"), JSON.stringify(state, null, 1));
  if (apply && !refresh.modules.includes(apply.module))
    throw new Error(`the applied stack ${apply.module} is not among the refreshed ones`);
  const applyRoot =
    apply && writeBatchRoot(gate, join(dir, "apply"), [{ name: apply.module, stack: apply.change(projections[apply.module]) }]);
  if (applyRoot && applyRoot.providerConfigurations !== 1)
    throw new Error(
      `the applied stack ${apply!.module} has ${applyRoot.providerConfigurations} provider configurations; the apply root takes one`,
    );
  if (applyRoot)
    writeFileSync(
      join(applyRoot.dir, "terraform.tfstate"),
      JSON.stringify(projectedState(stateOf(applyRoot, [{ from: apply!.module, to: apply!.module }]), [apply!.module]), null, 1),
    );

  registerAppliedWorld(existingResources(refresh.aws), {
    ...applied,
    resources: applied.resources.filter((r) => refresh.modules.includes(r.module.slice("module.".length))),
  });
  const who = refresh.caller ?? caller;
  if (who !== undefined) refresh.aws.setCaller(who);
  if (refresh.authorizer) refresh.aws.setAuthorizer(refresh.authorizer);
  await Promise.all([initRoot(gate, root), applyRoot && initRoot(gate, applyRoot)]);
  // Meanwhile the applies' provider starts; it answers only after the refresh, and only the apply root's commands.
  const applyServer = applyRoot ? startProviderServer(gate, refresh.aws.url) : undefined;
  try {
    // `server` only serves `show` here (the root has several provider configurations): it reads schemas, not AWS.
    const plan = await planRoot(gate, root, refresh.aws.url, server, { refresh: true });
    const calls = [...refresh.aws.calls];
    if (!apply || !applyRoot || !plan.plan) return { plan, calls };

    const targets = Object.keys(applyRoot.modules[apply.module].resource?.aws_dynamodb_table ?? {}).map(
      (name) => `-target=module.${apply.module}.aws_dynamodb_table.${name}`,
    );
    // Stacks of several examples hold a table of the same name and region (BookCollection): the stand-in reports this one's.
    registerAppliedWorld(existingResources(refresh.aws), {
      ...applied,
      resources: applied.resources.filter((r) => r.module === `module.${apply.module}`),
    });
    refresh.aws.setAuthorizer(apply.authorizer);
    const attach = (await applyServer!).env;
    const runs: ApplyRun[] = [];
    for (const applier of apply.callers) {
      refresh.aws.setCaller(applier.role, applier.tags);
      const run = await exec(
        gate,
        ["apply", "-auto-approve", "-input=false", "-lock=false", "-json", ...targets],
        applyRoot.dir,
        refresh.aws.url,
        attach,
      );
      runs.push({ caller: applier, code: run.code, diagnostics: diagnosticsOf(run.stdout) });
    }
    return { plan, calls, applied: runs };
  } finally {
    (await applyServer)?.stop();
  }
}
