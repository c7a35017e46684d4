import { Token } from "cdktf";
import { Problem, ValidationError } from "../validation-error";

/** Throws `${where}: ${prop} ${rule}, got <value>` as a one-problem ValidationError. */
export function fail(where: string, prop: string, rule: string, value: unknown): never {
  throw new ValidationError([{ where, prop, rule, value }]);
}

/**
 * Collects the problems of a props tree, so that all of them are reported at
 * once. Each `check` runs one independent rule (or a group of rules that only
 * make sense in order); a failed one is recorded and the next runs.
 */
export class Problems {
  private readonly found: Problem[] = [];

  /** Runs a check; its ValidationError is recorded, anything else propagates. */
  check(rule: () => void): void {
    try {
      rule();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.found.push(...e.problems);
    }
  }

  /** Runs `rule` for each element of a list, each on its own. */
  each<T>(list: readonly T[] | undefined, rule: (item: T, index: number) => void): void {
    (list ?? []).forEach((item, index) => this.check(() => rule(item, index)));
  }

  get count(): number {
    return this.found.length;
  }

  /** Every problem found so far. */
  list(): Problem[] {
    return [...this.found];
  }

  /** Throws every problem found, if any. */
  throwIfAny(): void {
    if (this.found.length) throw new ValidationError([...this.found]);
  }
}

/** True when a rule raises no problem; for rules that only make sense once another holds. */
export function passes(rule: () => void): boolean {
  const problems = new Problems();
  problems.check(rule);
  return problems.count === 0;
}

/** Runs `validate` with a fresh collector and throws everything it found. */
export function validateAll(validate: (problems: Problems) => void): void {
  const problems = new Problems();
  validate(problems);
  problems.throwIfAny();
}

/** The path a construct will have, for checks that must run before it exists. */
export function childPath(scope: { node: { path: string } }, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

/** True when a value is only known at apply time; such values are never checked here. */
export function isUnresolved(value: unknown): boolean {
  return (typeof value === "string" || typeof value === "number") && Token.isUnresolved(value);
}

export const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const IAM_USER_OR_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const VPC_ENDPOINT_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const ROUTE_TABLE_ID = /^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** In this account, or `<account>/sg-…` in another account's peered VPC. */
const SECURITY_GROUP_ID = /^(\d{12}\/)?sg-([0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * A check that a string matches `pattern`. A Terraform reference is let
 * through: its value is only known at apply.
 */
function matching(pattern: RegExp, rule: string): (where: string, prop: string, value: string) => void {
  return (where, prop, value) => {
    if (isUnresolved(value)) return;
    if (typeof value !== "string" || !pattern.test(value)) fail(where, prop, rule, value);
  };
}

/** Table and index names: DynamoDB gives both the same rule. */
export const checkTableName = matching(TABLE_NAME, "must be 3 to 255 characters of A-Z a-z 0-9 _ . -");
export const checkIndexName = checkTableName;
export const checkRegion = matching(REGION, "must be an AWS region code such as 'us-east-2' or 'eu-central-1'");
export const checkVpcEndpointId = matching(VPC_ENDPOINT_ID, "must be 'vpce-' followed by 8 or 17 lowercase hex digits");
export const checkVpcId = matching(VPC_ID, "must be 'vpc-' followed by 8 or 17 lowercase hex digits");
export const checkRouteTableId = matching(ROUTE_TABLE_ID, "must be 'rtb-' followed by 8 or 17 lowercase hex digits");
export const checkSubnetId = matching(SUBNET_ID, "must be 'subnet-' followed by 8 or 17 lowercase hex digits");
export const checkSecurityGroupId = matching(
  SECURITY_GROUP_ID,
  "must be 'sg-' followed by 8 or 17 lowercase hex digits, or '<account>/sg-…' for a peered VPC of another account",
);
export const checkPolicyName = matching(IAM_POLICY_NAME, "must be 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -");

/** Bytes of a string in UTF-8, without Node's Buffer (the library must not need Node type definitions). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Key and index attribute names: 1 to 255 bytes (DynamoDB limit for key attributes). */
export function checkAttributeName(where: string, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (typeof name !== "string" || name.length === 0 || utf8Length(name) > 255) {
    fail(where, prop, "must be a non-empty attribute name of at most 255 bytes", name);
  }
}

/**
 * Each element of a list checked on its own, and none repeated (compared by
 * `key`); every bad element is reported. Unresolved tokens are only checked
 * by `check`, which skips them.
 */
export function checkEachOnce<T>(
  where: string,
  prop: string,
  items: readonly T[] | undefined,
  check: (item: T, prop: string) => void,
  key: (item: T) => unknown = (i) => i,
  repeated = "must not be repeated",
): void {
  // A list only known at apply (`Token.asList`) is Terraform's to check.
  if (items === undefined || Token.isUnresolved(items)) return;
  if (!Array.isArray(items)) fail(where, prop, "must be a list", items);
  const seen = new Set<unknown>();
  validateAll((problems) =>
    problems.each(items, (item, i) => {
      check(item, `${prop}[${i}]`);
      if (isUnresolved(item)) return;
      if (seen.has(key(item))) fail(where, `${prop}[${i}]`, repeated, item);
      seen.add(key(item));
    }),
  );
}

/** A non-empty list of distinct endpoint ids; every bad entry is reported. */
export function checkEndpointIds(where: string, prop: string, ids: readonly string[]): void {
  if (!Array.isArray(ids) || ids.length === 0) fail(where, prop, "must list at least one endpoint", ids);
  checkEachOnce(where, prop, ids, (id, p) => checkVpcEndpointId(where, p, id), undefined, "must not repeat an endpoint");
}

export type PrincipalKind = "users" | "roles" | "groups";

/**
 * IAM user and role names are 1 to 64 characters, group names 1 to 128, all
 * from `[\w+=,.@-]`. Duplicates would create two attachments of the same
 * policy to the same principal, which Terraform then fights over.
 */
export function checkPrincipalNames(where: string, prop: string, kind: PrincipalKind, names: readonly string[]): void {
  const pattern = kind === "groups" ? IAM_GROUP_NAME : IAM_USER_OR_ROLE_NAME;
  const max = kind === "groups" ? 128 : 64;
  const checkName = (name: string, p: string): void => {
    if (isUnresolved(name)) return;
    if (typeof name !== "string" || !pattern.test(name)) {
      fail(where, p, `must be an IAM ${kind.slice(0, -1)} name of 1 to ${max} characters of A-Z a-z 0-9 and + = , . @ _ -`, name);
    }
  };
  // IAM names are unique case-insensitively.
  checkEachOnce(where, prop, names, checkName, (name) => name.toLowerCase(), "must not repeat a name already listed");
}

export function checkPositiveInteger(where: string, prop: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (isUnresolved(value)) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    fail(where, prop, `must be a whole number from 1 to ${max}`, value);
  }
}

/** Parses 'a.b.c.d/n'; returns undefined when the text is not an IPv4 CIDR. */
export function parseIpv4Cidr(cidr: string): { address: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  return { address, prefix };
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".");
}

/** VPC CIDR rules of Amazon VPC: an IPv4 network address with a prefix from /16 to /28. */
export function checkVpcCidr(where: string, prop: string, cidr: string): void {
  if (isUnresolved(cidr)) return;
  const parsed = typeof cidr === "string" ? parseIpv4Cidr(cidr) : undefined;
  if (!parsed || parsed.prefix < 16 || parsed.prefix > 28) {
    fail(where, prop, "must be an IPv4 CIDR from /16 to /28", cidr);
  }
  checkNetworkAddress(where, prop, cidr, parsed);
}

/** A CIDR whose host bits are zero, as AWS and the provider take it. */
export function checkNetworkAddress(where: string, prop: string, cidr: string, parsed: { address: number; prefix: number }): void {
  const mask = parsed.prefix === 0 ? 0 : (0xffffffff << (32 - parsed.prefix)) >>> 0;
  const network = (parsed.address & mask) >>> 0;
  if (network !== parsed.address) {
    fail(where, prop, `must be a network address (host bits zero, e.g. '${formatIpv4(network)}/${parsed.prefix}')`, cidr);
  }
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/;

/** A customer-managed key ARN; the AWS managed alias/aws/dynamodb is refused (Trivy AWS-0025). */
export function checkKmsKeyArn(where: string, prop: string, arn: string): void {
  if (isUnresolved(arn)) return;
  if (typeof arn !== "string" || !KMS_KEY_ARN.test(arn)) {
    fail(where, prop, "must be a KMS key ARN such as 'arn:aws:kms:us-east-2:111122223333:key/<key-id>'", arn);
  }
  if (arn.endsWith(":alias/aws/dynamodb")) {
    fail(
      where,
      prop,
      "must name a customer-managed key, not the AWS managed alias/aws/dynamodb (use encryption type AWS_OWNED to give up key control explicitly)",
      arn,
    );
  }
}
