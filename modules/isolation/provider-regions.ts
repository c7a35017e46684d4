import { IConstruct } from "constructs";
import { TerraformProvider, TerraformStack, Token } from "cdktf";
import { Problems, fail } from "../private/validation";
import { DynamoDbIsolationProps } from "./props";

/**
 * A provider configured for one region creates everything in that region,
 * whatever the construct was told. When a provider's region is a literal at
 * synth, it must be the region it serves; when it is left to the
 * environment (`AWS_REGION`) or is a Terraform value, it cannot be checked here.
 */

/** The literal region an aws provider is configured with, if there is one. */
export function literalRegion(provider: TerraformProvider | undefined): string | undefined {
  if (provider === undefined || provider.terraformResourceType !== "aws") return undefined;
  const region = (provider as TerraformProvider & { region?: unknown }).region;
  return typeof region === "string" && !Token.isUnresolved(region) ? region : undefined;
}

/** The stack's default aws provider (no alias): what the construct's own region is built through. */
export function defaultAwsProvider(scope: IConstruct): TerraformProvider | undefined {
  return TerraformStack.of(scope)
    .node.findAll()
    .find((c): c is TerraformProvider => c instanceof TerraformProvider && c.terraformResourceType === "aws" && c.alias === undefined);
}

/** Each provider the props rely on is configured for the region it serves. */
export function validateProviderRegions(
  problems: Problems,
  where: string,
  props: DynamoDbIsolationProps,
  defaultProvider: TerraformProvider | undefined,
): void {
  problems.check(() => {
    const region = literalRegion(defaultProvider);
    if (region !== undefined && typeof props.region === "string" && region !== props.region) {
      fail(
        where,
        "region",
        `must be the region of the stack's default aws provider, '${region}': the tables, VPC and endpoint are created through it`,
        props.region,
      );
    }
  });
  (props.replicas ?? []).forEach((replica, i) =>
    problems.check(() => {
      const region = literalRegion(replica.provider);
      if (region !== undefined && region !== replica.region) {
        const name = `provider '${replica.provider.alias ?? "aws"}'`;
        fail(
          where,
          `replicas[${i}].provider`,
          `must be configured for the replica's region '${replica.region}': it creates the replica and its network there (${name} is configured for another region)`,
          region,
        );
      }
    }),
  );
}
