import { existsSync, readFileSync, realpathSync } from "fs";
import { createRequire } from "module";
import { join, relative } from "path";
import { LIBRARY } from "./one-copy";

/**
 * The check on an app that installed this package from git (run.sh builds it):
 * each entry point resolves to the git-installed copy, not to another copy up
 * the tree, and exports what the docs' samples import from it; every declaration
 * file package.json names (`types`, and `types` in `exports`) was built by
 * `prepare` and shipped.
 *
 * Usage: node -r ./scripts/register-ts.cjs scripts/package-check/git-install.ts <app-dir>
 * Prints each problem and exits 1 when there is one.
 */

/** Entry point -> the names the docs' samples import from it. */
const EXPORTS: Readonly<Record<string, readonly string[]>> = {
  [LIBRARY]: ["DynamoDbIsolation"],
  [`${LIBRARY}/app`]: ["addBackend", "requireProvider"],
};

interface PackageJson {
  readonly version: string;
  readonly types?: string;
  readonly exports: Readonly<Record<string, string | { readonly types?: string }>>;
}

function check(appDir: string): string[] {
  const problems: string[] = [];
  const fromApp = createRequire(join(appDir, "package.json"));
  const link = join(appDir, "node_modules", LIBRARY);
  if (!existsSync(link)) return [`${link} does not exist`];
  const installed = realpathSync(link);
  for (const [entry, names] of Object.entries(EXPORTS)) {
    let loaded: Record<string, unknown>;
    try {
      const file = realpathSync(fromApp.resolve(entry));
      if (!file.startsWith(`${installed}/`)) problems.push(`${entry} resolves to ${file}, outside the git-installed copy ${installed}`);
      loaded = fromApp(entry) as Record<string, unknown>;
    } catch (e) {
      problems.push(`require("${entry}") failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      continue;
    }
    const missing = names.filter((name) => typeof loaded[name] !== "function");
    if (missing.length) problems.push(`require("${entry}") has no function ${missing.join(", ")}`);
  }
  const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as PackageJson;
  const declarations = [pkg.types, ...Object.values(pkg.exports).map((target) => (typeof target === "object" ? target.types : undefined))];
  const files = [...new Set(declarations.filter((d): d is string => d !== undefined).map((d) => join(d)))];
  for (const file of files) {
    if (!existsSync(join(installed, file))) problems.push(`${file} is missing from the installed copy`);
  }
  if (!problems.length)
    console.log(
      `package-check: git install: ${LIBRARY}@${pkg.version} in ${relative(appDir, installed)}: ${Object.keys(EXPORTS).join(" and ")} load; ${files.join(", ")} present`,
    );
  return problems;
}

const [appDir] = process.argv.slice(2);
if (!appDir) throw new Error("usage: git-install.ts <app-dir>");
const problems = check(appDir);
for (const problem of problems) console.log(`package-check: FAILED: git install: ${problem}`);
process.exitCode = problems.length ? 1 : 0;
