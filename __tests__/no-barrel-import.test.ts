import { execFileSync } from "child_process";
import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";

/**
 * `import ... from "@cdktf/provider-aws"` loads every resource class of the
 * provider: about ten times slower synth and many times the memory.
 */
const ROOT = join(__dirname, "..");
// The benchmark's stand-in must use it; this file only spells it as examples.
const ALLOWED = [join("bench", "standard-template"), join("__tests__", "no-barrel-import.test.ts")];
const BARREL = /(?:from\s+|require\(\s*|import\(\s*)["']@cdktf\/provider-aws["']/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (["node_modules", "cdktf.out", "lib", ".git"].includes(entry)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|cjs|mjs)$/.test(entry) ? [path] : [];
  });
}

describe("no barrel import", () => {
  test("the pattern catches every spelling of the barrel import", () => {
    for (const line of [
      'import * as aws from "@cdktf/provider-aws";',
      "import { provider } from '@cdktf/provider-aws'",
      'const aws = require("@cdktf/provider-aws");',
      'await import("@cdktf/provider-aws")',
    ]) {
      expect(line).toMatch(BARREL);
    }
    expect('import { Vpc } from "@cdktf/provider-aws/lib/vpc";').not.toMatch(BARREL);
  });

  test("no source file imports @cdktf/provider-aws from its root", () => {
    const offenders = sources(ROOT)
      .filter((file) => !ALLOWED.some((allowed) => relative(ROOT, file).startsWith(allowed)))
      .filter((file) => BARREL.test(readFileSync(file, "utf8")))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  test("synthesizing every example loads only the provider classes it uses", () => {
    // A fresh process through the app's own fast path, so jest's module registry plays no part.
    const script = `
      const { readdirSync, readFileSync } = require("fs");
      const { buildApp } = require("./main.ts");
      const { parseConfig } = require("./modules/app");
      for (const f of readdirSync("examples")) buildApp(parseConfig(readFileSync("examples/" + f, "utf8"), f));
      console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("@cdktf/provider-aws"))));`;
    const loaded = JSON.parse(
      execFileSync(process.execPath, ["-r", "./scripts/register-ts.cjs", "-e", script], { cwd: ROOT, encoding: "utf8" }),
    ) as string[];
    expect(loaded.filter((k) => /@cdktf[/\\]provider-aws[/\\]lib[/\\]index\.js$/.test(k))).toEqual([]);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.length).toBeLessThan(60);
  });
});
