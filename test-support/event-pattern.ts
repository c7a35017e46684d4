import { EventPattern, PatternValue } from "../modules/monitoring/tamper-patterns";

/**
 * EventBridge's pattern matching for the operators the perimeter's patterns use (exact
 * values, `prefix`, `suffix`, `wildcard`, `anything-but` with values or wildcards, `$or`), as AWS's
 * EventBridge User Guide describes them (eb-event-patterns, eb-create-pattern-operators):
 * every field of the pattern must match; a list matches when any of its values does; an
 * array in the event matches when any element does; a field the event lacks matches
 * nothing, `anything-but` included. No maintained matcher is on npm; this one is tested
 * against the guide's own examples in __tests__/event-pattern.test.ts.
 */
export function matches(pattern: EventPattern, event: unknown): boolean {
  if (Array.isArray(event)) return event.some((element) => matches(pattern, element));
  if (event === null || typeof event !== "object") return false;
  const fields = event as Record<string, unknown>;
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === "$or") return (expected as readonly EventPattern[]).some((alternative) => matches(alternative, event));
    if (!(key in fields)) return false;
    if (!Array.isArray(expected)) return matches(expected as EventPattern, fields[key]);
    const values = Array.isArray(fields[key]) ? (fields[key] as unknown[]) : [fields[key]];
    return values.some((value) => (expected as readonly PatternValue[]).some((v) => valueMatches(v, value)));
  });
}

function wildcardMatches(wildcard: string, value: string): boolean {
  const source = wildcard
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s").test(value);
}

function valueMatches(expected: PatternValue, value: unknown): boolean {
  if (typeof expected === "string") return value === expected;
  if (typeof value !== "string") return false;
  if ("prefix" in expected) return value.startsWith(expected.prefix);
  if ("suffix" in expected) return value.endsWith(expected.suffix);
  if ("wildcard" in expected) return wildcardMatches(expected.wildcard, value);
  const but = expected["anything-but"];
  if (typeof but === "string") return value !== but;
  if (Array.isArray(but)) return !but.includes(value);
  const wildcards = (but as { wildcard: string | readonly string[] }).wildcard;
  return !(typeof wildcards === "string" ? [wildcards] : wildcards).some((w) => wildcardMatches(w, value));
}
