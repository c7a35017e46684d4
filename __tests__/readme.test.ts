import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { BenchResults, scaleTable, section, seedTable } from "../bench/report";
import { POLICY_SIZE_LIMITS } from "../modules";
import { codeBlocks, propPaths, quoted, readme, tableAfter } from "../test-support/readme";

/** Every library source file: the props of DynamoDbIsolation and of a config file's stack entry are declared among them. */
const PROP_FILES = readdirSync(join(__dirname, "..", "modules"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".ts"))
  .map((f) => join("modules", f))
  .sort();

describe("README", () => {
  const text = readme();

  describe("the props table and the props types agree both ways", () => {
    const rows = tableAfter(text, "## Props").map((cells) => ({
      paths: [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]),
      text: cells.join(" "),
    }));
    // A config file's top level adds `organization` (its `stacks` are the entries above).
    const topLevel = propPaths(PROP_FILES, "IsolationConfig").filter((p) => p.startsWith("organization"));
    const props = [
      ...new Set([...propPaths(PROP_FILES, "DynamoDbIsolationProps"), ...propPaths(PROP_FILES, "StackConfig"), ...topLevel]),
    ].sort();

    test("the types are read (the walk follows nested and inherited props)", () => {
      expect(props).toEqual(
        expect.arrayContaining([
          "table.autoScaling.maxReadCapacity",
          "network.flowLogs.kmsKeyArn",
          "network.cidrBlock",
          "replicas.provider",
          "backend.s3.bucket",
        ]),
      );
    });

    test("every prop the README names exists", () => {
      expect(rows.flatMap((r) => r.paths).filter((p) => !props.includes(p))).toEqual([]);
    });

    test("every prop is in the table: a row of its own, named in its parent's row, or (an object) through rows of its props", () => {
      // An entry of `tables` has the fields of `table`; its row says so, and `table.*` rows document them.
      expect(rows.find((r) => r.paths.includes("tables"))?.text).toMatch(/the fields of `table`/);
      const covered = (path: string): boolean =>
        (path.startsWith("tables.") && covered(`table.${path.slice("tables.".length)}`)) ||
        rows.some(
          (row) =>
            row.paths.includes(path) ||
            row.paths.some((p) => p.startsWith(`${path}.`)) ||
            row.paths.some(
              (parent) =>
                path.startsWith(`${parent}.`) && new RegExp(`\\b${path.slice(parent.length + 1).split(".")[0]}\\b`).test(row.text),
            ),
        );
      expect(props.filter((p) => !covered(p))).toEqual([]);
    });
  });

  test("the code layout names every folder of modules/, and only files that exist", () => {
    const rows = tableAfter(text, "## Code layout");
    const named = rows.map((cells) => cells.join(" "));
    const folders = readdirSync(join(__dirname, "..", "modules"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `modules/${d.name}/`);
    expect(folders.filter((f) => !named.some((row) => row.includes(f)))).toEqual([]);
    const files = new Set(PROP_FILES.map((f) => f.split("/").pop()));
    const mentioned = rows.flatMap((cells) => [...cells.join(" ").matchAll(/`(?:[\w-]+\/)*([\w.-]+\.ts)`/g)].map((m) => m[1]));
    expect(mentioned.length).toBeGreaterThan(10);
    expect(mentioned.filter((f) => !files.has(f) && !["main.ts", "jest-setup.ts"].includes(f))).toEqual([]);
  });

  describe("figures come from one place", () => {
    test("the benchmark tables are bench/results.json's, as `npm run bench` wrote them", () => {
      const results = JSON.parse(readFileSync(join(__dirname, "..", "bench", "results.json"), "utf8")) as BenchResults;
      expect(section(text, "seed")).toBe(seedTable(results).join("\n"));
      expect(section(text, "scale")).toBe(scaleTable(results).join("\n"));
    });

    test("policy size limits are the ones the size checks use", () => {
      expect(quoted(text, /identity policies ([\d,]+) characters/g)).toEqual([POLICY_SIZE_LIMITS.identity]);
      expect(quoted(text, /endpoint\s+policies ([\d,]+) characters/g)).toEqual([POLICY_SIZE_LIMITS.endpoint]);
      expect(quoted(text, /resource policies (\d+) KB/g).map((kb) => kb * 1024)).toEqual([POLICY_SIZE_LIMITS.resource]);
    });

    test("docs/cdk-terrain.md's recipe is the one CI installs, at this package's version", () => {
      const root = join(__dirname, "..");
      const [recipe] = codeBlocks(readFileSync(join(root, "docs", "cdk-terrain.md"), "utf8"), "json").map(
        (b) => JSON.parse(b) as { dependencies: Record<string, string>; overrides: Record<string, string> },
      );
      const checked = JSON.parse(
        readFileSync(join(root, "scripts", "package-check", "app", "cdktn.package.json"), "utf8"),
      ) as typeof recipe;
      const own = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };
      expect(recipe.dependencies).toEqual({ ...checked.dependencies, [own.name]: own.version });
      expect(recipe.overrides).toEqual(checked.overrides);
    });
  });
});
