// A user's app, as a fresh project writes it against the published package:
// imports by package name only, compiled with the cdktf TypeScript template's
// tsconfig.json and synthesized by the app command (`node main.js`). run.sh
// renames the cdktf imports to cdktn for the CDK Terrain app; write them with
// double quotes so the rename finds them.
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation } from "dynamodb-network-isolation";
import { addBackend, requireProvider } from "dynamodb-network-isolation/app";

const app = new App();

// The seed scenario (examples/default.json): one provisioned table in a new VPC.
const books = new TerraformStack(app, "book-collection");
requireProvider(books);
addBackend(books, "book-collection");
new AwsProvider(books, "aws", { region: "us-east-2" });
const bookIsolation = new DynamoDbIsolation(books, "Isolation", {
  region: "us-east-2",
  table: {
    tableName: "BookCollection",
    partitionKey: { name: "Author", type: "S" },
    sortKey: { name: "BookTitle", type: "S" },
    billingMode: "PROVISIONED",
    readCapacity: 5,
    writeCapacity: 5,
  },
  network: { cidrBlock: "10.0.0.0/16" },
  guard: { policyName: "vpcepolicy", principals: { users: ["dynauser"], roles: ["dynarole"] } },
});
new TerraformOutput(books, "table_arn", { value: bookIsolation.tableArn });
new TerraformOutput(books, "vpc_endpoint_id", { value: bookIsolation.vpcEndpointId });
new TerraformOutput(books, "guard_policy_arn", { value: bookIsolation.guardPolicyArn });

// A global table (examples/global-tables.json, kept small): one replica, through its own aliased provider.
const sessions = new TerraformStack(app, "sessions-global");
requireProvider(sessions);
addBackend(sessions, "sessions-global");
new AwsProvider(sessions, "aws", { region: "us-east-1" });
const euWest1 = new AwsProvider(sessions, "aws-eu-west-1", { region: "eu-west-1", alias: "eu_west_1" });
const sessionIsolation = new DynamoDbIsolation(sessions, "Isolation", {
  region: "us-east-1",
  table: {
    tableName: "Sessions",
    partitionKey: { name: "sessionId", type: "S" },
    billingMode: "PAY_PER_REQUEST",
    timeToLiveAttribute: "expiresAt",
  },
  network: { cidrBlock: "10.10.0.0/16" },
  replicas: [{ region: "eu-west-1", provider: euWest1, network: { cidrBlock: "10.20.0.0/16" } }],
  guard: { principals: { roles: ["sessions-app"] } },
  grants: { readWrite: { roles: ["sessions-app"] } },
  resourcePolicy: { replicaManagers: { principalArns: ["arn:aws:iam::111122223333:role/platform-deployer"] } },
});
new TerraformOutput(sessions, "table_arn", { value: sessionIsolation.tableArn });
new TerraformOutput(sessions, "vpc_endpoint_id", { value: sessionIsolation.vpcEndpointId });
new TerraformOutput(sessions, "replica_vpc_endpoint_ids", { value: sessionIsolation.replicaEndpointIds });

app.synth();
