import { Problem } from "../validation-error";

/** Structure problems of a config: what can be dropped from it so that the rest is still judged. */

/** A problem's prop as the steps of a path: `stacks.prod.table.globalSecondaryIndexes[0]` -> stacks, prod, table, globalSecondaryIndexes, 0. */
function steps(prop: string): string[] {
  return prop.split(/\.|\[(\d+)\]/).filter((s): s is string => s !== undefined && s !== "");
}

/**
 * A copy of `value` without what `prop` names. A map key holding dots (a tag key) is found by
 * joining the remaining steps; a path that does not resolve removes nothing.
 */
function without(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const i = Number(path[0]);
    if (!Number.isInteger(i) || i >= value.length) return value;
    return path.length === 1 ? value.filter((_, j) => j !== i) : value.map((v, j) => (j === i ? without(v, path.slice(1)) : v));
  }
  const record = value as Record<string, unknown>;
  for (let n = 1; n <= path.length; n++) {
    const key = path.slice(0, n).join(".");
    if (!(key in record)) continue;
    if (n === path.length) {
      const { [key]: _dropped, ...rest } = record;
      return rest;
    }
    return { ...record, [key]: without(record[key], path.slice(n)) };
  }
  return value;
}

/** The config without every field a structure problem names. */
export function withoutProblemFields<T>(config: T, problems: readonly Problem[]): T {
  return problems.reduce<unknown>((partial, p) => without(partial, steps(p.prop)), config) as T;
}

/** True when `problem` is about a field a structure problem already names, or something inside it. */
export function coveredBy(problem: Problem, structure: readonly Problem[]): boolean {
  return structure.some(
    (s) =>
      s.where === problem.where &&
      (problem.prop === s.prop || problem.prop.startsWith(`${s.prop}.`) || problem.prop.startsWith(`${s.prop}[`)),
  );
}
