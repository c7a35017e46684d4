import { readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/app";
import {
  ACCOUNT,
  AccessModel,
  DEPLOYER_ROLE_ARN,
  Decision,
  FOREIGN_ACCOUNT,
  REGION,
  REPLICATION_ROLE_ARN,
  STREAM_LABEL,
  decide,
} from "../test-support/access-model";
import { quoted, readme } from "../test-support/readme";
import { synthConfig } from "../test-support/synth";

/**
 * The synthesized identity, resource, stream, endpoint and key policies of
 * examples/grants.json, evaluated together by @cloud-copilot/iam-simulate.
 * Every expectation is written out; nothing is derived from the module.
 */
const file = join(__dirname, "..", "examples", "grants.json");
const config = parseConfig(readFileSync(file, "utf8"), file);
const [tf] = Object.values(synthConfig(config));

const OURS = "vpce-1111aaaa2222bbbb3";
const SECOND = "vpce-0a1b2c3d4e5f60718"; // extraEndpointIds in the example
const FOREIGN = "vpce-0ffffffffffffffff";
const model = new AccessModel(tf, { endpointIds: [OURS] });

const TABLE = model.tables.BookCollection;
const tableKey = model.resolve(
  String((Object.values(tf.resource!.aws_dynamodb_table)[0].server_side_encryption as Record<string, string>).kms_key_arn),
);

/** Stands in for the dynamodb part of AWS's AmazonDynamoDBFullAccess managed policy. */
const FULL_ACCESS = {
  name: "AmazonDynamoDBFullAccess",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:*", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" }] },
};
/** Stands in for the replication role's service-linked policy. */
const REPLICATION_POLICY = {
  name: "DynamoDBReplicationServiceRolePolicy",
  policy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
          "dynamodb:Scan", "dynamodb:ReadDataForReplication", "dynamodb:WriteDataForReplication", "dynamodb:ReplicateSettings",
          "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream",
        ],
        Resource: "*",
      },
    ],
  },
};
/** Stands in for AWSApplicationAutoscalingDynamoDBTablePolicy (its DynamoDB part). */
const AUTO_SCALING_POLICY = {
  name: "AWSApplicationAutoscalingDynamoDBTablePolicy",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:DescribeTable", "dynamodb:UpdateTable"], Resource: "*" }] },
};
const STREAM_READER_POLICY = {
  name: "ReadBookStream",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"], Resource: `${TABLE}/stream/*` }] },
};

const role = (name: string, extra: Array<{ name: string; policy: unknown }>) => ({
  principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session`,
  principalArn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  identityPolicies: [...model.identityPolicies("role", name), ...extra],
});

const PRINCIPALS = {
  /** user dynauser: the guard and the read-write grant, nothing else */
  attachedUser: { principal: `arn:aws:iam::${ACCOUNT}:user/dynauser`, principalArn: `arn:aws:iam::${ACCOUNT}:user/dynauser`, identityPolicies: model.identityPolicies("user", "dynauser") },
  /** role dynarole: the guard, the read-write grant, and a full-access policy someone else attached */
  attachedRole: role("dynarole", [FULL_ACCESS]),
  /** user reader, member of group dynareaders: the guard and the read-only grant through the group */
  groupMember: { principal: `arn:aws:iam::${ACCOUNT}:user/reader`, principalArn: `arn:aws:iam::${ACCOUNT}:user/reader`, identityPolicies: model.identityPolicies("user", "reader", ["dynareaders"]) },
  /** role analytics: no guard attached, full access */
  unattachedRole: role("analytics", [FULL_ACCESS]),
  /** the role running terraform apply, found at plan time: full access */
  deployer: { ...role("deployer", [FULL_ACCESS]), principalArn: DEPLOYER_ROLE_ARN },
  /** operatorPrincipalArns in the example */
  breakGlass: role("break-glass", [FULL_ACCESS]),
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
};

const SOURCES = {
  ourEndpoint: { context: { "aws:SourceVpce": OURS, "aws:SourceVpc": "vpc-0123456789abcdef0", "aws:ViaAWSService": "false" }, endpointPolicy: model.endpointPolicyDocument(OURS) },
  secondEndpoint: { context: { "aws:SourceVpce": SECOND, "aws:ViaAWSService": "false" } },
  foreignEndpoint: { context: { "aws:SourceVpce": FOREIGN, "aws:ViaAWSService": "false" } },
  internet: { context: { "aws:ViaAWSService": "false" } },
  viaAwsService: { context: { "aws:ViaAWSService": "true" } },
  viaDynamoDb: { context: { "aws:ViaAWSService": "true", "kms:ViaService": `dynamodb.${REGION}.amazonaws.com` } },
};

const FOREIGN_TABLE_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "dynamodb:*", Resource: "*" }],
};
const RESOURCES = {
  table: { arn: TABLE, account: ACCOUNT },
  index: { arn: `${TABLE}/index/byTitle`, account: ACCOUNT },
  stream: { arn: `${TABLE}/stream/${STREAM_LABEL}`, account: ACCOUNT },
  otherTable: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Other`, account: ACCOUNT },
  foreignTable: { arn: `arn:aws:dynamodb:${REGION}:${FOREIGN_ACCOUNT}:table/Drop`, account: FOREIGN_ACCOUNT, policy: FOREIGN_TABLE_POLICY },
  tableKey: { arn: tableKey, account: ACCOUNT },
  anyResource: { arn: "*", account: ACCOUNT },
};

type Row = [string, keyof typeof PRINCIPALS, string, keyof typeof RESOURCES, keyof typeof SOURCES, Decision];

// [why, principal, action, resource, source, expected decision]
const MATRIX: Row[] = [
  // Attached user with only the guard and the read-write grant: least privilege, endpoints only.
  ["granted read through our endpoint", "attachedUser", "dynamodb:GetItem", "table", "ourEndpoint", "Allowed"],
  ["granted write through our endpoint", "attachedUser", "dynamodb:PutItem", "table", "ourEndpoint", "Allowed"],
  ["index query through our endpoint", "attachedUser", "dynamodb:Query", "index", "ourEndpoint", "Allowed"],
  ["batch write through the second listed endpoint", "attachedUser", "dynamodb:BatchWriteItem", "table", "secondEndpoint", "Allowed"],
  ["transaction: condition check half", "attachedUser", "dynamodb:ConditionCheckItem", "table", "ourEndpoint", "Allowed"],
  ["transaction: update half", "attachedUser", "dynamodb:UpdateItem", "table", "ourEndpoint", "Allowed"],
  ["PartiQL insert through our endpoint", "attachedUser", "dynamodb:PartiQLInsert", "table", "ourEndpoint", "Allowed"],
  ["SDK endpoint discovery through our endpoint", "attachedUser", "dynamodb:DescribeEndpoints", "anyResource", "ourEndpoint", "Allowed"],
  ["guard: read through a foreign endpoint", "attachedUser", "dynamodb:GetItem", "table", "foreignEndpoint", "ExplicitlyDenied"],
  ["guard: read from the internet", "attachedUser", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["guard: PartiQL select from the internet", "attachedUser", "dynamodb:PartiQLSelect", "table", "internet", "ExplicitlyDenied"],
  ["guard: describe from the internet", "attachedUser", "dynamodb:DescribeTable", "table", "internet", "ExplicitlyDenied"],
  ["guard: stream read from the internet", "attachedUser", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  ["grant is endpoint-only: discovery from the internet", "attachedUser", "dynamodb:DescribeEndpoints", "anyResource", "internet", "ImplicitlyDenied"],
  ["grant is endpoint-only: via an AWS service is not granted", "attachedUser", "dynamodb:GetItem", "table", "viaAwsService", "ImplicitlyDenied"],
  ["least privilege: another table of the account", "attachedUser", "dynamodb:PutItem", "otherTable", "ourEndpoint", "ImplicitlyDenied"],
  ["least privilege: no table deletion", "attachedUser", "dynamodb:DeleteTable", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["table key through DynamoDB", "attachedUser", "kms:Decrypt", "tableKey", "viaDynamoDb", "Allowed"],
  ["table key directly", "attachedUser", "kms:Decrypt", "tableKey", "internet", "ImplicitlyDenied"],
  // Attached role that someone also gave full access: the guard still wins outside the endpoints.
  ["guard beats a full-access policy from the internet", "attachedRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["guard beats a full-access policy: update from the internet", "attachedRole", "dynamodb:UpdateTable", "table", "internet", "ExplicitlyDenied"],
  ["guard is scoped: other tables stay reachable", "attachedRole", "dynamodb:GetItem", "otherTable", "internet", "Allowed"],
  ["write through our endpoint", "attachedRole", "dynamodb:PutItem", "table", "ourEndpoint", "Allowed"],
  ["read through the second listed endpoint", "attachedRole", "dynamodb:GetItem", "table", "secondEndpoint", "Allowed"],
  ["scan through a foreign endpoint", "attachedRole", "dynamodb:Scan", "table", "foreignEndpoint", "ExplicitlyDenied"],
  ["exfiltration: write to a foreign account's open table through our endpoint", "attachedRole", "dynamodb:PutItem", "foreignTable", "ourEndpoint", "ImplicitlyDenied"],
  ["exfiltration: batch write to a foreign table through our endpoint", "attachedRole", "dynamodb:BatchWriteItem", "foreignTable", "ourEndpoint", "ImplicitlyDenied"],
  ["calls an AWS service makes for the role are not blocked", "attachedRole", "dynamodb:GetItem", "table", "viaAwsService", "Allowed"],
  // Group member with the read-only grant.
  ["read-only: query through our endpoint", "groupMember", "dynamodb:Query", "table", "ourEndpoint", "Allowed"],
  ["read-only: index query through our endpoint", "groupMember", "dynamodb:Query", "index", "ourEndpoint", "Allowed"],
  ["read-only: batch get through our endpoint", "groupMember", "dynamodb:BatchGetItem", "table", "ourEndpoint", "Allowed"],
  ["read-only: no put", "groupMember", "dynamodb:PutItem", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["read-only: no batch write", "groupMember", "dynamodb:BatchWriteItem", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["read-only: no PartiQL update", "groupMember", "dynamodb:PartiQLUpdate", "table", "ourEndpoint", "ImplicitlyDenied"],
  ["group guard: read from the internet", "groupMember", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  // A role nobody attached anything to: the table resource policy guards it.
  ["resource policy: read from the internet", "unattachedRole", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: index query from the internet", "unattachedRole", "dynamodb:Query", "index", "internet", "ExplicitlyDenied"],
  ["resource policy: read through a foreign endpoint", "unattachedRole", "dynamodb:GetItem", "table", "foreignEndpoint", "ExplicitlyDenied"],
  ["resource policy: describe from the internet", "unattachedRole", "dynamodb:DescribeTable", "table", "internet", "ExplicitlyDenied"],
  ["resource policy: delete from the internet", "unattachedRole", "dynamodb:DeleteTable", "table", "internet", "ExplicitlyDenied"],
  ["stream policy: stream read from the internet", "unattachedRole", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  ["read through our endpoint", "unattachedRole", "dynamodb:GetItem", "table", "ourEndpoint", "Allowed"],
  ["read through the second listed endpoint", "unattachedRole", "dynamodb:GetItem", "table", "secondEndpoint", "Allowed"],
  ["calls an AWS service makes for the role are not blocked", "unattachedRole", "dynamodb:GetItem", "table", "viaAwsService", "Allowed"],
  ["the resource policy covers only the managed table", "unattachedRole", "dynamodb:GetItem", "otherTable", "internet", "Allowed"],
  // Deployer: keeps the control plane, never the data plane, from outside.
  ["deployer describes from outside (terraform refresh)", "deployer", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["deployer updates from outside", "deployer", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  ["deployer tags from outside", "deployer", "dynamodb:TagResource", "table", "internet", "Allowed"],
  ["deployer changes backup settings from outside", "deployer", "dynamodb:UpdateContinuousBackups", "table", "internet", "Allowed"],
  ["deployer writes the resource policy from outside", "deployer", "dynamodb:PutResourcePolicy", "table", "internet", "Allowed"],
  ["deployer cannot read items from outside", "deployer", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["deployer cannot scan from outside", "deployer", "dynamodb:Scan", "table", "internet", "ExplicitlyDenied"],
  ["deployer cannot select with PartiQL from outside", "deployer", "dynamodb:PartiQLSelect", "table", "internet", "ExplicitlyDenied"],
  ["deployer cannot read the stream from outside", "deployer", "dynamodb:GetRecords", "stream", "internet", "ExplicitlyDenied"],
  ["deployer cannot export the table from outside", "deployer", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  ["deployer cannot restore a copy from outside", "deployer", "dynamodb:RestoreTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  // Break-glass operator.
  ["break-glass deletes the resource policy from outside", "breakGlass", "dynamodb:DeleteResourcePolicy", "table", "internet", "Allowed"],
  ["break-glass cannot read items from outside", "breakGlass", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  ["break-glass cannot export the table from outside", "breakGlass", "dynamodb:ExportTableToPointInTime", "table", "internet", "ExplicitlyDenied"],
  // Application Auto Scaling adjusts capacity from AWS's network.
  ["auto scaling describes the table", "autoScaling", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["auto scaling updates capacity", "autoScaling", "dynamodb:UpdateTable", "table", "internet", "Allowed"],
  // Named stream consumer (e.g. a Lambda execution role): streams cannot use a gateway endpoint.
  ["named consumer reads the stream", "streamConsumer", "dynamodb:GetRecords", "stream", "internet", "Allowed"],
  ["named consumer gets nothing else", "streamConsumer", "dynamodb:GetItem", "table", "internet", "ExplicitlyDenied"],
  // Global tables replication is never denied.
  ["replication writes items", "replication", "dynamodb:PutItem", "table", "internet", "Allowed"],
  ["replication writes replicated data", "replication", "dynamodb:WriteDataForReplication", "table", "internet", "Allowed"],
  ["replication describes the table", "replication", "dynamodb:DescribeTable", "table", "internet", "Allowed"],
  ["replication reads the stream", "replication", "dynamodb:GetRecords", "stream", "internet", "Allowed"],
];

describe("access matrix (iam-simulate)", () => {
  test("the matrix has at least 40 requests, each unique", () => {
    expect(MATRIX.length).toBeGreaterThanOrEqual(40);
    expect(new Set(MATRIX.map(([, p, a, r, s]) => `${p} ${a} ${r} ${s}`)).size).toBe(MATRIX.length);
  });

  test("every Terraform reference in the policies resolves to a fake value", () => {
    const texts = [
      ...Object.values(tf.resource!.aws_iam_policy).map((b) => b.policy),
      ...Object.values(tf.resource!.aws_dynamodb_resource_policy).flatMap((b) => [b.policy, b.resource_arn]),
      ...Object.values(tf.resource!.aws_vpc_endpoint).map((b) => b.policy),
      ...Object.values(tf.resource!.aws_kms_key).map((b) => b.policy),
    ];
    expect(texts.every((t) => typeof t === "string")).toBe(true);
    // resolve() throws on any reference it cannot fill in.
    for (const text of texts) model.resolve(String(text));
  });

  test("the key the matrix uses is the table's own key", () => {
    const [tableKeyName] = Object.entries(tf.resource!.aws_kms_key).find(([, k]) => k.description === "Encrypts DynamoDB table BookCollection")!;
    expect(tableKey).toBe(model.keys[tableKeyName]);
    expect(TABLE).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/BookCollection`);
  });

  test("a reference the model does not know fails instead of passing", () => {
    expect(() => model.resolve('{"Resource":"${aws_s3_bucket.x.arn}"}')).toThrow("unresolved Terraform reference ${aws_s3_bucket.x.arn}");
  });

  // These check the evaluator on the article's hand-written policies, not the module: they show
  // the same engine that passes the module's policies would catch the article's mistakes.
  describe("the evaluator reproduces the article's mistakes", () => {
    const user = PRINCIPALS.attachedUser;
    const articleGuard = (condition: Record<string, unknown>, resource: string) => ({
      name: "vpcepolicy",
      policy: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "dynamodb:*", Resource: resource, Condition: condition }] },
    });
    const ask = (identityPolicies: Array<{ name: string; policy: unknown }>, resource: string, sourceKey: keyof typeof SOURCES) =>
      decide({
        ...user,
        identityPolicies,
        action: "dynamodb:GetItem",
        resource,
        resourceAccount: ACCOUNT,
        endpointPolicy: "endpointPolicy" in SOURCES[sourceKey] ? SOURCES[sourceKey].endpointPolicy : undefined,
        context: SOURCES[sourceKey].context,
      });

    test("StringEquals with the endpoint list inside a Deny denies exactly the listed endpoints", async () => {
      const inverted = articleGuard({ StringEquals: { "aws:SourceVpce": [OURS, SECOND] } }, `${TABLE}*`);
      expect(await ask([inverted, FULL_ACCESS], TABLE, "ourEndpoint")).toBe("ExplicitlyDenied");
      expect(await ask([inverted, FULL_ACCESS], TABLE, "internet")).toBe("Allowed");
    });

    test("a Deny-only policy grants nothing, even through the endpoint", async () => {
      const denyOnly = articleGuard({ StringNotEquals: { "aws:SourceVpce": OURS } }, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*`);
      expect(await ask([denyOnly], TABLE, "ourEndpoint")).toBe("ImplicitlyDenied");
    });

    test("a guard on every table blocks tables it was never meant for", async () => {
      const everyTable = articleGuard({ StringNotEquals: { "aws:SourceVpce": OURS } }, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*`);
      expect(await ask([everyTable, FULL_ACCESS], RESOURCES.otherTable.arn, "internet")).toBe("ExplicitlyDenied");
      // The module's guard leaves that table alone (matrix row "guard is scoped").
    });
  });

  // The resource policies deny most of what the guard denies; these rows run again
  // without them, so the guard has to hold on its own.
  describe.each(MATRIX.filter(([why]) => why.startsWith("guard")))("without resource policies, %s", (_why, principalKey, action, resourceKey, sourceKey, expected) => {
    test(`${principalKey} ${action} on ${resourceKey} from ${sourceKey} is still ${expected}`, async () => {
      const source = SOURCES[sourceKey];
      const decision = await decide({
        ...PRINCIPALS[principalKey],
        action,
        resource: RESOURCES[resourceKey].arn,
        resourceAccount: RESOURCES[resourceKey].account,
        resourcePolicy: undefined,
        endpointPolicy: "endpointPolicy" in source ? source.endpointPolicy : undefined,
        context: source.context,
      });
      expect(decision).toBe(expected);
    });
  });

  test.each(MATRIX)("%s: %s %s on %s from %s is %s", async (_why, principalKey, action, resourceKey, sourceKey, expected) => {
    const principal = PRINCIPALS[principalKey];
    const resource = RESOURCES[resourceKey];
    const source = SOURCES[sourceKey];
    const resourcePolicy =
      "policy" in resource ? resource.policy : resourceKey === "tableKey" ? model.keyPolicyDocument(resource.arn) : model.resourcePolicyFor(resource.arn);
    const decision = await decide({
      ...principal,
      action,
      resource: resource.arn,
      resourceAccount: resource.account,
      resourcePolicy,
      endpointPolicy: "endpointPolicy" in source ? source.endpointPolicy : undefined,
      context: source.context,
    });
    expect(decision).toBe(expected);
  });

  test("the README quotes this matrix's size wherever it names it", () => {
    const counts = quoted(readme(), /(?<!perimeter examples )over (\d+) requests/g);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n === MATRIX.length)).toBe(true);
  });
});
