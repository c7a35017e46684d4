import { providerAddress, stackDifferences } from "../scripts/package-check/compare";

/** The package check's comparison of a cdktf app's stack with a CDK Terrain app's: what may differ, what may not. */
const stack = (over: { version?: string; source?: string; framework?: string; billing?: string } = {}) => ({
  "//": { metadata: { version: over.framework ?? "0.21.0", stackName: "orders" } },
  terraform: { required_providers: { aws: { source: over.source ?? "aws", version: over.version ?? "6.25.0" } } },
  resource: { aws_dynamodb_table: { t: { name: "Orders", billing_mode: over.billing ?? "PAY_PER_REQUEST" } } },
});

describe("package check: same stacks from both frameworks", () => {
  test("identical stacks have no difference", () => {
    expect(stackDifferences(stack(), stack())).toEqual({ differences: [], tolerated: [] });
  });

  test("the framework version in the metadata is ignored", () => {
    expect(stackDifferences(stack(), stack({ framework: "0.24.0" }))).toEqual({ differences: [], tolerated: [] });
  });

  test("the bindings' provider version and their spelling of the same source are tolerated, and reported", () => {
    const diff = stackDifferences(stack(), stack({ version: "6.66.0", source: "hashicorp/aws" }));
    expect(diff.differences).toEqual([]);
    expect(diff.tolerated).toEqual([
      'terraform.required_providers.aws.source: "aws" vs "hashicorp/aws"',
      'terraform.required_providers.aws.version: "6.25.0" vs "6.66.0"',
    ]);
  });

  test("another provider's source is a difference", () => {
    expect(stackDifferences(stack(), stack({ source: "acme/aws" })).differences).toEqual([
      'terraform.required_providers.aws.source: "aws" vs "acme/aws"',
    ]);
  });

  test("a resource argument that differs is a difference", () => {
    expect(stackDifferences(stack(), stack({ billing: "PROVISIONED" })).differences).toEqual([
      'resource.aws_dynamodb_table.t.billing_mode: "PAY_PER_REQUEST" vs "PROVISIONED"',
    ]);
  });

  test.each([
    ["aws", "registry.terraform.io/hashicorp/aws"],
    ["hashicorp/aws", "registry.terraform.io/hashicorp/aws"],
    ["registry.terraform.io/hashicorp/aws", "registry.terraform.io/hashicorp/aws"],
    ["acme/aws", "registry.terraform.io/acme/aws"],
  ])("provider source %s is %s", (source, address) => {
    expect(providerAddress(source)).toBe(address);
  });
});
