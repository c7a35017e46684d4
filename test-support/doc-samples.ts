import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { join, relative } from "path";
import * as ts from "typescript";
import { TerraformJson } from "./synth";
import { HAND_WRITTEN_DOCS, codeBlocks, docText } from "./docs";

/**
 * The docs' TypeScript blocks (README and docs/) as a tsconfig project a user could have made
 * from cdktf's TypeScript template: the template's own compiler options (read
 * from the template the CLI ships), the samples as the only root files, and
 * the package's entries resolved to this repository's sources.
 */
const ROOT = join(__dirname, "..");
const TEMPLATE = join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json");

/** What the samples import, and the source each resolves to here. */
export const SAMPLE_ENTRIES: Readonly<Record<string, string>> = {
  "dynamodb-network-isolation": join(ROOT, "modules", "index.ts"),
  "dynamodb-network-isolation/app": join(ROOT, "modules", "app", "index.ts"),
};

/** The TypeScript blocks of the hand-written docs, README first, in order. */
export const DOC_SAMPLES: readonly string[] = HAND_WRITTEN_DOCS.flatMap((file) => codeBlocks(docText(file), "ts"));

/** The one sample that contains `marker`: samples are found by what they show, not by where they are. */
export function sampleWith(marker: string): string {
  const found = DOC_SAMPLES.filter((s) => s.includes(marker));
  if (found.length !== 1) throw new Error(`${found.length} doc samples contain '${marker}', expected one`);
  return found[0];
}

/** Writes the samples and their tsconfig.json under node_modules/.cache; returns the project's path from the repository root. */
export function writeSamplesProject(): string {
  const work = join(ROOT, "node_modules", ".cache", "readme-samples");
  mkdirSync(work, { recursive: true });
  const files = DOC_SAMPLES.map((code, i) => {
    const file = join(work, `sample-${i + 1}.ts`);
    writeFileSync(file, code);
    return file;
  });
  const template = JSON.parse(readFileSync(TEMPLATE, "utf8")) as { compilerOptions: Record<string, unknown> };
  const config = {
    compilerOptions: {
      ...template.compilerOptions,
      noEmit: true,
      baseUrl: ROOT,
      paths: Object.fromEntries(Object.entries(SAMPLE_ENTRIES).map(([name, file]) => [name, [relative(ROOT, file)]])),
    },
    files,
  };
  const project = join(work, "tsconfig.json");
  writeFileSync(project, JSON.stringify(config, null, 1));
  return relative(ROOT, project);
}

/**
 * Runs a sample as the template's ts-node would (its imports pointed at this repository),
 * with `outdir` as cdktf's output directory; returns the one stack it synthesized.
 */
export function synthSample(code: string, outdir: string): { stack: string; tf: TerraformJson } {
  let source = code;
  for (const [name, file] of Object.entries(SAMPLE_ENTRIES)) source = source.split(`from "${name}"`).join(`from ${JSON.stringify(file)}`);
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
  if (stacks.length !== 1) throw new Error(`a doc sample synthesized ${stacks.length} stacks, expected one`);
  return { stack: stacks[0], tf: JSON.parse(readFileSync(join(outdir, "stacks", stacks[0], "cdk.tf.json"), "utf8")) as TerraformJson };
}
