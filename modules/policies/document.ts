/** The IAM policy language as plain types, and how policies are measured and written. */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly AWS: string | readonly string[] } | { readonly Service: string | readonly string[] };
  /** What the statement covers; exactly one of `Action` and `NotAction`. */
  readonly Action?: string | readonly string[];
  /** Every action but these: only in Deny statements here, so that an action AWS adds later is denied too. */
  readonly NotAction?: readonly string[];
  /** Absent only in trust policies, which IAM rejects when they name resources. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/**
 * Size limits. IAM counts characters without whitespace; DynamoDB counts
 * every byte of a resource policy. The text here is compact JSON with no
 * whitespace, so both count the same.
 */
export const POLICY_SIZE_LIMITS = {
  /** Customer-managed (identity) policy. */
  identity: 6144,
  /** DynamoDB resource-based policy: 20 KB. */
  resource: 20480,
  /** VPC endpoint policy. */
  endpoint: 20480,
} as const;

/** Length of a policy's compact JSON text, as both IAM and DynamoDB count it. */
export function policySize(doc: PolicyDocument): number {
  return policyJson(doc).length;
}

/**
 * Serialises a policy the way IAM stores it: compact JSON. Terraform
 * references stay inside the text and are filled in at apply time.
 */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}
