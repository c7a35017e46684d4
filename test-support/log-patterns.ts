/**
 * CloudWatch Logs' two ways of reading a JSON log event, for the alarms' tests: metric filter
 * patterns (CloudWatch Logs User Guide, FilterAndPatternSyntax and
 * matching-terms-json-log-events: `{ $.a.b = "v" }`, `!=`, `*` in a string value, `EXISTS`,
 * `NOT EXISTS`, `&&`, `||`, parentheses) and the `filter` commands of a Logs Insights query
 * (CWL_QuerySyntax: `=`, `!=`, `in [...]`, `not in [...]`, `ispresent()`, `not`, `and`, `or`).
 * Only that subset is read; anything else throws, so a pattern the module writes outside it
 * fails its test rather than passing unread.
 *
 * The guide does not say what `!=` does on a field the event lacks, or how `&&` binds against
 * `||` without parentheses: the first is a `Reading` the tests run both ways, the second is
 * refused here (a pattern that mixes them unparenthesized throws).
 */

/** How a comparison on a field the event lacks comes out; the docs are silent, so tests take both. */
export interface Reading {
  readonly missingNotEqual: boolean;
}
export const READINGS: readonly Reading[] = [{ missingNotEqual: true }, { missingNotEqual: false }];

type Json = unknown;

function field(record: Json, path: string): Json {
  let value: Json = record;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || !(part in (value as object))) return undefined;
    value = (value as Record<string, Json>)[part];
  }
  return value;
}

const wildcard = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "s",
  ).test(value);

/** Splits text into tokens: quoted strings (JSON escapes), brackets, operators and words. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|&&|\|\||!=|=|\(|\)|\[|\]|,|[^\s()[\],="!&|]+)/gy;
  let at = 0;
  for (;;) {
    re.lastIndex = at;
    const match = re.exec(text);
    if (match === null) break;
    tokens.push(match[1]);
    at = re.lastIndex;
  }
  if (text.slice(at).trim() !== "") throw new Error(`cannot read ${JSON.stringify(text.slice(at))}`);
  return tokens;
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: string[],
    private readonly and: string,
    private readonly or: string,
  ) {}
  peek(): string | undefined {
    return this.tokens[this.at];
  }
  next(): string {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new Error("unexpected end");
    return token;
  }
  expect(token: string): void {
    const got = this.next();
    if (got.toLowerCase() !== token.toLowerCase()) throw new Error(`expected ${token}, got ${got}`);
  }
  done(): boolean {
    return this.at >= this.tokens.length;
  }
  /** term (op term)*, one operator kind per level unless parenthesized. */
  expression(term: () => (r: Json) => boolean): (r: Json) => boolean {
    const terms = [term()];
    let op: string | undefined;
    while (this.peek() !== undefined && [this.and, this.or].includes(this.peek()!.toLowerCase())) {
      const next = this.next().toLowerCase();
      if (op !== undefined && op !== next) throw new Error(`${op} and ${next} mixed without parentheses`);
      op = next;
      terms.push(term());
    }
    if (terms.length === 1) return terms[0];
    return op === this.and ? (r) => terms.every((t) => t(r)) : (r) => terms.some((t) => t(r));
  }
  list(): string[] {
    this.expect("[");
    const values: string[] = [];
    while (this.peek() !== "]") {
      values.push(JSON.parse(this.next()) as string);
      if (this.peek() === ",") this.next();
    }
    this.expect("]");
    return values;
  }
}

/** Whether a metric filter pattern matches a JSON log event. */
export function filterMatches(pattern: string, event: Json, reading: Reading): boolean {
  const body = pattern.trim();
  if (!body.startsWith("{") || !body.endsWith("}")) throw new Error(`not a JSON pattern: ${pattern}`);
  const parser = new Parser(tokenize(body.slice(1, -1)), "&&", "||");
  const term = (): ((r: Json) => boolean) => {
    if (parser.peek() === "(") {
      parser.next();
      const inner = parser.expression(term);
      parser.expect(")");
      return inner;
    }
    const selector = parser.next();
    if (!/^\$(\.[A-Za-z0-9_]+)+$/.test(selector)) throw new Error(`unsupported selector ${selector}`);
    const path = selector.slice(2);
    const op = parser.next();
    if (op === "NOT" || op === "EXISTS") {
      if (op === "NOT") parser.expect("EXISTS");
      return (r) => (field(r, path) === undefined) === (op === "NOT");
    }
    if (op !== "=" && op !== "!=") throw new Error(`unsupported operator ${op}`);
    const value = JSON.parse(parser.next()) as string;
    return (r) => {
      const actual = field(r, path);
      if (actual === undefined) return op === "!=" && reading.missingNotEqual;
      const equal = typeof actual === "string" && wildcard(value, actual);
      return op === "=" ? equal : !equal;
    };
  };
  const matcher = parser.expression(term);
  if (!parser.done()) throw new Error(`unread: ${parser.peek()}`);
  return matcher(event);
}

/** Whether an event passes every `filter` command of a Logs Insights query (the other commands only shape the result). */
export function querySelects(query: string, event: Json, reading: Reading): boolean {
  const filters = query
    .split("\n")
    .map((line) => line.replace(/^\|\s*/, ""))
    .filter((line) => line.startsWith("filter "))
    .map((line) => line.slice("filter ".length));
  return filters.every((text) => insightsFilter(text, reading)(event));
}

function insightsFilter(text: string, reading: Reading): (r: Json) => boolean {
  const parser = new Parser(tokenize(text), "and", "or");
  const term = (): ((r: Json) => boolean) => {
    const token = parser.next();
    if (token === "(") {
      const inner = parser.expression(term);
      parser.expect(")");
      return inner;
    }
    if (token === "not") {
      const inner = term();
      return (r) => !inner(r);
    }
    if (token === "ispresent") {
      parser.expect("(");
      const path = parser.next();
      parser.expect(")");
      return (r) => field(r, path) !== undefined;
    }
    const path = token;
    let op = parser.next();
    if (op === "not") op = (parser.expect("in"), "not in");
    const values = op === "in" || op === "not in" ? parser.list() : [JSON.parse(parser.next()) as string];
    if (!["=", "!=", "in", "not in"].includes(op)) throw new Error(`unsupported operator ${op}`);
    const negated = op === "!=" || op === "not in";
    return (r) => {
      const actual = field(r, path);
      if (actual === undefined) return negated && reading.missingNotEqual;
      return values.includes(actual as string) !== negated;
    };
  };
  const matcher = parser.expression(term);
  if (!parser.done()) throw new Error(`unread: ${parser.peek()}`);
  return matcher;
}
