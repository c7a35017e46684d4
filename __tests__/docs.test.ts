import { spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { BenchResults, scaleTable, section, seedTable } from "../bench/report";
import { POLICY_SIZE_LIMITS } from "../modules";
import { parseConfig } from "../modules/app";
import { CONSUMER_SCHEMA } from "../scripts/package-check/consumer-schema";
import { CI_STEPS, SHELL_LANGUAGES, blockScript, docBlocks, docLine, markingProblems } from "../scripts/doc-commands";
import { HAND_WRITTEN_DOCS, allDocs, codeBlocks, docText, quoted, readme, tableAfter } from "../test-support/docs";
import { synthConfig } from "../test-support/synth";
import { tempDirs } from "../test-support/temp-dirs";

const ROOT = join(__dirname, "..");
/** The library's and the scripts' TypeScript files, which the code layout may name. */
const SOURCE_FILES = ["modules", "scripts"].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f)),
);

const dirs = tempDirs();
afterAll(dirs.remove);

describe("README", () => {
  const text = readme();

  test("is short: at most 250 lines", () => {
    expect(text.split("\n").length).toBeLessThanOrEqual(250);
  });

  test("its first lines are the two commands a newcomer runs: one that synthesizes, one that tests", () => {
    const [first] = codeBlocks(text, "sh");
    expect(text.indexOf("```sh")).toBeLessThan(text.split("\n").slice(0, 8).join("\n").length);
    expect(first.split("\n").map((l) => l.replace(/\s+#.*$/, ""))).toEqual(["npm ci && npx cdktf synth", "npm test", ""]);
  });

  describe("the config example", () => {
    const [json] = codeBlocks(text, "json");
    const config = JSON.parse(json) as {
      $schema: string;
      stacks: Record<string, { tables: Array<Record<string, unknown>>; network: Record<string, unknown> }>;
    };

    test("is two tables around an existing VPC, and synthesizes as the README says", () => {
      const [stack] = Object.values(synthConfig(parseConfig(json, "isolation.config.json")));
      expect(Object.keys(stack.resource?.aws_dynamodb_table ?? {})).toHaveLength(2);
      expect(stack.resource?.aws_vpc).toBeUndefined();
      expect(Object.values(stack.resource?.aws_vpc_endpoint ?? {})).toEqual([
        expect.objectContaining({ vpc_id: "vpc-0a1b2c3d4e5f60718", vpc_endpoint_type: "Gateway" }),
      ]);
    });

    test("its $schema resolves where the README says to write the file (next to cdktf.json in a clone)", () => {
      expect(existsSync(join(ROOT, config.$schema))).toBe(true);
      expect(existsSync(join(ROOT, "cdktf.json"))).toBe(true);
    });

    test("the error lines it shows are what synth prints for the mistakes it names", () => {
      const work = dirs.make("readme-config-");
      const [name] = Object.keys(config.stacks);
      const bad = structuredClone(config);
      bad.stacks[name].tables[0].readCapacity = 0;
      bad.stacks[name].network.routeTableIds = [];
      writeFileSync(join(work, "isolation.config.json"), JSON.stringify(bad));
      const result = spawnSync(process.execPath, ["-r", join(ROOT, "scripts", "register-ts.cjs"), join(ROOT, "main.ts")], {
        cwd: work,
        env: { ...process.env, CDKTF_OUTDIR: join(work, "out"), ISOLATION_CONFIG: "" },
        encoding: "utf8",
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(codeBlocks(text, "text")[0].trim());
    });
  });

  test("a consumer app's $schema path (docs/configuration.md) is a file the package ships (package-check finds it in two installed apps)", () => {
    const consumer = CONSUMER_SCHEMA;
    expect(docText("docs/configuration.md")).toContain(consumer);
    const pkg = JSON.parse(docText("package.json")) as { name: string; files: string[] };
    const inPackage = consumer.slice(`./node_modules/${pkg.name}/`.length);
    expect(pkg.files).toContain(inPackage.split("/")[0]);
    expect(existsSync(join(ROOT, inPackage))).toBe(true);
  });
});

describe("CONTRIBUTING.md", () => {
  const text = docText("CONTRIBUTING.md");

  test("the code layout names every folder of modules/, and only files that exist", () => {
    const rows = tableAfter(text, "## Code layout");
    const named = rows.map((cells) => cells.join(" "));
    const folders = readdirSync(join(ROOT, "modules"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `modules/${d.name}/`);
    expect(folders.filter((f) => !named.some((row) => row.includes(f)))).toEqual([]);
    const files = new Set(SOURCE_FILES.map((f) => f.split("/").pop()));
    const mentioned = rows.flatMap((cells) => [...cells.join(" ").matchAll(/`(?:[\w-]+\/)*([\w.-]+\.ts)`/g)].map((m) => m[1]));
    expect(mentioned.length).toBeGreaterThan(10);
    expect(mentioned.filter((f) => !files.has(f) && !["main.ts", "jest-setup.ts"].includes(f))).toEqual([]);
  });

  test("the benchmark tables are bench/results.json's, as `npm run bench` wrote them", () => {
    const results = JSON.parse(readFileSync(join(ROOT, "bench", "results.json"), "utf8")) as BenchResults;
    expect(section(text, "seed")).toBe(seedTable(results).join("\n"));
    expect(section(text, "scale")).toBe(scaleTable(results).join("\n"));
  });
});

describe("figures the docs quote come from one place", () => {
  const text = allDocs();

  test("policy size limits are the ones the size checks use", () => {
    expect(quoted(text, /identity policies ([\d,]+) characters/g)).toEqual([POLICY_SIZE_LIMITS.identity]);
    expect(quoted(text, /endpoint\s+policies ([\d,]+) characters/g)).toEqual([POLICY_SIZE_LIMITS.endpoint]);
    expect(quoted(text, /resource policies (\d+) KB/g).map((kb) => kb * 1024)).toEqual([POLICY_SIZE_LIMITS.resource]);
  });

  test("docs/cdk-terrain.md's recipe is the one CI installs, with this package's tarball, and its published form", () => {
    const doc = docText("docs/cdk-terrain.md");
    const [recipe] = codeBlocks(doc, "json").map(
      (b) => JSON.parse(b) as { dependencies: Record<string, string>; overrides: Record<string, string> },
    );
    const checked = JSON.parse(docText("scripts/package-check/app/cdktn.package.json")) as typeof recipe;
    const own = JSON.parse(docText("package.json")) as { name: string; version: string };
    const tarball = `./${own.name}-${own.version}.tgz`;
    expect(recipe.dependencies).toEqual(
      Object.fromEntries(Object.entries(checked.dependencies).map(([k, v]) => [k, v.replace("@TARBALL@", tarball)])),
    );
    expect(recipe.overrides).toEqual(checked.overrides);
    expect(doc).toContain(`\`"${own.name}": "^${own.version}"\``);
    expect(doc).toContain(`\`${tarball.slice(2)}\``);
  });
});

test("docs/configuration.md's examples table names every file of examples/, and only those", () => {
  const listed = tableAfter(
    docText("docs/configuration.md"),
    "`examples/` holds one config per workflow; `npm test` synthesizes, scans and plans each of them:",
  ).map((c) => c[0].replace(/`/g, ""));
  expect(listed.sort()).toEqual(
    readdirSync(join(ROOT, "examples"))
      .filter((f) => f.endsWith(".json"))
      .sort(),
  );
});

describe("the docs' command blocks (scripts/run-doc-commands.ts runs them in CI)", () => {
  const blocks = HAND_WRITTEN_DOCS.flatMap((file) => docBlocks(file, docText(file)));

  test("every shell block is runnable as printed, or marked with why not; markers sit on blocks they apply to", () => {
    expect(blocks.filter((b) => SHELL_LANGUAGES.includes(b.language)).length).toBeGreaterThan(8);
    expect(markingProblems(blocks)).toEqual([]);
    expect(blocks.find((b) => b.writeTo === "isolation.config.json")?.file).toBe("README.md");
    // A block inside a list item counts too, its indentation taken off.
    expect(docBlocks("x.md", "1. Run:\n\n   ```sh\n   npm run validate\n   ```\n")).toEqual([
      { file: "x.md", language: "sh", fenceLine: 3, lines: ["npm run validate"] },
    ]);
  });

  test("a placeholder in an unmarked block, and a marker on the wrong kind of block, are refused", () => {
    const text = [
      "```sh",
      "terraform -chdir=cdktf.out/stacks/<stack> plan",
      "```",
      "<!-- docs-run: skip why -->",
      "",
      "```json",
      "{}",
      "```",
    ].join("\n");
    expect(markingProblems(docBlocks("x.md", text))).toEqual([
      "x.md:1: 'terraform -chdir=cdktf.out/stacks/<stack> plan' has a placeholder; mark the block 'docs-run: skip <why>'",
      "x.md:6: 'docs-run: skip' on a json block, which is never run",
    ]);
  });

  test("a failing command is named by its line in the doc; the steps .ci/run ran before are not run twice", () => {
    const work = dirs.make("doc-block-");
    const [block] = docBlocks("x.md", ["intro", "```sh", "npm ci && true", "false", "echo never", "```"].join("\n"));
    const failedAt = join(work, "failed-at");
    const { script, dropped } = blockScript(block, failedAt);
    expect(dropped).toEqual(["npm ci"]);
    const result = spawnSync("bash", ["-c", script], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain("never");
    expect(docLine(block, Number(readFileSync(failedAt, "utf8")))).toBe(4);
    const ci = docText(".ci/run").split("\n");
    expect(CI_STEPS.filter((step) => !ci.includes(step))).toEqual([]);
  });
});
