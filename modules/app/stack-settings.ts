import { IConstruct } from "constructs";
import { Aspects, IAspect, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Problems, checkRegion, fail, isUnresolved, validateAll } from "../private/validation";

/** How Terraform finds and pins the AWS provider. */
export interface ProviderSettings {
  /**
   * Version constraint for `hashicorp/aws`. It must admit the version the
   * bindings were generated for, so a lock file on a newer 6.x still initialises.
   * @default ">= 6.25.0, < 7.0.0"
   */
  readonly versionConstraint?: string;
  /**
   * Tags the provider puts on every resource it creates (`default_tags`).
   * @default - none
   */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /**
   * The role Terraform assumes in the stack's account (the provider's `assume_role`), on every
   * AWS provider of the stack. With the config file, the role is also one of the perimeter's
   * operators: it applies the stack, so the control-plane lock lets it manage the tables.
   * @default - the pipeline's own credentials
   */
  readonly assumeRole?: AssumeRoleSettings;
  /**
   * The accounts the stack may be planned and applied in (the provider's `allowed_account_ids`):
   * Terraform refuses to plan with credentials of any other account. With `assumeRole`, the
   * role's account must be one of them.
   * @default - any account
   */
  readonly allowedAccountIds?: readonly string[];
}

/** The role a stack's providers assume (STS AssumeRole). */
export interface AssumeRoleSettings {
  /** The role's ARN, `arn:<partition>:iam::<account>:role/<path><name>`. */
  readonly roleArn: string;
  /**
   * The session's name, as CloudTrail records it: 2 to 64 characters of letters, digits and `_+=,.@-`.
   * @default - one the provider makes up
   */
  readonly sessionName?: string;
  /**
   * The external id the role's trust policy asks for: 2 to 1,224 characters of letters, digits and `_+=,.@:/-`.
   * @default - none
   */
  readonly externalId?: string;
}

/** An S3 backend for the stack's state. */
export interface S3BackendSettings {
  /** Existing bucket, 3 to 63 characters of `[a-z0-9.-]`. */
  readonly bucket: string;
  /** Object key of the state, e.g. `dynamodb/prod.tfstate`. */
  readonly key: string;
  /** Region of the bucket. */
  readonly region: string;
  /**
   * Server-side encryption of the state object.
   * @default true
   */
  readonly encrypt?: boolean;
  /**
   * S3-native state locking (Terraform 1.10 and later); the DynamoDB lock table is deprecated.
   * @default true
   */
  readonly useLockfile?: boolean;
  /**
   * KMS key (ARN or id) for the state object.
   * @default - the bucket's default encryption
   */
  readonly kmsKeyId?: string;
}

/** Where a stack keeps its state: S3, or a local file. */
export interface BackendSettings {
  /** Remote state in S3. */
  readonly s3?: S3BackendSettings;
}

/** The version of hashicorp/aws that @cdktf/provider-aws 21.22.1 was generated from. */
export const BINDINGS_PROVIDER_VERSION = "6.25.0";
export const DEFAULT_PROVIDER_CONSTRAINT = ">= 6.25.0, < 7.0.0";

const CONSTRAINT_PART = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/;

/** True when a Terraform version constraint admits `version` (pre-releases are not supported here). */
export function constraintAdmits(constraint: string, version: string): boolean | undefined {
  const v = version.split(".").map(Number);
  const cmp = (a: number[]): number => {
    for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== (a[i] ?? 0)) return (v[i] ?? 0) - (a[i] ?? 0);
    return 0;
  };
  for (const part of constraint.split(",")) {
    const m = CONSTRAINT_PART.exec(part);
    if (!m) return undefined;
    const op = m[1] ?? "=";
    const given = [m[2], m[3], m[4]].filter((x) => x !== undefined).map(Number);
    const c = cmp(given);
    const ok =
      op === "="
        ? c === 0
        : op === "!="
          ? c !== 0
          : op === ">"
            ? c > 0
            : op === ">="
              ? c >= 0
              : op === "<"
                ? c < 0
                : op === "<="
                  ? c <= 0
                  : // ~> allows the rightmost given component to grow.
                    c >= 0 && v.slice(0, Math.max(given.length - 1, 1)).every((x, i) => x === given[i]);
    if (!ok) return false;
  }
  return true;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Every rule of provider and backend settings; `where` is the config file, `prefix` e.g. "stacks.prod.". */
export function validateStackSettings(
  problems: Problems,
  where: string,
  prefix: string,
  provider: ProviderSettings = {},
  backend: BackendSettings = {},
): void {
  const constraint = provider.versionConstraint;
  problems.check(() => {
    if (constraint === undefined) return;
    const admits = constraintAdmits(constraint, BINDINGS_PROVIDER_VERSION);
    if (admits === undefined) {
      fail(where, `${prefix}provider.versionConstraint`, "must be a Terraform version constraint such as '>= 6.25.0, < 7.0.0'", constraint);
    }
    if (admits === false) {
      fail(
        where,
        `${prefix}provider.versionConstraint`,
        `must admit ${BINDINGS_PROVIDER_VERSION}, the provider version the bindings write for`,
        constraint,
      );
    }
  });
  checkAccount(problems, where, prefix, provider);
  const s3 = backend.s3;
  if (s3 === undefined) return;
  problems.check(() => {
    if (!isUnresolved(s3.bucket) && !BUCKET.test(s3.bucket)) {
      fail(where, `${prefix}backend.s3.bucket`, "must be an S3 bucket name of 3 to 63 characters of a-z 0-9 . -", s3.bucket);
    }
  });
  problems.check(() => {
    if (typeof s3.key !== "string" || s3.key.length === 0 || s3.key.startsWith("/") || s3.key.endsWith("/")) {
      fail(where, `${prefix}backend.s3.key`, "must be an object key that neither starts nor ends with '/'", s3.key);
    }
  });
  problems.check(() => checkRegion(where, `${prefix}backend.s3.region`, s3.region));
}

// AWS's partitions; a path of IAM's characters (U+0021 to U+007E) but `*`, which STS cannot assume (IAM User Guide, reference_identifiers).
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-f]|aws-eusc):iam::(\d{12}):role\/([!-)+-~]{1,510}\/)?[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
/** The account of a well-formed role ARN. */
const roleAccount = (arn: string): string | undefined => ROLE_ARN.exec(arn)?.[2];
// STS AssumeRole's RoleSessionName and ExternalId (STS API Reference, API_AssumeRole).
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** The stack's account: a role ARN, a session name and an external id STS takes, accounts of 12 digits, the role's among them. */
function checkAccount(problems: Problems, where: string, prefix: string, provider: ProviderSettings): void {
  const role = provider.assumeRole;
  const allowed = provider.allowedAccountIds;
  const at = `${prefix}provider`;
  if (role !== undefined) {
    problems.check(() => {
      if (!isUnresolved(role.roleArn) && !ROLE_ARN.test(role.roleArn))
        fail(where, `${at}.assumeRole.roleArn`, "must be an IAM role ARN such as 'arn:aws:iam::111122223333:role/deployer'", role.roleArn);
    });
    problems.check(() => {
      if (role.sessionName !== undefined && !SESSION_NAME.test(role.sessionName))
        fail(where, `${at}.assumeRole.sessionName`, "must be 2 to 64 characters of letters, digits and _+=,.@-", role.sessionName);
    });
    problems.check(() => {
      if (role.externalId !== undefined && !EXTERNAL_ID.test(role.externalId))
        fail(where, `${at}.assumeRole.externalId`, "must be 2 to 1,224 characters of letters, digits and _+=,.@:/-", role.externalId);
    });
  }
  if (allowed === undefined) return;
  problems.check(() => {
    if (allowed.length === 0) fail(where, `${at}.allowedAccountIds`, "must name at least one account (leave it out to allow any)", []);
  });
  allowed.forEach((id, i) =>
    problems.check(() => {
      if (!isUnresolved(id) && !ACCOUNT_ID.test(id)) fail(where, `${at}.allowedAccountIds[${i}]`, "must be an account id of 12 digits", id);
    }),
  );
  problems.check(() => {
    const account = role && roleAccount(role.roleArn);
    if (account !== undefined && allowed.length > 0 && !allowed.includes(account))
      fail(
        where,
        `${at}.assumeRole.roleArn`,
        `is a role of account ${account}, which provider.allowedAccountIds does not allow (${allowed.join(", ")}): Terraform would refuse every plan`,
        role!.roleArn,
      );
  });
}

/**
 * Who applies a stack: the role its providers assume, and those of the organization's admins that are
 * of the stack's account (the role's, else `allowedAccountIds`); any admin when the account is unknown.
 * An admin of another account has nothing to operate here.
 */
export function deployersOf(provider: ProviderSettings | undefined, admins: readonly string[]): string[] {
  const role = provider?.assumeRole?.roleArn;
  const own = role === undefined ? undefined : roleAccount(role);
  const accounts = own !== undefined ? [own] : provider?.allowedAccountIds;
  const ofStack = (arn: string) => {
    const account = arn.split(":")[4] ?? ""; // an IAM ARN's fifth field
    return accounts === undefined || !ACCOUNT_ID.test(account) || accounts.includes(account);
  };
  return [...new Set([...admins.filter(ofStack), ...(role === undefined ? [] : [role])])];
}

/**
 * The stack's state: S3 when configured, otherwise a local file whose path is
 * relative to the stack's directory (`cdktf.out/stacks/<stack>`), so it lands
 * at the project root on every machine. cdktf's own default embeds the
 * absolute path of the machine that ran synth.
 */
export function addBackend(stack: TerraformStack, stackName: string, backend: BackendSettings = {}): void {
  // The config file's rules, the same implementation: a bad bucket, key or region throws here, before anything is written.
  validateAll((problems) => validateStackSettings(problems, stack.node.path, "", {}, backend));
  const s3 = backend.s3;
  if (!s3) {
    new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: s3.bucket,
    key: s3.key,
    region: s3.region,
    encrypt: s3.encrypt ?? true,
    kmsKeyId: s3.kmsKeyId,
  });
  // cdktf 0.21's S3Backend predates use_lockfile (Terraform 1.10).
  stack.addOverride("terraform.backend.s3.use_lockfile", s3.useLockfile ?? true);
}

/**
 * Requires `hashicorp/aws` by its full source address and a version range instead of the bindings' exact pin, under the
 * config file's rules (a range that does not admit the bindings' version throws a `ValidationError`); and puts
 * `defaultTags` on every AWS provider of the stack, whenever it is made (a provider's own default tags win, key by key).
 */
export function requireProvider(stack: TerraformStack, provider: ProviderSettings = {}): void {
  validateAll((problems) => validateStackSettings(problems, stack.node.path, "", provider, {}));
  stack.addOverride("terraform.required_providers.aws", {
    source: "hashicorp/aws",
    version: provider.versionConstraint ?? DEFAULT_PROVIDER_CONSTRAINT,
  });
  if (provider.defaultTags && Object.keys(provider.defaultTags).length) Aspects.of(stack).add(new DefaultTags(provider.defaultTags));
  if (provider.assumeRole || provider.allowedAccountIds) Aspects.of(stack).add(new StackAccount(provider));
}

/** Puts the stack's role and allowed accounts on each AWS provider at synth, unless the provider has its own. */
class StackAccount implements IAspect {
  constructor(private readonly settings: ProviderSettings) {}

  visit(node: IConstruct): void {
    if (!(node instanceof AwsProvider)) return;
    const role = this.settings.assumeRole;
    if (role && node.assumeRole === undefined)
      node.assumeRole = [{ roleArn: role.roleArn, sessionName: role.sessionName, externalId: role.externalId }];
    if (this.settings.allowedAccountIds && node.allowedAccountIds === undefined)
      node.allowedAccountIds = [...this.settings.allowedAccountIds];
  }
}

/** Sets the stack's default tags on each AWS provider at synth, under the provider's own. */
class DefaultTags implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (!(node instanceof AwsProvider)) return;
    const given = node.defaultTags;
    const own = Array.isArray(given) ? (given[0]?.tags ?? {}) : {};
    node.defaultTags = [{ tags: { ...this.tags, ...own } }];
  }
}
