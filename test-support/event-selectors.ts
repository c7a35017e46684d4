import { AdvancedEventSelector, AdvancedFieldSelector } from "../modules/monitoring/data-events";

/**
 * Which events a trail's advanced selectors log, as CloudTrail's API Reference describes
 * them (AdvancedEventSelector, AdvancedFieldSelector): an event is logged when any selector
 * selects it; a selector selects it when every one of its field selectors does; a field
 * selector when the event's field equals, or starts with, any of its values. `resources.type`
 * and `resources.ARN` are read from the event's `resources` list (any entry).
 */
export function selects(selectors: readonly AdvancedEventSelector[], event: Readonly<Record<string, unknown>>): boolean {
  return selectors.some((selector) => selector.FieldSelectors.every((field) => fieldSelects(field, event)));
}

function fieldSelects(field: AdvancedFieldSelector, event: Readonly<Record<string, unknown>>): boolean {
  const values = fieldValues(field.Field, event);
  return values.some((value) => (field.Equals ?? []).includes(value) || (field.StartsWith ?? []).some((start) => value.startsWith(start)));
}

function fieldValues(name: string, event: Readonly<Record<string, unknown>>): string[] {
  const resources = (event.resources as Array<{ type?: string; ARN?: string }> | undefined) ?? [];
  if (name === "resources.type") return resources.map((r) => String(r.type));
  if (name === "resources.ARN") return resources.map((r) => String(r.ARN));
  if (name === "eventCategory") return [String(event.eventCategory ?? "Management")];
  return event[name] === undefined ? [] : [String(event[name])];
}
