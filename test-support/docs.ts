import { readdirSync, readFileSync } from "fs";
import { join } from "path";

/** Reading the hand-written docs, for tests that keep them in step with the code. */

const ROOT = join(__dirname, "..");

/** Generated into docs/: checked against their generators, not read for quoted figures. */
export const GENERATED_DOCS: readonly string[] = ["docs/config-reference.md"];

/** The hand-written markdown files, from the repository root: README first, then docs/ in name order, then CONTRIBUTING.md. */
export const HAND_WRITTEN_DOCS: readonly string[] = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`)
    .filter((f) => !GENERATED_DOCS.includes(f))
    .sort(),
  "CONTRIBUTING.md",
];

/** A file's text, by its path from the repository root. */
export function docText(file: string): string {
  return readFileSync(join(ROOT, file), "utf8");
}

export function readme(): string {
  return docText("README.md");
}

/** Every hand-written doc, one after another: where a figure is quoted does not matter, that it is right does. */
export function allDocs(): string {
  return HAND_WRITTEN_DOCS.map(docText).join("\n");
}

/** The rows of the first markdown table after `heading`: cells of each row, header and rule left out. */
export function tableAfter(text: string, heading: string): string[][] {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no heading '${heading}'`);
  const lines = text.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split(" | ")
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** Every number a docs phrase quotes: `quoted(/over (\d+) requests/g)`. */
export function quoted(text: string, phrase: RegExp): number[] {
  return [...text.matchAll(phrase)].map((m) => Number(m[1].replace(/,/g, "")));
}

/** The code blocks of a language (```ts ... ```), in order. */
export function codeBlocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
}
