import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Perimeter, PerimeterNetwork } from "../modules";
import { TerraformJson } from "./synth";

/** A key of the table's owner, not the perimeter's. */
export const OWNERS_KEY_ARN = "arn:aws:kms:us-east-2:123456789012:key/11111111-2222-3333-4444-555555555555";

/**
 * examples/grants.json's perimeter, built with the methods around a table the app defines
 * itself (`DynamodbTable` BookCollection, added with `addExistingTable`): the same
 * principals, endpoints and exemptions, so the access model holds it to the same rows. With
 * `tableNamePrefix`, a prefix the table's name does not start with: its policies must still name it.
 */
export function existingTableStack(options: { tableNamePrefix?: string } = {}): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "existing");
  new AwsProvider(stack, "aws", { region: "us-east-2" });
  const books = new DynamodbTable(stack, "BookTable", {
    name: "BookCollection",
    hashKey: "Author",
    rangeKey: "BookTitle",
    attribute: [
      { name: "Author", type: "S" },
      { name: "BookTitle", type: "S" },
    ],
    billingMode: "PAY_PER_REQUEST",
    globalSecondaryIndex: [{ name: "byTitle", hashKey: "BookTitle", projectionType: "KEYS_ONLY" }],
    streamEnabled: true,
    streamViewType: "NEW_IMAGE",
    serverSideEncryption: { enabled: true, kmsKeyArn: OWNERS_KEY_ARN },
  });
  const perimeter = new Perimeter(stack, "Books", {
    region: "us-east-2",
    name: "BookCollection",
    tableNamePrefix: options.tableNamePrefix,
    prefixGrantsWithoutScp: options.tableNamePrefix !== undefined ? true : undefined,
    network: PerimeterNetwork.newVpc({ cidrBlock: "10.0.0.0/16" }),
    extraEndpointIds: ["vpce-0a1b2c3d4e5f60718"],
    guardPolicyName: "vpcepolicy",
    resourcePolicy: {
      streamConsumerPrincipalArns: ["arn:aws:iam::123456789012:role/book-indexer"],
      backupPrincipalArns: ["arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"],
      replicaManagers: { principalArns: ["arn:aws:iam::123456789012:role/platform-deployer"] },
      controlPlane: {
        enabled: true,
        exemptPrincipalArns: [
          "arn:aws:iam::123456789012:role/break-glass",
          "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_PlatformAdmin_????????????????",
        ],
      },
    },
  });
  perimeter.addExistingTable(books);
  perimeter.guard({ users: ["dynauser"] });
  perimeter.grantReadData({ groups: ["dynareaders"] });
  perimeter.grantReadWriteData({ users: ["dynauser"], roles: ["dynarole"] });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}
