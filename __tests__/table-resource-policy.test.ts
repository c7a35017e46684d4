import { TableResourcePolicy, PolicyDocument, tableResourcePolicyDocument } from "../modules";
import { onlyResource, synthScope } from "../test-support/synth";

const TABLE = "arn:aws:dynamodb:us-east-2:123456789012:table/BookCollection";
const REPL = "arn:aws:iam::123456789012:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication";

function synth(document: PolicyDocument) {
  return synthScope((scope) => new TableResourcePolicy(scope, "ResourcePolicy", { resourceArn: TABLE, document }));
}

describe("TableResourcePolicy", () => {
  const input = {
    tableArn: TABLE,
    endpointIds: ["vpce-0a1b2c3d"],
    accountId: "123456789012",
    replicationRoleArn: REPL,
    serviceRoleArns: [],
    backupPrincipalArns: [],
    replicaManagers: { principalArns: [] },
  };
  const document = tableResourcePolicyDocument(input);

  test("matches the snapshot", () => {
    expect(synth(document)).toMatchSnapshot();
  });

  test("attaches the policy to the resource and never confirms self lock-out", () => {
    const rp = onlyResource(synth(document), "aws_dynamodb_resource_policy");
    expect(rp.resource_arn).toBe(TABLE);
    expect(JSON.parse(rp.policy as string)).toEqual(document);
    expect(rp.confirm_remove_self_resource_access).toBeUndefined();
  });

  test("throws if a literal policy is over 20 KB", () => {
    const huge = tableResourcePolicyDocument({
      ...input,
      controlPlane: { principalArns: Array.from({ length: 400 }, (_, i) => `arn:aws:iam::123456789012:role/operators/operator-${i}`) },
    });
    expect(() => synth(huge)).toThrow(
      /^test\/ResourcePolicy: document must be at most 20480 characters \(DynamoDB's 20 KB limit\), got '\d+ characters'$/,
    );
  });
});
