import { execFileSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { CONFIG_REFERENCE_FILE, configReferenceText, typeText } from "../scripts/write-config-reference";
import { tempDirs } from "../test-support/temp-dirs";

/**
 * The generated references cannot drift from the code: each is generated
 * afresh here and must equal the committed file. After an intended change,
 * `npm run docs` rewrites both.
 */
const ROOT = join(__dirname, "..");
const dirs = tempDirs();
afterAll(dirs.remove);

const filesUnder = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
  );

describe("docs/config-reference.md", () => {
  const text = configReferenceText();

  test("is what the JSON Schema and the props' doc comments give today (npm run docs rewrites it)", () => {
    expect(readFileSync(CONFIG_REFERENCE_FILE, "utf8")).toBe(text);
  });

  test("documents every field: each row has a type and a description from the props' doc comments", () => {
    const rows = text.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows.length).toBeGreaterThan(200);
    const cells = rows.map((r) => r.split(" | "));
    expect(cells.filter((c) => !c[1].trim() || !c[4].replace(/\|$/, "").trim()).map((c) => c[0])).toEqual([]);
    expect(text).toContain("| `stacks.<name>.table.readCapacity` | integer 1–40000 |  | none (on-demand) | Read capacity units");
    expect(text).toContain("| `stacks.<name>.replicas[].region` | string | yes |");
  });

  test("types read as words", () => {
    expect(typeText({ type: "array", items: { type: "string" }, minItems: 1 })).toBe("list of string (at least 1 item)");
    expect(typeText({ anyOf: [{ type: "string" }, { const: false }] })).toBe("string, or `false`");
    expect(typeText({ type: "object", additionalProperties: { type: "string" } })).toBe("map of name → string");
  });
});

describe("docs/api/", () => {
  test("is what TypeDoc makes of the TSDoc comments today (npm run docs rewrites it)", () => {
    const out = dirs.make("typedoc-");
    execFileSync(process.execPath, [join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", out], { cwd: ROOT, stdio: "pipe" });
    const fresh = filesUnder(out);
    expect(Object.keys(fresh).length).toBeGreaterThan(1);
    expect(filesUnder(join(ROOT, "docs", "api"))).toEqual(fresh);
  });
});
