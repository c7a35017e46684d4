/** One bad input: where it was given, which prop, what is allowed, and the value. */
export interface Problem {
  /** Construct path (or config file) the value was given to. */
  readonly where: string;
  /** Prop (or field) path relative to `where`, e.g. `table.sortKey.name`. */
  readonly prop: string;
  /** What is allowed. */
  readonly rule: string;
  /** The bad value. */
  readonly value: unknown;
}

/** Renders a value for an error message the way a user would type it. */
export function show(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value === undefined) return "nothing";
  return JSON.stringify(value);
}

/** `where: prop rule, got value`: one line a user can act on without reading code. */
export function describeProblem(problem: Problem): string {
  return `${problem.where}: ${problem.prop} ${problem.rule}, got ${show(problem.value)}`;
}

/**
 * Thrown for bad input, before anything is created. It carries every
 * problem found in the props (or the config file) at once, one line each,
 * so a user fixes them all in one pass.
 */
export class ValidationError extends Error {
  /** Every problem found, in the order the props were checked; never empty. */
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(describeProblem).join("\n"));
    this.name = "ValidationError";
    this.problems = problems;
  }
}
