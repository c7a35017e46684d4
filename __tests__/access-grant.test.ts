import { AccessGrant, AccessGrantProps } from "../modules";
import { onlyEntry, onlyResource, ref, resourcesOf, synthScope } from "../test-support/synth";

const TABLE = "arn:aws:dynamodb:us-east-2:123456789012:table/BookCollection";
const BASE: AccessGrantProps = {
  policyName: "BookCollection-read-only",
  access: "read-only",
  tableArns: [TABLE],
  endpointIds: ["vpce-0a1b2c3d"],
  kmsKeyArns: ["arn:aws:kms:us-east-2:123456789012:key/k"],
  kmsViaServices: ["dynamodb.us-east-2.amazonaws.com"],
  principals: { groups: ["readers"] },
};

function synth(props: Partial<AccessGrantProps> = {}) {
  return synthScope((scope) => new AccessGrant(scope, "Grant", { ...BASE, ...props }));
}

describe("AccessGrant", () => {
  test("matches the snapshot", () => {
    expect(synth()).toMatchSnapshot();
  });

  test("is a managed policy attached to its principals", () => {
    const tf = synth();
    const [policy, body] = onlyEntry(tf, "aws_iam_policy");
    expect(body.name).toBe("BookCollection-read-only");
    expect(onlyResource(tf, "aws_iam_group_policy_attachment")).toEqual({ group: "readers", policy_arn: ref(policy, "arn") });
  });

  test("read-only allows no write action and read-write allows item writes", () => {
    const actions = (tf: ReturnType<typeof synth>) =>
      JSON.parse(onlyResource(tf, "aws_iam_policy").policy as string).Statement.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions(synth())).not.toContain("dynamodb:PutItem");
    expect(actions(synth({ access: "read-write" }))).toEqual(expect.arrayContaining(["dynamodb:PutItem", "dynamodb:BatchWriteItem"]));
  });

  test("leaves the key statement out without keys", () => {
    const tf = synth({ kmsKeyArns: [] });
    const sids = JSON.parse(onlyResource(tf, "aws_iam_policy").policy as string).Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).not.toContain("UseTableKeysThroughDynamoDb");
    expect(Object.keys(resourcesOf(tf, "aws_iam_policy"))).toHaveLength(1);
  });

  describe("throws", () => {
    const where = "test/Grant";
    test.each([
      ["no endpoint is listed", { endpointIds: [] }, `${where}: endpointIds must list at least one endpoint, got []`],
      ["the access level is unknown", { access: "admin" }, `${where}: access must be one of read-only, read-write, got 'admin'`],
      [
        "the policy name is empty",
        { policyName: "" },
        `${where}: policyName must be 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -, got ''`,
      ],
    ] as Array<[string, Record<string, unknown>, string]>)("throws if %s", (_name, props, message) => {
      expect(() => synth(props as Partial<AccessGrantProps>)).toThrow(message);
    });
  });
});
