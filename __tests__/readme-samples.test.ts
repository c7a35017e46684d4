import { README_SAMPLES as SAMPLES, synthSample } from "../test-support/readme-samples";
import { tempDirs } from "../test-support/temp-dirs";

/**
 * Every TypeScript block of the README is a program a user could paste into
 * a project made from cdktf's TypeScript template and synthesize. That each
 * compiles with the template's compiler options is checked with the library's
 * type check (typecheck.test.ts), which shares the parsed declaration files.
 */
describe("README samples", () => {
  const dirs = tempDirs();
  afterAll(dirs.remove);

  test("the README has the samples it promises: a stack, a perimeter around the app's own resources, the app helpers with a replica, a joined endpoint, interface endpoints", () => {
    expect(SAMPLES).toHaveLength(5);
    expect(SAMPLES[1]).toContain("shop.addExistingTable(legacy);");
    expect(SAMPLES[1]).toContain("PerimeterNetwork.existingVpc({ vpcId: vpc.id, routeTableIds: [routes.id] })");
    expect(SAMPLES[4]).toContain("interfaceEndpoints: {");
    expect(SAMPLES[2]).toContain('from "dynamodb-network-isolation/app"');
    expect(SAMPLES[2]).toContain('replicas: [{ region: "eu-west-1", provider: euWest1 }]');
    expect(SAMPLES.every((s) => s.includes("new TerraformOutput") || s.includes("DataTerraformRemoteStateS3"))).toBe(true);
  });

  test.each(SAMPLES.map((code, i) => [i + 1, code]))("sample %i synthesizes", (_n, code) => {
    const { tf } = synthSample(String(code), dirs.make("readme-sample-"));
    expect(Object.keys(tf.resource ?? {})).toEqual(
      expect.arrayContaining(["aws_dynamodb_table", "aws_iam_policy", "aws_dynamodb_resource_policy"]),
    );
  });
});
