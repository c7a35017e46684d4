import { execFile } from "child_process";
import { join } from "path";

describe("typecheck", () => {
  // Tests only transpile (isolatedModules); this is the one full type check.
  test("tsc --noEmit reports no errors", async () => {
    const root = join(__dirname, "..");
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [tsc, "--noEmit", "-p", root], { cwd: root }, (err, stdout, stderr) => {
        resolve(err ? `${stdout}${stderr}` || err.message : "");
      });
    });
    expect(output).toBe("");
  }, 120_000);
});
