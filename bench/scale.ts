// Synthesizes one perimeter of N tables into one stack: `scale.ts <N> <outdir>`.
// One VPC, one endpoint, one key, one principal set (a guarded admin, a
// read-write and a read-only role); tables named by prefix under the organization's SCP, every secure
// default on (flow logs, customer-managed key, deletion protection, PITR).
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation } from "../modules";

const [count, outdir] = [Number(process.argv[2]), process.argv[3]];
const app = new App({ outdir });
const stack = new TerraformStack(app, "scale");
new AwsProvider(stack, "aws", { region: "us-east-2" });
new DynamoDbIsolation(stack, "Isolation", {
  region: "us-east-2",
  // As in an organization whose SCP keeps CreateTable under the prefix to its admins (what the read-write grant needs).
  perimeter: { name: "app", tableNamePrefix: "app-", organizationScp: true },
  tables: Array.from({ length: count }, (_, i) => ({
    tableName: `app-table-${String(i).padStart(4, "0")}`,
    partitionKey: { name: "pk", type: "S" as const },
  })),
  guard: { principals: { roles: ["app-admin"] } },
  grants: { readWrite: { roles: ["app-writer"] }, readOnly: { roles: ["app-reader"] } },
});
app.synth();
