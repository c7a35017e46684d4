import { EventPattern } from "./tamper-patterns";

/**
 * EventBridge's default quota on an event pattern: 2,048 characters (EventBridge User Guide,
 * eb-quota, "Event pattern size"; adjustable on request, which a module cannot assume).
 */
export const EVENT_PATTERN_MAX_LENGTH = 2048;

/** A Terraform reference inside a string, as cdktf writes it before resolving. */
const TOKEN = /\$\{TfToken\[[^\]]*\]\}/g;

/**
 * The length of a pattern's text, a reference counted as the length the value it stands
 * for is expected to have (an endpoint id is 22 characters; a name, its longest usual form).
 */
export function patternLength(pattern: EventPattern, referenceLength: number): number {
  const text = JSON.stringify(pattern);
  return text.replace(TOKEN, "").length + (text.match(TOKEN)?.length ?? 0) * referenceLength;
}

export interface FittedPatterns<T> {
  /** Patterns that each fit, together matching every item. */
  readonly patterns: EventPattern[];
  /** Items whose pattern is too long even alone, with that length. */
  readonly tooLong: ReadonlyArray<{ readonly item: T; readonly length: number }>;
}

/**
 * Splits `items` over as few patterns as fit the quota, in order: `build` makes the pattern
 * for a group of items (with no item, the part every pattern has).
 */
export function fitPatterns<T>(
  items: readonly T[],
  build: (group: readonly T[]) => EventPattern,
  referenceLength: number,
  maxLength = EVENT_PATTERN_MAX_LENGTH,
): FittedPatterns<T> {
  const fits = (group: readonly T[]) => patternLength(build(group), referenceLength) <= maxLength;
  const groups: T[][] = [];
  const tooLong: Array<{ item: T; length: number }> = [];
  let current: T[] = [];
  for (const item of items) {
    if (fits([...current, item])) {
      current.push(item);
    } else if (fits([item])) {
      groups.push(current);
      current = [item];
    } else {
      tooLong.push({ item, length: patternLength(build([item]), referenceLength) });
    }
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  return { patterns: groups.map(build), tooLong };
}

/** The name of a rule among several of one kind: the first keeps the kind's name, the others are numbered from 2. */
export function ruleSuffix(kind: string, index: number): string {
  return index === 0 ? kind : `${kind}-${index + 1}`;
}
