import { Token } from "cdktf";

/**
 * Thrown for every bad input. The message always names where the value came
 * from (a construct path or a config field), what was wrong, the value and
 * what is allowed, so a user can fix it without reading this code.
 */
export class ValidationError extends Error {
  constructor(
    /** Construct path (or config file) the value was given to. */
    public readonly where: string,
    /** Prop (or field) path relative to `where`, e.g. `table.sortKey.name`. */
    public readonly prop: string,
    /** What is allowed. */
    public readonly rule: string,
    /** The bad value. */
    public readonly value: unknown,
  ) {
    super(`${where}: ${prop} ${rule}, got ${show(value)}`);
    this.name = "ValidationError";
  }
}

/** Renders a value for an error message the way a user would type it. */
export function show(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value === undefined) return "nothing";
  return JSON.stringify(value);
}

/** Throws `${where}: ${prop} ${rule}, got <value>`. */
export function fail(where: string, prop: string, rule: string, value: unknown): never {
  throw new ValidationError(where, prop, rule, value);
}

/** The path a construct will have, for checks that must run before it exists. */
export function childPath(scope: { node: { path: string } }, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

/** True when a value is only known at apply time; such values are never checked here. */
export function isUnresolved(value: unknown): boolean {
  return (typeof value === "string" || typeof value === "number") && Token.isUnresolved(value);
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const IAM_USER_OR_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const VPC_ENDPOINT_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const ROUTE_TABLE_ID = /^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function checkTableName(where: string, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (typeof name !== "string" || !TABLE_NAME.test(name)) {
    fail(where, prop, "must be 3 to 255 characters of A-Z a-z 0-9 _ . -", name);
  }
}

/** Key and index attribute names: 1 to 255 bytes (DynamoDB limit for key attributes). */
export function checkAttributeName(where: string, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (typeof name !== "string" || name.length === 0 || Buffer.byteLength(name, "utf8") > 255) {
    fail(where, prop, "must be a non-empty attribute name of at most 255 bytes", name);
  }
}

export function checkIndexName(where: string, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (typeof name !== "string" || !TABLE_NAME.test(name)) {
    fail(where, prop, "must be 3 to 255 characters of A-Z a-z 0-9 _ . -", name);
  }
}

export function checkRegion(where: string, prop: string, region: string): void {
  if (isUnresolved(region)) return;
  if (typeof region !== "string" || !REGION.test(region)) {
    fail(where, prop, "must be an AWS region code such as 'us-east-2' or 'eu-central-1'", region);
  }
}

export function checkVpcEndpointId(where: string, prop: string, id: string): void {
  if (isUnresolved(id)) return;
  if (typeof id !== "string" || !VPC_ENDPOINT_ID.test(id)) {
    fail(where, prop, "must be 'vpce-' followed by 8 or 17 lowercase hex digits", id);
  }
}

/** A non-empty list of distinct endpoint ids. */
export function checkEndpointIds(where: string, prop: string, ids: readonly string[]): void {
  if (!Array.isArray(ids) || ids.length === 0) fail(where, prop, "must list at least one endpoint", ids);
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    checkVpcEndpointId(where, `${prop}[${i}]`, id);
    if (!isUnresolved(id) && seen.has(id)) fail(where, `${prop}[${i}]`, "must not repeat an endpoint", id);
    seen.add(id);
  });
}

export function checkVpcId(where: string, prop: string, id: string): void {
  if (isUnresolved(id)) return;
  if (typeof id !== "string" || !VPC_ID.test(id)) {
    fail(where, prop, "must be 'vpc-' followed by 8 or 17 lowercase hex digits", id);
  }
}

export function checkRouteTableId(where: string, prop: string, id: string): void {
  if (isUnresolved(id)) return;
  if (typeof id !== "string" || !ROUTE_TABLE_ID.test(id)) {
    fail(where, prop, "must be 'rtb-' followed by 8 or 17 lowercase hex digits", id);
  }
}

export function checkPolicyName(where: string, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (typeof name !== "string" || !IAM_POLICY_NAME.test(name)) {
    fail(where, prop, "must be 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -", name);
  }
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
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (isUnresolved(name)) return;
    if (typeof name !== "string" || !pattern.test(name)) {
      fail(where, `${prop}[${i}]`, `must be an IAM ${kind.slice(0, -1)} name of 1 to ${max} characters of A-Z a-z 0-9 and + = , . @ _ -`, name);
    }
    // IAM names are unique case-insensitively.
    const key = name.toLowerCase();
    if (seen.has(key)) {
      fail(where, `${prop}[${i}]`, "must not repeat a name already listed", name);
    }
    seen.add(key);
  });
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
    fail(where, prop, "must name a customer-managed key, not the AWS managed alias/aws/dynamodb (use encryption type AWS_OWNED to give up key control explicitly)", arn);
  }
}
