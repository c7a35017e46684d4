import { readFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/app";
import { ACCOUNT, AccessModel, Decision, FOREIGN_ACCOUNT, decide } from "../test-support/access-model";
import { LANDING_ZONE_ENDPOINT } from "../test-support/example-resources";
import { allDocs, quoted } from "../test-support/docs";
import { synthConfig, withoutHash } from "../test-support/synth";

/**
 * The perimeter examples' policies, evaluated together by
 * @cloud-copilot/iam-simulate: every table of a perimeter is reachable
 * through its one endpoint, by the principals granted it, and by nobody from
 * outside. Every expectation is written out.
 */
const REGION = "eu-west-1";
const OURS = "vpce-1111aaaa2222bbbb3";
const FOREIGN = "vpce-0ffffffffffffffff";

function load(example: string) {
  const file = join(__dirname, "..", "examples", example);
  const [tf] = Object.values(synthConfig(parseConfig(readFileSync(file, "utf8"), file)));
  return tf;
}

const shop = load("perimeter.json");
const billing = load("join-endpoint.json");
const ledger = load("interface-endpoints.json");
/** The ledger's endpoints: gateway and interface endpoints in eu-west-1, and the replica region's. */
const LEDGER_ENDPOINTS: Record<string, string> = {
  Isolation_Endpoint: "vpce-2222aaaa2222bbbb2",
  Isolation_InterfaceEndpoints_Dynamodb: "vpce-3333aaaa3333bbbb3",
  Isolation_InterfaceEndpoints_Streams: "vpce-4444aaaa4444bbbb4",
  "Isolation_Replicas_us-east-2_Endpoint": "vpce-5555aaaa5555bbbb5",
  "Isolation_Replicas_us-east-2_InterfaceEndpoints_Dynamodb": "vpce-6666aaaa6666bbbb6",
};
const ledgerEndpointIds = Object.keys(ledger.resource!.aws_vpc_endpoint).map((name) => LEDGER_ENDPOINTS[withoutHash(name)]);
const models = {
  shop: new AccessModel(shop, { endpointIds: [OURS], region: REGION }),
  billing: new AccessModel(billing, { endpointIds: [], region: REGION }),
  ledger: new AccessModel(ledger, { endpointIds: ledgerEndpointIds, region: REGION }),
};

/** A role with the module's policies plus, optionally, the dynamodb part of AmazonDynamoDBFullAccess someone else attached. */
const role = (stack: keyof typeof models, name: string, fullAccess = false) => ({
  principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session`,
  principalArn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  identityPolicies: [
    ...models[stack].identityPolicies("role", name),
    ...(fullAccess
      ? [
          {
            name: "AmazonDynamoDBFullAccess",
            policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:*", "kms:Decrypt"], Resource: "*" }] },
          },
        ]
      : []),
  ],
});

const table = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const through = (vpce: string, ours: boolean) => ({
  context: { "aws:SourceVpce": vpce, "aws:ViaAWSService": "false" },
  endpoint: ours ? vpce : undefined,
});
/** Where a request comes from; `endpoint` is set when it is one of the stack's own endpoints, whose policy then applies. */
const SOURCES = {
  endpoint: through(OURS, true),
  // The joined endpoint's policy is its owner's.
  joined: through(LANDING_ZONE_ENDPOINT.id, false),
  foreign: through(FOREIGN, false),
  internet: { context: { "aws:ViaAWSService": "false" }, endpoint: undefined },
  // On-premises over Direct Connect or VPN, or a peered VPC: the DynamoDB interface endpoint.
  interface: through(LEDGER_ENDPOINTS.Isolation_InterfaceEndpoints_Dynamodb, true),
  // A KCL consumer in the VPC: the DynamoDB Streams interface endpoint.
  streams: through(LEDGER_ENDPOINTS.Isolation_InterfaceEndpoints_Streams, true),
} as const;

type Row = [
  why: string,
  stack: keyof typeof models,
  principal: string,
  fullAccess: boolean,
  action: string,
  resource: string,
  source: keyof typeof SOURCES,
  expected: Decision,
];

const SHOP_TABLES = ["shop-orders", "shop-carts", "shop-customers"];
const ROWS: Row[] = [
  ...SHOP_TABLES.flatMap((t): Row[] => [
    [
      `${t}: the read-write grant works through the endpoint`,
      "shop",
      "shop-app",
      false,
      "dynamodb:PutItem",
      table(t),
      "endpoint",
      "Allowed",
    ],
    [
      `${t}: the read-write grant reads through the endpoint`,
      "shop",
      "shop-app",
      false,
      "dynamodb:GetItem",
      table(t),
      "endpoint",
      "Allowed",
    ],
    [
      `${t}: not from the internet, even with full access`,
      "shop",
      "shop-app",
      true,
      "dynamodb:GetItem",
      table(t),
      "internet",
      "ExplicitlyDenied",
    ],
    [`${t}: not through another endpoint`, "shop", "shop-app", true, "dynamodb:Scan", table(t), "foreign", "ExplicitlyDenied"],
    [`${t}: read-only queries through the endpoint`, "shop", "shop-reporting", false, "dynamodb:Query", table(t), "endpoint", "Allowed"],
    [`${t}: read-only cannot write`, "shop", "shop-reporting", false, "dynamodb:PutItem", table(t), "endpoint", "ImplicitlyDenied"],
    [
      `${t}: an unattached role with full access is stopped by the resource policy`,
      "shop",
      "someone-else",
      true,
      "dynamodb:GetItem",
      table(t),
      "internet",
      "ExplicitlyDenied",
    ],
  ]),
  [
    "an index is covered by the prefix too",
    "shop",
    "shop-app",
    false,
    "dynamodb:Query",
    `${table("shop-orders")}/index/byCustomer`,
    "endpoint",
    "Allowed",
  ],
  [
    "an index from the internet",
    "shop",
    "shop-app",
    true,
    "dynamodb:Query",
    `${table("shop-orders")}/index/byCustomer`,
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "the guarded admin is denied from outside by the guard alone on a table outside the module (prefix match)",
    "shop",
    "shop-admin",
    true,
    "dynamodb:DescribeTable",
    table("shop-legacy"),
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "a table without the prefix is not the perimeter's: the guard leaves it alone",
    "shop",
    "shop-app",
    true,
    "dynamodb:GetItem",
    table("billing-ledger"),
    "internet",
    "Allowed",
  ],
  [
    "grants reach no table outside the prefix",
    "shop",
    "shop-app",
    false,
    "dynamodb:GetItem",
    table("billing-ledger"),
    "endpoint",
    "ImplicitlyDenied",
  ],
  [
    "the stream consumer (with its own stream permissions) reads the carts stream from outside",
    "shop",
    "shop-cart-events",
    true,
    "dynamodb:GetRecords",
    `${table("shop-carts")}/stream/2026-11-28T00:00:00.000`,
    "internet",
    "Allowed",
  ],
  [
    "nobody else reads the stream from outside",
    "shop",
    "someone-else",
    true,
    "dynamodb:GetRecords",
    `${table("shop-carts")}/stream/2026-11-28T00:00:00.000`,
    "internet",
    "ExplicitlyDenied",
  ],
  // The control-plane lock is on (the default): a plan role nobody named still refreshes from outside; an apply
  // role must be tagged dp:exclude:network=true (the tagged case is in the access matrix); data and copies stay closed.
  [
    "control-plane lock: a plan role nobody named refreshes from outside",
    "shop",
    "terraform-plan",
    true,
    "dynamodb:DescribeTable",
    table("shop-orders"),
    "internet",
    "Allowed",
  ],
  [
    "control-plane lock: an untagged apply role cannot update from outside",
    "shop",
    "terraform-apply",
    true,
    "dynamodb:UpdateTable",
    table("shop-orders"),
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "control-plane lock: nor write the resource policy",
    "shop",
    "terraform-apply",
    true,
    "dynamodb:PutResourcePolicy",
    table("shop-carts"),
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "control-plane lock: nor delete the stream's policy",
    "shop",
    "terraform-apply",
    true,
    "dynamodb:DeleteResourcePolicy",
    `${table("shop-carts")}/stream/2026-11-28T00:00:00.000`,
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "the apply role still cannot read items from outside",
    "shop",
    "terraform-apply",
    true,
    "dynamodb:GetItem",
    table("shop-orders"),
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "nor export the table",
    "shop",
    "terraform-apply",
    true,
    "dynamodb:ExportTableToPointInTime",
    table("shop-orders"),
    "internet",
    "ExplicitlyDenied",
  ],
  ["nor back it up", "shop", "terraform-apply", true, "dynamodb:CreateBackup", table("shop-customers"), "internet", "ExplicitlyDenied"],
  [
    "nor add a replica",
    "shop",
    "terraform-apply",
    true,
    "dynamodb:CreateTableReplica",
    table("shop-customers"),
    "internet",
    "ExplicitlyDenied",
  ],
  // Copies stay inside: the endpoint lets through only the perimeter's tables.
  [
    "the endpoint lets no write through to another table of the account",
    "shop",
    "shop-app",
    true,
    "dynamodb:PutItem",
    table("billing-ledger"),
    "endpoint",
    "ImplicitlyDenied",
  ],
  [
    "joined endpoint: billing-app writes invoices through it",
    "billing",
    "billing-app",
    false,
    "dynamodb:PutItem",
    table("invoices"),
    "joined",
    "Allowed",
  ],
  ["joined endpoint: and payments", "billing", "billing-app", false, "dynamodb:GetItem", table("payments"), "joined", "Allowed"],
  [
    "joined endpoint: not from the internet",
    "billing",
    "billing-app",
    true,
    "dynamodb:GetItem",
    table("payments"),
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "joined endpoint: not through another endpoint",
    "billing",
    "billing-app",
    true,
    "dynamodb:GetItem",
    table("invoices"),
    "foreign",
    "ExplicitlyDenied",
  ],
  [
    "on-premises: the read-write grant writes through the DynamoDB interface endpoint",
    "ledger",
    "ledger-app",
    false,
    "dynamodb:PutItem",
    table("ledger-entries"),
    "interface",
    "Allowed",
  ],
  [
    "on-premises: and reads the other table",
    "ledger",
    "ledger-app",
    false,
    "dynamodb:GetItem",
    table("ledger-accounts"),
    "interface",
    "Allowed",
  ],
  [
    "on-premises: not from the internet, even with full access",
    "ledger",
    "ledger-app",
    true,
    "dynamodb:GetItem",
    table("ledger-accounts"),
    "internet",
    "ExplicitlyDenied",
  ],
  [
    "a KCL consumer reads the stream through the streams endpoint",
    "ledger",
    "ledger-stream-reader",
    false,
    "dynamodb:GetRecords",
    `${table("ledger-entries")}/stream/2026-11-28T00:00:00.000`,
    "streams",
    "Allowed",
  ],
  [
    "the same stream read through another account's endpoint",
    "ledger",
    "ledger-stream-reader",
    true,
    "dynamodb:GetRecords",
    `${table("ledger-entries")}/stream/2026-11-28T00:00:00.000`,
    "foreign",
    "ExplicitlyDenied",
  ],
  [
    "another account's stream through the streams endpoint: its endpoint policy stops it",
    "ledger",
    "ledger-stream-reader",
    true,
    "dynamodb:GetRecords",
    `arn:aws:dynamodb:${REGION}:${FOREIGN_ACCOUNT}:table/exfil/stream/2026-11-28T00:00:00.000`,
    "streams",
    "ImplicitlyDenied",
  ],
  [
    "a write to another account's open table through the interface endpoint: its endpoint policy stops it",
    "ledger",
    "ledger-app",
    true,
    "dynamodb:PutItem",
    `arn:aws:dynamodb:${REGION}:${FOREIGN_ACCOUNT}:table/exfil`,
    "interface",
    "ImplicitlyDenied",
  ],
  [
    "control: the same write through an endpoint with no policy of ours goes through",
    "ledger",
    "ledger-app",
    true,
    "dynamodb:PutItem",
    `arn:aws:dynamodb:${REGION}:${FOREIGN_ACCOUNT}:table/exfil`,
    "foreign",
    "Allowed",
  ],
];

/** A table in another account that anyone may write to: only an endpoint policy keeps data from leaving through it. */
const OPEN_TABLE_POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "dynamodb:*", Resource: "*" }] };

describe("perimeter access (iam-simulate)", () => {
  test.each(ROWS)("%s: %s %s", async (_why, stack, principal, fullAccess, action, resource, sourceKey, expected) => {
    const model = models[stack];
    const source = SOURCES[sourceKey];
    const endpointPolicy = source.endpoint === undefined ? undefined : model.endpointPolicyDocument(source.endpoint);
    if (source.endpoint !== undefined) expect(endpointPolicy).toBeDefined();
    const resourceAccount = resource.split(":")[4];
    const decision = await decide({
      ...role(stack, principal, fullAccess),
      action,
      resource,
      resourceAccount,
      resourcePolicy: resourceAccount === ACCOUNT ? model.resourcePolicyFor(resource) : OPEN_TABLE_POLICY,
      endpointPolicy,
      context: source.context,
    });
    expect(decision).toBe(expected);
  });

  test("the README quotes this matrix's size", () => {
    expect(quoted(allDocs(), /perimeter examples over (\d+) requests/g)).toEqual([ROWS.length]);
  });
});
