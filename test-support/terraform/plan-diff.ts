import { PlanJson, ResourceChange, moduleChanges } from "./plan-json";

/** What a plan does to one resource, in the words a reviewer uses. */
export type DiffAction = "create" | "update" | "replace" | "delete" | "no-op" | "read";

export interface ResourceDiff {
  /** Address inside the stack (no module prefix). */
  readonly address: string;
  readonly action: DiffAction;
  /** Attribute paths that change (`ttl.0.enabled`); unknown-after-apply values count as changes. */
  readonly changed: string[];
  /** For a replace: the attributes that force it. */
  readonly replacedBecause: string[];
  /** Set when an import block adopts the resource in this plan. */
  readonly importing: boolean;
  /** before → after of each changed path, for messages. */
  readonly detail: Record<string, { before: unknown; after: unknown }>;
}

function actionOf(actions: string[]): DiffAction {
  const key = [...actions].sort().join(",");
  if (key === "create,delete") return "replace";
  if (["create", "update", "delete", "no-op", "read"].includes(key)) return key as DiffAction;
  throw new Error(`unexpected plan actions ${JSON.stringify(actions)}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Leaf paths where two values differ, or where `unknown` marks the after value as unknown. */
function changedPaths(
  before: unknown,
  after: unknown,
  unknown: unknown,
  path: string,
  out: Record<string, { before: unknown; after: unknown }>,
): void {
  if (unknown === true) {
    out[path] = { before, after: "(known after apply)" };
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(isObject(unknown) ? unknown : {})])) {
      changedPaths(before[key], after[key], isObject(unknown) ? unknown[key] : undefined, path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((b, i) => changedPaths(b, after[i], Array.isArray(unknown) ? unknown[i] : undefined, `${path}.${i}`, out));
    return;
  }
  if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) out[path] = { before, after };
}

function diffOf(rc: ResourceChange): ResourceDiff {
  const action = actionOf(rc.change.actions);
  const detail: Record<string, { before: unknown; after: unknown }> = {};
  if (action === "update" || action === "replace") changedPaths(rc.change.before, rc.change.after, rc.change.after_unknown, "", detail);
  return {
    address: rc.address,
    action,
    changed: Object.keys(detail).sort(),
    replacedBecause: (rc.change.replace_paths ?? []).map((p) => p.join(".")).sort(),
    importing: rc.change.importing !== undefined,
    detail,
  };
}

/** The diff of every managed resource of one module of a batch plan. */
export function moduleDiffs(plan: PlanJson, module: string): ResourceDiff[] {
  return moduleChanges(plan, module)
    .filter((rc) => rc.mode === "managed")
    .map(diffOf)
    .sort((a, b) => a.address.localeCompare(b.address));
}
