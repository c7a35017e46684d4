import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation } from "./modules/dynamodb-isolation";
import { IsolationConfig, LoadedConfig, loadConfig, reportAsConfigField } from "./modules/config";

export interface BuildOptions {
  /** Where `app.synth()` writes. @default "cdktf.out" (or what the cdktf CLI passes) */
  readonly outdir?: string;
}

/** Composes one stack per config entry: provider, isolation construct, outputs. */
export function buildApp(config: LoadedConfig | (IsolationConfig & { source?: string }), options: BuildOptions = {}): App {
  const app = new App({ outdir: options.outdir });
  const source = config.source ?? "config";
  for (const [name, stackConfig] of Object.entries(config.stacks)) {
    const stack = new TerraformStack(app, name);
    new AwsProvider(stack, "aws", { region: stackConfig.region });
    // One aliased provider per replica region, named after the region.
    const replicas = (stackConfig.replicas ?? []).map((replica) => ({
      ...replica,
      provider: new AwsProvider(stack, `aws-${replica.region}`, { region: replica.region, alias: replica.region.replace(/-/g, "_") }),
    }));
    const isolation = reportAsConfigField(source, name, `${name}/Isolation`, () =>
      new DynamoDbIsolation(stack, "Isolation", { ...stackConfig, replicas }),
    );

    new TerraformOutput(stack, "table_name", { value: isolation.tableName, description: "Name of the DynamoDB table" });
    new TerraformOutput(stack, "table_arn", { value: isolation.tableArn, description: "ARN of the DynamoDB table" });
    new TerraformOutput(stack, "vpc_id", { value: isolation.vpcId, description: "ID of the VPC holding the gateway endpoint" });
    new TerraformOutput(stack, "route_table_ids", {
      value: isolation.routeTableIds,
      description: "Route tables the gateway endpoint is associated with",
    });
    new TerraformOutput(stack, "vpc_endpoint_id", {
      value: isolation.vpcEndpointId,
      description: "ID of the DynamoDB gateway endpoint (the aws:SourceVpce value)",
    });
    new TerraformOutput(stack, "vpc_endpoint_prefix_list_id", {
      value: isolation.prefixListId,
      description: "DynamoDB prefix list ID, for security group egress rules",
    });
    new TerraformOutput(stack, "guard_policy_arn", {
      value: isolation.guardPolicyArn,
      description: "ARN of the policy that denies the table outside the endpoints",
    });
  }
  return app;
}

if (require.main === module) {
  buildApp(loadConfig()).synth();
}
