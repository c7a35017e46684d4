import { execFile } from "child_process";
import { join } from "path";
import { writeSamplesProject } from "../test-support/readme-samples";

const root = join(__dirname, "..");

/**
 * Type-checks the given projects in one child process (test-support/typecheck-projects.ts):
 * incremental, with the source files every project reads parsed once. Resolves to each
 * project's diagnostics, empty when there are none.
 */
function typecheck(projects: string[]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", "./scripts/register-ts.cjs", "test-support/typecheck-projects.ts", ...projects],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Record<string, string>);
      },
    );
  });
}

describe("typecheck", () => {
  const samples = writeSamplesProject();
  const results = typecheck(["tsconfig.json", "tsconfig.core.json", samples]);

  // Tests only transpile (isolatedModules); this is the one full type check.
  test("tsc --noEmit reports no errors", async () => {
    expect((await results)["tsconfig.json"]).toBe("");
  }, 120_000);

  test("the core library entry needs no Node type definitions", async () => {
    expect((await results)["tsconfig.core.json"]).toBe("");
  }, 120_000);

  test("every README sample compiles with the cdktf TypeScript template's compiler options", async () => {
    expect((await results)[samples]).toBe("");
  }, 120_000);
});
