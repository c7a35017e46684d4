import { runSimulation } from "@cloud-copilot/iam-simulate";
import { TerraformJson } from "./synth";

/**
 * Turns a synthesized stack into the policies AWS would evaluate, with every
 * Terraform reference replaced by a concrete fake value, and asks an
 * independent IAM evaluator (@cloud-copilot/iam-simulate) for decisions.
 */

export const ACCOUNT = "123456789012";
export const FOREIGN_ACCOUNT = "999999999999";
export const REGION = "us-east-2";
export const REPLICATION_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication`;
export const STREAM_LABEL = "2026-11-28T00:00:00.000";

type Policy = { Version: string; Statement: unknown[] };
type Body = Record<string, unknown>;

/** Fake values for each kind of reference the policies contain. */
export interface Fakes {
  /** Endpoint id per aws_vpc_endpoint logical name, in synth order. */
  readonly endpointIds: readonly string[];
  /** Region of the stack's tables and keys. @default REGION */
  readonly region?: string;
}

export class AccessModel {
  private readonly values = new Map<string, string>();
  /** `aws_vpc_endpoint` id by logical name. */
  public readonly endpoints: Record<string, string> = {};
  /** Table ARN by table name. */
  public readonly tables: Record<string, string> = {};
  /** KMS key ARN by logical name. */
  public readonly keys: Record<string, string> = {};

  constructor(
    private readonly tf: TerraformJson,
    fakes: Fakes,
  ) {
    const resources = tf.resource ?? {};
    const region = fakes.region ?? REGION;
    Object.keys(resources.aws_vpc_endpoint ?? {}).forEach((name, i) => {
      const id = fakes.endpointIds[i];
      if (!id) throw new Error(`no fake id for endpoint ${name}`);
      this.values.set(`aws_vpc_endpoint.${name}.id`, id);
      this.endpoints[name] = id;
    });
    for (const [name, body] of Object.entries(resources.aws_dynamodb_table ?? {})) {
      const arn = `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${String(body.name)}`;
      this.values.set(`aws_dynamodb_table.${name}.arn`, arn);
      this.values.set(`aws_dynamodb_table.${name}.name`, String(body.name));
      this.values.set(`aws_dynamodb_table.${name}.stream_arn`, `${arn}/stream/${STREAM_LABEL}`);
      this.tables[String(body.name)] = arn;
    }
    // Replicas: the region is their provider's (an alias of the stack's provider blocks), the name their table's.
    const providerRegions = new Map((tf.provider?.aws ?? []).map((p) => [`aws.${String(p.alias)}`, String(p.region)]));
    for (const [name, body] of Object.entries(resources.aws_dynamodb_table_replica ?? {})) {
      const replicaRegion = providerRegions.get(String(body.provider));
      if (!replicaRegion) throw new Error(`replica ${name} has no provider with a region`);
      this.values.set(
        `aws_dynamodb_table_replica.${name}.arn`,
        this.resolve(String(body.global_table_arn)).replace(`:${region}:`, `:${replicaRegion}:`),
      );
    }
    // A replica's stream is read by a data source named from the replica's ARN (through a terraform_data record of it).
    for (const [name, body] of Object.entries(tf.data?.aws_dynamodb_table ?? {})) {
      const record = /terraform_data\.([^.]+)\.output/.exec(String(body.name))?.[1];
      const replica = /\$\{(aws_dynamodb_table_replica\.[^.]+\.arn)\}/.exec(
        String((resources.terraform_data?.[record ?? ""]?.input as Body | undefined)?.replica),
      )?.[1];
      const arn = replica === undefined ? undefined : this.values.get(replica);
      if (arn === undefined) throw new Error(`cannot tell which replica data.aws_dynamodb_table.${name} reads`);
      this.values.set(`data.aws_dynamodb_table.${name}.stream_arn`, `${arn}/stream/${STREAM_LABEL}`);
    }
    Object.keys(resources.aws_kms_key ?? {}).forEach((name, i) => {
      const arn = `arn:aws:kms:${region}:${ACCOUNT}:key/0000000${i}-aaaa-bbbb-cccc-dddddddddddd`;
      this.values.set(`aws_kms_key.${name}.arn`, arn);
      this.keys[name] = arn;
    });
    for (const [name, body] of Object.entries(resources.aws_iam_policy ?? {})) {
      this.values.set(`aws_iam_policy.${name}.arn`, `arn:aws:iam::${ACCOUNT}:policy/${String(body.name)}`);
    }
    for (const name of Object.keys(tf.data?.aws_caller_identity ?? {})) {
      this.values.set(`data.aws_caller_identity.${name}.account_id`, ACCOUNT);
      this.values.set(`data.aws_caller_identity.${name}.arn`, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/pipeline`);
    }
  }

  /** Replaces every `${ref}`; an unknown or leftover reference is an error, never a silent pass. */
  resolve(text: string): string {
    const out = text.replace(/\$\{([^}]+)\}/g, (_m, ref: string) => {
      const value = this.values.get(ref.trim());
      if (value === undefined) throw new Error(`unresolved Terraform reference \${${ref}} in a policy`);
      return value;
    });
    if (out.includes("${")) throw new Error(`a Terraform reference is left in: ${out}`);
    return out;
  }

  private policy(text: unknown): Policy {
    return JSON.parse(this.resolve(String(text))) as Policy;
  }

  private resourcesOf(type: string): Array<[string, Body]> {
    return Object.entries(this.tf.resource?.[type] ?? {});
  }

  /** Managed policies attached to a principal, directly or (for users) through groups. */
  identityPolicies(kind: "user" | "role", name: string, groups: readonly string[] = []): Array<{ name: string; policy: Policy }> {
    const attached = new Set<string>();
    const field = kind;
    for (const [, a] of this.resourcesOf(`aws_iam_${kind}_policy_attachment`)) if (a[field] === name) attached.add(String(a.policy_arn));
    for (const [, a] of this.resourcesOf("aws_iam_group_policy_attachment"))
      if (groups.includes(String(a.group))) attached.add(String(a.policy_arn));
    return this.resourcesOf("aws_iam_policy")
      .filter(([logical]) => attached.has(`\${aws_iam_policy.${logical}.arn}`))
      .map(([, body]) => ({ name: String(body.name), policy: this.policy(body.policy) }));
  }

  /** The resource policy attached to an ARN (table, index via its table, or stream), if any. */
  resourcePolicyFor(arn: string): Policy | undefined {
    const owner = arn.includes("/index/") ? arn.slice(0, arn.indexOf("/index/")) : arn;
    for (const [, body] of this.resourcesOf("aws_dynamodb_resource_policy")) {
      if (this.resolve(String(body.resource_arn)) === owner) return this.policy(body.policy);
    }
    return undefined;
  }

  /** The policy of one of this stack's endpoints, by its fake id. */
  endpointPolicyDocument(vpceId: string): Policy | undefined {
    for (const [name, body] of this.resourcesOf("aws_vpc_endpoint")) {
      if (this.endpoints[name] === vpceId) return body.policy === undefined ? undefined : this.policy(body.policy);
    }
    return undefined;
  }

  /** The organization's SCPs the stack outputs (they name no Terraform value), if the config has an organization. */
  organizationPolicies(): Policy[] | undefined {
    const outputs = this.tf.output as Record<string, { value: string }> | undefined;
    const texts = SCP_OUTPUT_NAMES.map((name) => outputs?.[name]);
    // Releases before 1.0.0 output the first alone.
    const present = texts.filter((t): t is { value: string } => t !== undefined);
    return present.length ? present.map((t) => this.policy(t.value)) : undefined;
  }

  /** Key policy of a key, by its fake ARN. */
  keyPolicyDocument(arn: string): Policy | undefined {
    for (const [name, body] of this.resourcesOf("aws_kms_key")) if (this.keys[name] === arn) return this.policy(body.policy);
    return undefined;
  }
}

/** The outputs that hold the organization's SCPs, as a stack writes them (the contract, written out). */
export const SCP_OUTPUT_NAMES = ["organization_scp_document", "organization_principals_scp_document"] as const;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Request {
  /** The signing principal: a user ARN, an assumed-role session ARN, or a service principal (`redshift.amazonaws.com`). */
  readonly principal: string;
  /** `aws:PrincipalArn`: the user, or the role behind the session; none for a service principal. */
  readonly principalArn?: string;
  /** `aws:PrincipalTag/<key>` values: the principal's tags and its session's. */
  readonly principalTags?: Record<string, string>;
  readonly identityPolicies: Array<{ name: string; policy: unknown }>;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly resourcePolicy?: unknown;
  /** Set when the request came through one of this stack's endpoints. */
  readonly endpointPolicy?: unknown;
  readonly context: Record<string, string | string[]>;
  /** Service control policies of the account's organization, besides AWS's FullAWSAccess. */
  readonly serviceControlPolicies?: ReadonlyArray<{ name: string; policy: unknown }>;
  /** Resource control policies of the resource's organization, besides AWS's RCPFullAWSAccess (which the evaluator adds). */
  readonly resourceControlPolicies?: ReadonlyArray<{ name: string; policy: unknown }>;
}

const FULL_AWS_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** Runs one request through the evaluator; simulation errors fail loudly. */
export async function decide(request: Request): Promise<Decision> {
  const service = request.principal.endsWith(".amazonaws.com");
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: {
          ...(service
            ? { "aws:PrincipalIsAWSService": "true" }
            : {
                "aws:PrincipalArn": request.principalArn ?? request.principal,
                "aws:PrincipalAccount": ACCOUNT,
                "aws:PrincipalIsAWSService": "false",
              }),
          ...Object.fromEntries(Object.entries(request.principalTags ?? {}).map(([key, value]) => [`aws:PrincipalTag/${key}`, value])),
          ...request.context,
        },
      },
      identityPolicies: request.identityPolicies,
      serviceControlPolicies: request.serviceControlPolicies
        ? [{ orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }, ...request.serviceControlPolicies] }]
        : [],
      resourceControlPolicies: request.resourceControlPolicies
        ? [{ orgIdentifier: "r-root", policies: [...request.resourceControlPolicies] }]
        : [],
      resourcePolicy: request.resourcePolicy,
      vpcEndpointPolicies: request.endpointPolicy ? [{ name: "endpoint", policy: request.endpointPolicy }] : undefined,
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
