import { SEED_STACK_NAME, seedConfig } from "../modules/app";
import { RCP_SIZE_LIMIT, organizationRcpDocument, policySize } from "../modules";
import { ACCOUNT, AccessModel, Decision, FOREIGN_ACCOUNT, REGION, decide } from "../test-support/access-model";
import { synthConfig } from "../test-support/synth";

/**
 * The organization's resource control policy, judged by the IAM evaluator (which also checks it is a
 * valid RCP: Deny only, Principal "*", no NotAction): rows for principals of the organization in
 * other accounts, principals outside it, AWS services, on the perimeter's table and on a table
 * made outside the module under the perimeter's name, each with and without the RCP.
 */
const ORG = "o-a1b2c3d4e5";
const OTHER_ORG_ACCOUNT = "222222222222";
const seed = seedConfig().stacks[SEED_STACK_NAME];
const config = {
  organization: { id: ORG, adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/platform-deployer`] },
  stacks: { shop: seed },
};
const tf = synthConfig(config).shop;
const model = new AccessModel(tf, {
  endpointIds: Object.keys(tf.resource?.aws_vpc_endpoint ?? {}).map((_, i) => `vpce-0${i}0a0a0a0a0a0a0a0a`),
});
const outputs = tf.output as Record<string, { value: string }>;
const RCP = JSON.parse(outputs.organization_rcp_document.value) as unknown;
const TABLE = model.tables[seed.table!.tableName];
/** A table someone made outside the module under the perimeter's name, in a region the module does not build, open to anyone. */
const SHADOW = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${seed.table!.tableName}`;
const OPEN_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "dynamodb:GetItem", Resource: SHADOW },
    { Sid: "AnyService", Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "dynamodb:GetItem", Resource: SHADOW },
  ],
};
const FULL = [{ name: "admin", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }];

type Who = { principal: string; principalArn?: string; context: Record<string, string> };
const WHO: Record<string, Who> = {
  // A role of another account of the organization, calling through its own account's endpoint.
  orgRoleOwnEndpoint: {
    principal: `arn:aws:sts::${OTHER_ORG_ACCOUNT}:assumed-role/payments-app/s`,
    principalArn: `arn:aws:iam::${OTHER_ORG_ACCOUNT}:role/payments-app`,
    context: {
      "aws:PrincipalOrgID": ORG,
      "aws:PrincipalAccount": OTHER_ORG_ACCOUNT,
      "aws:SourceVpce": "vpce-0222222222222222a",
      "aws:SourceVpc": "vpc-0222222222222222a",
    },
  },
  outsideRoleInternet: {
    principal: `arn:aws:sts::${FOREIGN_ACCOUNT}:assumed-role/intruder/s`,
    principalArn: `arn:aws:iam::${FOREIGN_ACCOUNT}:role/intruder`,
    context: { "aws:PrincipalAccount": FOREIGN_ACCOUNT, "aws:SourceIp": "203.0.113.7" },
  },
  serviceForOutsideAccount: {
    principal: "glue.amazonaws.com",
    context: { "aws:SourceAccount": FOREIGN_ACCOUNT, "aws:SourceArn": `arn:aws:glue:${REGION}:${FOREIGN_ACCOUNT}:job/copy` },
  },
  serviceForOrgAccount: {
    principal: "glue.amazonaws.com",
    context: {
      "aws:SourceAccount": OTHER_ORG_ACCOUNT,
      "aws:SourceOrgID": ORG,
      "aws:SourceArn": `arn:aws:glue:${REGION}:${OTHER_ORG_ACCOUNT}:job/copy`,
    },
  },
};

const ROWS: Array<[string, keyof typeof WHO, "table" | "shadow", Decision, Decision]> = [
  // [row, who, resource, without the RCP, with it]
  [
    "another account's role of the organization, through its own endpoint, on the perimeter's table",
    "orgRoleOwnEndpoint",
    "table",
    "ExplicitlyDenied",
    "ExplicitlyDenied",
  ],
  [
    "a role outside the organization, from the internet, on the perimeter's table",
    "outsideRoleInternet",
    "table",
    "ExplicitlyDenied",
    "ExplicitlyDenied",
  ],
  [
    "a role outside the organization on a table made outside the module under the perimeter's name",
    "outsideRoleInternet",
    "shadow",
    "Allowed",
    "ExplicitlyDenied",
  ],
  // The RCP keeps DynamoDB to the organization's identities; the SCP is what keeps others from making the table.
  ["another account's role of the organization on that table", "orgRoleOwnEndpoint", "shadow", "Allowed", "Allowed"],
  [
    "an AWS service acting for an account outside the organization, on that table",
    "serviceForOutsideAccount",
    "shadow",
    "Allowed",
    "ExplicitlyDenied",
  ],
  ["an AWS service acting for an account of the organization, on that table", "serviceForOrgAccount", "shadow", "Allowed", "Allowed"],
];

describe("the organization's RCP", () => {
  test("is in every stack's outputs when the config names the organization's id, and nowhere without it", () => {
    expect(RCP).toEqual(organizationRcpDocument({ organizationId: ORG }));
    const without = synthConfig({ ...config, organization: { adminPrincipalArns: config.organization.adminPrincipalArns } }).shop;
    expect(Object.keys(without.output ?? {})).not.toContain("organization_rcp_document");
  });

  test("fits AWS's 5,120-character RCP limit, with room to spare", () => {
    const size = policySize(organizationRcpDocument({ organizationId: `o-${"a".repeat(32)}` }));
    expect(size).toBeLessThan(RCP_SIZE_LIMIT);
    expect(size).toBe(policySize(RCP as never) + 2 * (32 - 10)); // the id is in both statements
  });

  test.each(ROWS)("%s (%s, on %s): %s without the RCP, %s with it", async (_row, who, on, without, withRcp) => {
    const { principal, principalArn, context } = WHO[who];
    const resource = on === "table" ? TABLE : SHADOW;
    const request = {
      principal,
      principalArn,
      identityPolicies: principal.endsWith(".amazonaws.com") ? [] : FULL,
      action: "dynamodb:GetItem",
      resource,
      resourceAccount: ACCOUNT,
      resourcePolicy: on === "table" ? model.resourcePolicyFor(TABLE) : OPEN_POLICY,
      context: { "aws:ViaAWSService": "false", ...context },
    };
    expect(await decide(request)).toBe(without);
    expect(await decide({ ...request, resourceControlPolicies: [{ name: "perimeter-rcp", policy: RCP }] })).toBe(withRcp);
  });
});
