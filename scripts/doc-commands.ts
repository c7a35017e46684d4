/**
 * The command blocks of the docs, as a user would copy them: every `sh`
 * block of the README, docs/ and CONTRIBUTING.md, in order, and the files
 * the docs tell a user to write before running them. A block the runner
 * cannot run here is marked in the doc, on the line before it:
 *
 *   <!-- docs-run: skip <why, e.g. needs AWS credentials> -->
 *
 * and a block a user is told to save as a file (the README's config) with:
 *
 *   <!-- docs-run: file <path from the repository root> -->
 */

export const SHELL_LANGUAGES: readonly string[] = ["sh", "bash", "shell"];

/** Commands `.ci/run` itself runs on the same clone just before: run again they would prove nothing new. */
export const CI_STEPS: readonly string[] = ["npm ci", "npm test"];

export interface DocBlock {
  readonly file: string;
  readonly language: string;
  /** Line of the opening fence, 1-based. */
  readonly fenceLine: number;
  readonly lines: readonly string[];
  /** Set by `docs-run: skip`: why the block is not run. */
  readonly skip?: string;
  /** Set by `docs-run: file`: where the block's text is written. */
  readonly writeTo?: string;
}

const MARKER = /^<!--\s*docs-run:\s*(skip|file)\s+(.+?)\s*-->$/;

/** The fenced blocks of a markdown text, each with the marker on the non-empty line before it. */
export function docBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split("\n");
  const blocks: DocBlock[] = [];
  let marker: RegExpExecArray | null = null;
  for (let i = 0; i < lines.length; i++) {
    // A fence may be indented (a block inside a list item); its lines lose that indentation.
    const fence = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!fence) {
      if (lines[i].trim()) marker = MARKER.exec(lines[i].trim());
      continue;
    }
    const indent = fence[1];
    const end = lines.findIndex((l, j) => j > i && l.startsWith(`${indent}\`\`\``));
    if (end < 0) throw new Error(`${file}:${i + 1}: a code block that never closes`);
    blocks.push({
      file,
      language: fence[2],
      fenceLine: i + 1,
      lines: lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)),
      ...(marker?.[1] === "skip" ? { skip: marker[2] } : {}),
      ...(marker?.[1] === "file" ? { writeTo: marker[2] } : {}),
    });
    marker = null;
    i = end;
  }
  return blocks;
}

/** Problems with how the blocks are marked: a shell block with a placeholder and no skip, a marker on a block it cannot apply to. */
export function markingProblems(blocks: readonly DocBlock[]): string[] {
  const problems: string[] = [];
  for (const b of blocks) {
    const where = `${b.file}:${b.fenceLine}`;
    const shell = SHELL_LANGUAGES.includes(b.language);
    if (b.skip && !shell) problems.push(`${where}: 'docs-run: skip' on a ${b.language || "plain"} block, which is never run`);
    if (b.writeTo && shell) problems.push(`${where}: 'docs-run: file' on a shell block`);
    if (b.writeTo && (b.writeTo.startsWith("/") || b.writeTo.includes("..")))
      problems.push(`${where}: 'docs-run: file' must name a path inside the repository`);
    const placeholder = b.lines.find((l) => /<[a-z][\w-]*>/.test(l.replace(/#.*$/, "")));
    if (shell && !b.skip && placeholder)
      problems.push(`${where}: '${placeholder.trim()}' has a placeholder; mark the block 'docs-run: skip <why>'`);
  }
  return problems;
}

/**
 * The block as a bash script whose line n + 3 is the block's line n: the
 * first lines stop at the first failing command and record its line. A
 * command `.ci/run` already ran becomes `:`, so numbering holds.
 */
export function blockScript(block: DocBlock, failedAtFile: string): { script: string; dropped: string[] } {
  const dropped: string[] = [];
  const body = block.lines.map((line) => {
    const parts = line.split(/\s+&&\s+/);
    const kept = parts.filter((p) => {
      const command = p.replace(/\s+#.*$/, "").trim();
      if (!CI_STEPS.includes(command)) return true;
      dropped.push(command);
      return false;
    });
    return kept.length ? kept.join(" && ") : ":";
  });
  const header = ["set -eE -o pipefail", `trap 'echo "$LINENO" > ${JSON.stringify(failedAtFile)}' ERR`];
  return { script: [...header, "# the block:", ...body, ""].join("\n"), dropped };
}

/** The doc line of a script line `blockScript` made. */
export const docLine = (block: DocBlock, scriptLine: number): number => block.fenceLine + scriptLine - 3;
