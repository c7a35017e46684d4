/**
 * What differs between two synthesized stacks of the same app, one from
 * cdktf and one from CDK Terrain. A pure function: JSON in, paths out.
 */

/** The top-level metadata field that names the framework's version: expected to differ. */
const VERSION_METADATA = ["//", "metadata", "version"];

/** Paths allowed to differ: the provider version constraint follows the bindings when an app pins none. */
const TOLERATED = /^terraform\.required_providers\.[^.]+\.version$/;
/** A provider source: the bindings write `aws` (cdktf) or `hashicorp/aws` (CDK Terrain), one address to Terraform. */
const SOURCE = /^terraform\.required_providers\.[^.]+\.source$/;

/** Terraform's full address for a provider source: `aws` and `hashicorp/aws` are `registry.terraform.io/hashicorp/aws`. */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts.join("/")}`;
  return parts.join("/");
}

export interface StackDifferences {
  /** Paths whose values differ, with both values. */
  readonly differences: string[];
  /** Differences allowed: provider version constraints, equivalent provider sources. */
  readonly tolerated: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A copy without the framework version the top-level `//` metadata carries. */
function withoutVersion(stack: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(stack)) as unknown;
  let parent: unknown = copy;
  for (const key of VERSION_METADATA.slice(0, -1)) parent = isObject(parent) ? parent[key] : undefined;
  if (isObject(parent)) delete parent[VERSION_METADATA[VERSION_METADATA.length - 1]];
  return copy;
}

function walk(a: unknown, b: unknown, path: string, out: Array<{ path: string; a: unknown; b: unknown }>): void {
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => walk(item, b[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, a, b });
}

/**
 * Every difference between two synthesized stacks, but the framework version in
 * the top-level metadata. Tolerated: provider version constraints, and provider
 * sources that name the same provider.
 */
export function stackDifferences(first: unknown, second: unknown): StackDifferences {
  const all: Array<{ path: string; a: unknown; b: unknown }> = [];
  walk(withoutVersion(first), withoutVersion(second), "", all);
  const tolerated = (d: (typeof all)[number]) =>
    TOLERATED.test(d.path) ||
    (SOURCE.test(d.path) && typeof d.a === "string" && typeof d.b === "string" && providerAddress(d.a) === providerAddress(d.b));
  const line = (d: (typeof all)[number]) => `${d.path}: ${JSON.stringify(d.a) ?? "(absent)"} vs ${JSON.stringify(d.b) ?? "(absent)"}`;
  return {
    differences: all.filter((d) => !tolerated(d)).map(line),
    tolerated: all.filter(tolerated).map(line),
  };
}
