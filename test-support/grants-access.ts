import { readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/app";
import {
  ACCOUNT,
  AccessModel,
  Decision,
  FOREIGN_ACCOUNT,
  REGION,
  REPLICATION_ROLE_ARN,
  SCP_OUTPUT_NAMES,
  STREAM_LABEL,
  decide,
} from "./access-model";
import { TerraformJson, synthConfig } from "./synth";

/**
 * The world the access matrix evaluates: the synthesized policies of
 * examples/grants.json or examples/default.json (or of a past release's
 * synthesis of them), the principals that meet them, where requests come from, and
 * what they touch. Every principal's own policies are written out here, as
 * AWS's managed policies or as an administrator would attach them.
 */

export const OURS = "vpce-1111aaaa2222bbbb3";
/** extraEndpointIds in the example */
export const SECOND = "vpce-0a1b2c3d4e5f60718";
export const FOREIGN = "vpce-0ffffffffffffffff";
/** The zero-ETL integration examples/grants.json names. */
/** The example's guard policy (guard.policyName). */
export const GUARD_POLICY = `arn:aws:iam::${ACCOUNT}:policy/vpcepolicy`;
export const ZERO_ETL_INTEGRATION = "arn:aws:redshift:us-east-2:123456789012:integration:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** The examples built on the seed: the seed itself, and the seed with grants and the control-plane lock. */
const SEED_EXAMPLES = { default: "book-collection", grants: "book-collection-grants" } as const;
export type SeedExample = keyof typeof SEED_EXAMPLES;

/** An example's stack as this release synthesizes it. */
export function seedExample(example: SeedExample = "grants"): TerraformJson {
  const file = join(__dirname, "..", "examples", `${example}.json`);
  return Object.values(synthConfig(parseConfig(readFileSync(file, "utf8"), file)))[0];
}

/** The same example as release 0.6.0 synthesized it. */
export function seedExampleOf060(example: SeedExample = "grants"): TerraformJson {
  return JSON.parse(readFileSync(join(__dirname, "fixtures", "0.6.0", example, `${SEED_EXAMPLES[example]}.json`), "utf8")) as TerraformJson;
}

const FOREIGN_TABLE_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "dynamodb:*", Resource: "*" }],
};

/** Stands in for the dynamodb part of AWS's AmazonDynamoDBFullAccess managed policy. */
export const FULL_ACCESS = {
  name: "AmazonDynamoDBFullAccess",
  policy: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["dynamodb:*", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" }],
  },
};
/**
 * The DynamoDB part of the replication role's service-linked policy, DynamoDBReplicationServiceRolePolicy v8
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/DynamoDBReplicationServiceRolePolicy.html).
 */
export const REPLICATION_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:DescribeTable",
  "dynamodb:UpdateTable",
  "dynamodb:Scan",
  "dynamodb:DescribeStream",
  "dynamodb:GetRecords",
  "dynamodb:GetShardIterator",
  "dynamodb:DescribeTimeToLive",
  "dynamodb:UpdateTimeToLive",
  "dynamodb:DescribeLimits",
  "dynamodb:GetResourcePolicy",
];
const REPLICATION_POLICY = {
  name: "DynamoDBReplicationServiceRolePolicy",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: REPLICATION_ACTIONS, Resource: "*" }] },
};
/** Stands in for AWSApplicationAutoscalingDynamoDBTablePolicy (its DynamoDB part). */
const AUTO_SCALING_POLICY = {
  name: "AWSApplicationAutoscalingDynamoDBTablePolicy",
  policy: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["dynamodb:DescribeTable", "dynamodb:UpdateTable"], Resource: "*" }],
  },
};
/** Stands in for AWS Backup's default service role policy (its DynamoDB part). */
const BACKUP_POLICY = {
  name: "AWSBackupServiceRolePolicyForBackup",
  policy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["dynamodb:CreateBackup", "dynamodb:StartAwsBackupJob", "dynamodb:DescribeTable", "dynamodb:ListTagsOfResource"],
        Resource: "*",
      },
    ],
  },
};
/** Stands in for IAMFullAccess and the right to tag sessions: an account admin who is not an organization admin. */
const IAM_ADMIN_POLICY = {
  name: "IAMFullAccess",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*", "sts:TagSession"], Resource: "*" }] },
};
/** Stands in for the KMS part of PowerUserAccess: every KMS call on every key. */
const KMS_POWER_POLICY = {
  name: "PowerUserAccess",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] },
};
/** Stands in for PowerUserAccess: every call but IAM's, Organizations' and the account's. */
const POWER_USER_POLICY = {
  name: "PowerUserAccess",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }] },
};
/** Stands in for a read-only plan role's policy. */
const PLAN_POLICY = {
  name: "ReadOnlyAccess",
  policy: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["dynamodb:Describe*", "dynamodb:List*", "dynamodb:Get*"], Resource: "*" }],
  },
};

/** The exemption tag the example's control-plane lock honours. */
const EXEMPT = { "dp:exclude:network": "true" };

/** The principals, sources and resources of a stack built like examples/grants.json. */
export function grantsWorld(tf: TerraformJson) {
  const model = new AccessModel(tf, { endpointIds: [OURS] });
  /** The tags the stack gives its (only) resource of a type matching `pick`: what `aws:ResourceTag/<key>` reads. */
  const tagsOf = (type: string, pick: (body: Record<string, unknown>) => boolean = () => true): Record<string, string> =>
    (Object.values(tf.resource?.[type] ?? {}).find(pick)?.tags as Record<string, string> | undefined) ?? {};
  const isFlowLogGroup = (b: Record<string, unknown>) => String(b.name).startsWith("/aws/vpc-flow-logs/");
  const flowLogGroup = Object.values(tf.resource?.aws_cloudwatch_log_group ?? {}).find(isFlowLogGroup);
  const TABLE = model.tables.BookCollection;
  const tableKey = model.resolve(
    String((Object.values(tf.resource!.aws_dynamodb_table)[0].server_side_encryption as Record<string, string>).kms_key_arn),
  );
  const tableKeyBody = Object.entries(tf.resource?.aws_kms_key ?? {}).find(([name]) => model.keys[name] === tableKey)?.[1];
  const STREAM_READER_POLICY = {
    name: "ReadBookStream",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"],
          Resource: `${TABLE}/stream/*`,
        },
      ],
    },
  };

  const role = (name: string, extra: Array<{ name: string; policy: unknown }>, principalTags?: Record<string, string>, path = "") => ({
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session`,
    principalArn: `arn:aws:iam::${ACCOUNT}:role/${path}${name}`,
    identityPolicies: [...model.identityPolicies("role", name), ...extra],
    principalTags,
  });
  const service = (name: string) => ({ principal: name, identityPolicies: [] });

  const PRINCIPALS = {
    /** user dynauser: the guard and the read-write grant, nothing else */
    attachedUser: {
      principal: `arn:aws:iam::${ACCOUNT}:user/dynauser`,
      principalArn: `arn:aws:iam::${ACCOUNT}:user/dynauser`,
      identityPolicies: model.identityPolicies("user", "dynauser"),
    },
    /** role dynarole: the guard, the read-write grant, and a full-access policy someone else attached */
    attachedRole: role("dynarole", [FULL_ACCESS]),
    /** user reader, member of group dynareaders: the guard and the read-only grant through the group */
    groupMember: {
      principal: `arn:aws:iam::${ACCOUNT}:user/reader`,
      principalArn: `arn:aws:iam::${ACCOUNT}:user/reader`,
      identityPolicies: model.identityPolicies("user", "reader", ["dynareaders"]),
    },
    /** role analytics: no guard attached, full access, no tags */
    unattachedRole: role("analytics", [FULL_ACCESS]),
    /** role ops-tools: no guard, full access, tagged dp:exclude:network=true */
    taggedRole: role("ops-tools", [FULL_ACCESS], EXEMPT),
    /** the role `terraform plan` runs as: read-only, tagged */
    planRole: role("terraform-plan", [PLAN_POLICY], EXEMPT),
    /** role developer: PowerUserAccess (every call but IAM's), no tag */
    powerUser: role("developer", [POWER_USER_POLICY]),
    /** an apply role with full access and no tag */
    untaggedApplyRole: role("terraform-apply", [FULL_ACCESS]),
    /** the same plan role without the tag */
    untaggedPlanRole: role("terraform-plan-legacy", [PLAN_POLICY]),
    /** the role `terraform apply` runs as: full access, tagged, the replica manager and the organization's admin */
    applyRole: role("platform-deployer", [FULL_ACCESS, IAM_ADMIN_POLICY, KMS_POWER_POLICY], EXEMPT),
    /** in the control plane's exemptPrincipalArns */
    breakGlass: role("break-glass", [FULL_ACCESS]),
    /** an IAM Identity Center role of the PlatformAdmin permission set: under a path */
    ssoAdmin: role("AWSReservedSSO_PlatformAdmin_0a1b2c3d4e5f6a7b", [FULL_ACCESS], undefined, "aws-reserved/sso.amazonaws.com/us-east-2/"),
    /** the same permission set's role in Identity Center's home region: no region in its path */
    ssoAdminHomeRegion: role("AWSReservedSSO_PlatformAdmin_1b2c3d4e5f6a7b8c", [FULL_ACCESS], undefined, "aws-reserved/sso.amazonaws.com/"),
    /** a role of another permission set whose name starts like it: PlatformAdmin_ReadOnly */
    ssoPlatformAdminReadOnly: role(
      "AWSReservedSSO_PlatformAdmin_ReadOnly_0a1b2c3d4e5f6a7b",
      [FULL_ACCESS],
      undefined,
      "aws-reserved/sso.amazonaws.com/us-east-2/",
    ),
    /** an IAM Identity Center role of another permission set */
    ssoReadOnly: role("AWSReservedSSO_ReadOnly_0a1b2c3d4e5f6a7b", [FULL_ACCESS], undefined, "aws-reserved/sso.amazonaws.com/us-east-2/"),
    /** AWS Backup's service role, in backupPrincipalArns */
    backupRole: role("AWSBackupDefaultServiceRole", [BACKUP_POLICY], undefined, "service-role/"),
    /** an account's IAM admin who is not an organization admin */
    iamAdmin: role("account-admin", [FULL_ACCESS, IAM_ADMIN_POLICY]),
    /** streamConsumerPrincipalArns in the example */
    streamConsumer: role("book-indexer", [STREAM_READER_POLICY]),
    /** Application Auto Scaling's service-linked role for DynamoDB tables */
    autoScaling: {
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable/scaling`,
      principalArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
      identityPolicies: [AUTO_SCALING_POLICY],
    },
    /** global tables' service-linked role */
    replication: {
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForDynamoDBReplication/replication`,
      principalArn: REPLICATION_ROLE_ARN,
      identityPolicies: [REPLICATION_POLICY],
    },
    /** an AWS service acting through its service principal: Amazon Redshift, which the example's zero-ETL integration names */
    awsService: service("redshift.amazonaws.com"),
    /** AWS Glue's service principal, which no integration of the example names */
    glueService: service("glue.amazonaws.com"),
    /** role ci-runner: full access, tagged with the exemption key in capitals (IAM reads tag keys in any case) */
    wrongCaseTagged: role("ci-runner", [FULL_ACCESS], { "DP:EXCLUDE:NETWORK": "true" }),
    /** role power-user: every KMS call on every key (PowerUserAccess), no tag */
    kmsPowerUser: role("power-user", [KMS_POWER_POLICY]),
    /** role key-operator: the same, tagged dp:exclude:network=true (an operator of the control plane) */
    keyOperator: role("key-operator", [KMS_POWER_POLICY], EXEMPT),
    /** the guarded role dynarole, had someone also given it IAM's full access */
    attachedIamAdmin: role("dynarole", [FULL_ACCESS, IAM_ADMIN_POLICY]),
    /** role ops-legacy: full access, tagged with the exemption key and the value TRUE */
    upperValueTagged: role("ops-legacy", [FULL_ACCESS], { "dp:exclude:network": "TRUE" }),
  };

  const SOURCES = {
    ourEndpoint: {
      context: { "aws:SourceVpce": OURS, "aws:SourceVpc": "vpc-0123456789abcdef0", "aws:ViaAWSService": "false" },
      endpointPolicy: model.endpointPolicyDocument(OURS),
    },
    secondEndpoint: { context: { "aws:SourceVpce": SECOND, "aws:ViaAWSService": "false" } },
    foreignEndpoint: { context: { "aws:SourceVpce": FOREIGN, "aws:ViaAWSService": "false" } },
    internet: { context: { "aws:ViaAWSService": "false" } },
    viaAwsService: { context: { "aws:ViaAWSService": "true" } },
    viaDynamoDb: { context: { "aws:ViaAWSService": "true", "kms:ViaService": `dynamodb.${REGION}.amazonaws.com` } },
    /** a service principal acting for this account */
    forThisAccount: { context: { "aws:SourceAccount": ACCOUNT } },
    /** a service principal acting for this account's zero-ETL integration of the example */
    forOurIntegration: { context: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": ZERO_ETL_INTEGRATION } },
    /** a service principal acting for another integration of this account */
    forAnotherIntegration: {
      context: {
        "aws:SourceAccount": ACCOUNT,
        "aws:SourceArn": `arn:aws:redshift:${REGION}:${ACCOUNT}:integration:ffffffff-ffff-4fff-8fff-ffffffffffff`,
      },
    },
    /** a service principal acting for another account */
    forAnotherAccount: { context: { "aws:SourceAccount": FOREIGN_ACCOUNT } },
    /** a request setting the exemption tag (TagRole, TagSession, CreateRole) */
    settingExemptionTag: {
      context: { "aws:ViaAWSService": "false", "aws:TagKeys": ["dp:exclude:network"], "aws:RequestTag/dp:exclude:network": "true" },
    },
    /** a request setting the perimeter's own tag (dynamodb-isolation:perimeter) */
    settingPerimeterTag: {
      context: {
        "aws:ViaAWSService": "false",
        "aws:TagKeys": ["dynamodb-isolation:perimeter"],
        "aws:RequestTag/dynamodb-isolation:perimeter": "BookCollection",
      },
    },
    /** a request setting some other tag */
    settingOtherTag: { context: { "aws:ViaAWSService": "false", "aws:TagKeys": ["team"], "aws:RequestTag/team": "books" } },
    /** a request setting the exemption tag with its key in capitals */
    settingWrongCaseTag: {
      context: { "aws:ViaAWSService": "false", "aws:TagKeys": ["DP:EXCLUDE:NETWORK"], "aws:RequestTag/DP:EXCLUDE:NETWORK": "true" },
    },
    /** CloudFormation acting with the caller's credentials (no service role), from its own network */
    viaCloudFormation: {
      context: {
        "aws:ViaAWSService": "true",
        "aws:CalledVia": ["cloudformation.amazonaws.com"],
        "aws:CalledViaFirst": "cloudformation.amazonaws.com",
        "aws:CalledViaLast": "cloudformation.amazonaws.com",
      },
    },
    /** DynamoDB calling itself in another region with the caller's credentials, as adding a replica may */
    /** a call naming the example's guard in iam:PolicyARN (detaching it) */
    namingTheGuard: { context: { "aws:ViaAWSService": "false", "iam:PolicyARN": GUARD_POLICY } },
    /** a call naming another managed policy in iam:PolicyARN */
    namingAnotherPolicy: { context: { "aws:ViaAWSService": "false", "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
    /** KMS asked by DynamoDB, with the caller's credentials, for a grant on a table's behalf */
    grantForTable: {
      context: { "aws:ViaAWSService": "true", "kms:ViaService": `dynamodb.${REGION}.amazonaws.com`, "kms:GrantIsForAWSResource": "true" },
    },
    viaDynamoDbForwarded: {
      context: {
        "aws:ViaAWSService": "true",
        "aws:CalledVia": ["dynamodb.amazonaws.com"],
        "aws:CalledViaFirst": "dynamodb.amazonaws.com",
        "aws:CalledViaLast": "dynamodb.amazonaws.com",
      },
    },
  };

  const RESOURCES = {
    table: { arn: TABLE, account: ACCOUNT },
    index: { arn: `${TABLE}/index/byTitle`, account: ACCOUNT },
    stream: { arn: `${TABLE}/stream/${STREAM_LABEL}`, account: ACCOUNT },
    /** an on-demand backup of the table: restores are authorised on it, and no resource policy can name it */
    backup: { arn: `${TABLE}/backup/01767225600000-0a1b2c3d`, account: ACCOUNT },
    otherTable: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Other`, account: ACCOUNT },
    /**
     * the table's name in a region it has no table in: an import, a restore from AWS Backup or a new replica creates it,
     * with no resource policy (a new replica is authorised there under one reading of DynamoDB's global tables IAM page)
     */
    newTable: { arn: `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/BookCollection`, account: ACCOUNT },
    /** a backup of a table outside the perimeter */
    otherBackup: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Other/backup/01767225600000-0a1b2c3d`, account: ACCOUNT },
    foreignTable: {
      arn: `arn:aws:dynamodb:${REGION}:${FOREIGN_ACCOUNT}:table/Drop`,
      account: FOREIGN_ACCOUNT,
      policy: FOREIGN_TABLE_POLICY,
    },
    tableKey: { arn: tableKey, account: ACCOUNT, tags: tagsOf("aws_kms_key", (k) => k === tableKeyBody) },
    /** the log group the VPC's flow logs go to */
    flowLogGroup: {
      arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${String(flowLogGroup?.name)}`,
      account: ACCOUNT,
      tags: tagsOf("aws_cloudwatch_log_group", isFlowLogGroup),
    },
    /** the VPC's flow log */
    flowLog: { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`, account: ACCOUNT, tags: tagsOf("aws_flow_log") },
    /** the perimeter's gateway endpoint */
    endpoint: { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-endpoint/${OURS}`, account: ACCOUNT, tags: tagsOf("aws_vpc_endpoint") },
    anyResource: { arn: "*", account: ACCOUNT },
    /** a stream of the table that has no stream policy yet: turned on again outside Terraform, so with a new label */
    unpolicedStream: { arn: `${TABLE}/stream/2027-01-01T00:00:00.000`, account: ACCOUNT },
    /** the table's legacy (2017.11.29) global table, authorised on an ARN of its own */
    globalTable: { arn: `arn:aws:dynamodb::${ACCOUNT}:global-table/BookCollection`, account: ACCOUNT },
    /** a role someone wants to exempt */
    someRole: { arn: `arn:aws:iam::${ACCOUNT}:role/analytics`, account: ACCOUNT },
    /** the guarded role dynarole itself */
    guardedRole: { arn: `arn:aws:iam::${ACCOUNT}:role/dynarole`, account: ACCOUNT },
    /** the guard policy */
    guardPolicy: { arn: GUARD_POLICY, account: ACCOUNT },
    /** the group the read-only grant (and so the guard) is attached to */
    guardedGroup: { arn: `arn:aws:iam::${ACCOUNT}:group/dynareaders`, account: ACCOUNT },
    /** the guarded group, had someone created it under a path */
    guardedGroupUnderPath: { arn: `arn:aws:iam::${ACCOUNT}:group/teams/dynareaders`, account: ACCOUNT },
    /** break-glass, an operator of the control-plane lock and the keys by ARN */
    breakGlassRole: { arn: `arn:aws:iam::${ACCOUNT}:role/break-glass`, account: ACCOUNT },
    /** ops-tools, a role tagged exempt: an operator by tag */
    taggedRoleItself: { arn: `arn:aws:iam::${ACCOUNT}:role/ops-tools`, account: ACCOUNT, tags: EXEMPT },
    /** the organization's admin role, the one the SCP exempts */
    adminRole: { arn: `arn:aws:iam::${ACCOUNT}:role/platform-deployer`, account: ACCOUNT },
  };
  return { model, TABLE, SCPS: model.organizationPolicies(), PRINCIPALS, SOURCES, RESOURCES };
}

export type GrantsWorld = ReturnType<typeof grantsWorld>;
export type PrincipalKey = keyof GrantsWorld["PRINCIPALS"];
export type SourceKey = keyof GrantsWorld["SOURCES"];
export type ResourceKey = keyof GrantsWorld["RESOURCES"];

/** How a request is evaluated: with the organization's SCP or not, with the resource policies or not. */
export interface Evaluation {
  readonly scp: boolean;
  /** @default true */
  readonly resourcePolicies?: boolean;
}

/** One request of the world through the evaluator. */
export function decideIn(
  world: GrantsWorld,
  principal: PrincipalKey,
  action: string,
  resourceKey: ResourceKey,
  sourceKey: SourceKey,
  how: Evaluation,
): Promise<Decision> {
  const resource = world.RESOURCES[resourceKey] as { arn: string; account: string; policy?: unknown; tags?: Record<string, string> };
  const resourceTags = Object.fromEntries(Object.entries(resource.tags ?? {}).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
  const source = world.SOURCES[sourceKey] as { context: Record<string, string | string[]>; endpointPolicy?: unknown };
  const resourcePolicy =
    how.resourcePolicies === false
      ? undefined
      : "policy" in resource
        ? resource.policy
        : resourceKey === "tableKey"
          ? world.model.keyPolicyDocument(resource.arn)
          : world.model.resourcePolicyFor(resource.arn);
  return decide({
    ...world.PRINCIPALS[principal],
    action,
    resource: resource.arn,
    resourceAccount: resource.account,
    resourcePolicy,
    endpointPolicy: source.endpointPolicy,
    context: { ...resourceTags, ...source.context },
    serviceControlPolicies: how.scp && world.SCPS ? world.SCPS.map((policy, i) => ({ name: `perimeter-${i}`, policy })) : undefined,
  });
}

/** A copy of a stack with the statements of these Sids taken out of every policy it holds and outputs: what a row's decision rests on. */
export function withoutStatements(tf: TerraformJson, sids: readonly string[]): TerraformJson {
  const strip = (text: string) => {
    const doc = JSON.parse(text) as { Statement: Array<{ Sid?: string }> };
    return JSON.stringify({ ...doc, Statement: doc.Statement.filter((st) => !sids.includes(st.Sid ?? "")) });
  };
  const copy = JSON.parse(JSON.stringify(tf)) as TerraformJson;
  for (const type of ["aws_iam_policy", "aws_dynamodb_resource_policy", "aws_vpc_endpoint", "aws_kms_key"]) {
    for (const body of Object.values(copy.resource?.[type] ?? {})) if (typeof body.policy === "string") body.policy = strip(body.policy);
  }
  const outputs = copy.output as Record<string, { value: string }> | undefined;
  for (const name of SCP_OUTPUT_NAMES) {
    const scp = outputs?.[name];
    if (scp) scp.value = strip(scp.value);
  }
  return copy;
}

/** A copy of a stack whose endpoints' first Allow lets these actions through as well: what an endpoint-policy row's decision rests on. */
export function withEndpointAllowing(tf: TerraformJson, actions: readonly string[]): TerraformJson {
  const copy = JSON.parse(JSON.stringify(tf)) as TerraformJson;
  for (const body of Object.values(copy.resource?.aws_vpc_endpoint ?? {})) {
    if (typeof body.policy !== "string") continue;
    const doc = JSON.parse(body.policy) as { Statement: Array<{ Action: string[] }> };
    doc.Statement[0].Action = [...doc.Statement[0].Action, ...actions];
    body.policy = JSON.stringify(doc);
  }
  return copy;
}

/** A copy of a stack whose endpoints let every table of the account in their region through, as 0.6.0's default scope did. */
export function withEndpointForAccount(tf: TerraformJson): TerraformJson {
  const copy = JSON.parse(JSON.stringify(tf)) as TerraformJson;
  for (const body of Object.values(copy.resource?.aws_vpc_endpoint ?? {})) {
    if (typeof body.policy !== "string") continue;
    const doc = JSON.parse(body.policy) as { Statement: Array<{ Resource: string[] | string }> };
    const region = String(body.service_name).split(".")[2];
    doc.Statement[0].Resource = [`arn:aws:dynamodb:${region}:\${data.aws_caller_identity.Isolation_Caller_935310A2.account_id}:table/*`];
    body.policy = JSON.stringify(doc);
  }
  return copy;
}
