import { existingResources } from "./existing-resources";
import { FAKE_ACCOUNT_ID, OfflineAws } from "./offline-aws";

/**
 * What exists before the examples are applied, as the loopback stand-in
 * answers for it.
 *
 * The article's hand-made resources: the table BookCollection, a gateway
 * endpoint with no route tables, and the Deny-only policy vpcepolicy.
 * examples/import.json adopts these; its plan shows each import and the
 * in-place fixes, and no deletes.
 */
export const ARTICLE = {
  region: "us-east-2",
  vpcId: "vpc-0c1d2e3f4a5b6c7d8",
  endpointId: "vpce-0c1d2e3f4a5b6c7d8",
  tableName: "BookCollection",
  policyName: "vpcepolicy",
};

const tableArn = `arn:aws:dynamodb:${ARTICLE.region}:${FAKE_ACCOUNT_ID}:table/${ARTICLE.tableName}`;
const policyArn = `arn:aws:iam::${FAKE_ACCOUNT_ID}:policy/${ARTICLE.policyName}`;

/** The article's Deny-only policy. */
const articlePolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Action: "dynamodb:*",
      Resource: `arn:aws:dynamodb:${ARTICLE.region}:${FAKE_ACCOUNT_ID}:table/*`,
      Condition: { StringNotEquals: { "aws:sourceVpce": ARTICLE.endpointId } },
    },
  ],
};

/** An endpoint policy as its owner would write it by hand: DynamoDB on these tables of the account, and the account-level reads. */
function ownTablesPolicy(region: string, tables: readonly string[]) {
  const arn = (table: string) => `arn:aws:dynamodb:${region}:${FAKE_ACCOUNT_ID}:table/${table}`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PerimeterTables",
        Effect: "Allow",
        Principal: "*",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DescribeTable"],
        Resource: tables.flatMap((t) => [arn(t), `${arn(t)}/index/*`]),
      },
      {
        Sid: "AccountReads",
        Effect: "Allow",
        Principal: "*",
        Action: ["dynamodb:DescribeEndpoints", "dynamodb:ListTables"],
        Resource: "*",
      },
    ],
  };
}

/**
 * The landing zone's DynamoDB gateway endpoint that examples/join-endpoint.json's two perimeters
 * join: its policy is the union one of them manages, letting both perimeters' tables through.
 */
export const LANDING_ZONE_ENDPOINT = {
  id: "vpce-0a1b2c3d4e5f60718",
  region: "eu-west-1",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  routeTableIds: ["rtb-0a1b2c3d4e5f60718", "rtb-1a1b2c3d4e5f60718"],
  policy: ownTablesPolicy("eu-west-1", ["invoices", "payments", "payslips"]),
};

/** A landing zone endpoint that kept AWS's default policy, full access: joining it must be refused. */
export const FULL_ACCESS_ENDPOINT = {
  id: "vpce-0e0e0e0e0e0e0e0e0",
  region: "eu-west-1",
  vpcId: "vpc-0e0e0e0e0e0e0e0e0",
  routeTableIds: ["rtb-0e0e0e0e0e0e0e0e0"],
};

/** A landing zone endpoint whose owner applied one perimeter's own policy, by hand. */
export const OWN_POLICY_ENDPOINT = {
  id: "vpce-0f0f0f0f0f0f0f0f0",
  region: "eu-west-1",
  vpcId: "vpc-0f0f0f0f0f0f0f0f0",
  routeTableIds: ["rtb-0f0f0f0f0f0f0f0f0"],
  policy: ownTablesPolicy("eu-west-1", ["ledger-lines"]),
};

/** The state of the shop perimeter's stack, which the README's last sample reads for its endpoint id. */
export const SHOP_STATE = {
  bucket: "acme-terraform-state",
  key: "dynamodb/shop.tfstate",
  outputs: { vpc_endpoint_id: LANDING_ZONE_ENDPOINT.id },
};

/** The existing VPC examples/interface-endpoints.json puts its replica's interface endpoints in: one subnet in each of two zones. */
export const LEDGER_REPLICA_SUBNETS = [
  { id: "subnet-0b1c2d3e4f5a60718", vpcId: "vpc-0b1c2d3e4f5a60718", zone: "us-east-2a", cidrBlock: "10.70.0.0/24" },
  { id: "subnet-1b1c2d3e4f5a60718", vpcId: "vpc-0b1c2d3e4f5a60718", zone: "us-east-2b", cidrBlock: "10.70.1.0/24" },
];

export function registerExampleResources(aws: OfflineAws): void {
  const existing = existingResources(aws)
    .addEndpoint(LANDING_ZONE_ENDPOINT)
    .addEndpoint(FULL_ACCESS_ENDPOINT)
    .addEndpoint(OWN_POLICY_ENDPOINT)
    .addRemoteState(SHOP_STATE);
  for (const subnet of LEDGER_REPLICA_SUBNETS) existing.addSubnet(subnet);
  existing
    .addTable({
      region: ARTICLE.region,
      pointInTimeRecovery: false,
      description: {
        TableName: ARTICLE.tableName,
        TableArn: tableArn,
        TableId: "0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
        TableStatus: "ACTIVE",
        CreationDateTime: 1767225600,
        AttributeDefinitions: [
          { AttributeName: "Author", AttributeType: "S" },
          { AttributeName: "BookTitle", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "Author", KeyType: "HASH" },
          { AttributeName: "BookTitle", KeyType: "RANGE" },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 },
        BillingModeSummary: { BillingMode: "PROVISIONED" },
        TableClassSummary: { TableClass: "STANDARD" },
        DeletionProtectionEnabled: false,
        ItemCount: 0,
        TableSizeBytes: 0,
      },
    })
    // The article's endpoint has no route tables: it carries no traffic.
    .addEndpoint({ id: ARTICLE.endpointId, region: ARTICLE.region, vpcId: ARTICLE.vpcId, routeTableIds: [] })
    .addPolicy({ arn: policyArn, name: ARTICLE.policyName, document: articlePolicy });
}
