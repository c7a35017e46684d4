import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import * as ts from "typescript";
import { README_SAMPLES as SAMPLES, SAMPLE_ENTRIES as ENTRIES } from "../test-support/readme-samples";
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

  test("the README has the samples it promises: a stack, the app helpers with a replica, a joined endpoint, interface endpoints", () => {
    expect(SAMPLES).toHaveLength(4);
    expect(SAMPLES[3]).toContain("interfaceEndpoints: {");
    expect(SAMPLES[1]).toContain('from "dynamodb-network-isolation/app"');
    expect(SAMPLES[1]).toContain('replicas: [{ region: "eu-west-1", provider: euWest1 }]');
    expect(SAMPLES.every((s) => s.includes("new TerraformOutput") || s.includes("DataTerraformRemoteStateS3"))).toBe(true);
  });

  test.each(SAMPLES.map((code, i) => [i + 1, code]))("sample %i synthesizes", (_n, code) => {
    const outdir = dirs.make("readme-sample-");
    // The samples' own imports, pointed at this repository; the program is transpiled as the template's ts-node would.
    let source = String(code);
    for (const [name, file] of Object.entries(ENTRIES)) source = source.split(`from "${name}"`).join(`from ${JSON.stringify(file)}`);
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      const module = { exports: {} };
      new Function("require", "exports", "module", js)(require, module.exports, module);
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
    const stacks = readdirSync(join(outdir, "stacks"));
    expect(stacks).toHaveLength(1);
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", stacks[0], "cdk.tf.json"), "utf8")) as {
      resource: Record<string, unknown>;
      output?: Record<string, unknown>;
    };
    expect(Object.keys(tf.resource)).toEqual(
      expect.arrayContaining(["aws_dynamodb_table", "aws_iam_policy", "aws_dynamodb_resource_policy"]),
    );
  });
});
