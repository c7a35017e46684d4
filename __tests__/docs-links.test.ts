import { readdirSync, readFileSync } from "fs";
import { join, normalize, dirname } from "path";
import { GENERATED_DOCS, HAND_WRITTEN_DOCS } from "../test-support/docs";
import { anchorsOf, brokenLink, linksOf, slug } from "../test-support/markdown-links";

const ROOT = join(__dirname, "..");
const API_DOCS = readdirSync(join(ROOT, "docs", "api"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/api/${f}`);
const ALL = [...HAND_WRITTEN_DOCS, ...GENERATED_DOCS, ...API_DOCS, "SECURITY.md", "CHANGELOG.md"];

describe("links and anchors of README.md and docs/", () => {
  test("headings get GitHub's anchors", () => {
    expect(slug("The organization's SCPs")).toBe("the-organizations-scps");
    expect(slug("`Perimeter`: what is checked when, and existing tables")).toBe("perimeter-what-is-checked-when-and-existing-tables");
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n<a id="x"></a>')]).toEqual(["a", "a-1", "x"]);
  });

  test("the checker finds a missing file and a missing anchor", () => {
    expect(brokenLink(ROOT, { file: "README.md", line: 1, target: "docs/none.md" })).toMatch(/no file docs\/none.md/);
    expect(brokenLink(ROOT, { file: "README.md", line: 1, target: "docs/pipelines.md#no-such-heading" })).toMatch(/has no heading/);
    expect(brokenLink(ROOT, { file: "README.md", line: 1, target: "docs/pipelines.md#state" })).toBeUndefined();
  });

  test("every link to a file of the repository finds it, and every anchor its heading", () => {
    const links = ALL.flatMap((f) => linksOf(ROOT, f));
    expect(links.length).toBeGreaterThan(100);
    expect(links.map((l) => brokenLink(ROOT, l)).filter(Boolean)).toEqual([]);
  });

  test("every doc in docs/ can be reached from the README by following links", () => {
    const reached = new Set<string>();
    const queue = ["README.md"];
    while (queue.length) {
      const file = queue.shift()!;
      if (reached.has(file) || !file.endsWith(".md")) continue;
      reached.add(file);
      for (const link of linksOf(ROOT, file)) {
        if (/^(https?:|mailto:)/.test(link.target)) continue;
        const path = link.target.split("#")[0];
        if (path) queue.push(normalize(join(dirname(file), path)).replace(/\/$/, ""));
      }
    }
    const docs = readdirSync(join(ROOT, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`);
    expect(docs.filter((d) => !reached.has(d))).toEqual([]);
  });
});

test("every file the README links to ships in the package, so its links work in an installed copy too", () => {
  const files = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] }).files;
  const targets = linksOf(ROOT, "README.md")
    .map((l) => l.target.split("#")[0])
    .filter((t) => t && !/^(https?:|mailto:)/.test(t));
  expect(targets.length).toBeGreaterThan(10);
  expect(targets.filter((t) => !files.includes(t.split("/")[0]))).toEqual([]);
});
