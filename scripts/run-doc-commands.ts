// Runs every command block the README, docs/ and CONTRIBUTING.md tell a user to run, as printed,
// in order, from the repository root (CI: a fresh clone, after `npm ci` and `npm test`). Files
// the docs tell the user to write are written first and removed at the end. Terraform gets its
// provider from a local mirror (TF_PLUGIN_DIR, else the mirror the plan gate finds), so nothing
// but npm's registry is reached. A failing command is named by its file and line in the doc.
// Run: node -r ./scripts/register-ts.cjs scripts/run-doc-commands.ts
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { HAND_WRITTEN_DOCS } from "../test-support/docs";
import { findPluginDir } from "../test-support/terraform/cli";
import { DocBlock, SHELL_LANGUAGES, blockScript, docBlocks, docLine, markingProblems } from "./doc-commands";

const ROOT = join(__dirname, "..");
/** Written by the docs' commands besides cdktf.out/: a user commits their locks/, this repository has none. */
const GENERATED_BY_COMMANDS = ["locks"];

interface Outcome {
  ran: number;
  skipped: string[];
  failed: string[];
}

function runBlock(block: DocBlock, env: NodeJS.ProcessEnv, work: string, outcome: Outcome): void {
  const failedAt = join(work, "failed-at");
  rmSync(failedAt, { force: true });
  const { script, dropped } = blockScript(block, failedAt);
  const where = `${block.file}:${block.fenceLine + 1}-${block.fenceLine + block.lines.length}`;
  for (const d of dropped) console.log(`  (${where}: '${d}' is a step .ci/run ran on this clone just before; not run twice)`);
  console.log(`=== ${where}`);
  const result = spawnSync("bash", ["-c", script], { cwd: ROOT, env, stdio: "inherit" });
  if (result.status === 0) {
    outcome.ran++;
    return;
  }
  const scriptLine = existsSync(failedAt) ? Number(readFileSync(failedAt, "utf8").trim()) : NaN;
  const line = Number.isFinite(scriptLine) ? docLine(block, scriptLine) : block.fenceLine + 1;
  const text = block.lines[line - block.fenceLine - 1]?.trim() ?? "";
  outcome.failed.push(`${block.file}:${line}: \`${text}\` exited ${result.status ?? "on a signal"}`);
}

/** Writes a block the doc says to save as a file; returns how to put things back. */
function writeFromDoc(block: DocBlock): () => void {
  const path = join(ROOT, block.writeTo!);
  const before = existsSync(path) ? readFileSync(path) : undefined;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${block.lines.join("\n")}\n`);
  console.log(`=== ${block.file}:${block.fenceLine}: wrote ${block.writeTo}`);
  return () => (before === undefined ? rmSync(path, { force: true }) : writeFileSync(path, before));
}

function main(): number {
  const blocks = HAND_WRITTEN_DOCS.flatMap((file) => docBlocks(file, readFileSync(join(ROOT, file), "utf8")));
  const marking = markingProblems(blocks);
  if (marking.length) throw new Error(marking.join("\n"));
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  if (!env.TF_PLUGIN_DIR) {
    const mirror = findPluginDir(env);
    if ("reason" in mirror) throw new Error(`the docs' Terraform commands need a provider mirror here: ${mirror.reason}`);
    env.TF_PLUGIN_DIR = mirror.dir;
  }
  // The mirror here may predate the stacks' range (5.100.0 against >= 6.25.0): validate then checks a
  // relaxed copy on its own, and lock is told to lock the mirror's version anyway, so both commands run.
  env.LOCK_MIRROR_VERSION_ANYWAY = "1";
  console.log(`TF_PLUGIN_DIR=${env.TF_PLUGIN_DIR} LOCK_MIRROR_VERSION_ANYWAY=1`);
  const outcome: Outcome = { ran: 0, skipped: [], failed: [] };
  const work = mkdtempSync(join(tmpdir(), "dynamodb-isolation-docs-run-"));
  // What the commands write that a clone does not have (`npm run lock`'s locks/) goes again at the end.
  const restore: Array<() => void> = GENERATED_BY_COMMANDS.filter((p) => !existsSync(join(ROOT, p))).map(
    (p) => () => rmSync(join(ROOT, p), { recursive: true, force: true }),
  );
  try {
    for (const block of blocks) {
      if (block.writeTo) restore.push(writeFromDoc(block));
      else if (!SHELL_LANGUAGES.includes(block.language)) continue;
      else if (block.skip) outcome.skipped.push(`${block.file}:${block.fenceLine + 1}: ${block.skip}`);
      else runBlock(block, env, work, outcome);
    }
  } finally {
    for (const undo of restore.reverse()) undo();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n${outcome.ran} command blocks ran as the docs print them`);
  for (const s of outcome.skipped) console.log(`SKIPPED ${s}`);
  for (const f of outcome.failed) console.log(`FAILED ${f}`);
  return outcome.failed.length ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`run-doc-commands: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
