import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation } from "./modules/dynamodb-isolation";
import { IsolationConfig, LoadedConfig, loadConfig, reportAsConfigField } from "./modules/config";
import { addBackend, requireProvider } from "./modules/stack-settings";
import { ValidationError } from "./modules/validation";

export interface BuildOptions {
  /** Where `app.synth()` writes. @default "cdktf.out" (or what the cdktf CLI passes) */
  readonly outdir?: string;
}

/** Composes one stack per config entry: provider, isolation construct, outputs. */
export function buildApp(config: LoadedConfig | (IsolationConfig & { source?: string }), options: BuildOptions = {}): App {
  const app = new App({ outdir: options.outdir });
  const source = config.source ?? "config";
  for (const [name, stackConfig] of Object.entries(config.stacks)) {
    const { provider, backend, ...isolationConfig } = stackConfig;
    const stack = new TerraformStack(app, name);
    addBackend(stack, name, backend);
    requireProvider(stack, provider);
    const defaultTags = provider?.defaultTags ? [{ tags: { ...provider.defaultTags } }] : undefined;
    new AwsProvider(stack, "aws", { region: stackConfig.region, defaultTags });
    // One aliased provider per replica region, named after the region. A
    // region listed twice shares one, so the construct can report the repeat.
    const providers = new Map<string, AwsProvider>();
    const providerFor = (region: string): AwsProvider =>
      providers.get(region) ??
      providers.set(region, new AwsProvider(stack, `aws-${region}`, { region, alias: region.replace(/-/g, "_"), defaultTags })).get(region)!;
    const replicas = (stackConfig.replicas ?? []).map((replica) => ({ ...replica, provider: providerFor(replica.region) }));
    const isolation = reportAsConfigField(source, name, `${name}/Isolation`, () =>
      new DynamoDbIsolation(stack, "Isolation", { ...isolationConfig, replicas }),
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
    new TerraformOutput(stack, "replica_vpc_endpoint_ids", {
      value: isolation.replicaEndpointIds,
      description: "Gateway endpoint ID in each replica region, by region",
    });
    new TerraformOutput(stack, "guard_policy_arn", {
      value: isolation.guardPolicyArn,
      description: "ARN of the policy that denies the table outside the endpoints",
    });
  }
  return app;
}

if (require.main === module) {
  try {
    buildApp(loadConfig()).synth();
  } catch (e) {
    // A bad input is the user's to fix: say what and where, without a stack trace.
    if (!(e instanceof ValidationError)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  }
}
