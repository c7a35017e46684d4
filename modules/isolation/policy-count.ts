import { IConstruct } from "constructs";
import { Token, TerraformStack } from "cdktf";
import { Principals } from "../iam/policy-attachments";
import { Problems, fail } from "../private/validation";
import { ResolvedIsolation } from "./resolve";

/**
 * IAM allows 10 managed policies per role, user or group by default (20 at
 * most). A stack that attaches more fails only at apply, so each perimeter
 * counts what it attaches, adds what the perimeters built before it in the
 * same stack attach, and refuses to pass the limit. Only this stack's
 * attachments can be counted: policies attached elsewhere are invisible here.
 */

/** Managed policies per principal, keyed by `role name` (lowercased: IAM names are case-insensitive). */
export type AttachmentCounts = ReadonlyMap<string, { readonly label: string; readonly count: number }>;

const KINDS: ReadonlyArray<[keyof Principals, string]> = [
  ["users", "user"],
  ["roles", "role"],
  ["groups", "group"],
];

/** What one perimeter attaches: the guard to everyone it guards, each grant to its principals. */
export function attachmentsOf(resolved: ResolvedIsolation): AttachmentCounts {
  const counts = new Map<string, { label: string; count: number }>();
  for (const set of [resolved.guardedPrincipals, ...resolved.grants.map((g) => g.principals)]) {
    for (const [key, kind] of KINDS) {
      for (const name of set[key] ?? []) {
        // A reference's principal is only known at apply: it cannot be counted (see uncountedPrincipals).
        if (Token.isUnresolved(name)) continue;
        const id = `${kind} ${String(name).toLowerCase()}`;
        counts.set(id, { label: counts.get(id)?.label ?? `${kind} '${name}'`, count: (counts.get(id)?.count ?? 0) + 1 });
      }
    }
  }
  return counts;
}

/** The principals given as references, which the count above cannot include: `role <reference>` labels. */
export function uncountedPrincipals(resolved: ResolvedIsolation): string[] {
  const labels = new Set<string>();
  for (const set of [resolved.guardedPrincipals, ...resolved.grants.map((g) => g.principals)]) {
    for (const [key, kind] of KINDS) for (const name of set[key] ?? []) if (Token.isUnresolved(name)) labels.add(`${kind} ${name}`);
  }
  return [...labels];
}

const byStack = new WeakMap<TerraformStack, Map<string, { label: string; count: number }>>();

/** What the perimeters already built in `scope`'s stack attach. */
export function attachedInStack(scope: IConstruct): AttachmentCounts {
  return byStack.get(TerraformStack.of(scope)) ?? new Map();
}

/** Adds a perimeter's attachments to its stack's tally, once it is built. */
export function recordAttachments(scope: IConstruct, attachments: AttachmentCounts): void {
  const stack = TerraformStack.of(scope);
  const tally = byStack.get(stack) ?? new Map<string, { label: string; count: number }>();
  for (const [id, { label, count }] of attachments)
    tally.set(id, { label: tally.get(id)?.label ?? label, count: (tally.get(id)?.count ?? 0) + count });
  byStack.set(stack, tally);
}

/** Refuses a perimeter that takes any principal past the limit. */
export function validatePolicyCount(problems: Problems, where: string, resolved: ResolvedIsolation, elsewhere: AttachmentCounts): void {
  const limit = resolved.maxManagedPoliciesPerPrincipal;
  for (const [id, { label, count }] of attachmentsOf(resolved)) {
    const total = count + (elsewhere.get(id)?.count ?? 0);
    problems.check(() => {
      if (total > limit) {
        fail(
          where,
          "perimeter.maxManagedPoliciesPerPrincipal",
          `is exceeded: ${label} would get ${total} managed policies from this stack (guards and grants of its perimeters; IAM's default quota is 10, 20 at most, and policies attached outside this stack are not counted)`,
          limit,
        );
      }
    });
  }
}
