// Synthesizes N isolated tables into one stack: `scale.ts <N> <full|lean> <outdir>`.
// full: every secure default (a VPC, keys and flow logs per table);
// lean: each table's endpoint in an existing VPC, with an existing key.
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation, DynamoDbIsolationProps } from "../modules";

const [count, mode, outdir] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const app = new App({ outdir });
const stack = new TerraformStack(app, "scale");
new AwsProvider(stack, "aws", { region: "us-east-2" });
for (let i = 0; i < count; i++) {
  const hex = i.toString(16).padStart(8, "0");
  const props: DynamoDbIsolationProps = {
    region: "us-east-2",
    table: { tableName: `Table${i}`, partitionKey: { name: "pk", type: "S" } },
    guard: { policyName: `Table${i}-guard`, principals: { roles: ["app"] } },
  };
  new DynamoDbIsolation(
    stack,
    `Isolation${i}`,
    mode === "lean"
      ? {
          ...props,
          table: { ...props.table, encryption: { kmsKeyArn: "arn:aws:kms:us-east-2:111122223333:key/shared" } },
          network: { vpcId: `vpc-${hex}`, routeTableIds: [`rtb-${hex}`] },
        }
      : props,
  );
}
app.synth();
