import { DOC_SAMPLES as SAMPLES, sampleWith, synthSample } from "../test-support/doc-samples";
import { tempDirs } from "../test-support/temp-dirs";

/**
 * Every TypeScript block of the README and docs/ is a program a user could
 * paste into a project made from cdktf's TypeScript template and synthesize.
 * That each compiles with the template's compiler options is checked with the
 * library's type check (typecheck.test.ts), which shares the parsed
 * declaration files.
 */
describe("doc samples", () => {
  const dirs = tempDirs();
  afterAll(dirs.remove);

  test("the docs have the samples they promise: the README's perimeter around the app's own resources first, one props object, the app helpers with a replica, a joined endpoint, interface endpoints", () => {
    expect(SAMPLES).toHaveLength(5);
    expect(SAMPLES[0]).toContain("shop.addExistingTable(legacy);");
    expect(SAMPLES[0]).toContain("PerimeterNetwork.existingVpc({ vpcId: vpc.id, routeTableIds: [routes.id] })");
    expect(sampleWith("grantPolicyArns })")).toContain('new DynamoDbIsolation(stack, "Isolation"');
    expect(sampleWith("interfaceEndpoints: {")).toContain("new TerraformOutput");
    expect(sampleWith('from "dynamodb-network-isolation/app"')).toContain('replicas: [{ region: "eu-west-1", provider: euWest1 }]');
    expect(sampleWith("DataTerraformRemoteStateS3(stack")).toContain('vpcEndpointId: shop.getString("vpc_endpoint_id")');
    expect(SAMPLES.every((s) => s.includes("new TerraformOutput") || s.includes("DataTerraformRemoteStateS3"))).toBe(true);
  });

  test.each(SAMPLES.map((code, i) => [i + 1, code]))("sample %i synthesizes", (_n, code) => {
    const { tf } = synthSample(String(code), dirs.make("doc-sample-"));
    expect(Object.keys(tf.resource ?? {})).toEqual(
      expect.arrayContaining(["aws_dynamodb_table", "aws_iam_policy", "aws_dynamodb_resource_policy"]),
    );
  });
});
