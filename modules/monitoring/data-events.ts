/**
 * CloudTrail advanced event selectors for the perimeter's DynamoDB data events (item and
 * stream calls), as pure functions: plain input in, the selectors in the shape of CloudTrail's
 * API (`PutEventSelectors`' `AdvancedEventSelectors`) out.
 *
 * Facts (CloudTrail API Reference, AdvancedFieldSelector,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html):
 * `eventCategory` is required and takes `Equals` `Management` or `Data`; `resources.type` takes
 * `Equals` only (`AWS::DynamoDB::Table`, `AWS::DynamoDB::Stream`); `resources.ARN` takes
 * `Equals` or `StartsWith`, a stream's ARN being its table's followed by `/stream/<label>`;
 * `readOnly` takes `Equals` `true` or `false`; `eventName` any operator. A trail holds at most
 * 500 values across all its advanced selectors. A trail with advanced selectors logs only
 * what they select: management events need a selector of their own.
 */

/** One condition of a selector: a field and the values it must equal or start with. */
export interface AdvancedFieldSelector {
  readonly Field: string;
  readonly Equals?: readonly string[];
  readonly StartsWith?: readonly string[];
}

export interface AdvancedEventSelector {
  readonly Name: string;
  readonly FieldSelectors: readonly AdvancedFieldSelector[];
}

/** CloudTrail's limit on the values of a trail's advanced selectors, all selectors together. */
export const ADVANCED_SELECTOR_VALUE_LIMIT = 500;

export interface DataEventSelectorsInput {
  /** ARNs of the tables named one by one, in every region of the perimeter (references allowed). */
  readonly tableArns: readonly string[];
  /** With a prefix: `arn:<partition>:dynamodb:<region>:<account>:table/<prefix>` per region. */
  readonly tableArnPrefixes?: readonly string[];
  /** Only reads (`true`) or only writes (`false`). @default - both */
  readonly readOnly?: boolean;
  /** Only these calls (`GetItem`, `PutItem`, `GetRecords`, …). @default - every data call */
  readonly eventNames?: readonly string[];
}

/** The selector that keeps a trail logging its management events once it has advanced selectors. */
export const MANAGEMENT_EVENTS_SELECTOR: AdvancedEventSelector = {
  Name: "Management events",
  FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }],
};

/** Data events of the perimeter's tables and of their streams, one selector each. */
export function dataEventSelectors(input: DataEventSelectorsInput): AdvancedEventSelector[] {
  const prefixes = [...(input.tableArnPrefixes ?? [])];
  const narrowing: AdvancedFieldSelector[] = [
    ...(input.readOnly !== undefined ? [{ Field: "readOnly", Equals: [String(input.readOnly)] }] : []),
    ...(input.eventNames?.length ? [{ Field: "eventName", Equals: [...input.eventNames] }] : []),
  ];
  // A table's ARN by Equals (StartsWith would take in every table whose name begins with it); a prefix by StartsWith.
  const tables: AdvancedFieldSelector[] = [
    ...(input.tableArns.length ? [{ Field: "resources.ARN", Equals: [...input.tableArns] }] : []),
    ...(prefixes.length ? [{ Field: "resources.ARN", StartsWith: prefixes }] : []),
  ];
  const streams: AdvancedFieldSelector = {
    Field: "resources.ARN",
    StartsWith: [...input.tableArns.map((arn) => `${arn}/stream/`), ...prefixes],
  };
  const selector = (name: string, type: string, arns: readonly AdvancedFieldSelector[]): AdvancedEventSelector => ({
    Name: name,
    FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, { Field: "resources.type", Equals: [type] }, ...arns, ...narrowing],
  });
  // CloudTrail ANDs the conditions of a selector: two ARN conditions would select nothing, so each goes in a selector of its own.
  return [
    ...tables.map((arns, i) => selector(`Perimeter tables${i ? " by prefix" : ""}`, "AWS::DynamoDB::Table", [arns])),
    selector("Perimeter streams", "AWS::DynamoDB::Stream", [streams]),
  ];
}

/** How many values the selectors hold, toward `ADVANCED_SELECTOR_VALUE_LIMIT`. */
export function selectorValueCount(selectors: readonly AdvancedEventSelector[]): number {
  return selectors.flatMap((s) => s.FieldSelectors).reduce((n, f) => n + (f.Equals?.length ?? 0) + (f.StartsWith?.length ?? 0), 0);
}
