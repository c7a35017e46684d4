import {
  CONSOLE_READ_ACTIONS,
  DATA_READ_ACTIONS,
  DATA_WRITE_ACTIONS,
  FORWARDING_SERVICES,
  GuardPolicy,
  GuardPolicyProps,
  MANAGEMENT_ACTIONS,
  REFRESH_ACTIONS,
  STREAM_READ_ACTIONS,
} from "../modules";
import { onlyResource, resourcesOf, synthScope } from "../test-support/synth";

const TABLE = "arn:aws:dynamodb:us-east-2:123456789012:table/BookCollection";
const BASE: GuardPolicyProps = {
  policyName: "vpcepolicy",
  tableArns: [TABLE],
  endpointIds: ["vpce-0a1b2c3d", "vpce-0123456789abcdef0"],
  principals: { users: ["dynauser"], roles: ["dynarole"], groups: ["readers"] },
};

function synth(props: Partial<GuardPolicyProps> = {}) {
  return synthScope((scope) => new GuardPolicy(scope, "Guard", { ...BASE, ...props }));
}

function policyOf(tf: ReturnType<typeof synth>) {
  return JSON.parse(onlyResource(tf, "aws_iam_policy").policy as string);
}

describe("GuardPolicy", () => {
  test("matches the snapshot", () => {
    expect(synth()).toMatchSnapshot();
  });

  test("denies every DynamoDB action on the tables and everything under them unless through a listed endpoint, direct or forwarded", () => {
    const endpoints = { StringNotEquals: { "aws:SourceVpce": ["vpce-0a1b2c3d", "vpce-0123456789abcdef0"] } };
    const items = [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS];
    expect(policyOf(synth())).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyUnlistedCallsOutsideVpcEndpoints",
          Effect: "Deny",
          Action: "dynamodb:*",
          Resource: [TABLE, `${TABLE}/*`],
          Condition: { ...endpoints, BoolIfExists: { "aws:ViaAWSService": "false" } },
        },
        {
          // What a service forwards with the principal's credentials is the principal's, item calls aside ...
          Sid: "DenyUnlistedCallsForwardedFromOutsideVpcEndpoints",
          Effect: "Deny",
          NotAction: items,
          Resource: [TABLE, `${TABLE}/*`],
          Condition: { ...endpoints, Bool: { "aws:ViaAWSService": "true" } },
        },
        {
          // ... which are the principal's too when the service names itself in aws:CalledVia (CloudFormation).
          Sid: "DenyItemCallsForwardedByNamedServicesFromOutsideVpcEndpoints",
          Effect: "Deny",
          Action: items,
          Resource: [TABLE, `${TABLE}/*`],
          Condition: { ...endpoints, "ForAnyValue:StringEquals": { "aws:CalledVia": [...FORWARDING_SERVICES] } },
        },
      ],
    });
  });

  test("the data-plane scope denies every action but reading and changing settings, so a new action is denied too", () => {
    const [direct, forwarded] = policyOf(synth({ scope: "data-plane" })).Statement;
    for (const statement of [direct, forwarded]) {
      expect(statement.Action).toBeUndefined();
      expect(statement.NotAction).toEqual(expect.arrayContaining([...REFRESH_ACTIONS, ...CONSOLE_READ_ACTIONS, ...MANAGEMENT_ACTIONS]));
      for (const denied of [
        "dynamodb:RestoreTableFromBackup",
        "dynamodb:CreateBackup",
        "dynamodb:CreateTableReplica",
        "dynamodb:ExportTableToPointInTime",
      ]) {
        expect(statement.NotAction).not.toContain(denied);
      }
    }
    for (const item of ["dynamodb:GetItem", "dynamodb:SearchVectors"]) expect(direct.NotAction).not.toContain(item);
  });

  test("is attached to each user, role and group by name", () => {
    const tf = synth();
    expect(Object.values(resourcesOf(tf, "aws_iam_user_policy_attachment")).map((a) => a.user)).toEqual(["dynauser"]);
    expect(Object.values(resourcesOf(tf, "aws_iam_role_policy_attachment")).map((a) => a.role)).toEqual(["dynarole"]);
    expect(Object.values(resourcesOf(tf, "aws_iam_group_policy_attachment")).map((a) => a.group)).toEqual(["readers"]);
  });

  test("attaches nothing when nobody is named", () => {
    const tf = synth({ principals: {} });
    expect(Object.keys(resourcesOf(tf, "aws_iam_policy"))).toHaveLength(1);
    expect(resourcesOf(tf, "aws_iam_user_policy_attachment")).toEqual({});
    expect(resourcesOf(tf, "aws_iam_role_policy_attachment")).toEqual({});
    expect(resourcesOf(tf, "aws_iam_group_policy_attachment")).toEqual({});
  });

  describe("throws", () => {
    const where = "test/Guard";
    test.each([
      ["no endpoint is listed", { endpointIds: [] }, `${where}: endpointIds must list at least one endpoint, got []`],
      [
        "an endpoint id is malformed",
        { endpointIds: ["vpce-XYZ12345"] },
        `${where}: endpointIds[0] must be 'vpce-' followed by 8 or 17 lowercase hex digits, got 'vpce-XYZ12345'`,
      ],
      [
        "the name has a slash",
        { policyName: "team/guard" },
        `${where}: policyName must be 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -, got 'team/guard'`,
      ],
      [
        "a user name is 65 characters",
        { principals: { users: ["u".repeat(65)] } },
        `${where}: principals.users[0] must be an IAM user name of 1 to 64 characters of A-Z a-z 0-9 and + = , . @ _ -, got '${"u".repeat(65)}'`,
      ],
    ] as Array<[string, Partial<GuardPolicyProps>, string]>)("throws if %s", (_name, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
