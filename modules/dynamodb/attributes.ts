/** Key attributes and index projections: what tables, their indexes and their features all name. */

export type AttributeType = "S" | "N" | "B";
export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["S", "N", "B"];

export type ProjectionType = "ALL" | "KEYS_ONLY" | "INCLUDE";
export const PROJECTION_TYPES: readonly ProjectionType[] = ["ALL", "KEYS_ONLY", "INCLUDE"];

/** A key attribute: its name and scalar type. */
export interface Attribute {
  /** Attribute name, 1 to 255 bytes. */
  readonly name: string;
  /** `S` string, `N` number or `B` binary. */
  readonly type: AttributeType;
}
