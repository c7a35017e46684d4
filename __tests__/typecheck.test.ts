import { execFile } from "child_process";
import { join } from "path";

const root = join(__dirname, "..");

/**
 * Runs tsc on a project; resolves to its diagnostics, empty when there are
 * none. Incremental: tsc keeps what it learned under node_modules/.cache and
 * re-checks only what changed since (a clean clone checks everything).
 */
function tsc(project: string): Promise<string> {
  const bin = join(root, "node_modules", "typescript", "bin", "tsc");
  const buildInfo = join(root, "node_modules", ".cache", "tsc", `${project}.tsbuildinfo`);
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, "--noEmit", "--incremental", "--tsBuildInfoFile", buildInfo, "-p", join(root, project)], { cwd: root }, (err, stdout, stderr) => {
      resolve(err ? `${stdout}${stderr}` || err.message : "");
    });
  });
}

describe("typecheck", () => {
  // Both start at once: two processes on two cores.
  const whole = tsc("tsconfig.json");
  const core = tsc("tsconfig.core.json");

  // Tests only transpile (isolatedModules); this is the one full type check.
  test("tsc --noEmit reports no errors", async () => {
    expect(await whole).toBe("");
  }, 120_000);

  test("the core library entry needs no Node type definitions", async () => {
    expect(await core).toBe("");
  }, 120_000);
});
