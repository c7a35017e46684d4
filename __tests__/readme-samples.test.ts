import { execFile } from "child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { join, relative } from "path";
import * as ts from "typescript";
import { codeBlocks, readme } from "../test-support/readme";
import { tempDirs } from "../test-support/temp-dirs";

/**
 * Every TypeScript block of the README is a program a user could paste into
 * a project made from cdktf's TypeScript template: it must compile with that
 * template's own compiler options (read from the template the CLI ships) and
 * synthesize. The package's entries resolve to this repository's sources.
 */
const ROOT = join(__dirname, "..");
const SAMPLES = codeBlocks(readme(), "ts");
const WORK = join(ROOT, "node_modules", ".cache", "readme-samples");
const TEMPLATE = join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json");
const ENTRIES: Record<string, string> = {
  "dynamodb-network-isolation": join(ROOT, "modules", "index.ts"),
  "dynamodb-network-isolation/app": join(ROOT, "modules", "app", "index.ts"),
};

/** tsc with the template's options, the samples as the only root files; resolves to its diagnostics. */
function compileSamples(files: readonly string[]): Promise<string> {
  const template = JSON.parse(readFileSync(TEMPLATE, "utf8")) as { compilerOptions: Record<string, unknown> };
  const config = {
    compilerOptions: {
      ...template.compilerOptions,
      noEmit: true,
      tsBuildInfoFile: join(WORK, "tsbuildinfo"),
      baseUrl: ROOT,
      paths: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, [relative(ROOT, file)]])),
    },
    files: files.map((f) => join(WORK, f)),
  };
  writeFileSync(join(WORK, "tsconfig.json"), JSON.stringify(config, null, 1));
  const bin = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, "-p", join(WORK, "tsconfig.json")], { cwd: WORK }, (err, stdout, stderr) => resolve(err ? `${stdout}${stderr}` || err.message : ""));
  });
}

describe("README samples", () => {
  const dirs = tempDirs();
  afterAll(dirs.remove);
  mkdirSync(WORK, { recursive: true });
  for (const old of readdirSync(WORK)) if (/^sample-\d+\.ts$/.test(old)) writeFileSync(join(WORK, old), "");
  const files = SAMPLES.map((code, i) => {
    const file = `sample-${i + 1}.ts`;
    writeFileSync(join(WORK, file), code);
    return file;
  });
  // Started at once: tsc runs in its own process while the samples synthesize here.
  const compiled = compileSamples(files);

  test("the README has the samples it promises: a stack, the app helpers with a replica, a joined endpoint, interface endpoints", () => {
    expect(SAMPLES).toHaveLength(4);
    expect(SAMPLES[3]).toContain("interfaceEndpoints: {");
    expect(SAMPLES[1]).toContain('from "dynamodb-network-isolation/app"');
    expect(SAMPLES[1]).toContain("replicas: [{ region: \"eu-west-1\", provider: euWest1 }]");
    expect(SAMPLES.every((s) => s.includes("new TerraformOutput") || s.includes("DataTerraformRemoteStateS3"))).toBe(true);
  });

  test("every sample compiles with the cdktf TypeScript template's compiler options", async () => {
    expect(await compiled).toBe("");
  }, 60_000);

  test.each(SAMPLES.map((code, i) => [i + 1, code]))("sample %i synthesizes", (_n, code) => {
    const outdir = dirs.make("readme-sample-");
    // The samples' own imports, pointed at this repository; the program is transpiled as the template's ts-node would.
    let source = String(code);
    for (const [name, file] of Object.entries(ENTRIES)) source = source.split(`from "${name}"`).join(`from ${JSON.stringify(file)}`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
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
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", stacks[0], "cdk.tf.json"), "utf8")) as { resource: Record<string, unknown>; output?: Record<string, unknown> };
    expect(Object.keys(tf.resource)).toEqual(expect.arrayContaining(["aws_dynamodb_table", "aws_iam_policy", "aws_dynamodb_resource_policy"]));
  });
});
