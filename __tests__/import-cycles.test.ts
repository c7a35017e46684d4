import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { dirname, join, relative, resolve } from "path";
import * as ts from "typescript";

/**
 * No two files of the library import each other, directly or around a loop, type imports
 * included: ESLint's import-x/no-cycle skips `import type`, and a cycle of types is still two
 * files that cannot be read, moved or published apart.
 */
const ROOT = join(__dirname, "..");
const LIBRARY = join(ROOT, "modules");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return entry.endsWith(".ts") && !entry.endsWith(".d.ts") ? [path] : [];
  });
}

/** The library files a file imports or re-exports, by path, from its text. */
function importsOf(file: string): string[] {
  return ts
    .preProcessFile(readFileSync(file, "utf8"), true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => resolve(dirname(file), name))
    .map((base) => [`${base}.ts`, join(base, "index.ts")].find(existsSync))
    .filter((path): path is string => path !== undefined);
}

/** Every cycle of the graph once, as the files around it starting from the smallest path. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found = new Map<string, string[]>();
  const walk = (path: string[]) => {
    for (const next of graph.get(path[path.length - 1]) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const loop = path.slice(at);
        const start = loop.indexOf([...loop].sort()[0]);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        found.set(rotated.join(" -> "), rotated);
      } else if (path.length < 12) walk([...path, next]);
    }
  };
  for (const file of graph.keys()) walk([file]);
  return [...found.values()];
}

describe("import cycles", () => {
  test("the check finds a type-only cycle", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["a.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(cyclesOf(graph)).toEqual([["a.ts", "b.ts"]]);
    const text = 'import type { A } from "./a";\nexport { B } from "./b";\nimport "./c";';
    expect(ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)).toEqual(["./a", "./b", "./c"]);
  });

  test("no file of modules/ is part of an import cycle, type imports included", () => {
    const files = sources(LIBRARY);
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    expect(files.length).toBeGreaterThan(40);
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
    expect(cyclesOf(graph).map((loop) => loop.map((f) => relative(ROOT, f)).join(" -> "))).toEqual([]);
  });
});
