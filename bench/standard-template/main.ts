// The seed scenario as the standard cdktf TypeScript template would run it:
// ts-node with type checking, and the provider imported through the package's
// root (the "barrel"), which loads every one of its resource classes.
import { App, TerraformStack } from "cdktf";
import * as aws from "@cdktf/provider-aws";
import { DynamoDbIsolation } from "../../modules";
import { SEED_STACK_NAME, addBackend, requireProvider, seedConfig } from "../../modules/app";

const app = new App();
const seed = seedConfig().stacks[SEED_STACK_NAME];
const stack = new TerraformStack(app, SEED_STACK_NAME);
addBackend(stack, SEED_STACK_NAME);
requireProvider(stack);
new aws.provider.AwsProvider(stack, "aws", { region: seed.region });
new DynamoDbIsolation(stack, "Isolation", { ...seed, replicas: [] });
app.synth();
