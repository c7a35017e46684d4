import { existsSync, readFileSync, statSync } from "fs";
import { dirname, join, normalize, relative } from "path";

/** Links and anchors of markdown files, checked the way GitHub renders them. */

export interface Link {
  /** The file the link is in, from the root. */
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/** Text outside fenced code blocks and inline code, lines kept, so a sample's `a[i](x)` is no link. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line.replace(/`[^`]*`/g, "``");
  });
}

/** Every inline link and image of a file: `[text](target)`, `<a href="target">`. */
export function linksOf(root: string, file: string): Link[] {
  const links: Link[] = [];
  prose(readFileSync(join(root, file), "utf8")).forEach((line, i) => {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) links.push({ file, line: i + 1, target: m[1] });
    for (const m of line.matchAll(/<a\s+href="([^"]+)"/g)) links.push({ file, line: i + 1, target: m[1] });
  });
  return links;
}

/** GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors a file offers: each heading's slug (repeats numbered as GitHub does), and explicit `id`/`name` anchors. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();

/** What is wrong with one link, or undefined: a missing file, a missing anchor, a link out of the repository. */
export function brokenLink(root: string, link: Link): string | undefined {
  if (/^(https?:|mailto:)/.test(link.target)) return undefined;
  const [path, anchor] = link.target.split("#", 2) as [string, string | undefined];
  const file = path ? normalize(join(dirname(link.file), decodeURIComponent(path))) : link.file;
  const where = `${link.file}:${link.line}: ${link.target}`;
  if (file.startsWith("..")) return `${where} leaves the repository`;
  const full = join(root, file);
  if (!existsSync(full)) return `${where}: no file ${relative(root, full)}`;
  if (anchor === undefined) return undefined;
  if (statSync(full).isDirectory() || !file.endsWith(".md")) return `${where}: an anchor into a file that is not markdown`;
  if (!anchorCache.has(full)) anchorCache.set(full, anchorsOf(readFileSync(full, "utf8")));
  if (!anchorCache.get(full)!.has(anchor)) return `${where}: ${file} has no heading or anchor '#${anchor}'`;
  return undefined;
}
