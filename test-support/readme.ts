import { readFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";

/** Reading the README and the props types it documents, for tests that keep the two in step. */

const ROOT = join(__dirname, "..");

export function readme(): string {
  return readFileSync(join(ROOT, "README.md"), "utf8");
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

/** Every number a README phrase quotes: `quoted(/over (\d+) requests/g)`. */
export function quoted(text: string, phrase: RegExp): number[] {
  return [...text.matchAll(phrase)].map((m) => Number(m[1].replace(/,/g, "")));
}

type Interfaces = Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;

function declarations(files: readonly string[]): Interfaces {
  const found: Interfaces = new Map();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) found.set(node.name.text, node);
    });
  }
  return found;
}

/**
 * Every prop path of an interface, nested interfaces followed (arrays by
 * their element, `Omit<X, "k">` by X without k, `extends` included), e.g.
 * `table.autoScaling.maxReadCapacity`. Paths of objects are listed too.
 */
export function propPaths(files: readonly string[], root: string): string[] {
  const types = declarations(files);
  const paths: string[] = [];

  const members = (name: string, omit: ReadonlySet<string>): Array<[string, ts.TypeNode | undefined]> => {
    const decl = types.get(name);
    if (!decl) return [];
    if (ts.isTypeAliasDeclaration(decl)) return followType(decl.type, omit);
    const inherited = (decl.heritageClauses ?? []).flatMap((h) => h.types.flatMap((t) => followType(t as unknown as ts.TypeNode, omit)));
    const own = decl.members
      .filter(ts.isPropertySignature)
      .map((m) => [m.name.getText(), m.type] as [string, ts.TypeNode | undefined])
      .filter(([n]) => !omit.has(n));
    return [...inherited.filter(([n]) => !own.some(([o]) => o === n)), ...own];
  };

  const followType = (type: ts.TypeNode | undefined, omit: ReadonlySet<string> = new Set()): Array<[string, ts.TypeNode | undefined]> => {
    if (!type) return [];
    if (ts.isTypeOperatorNode(type)) return followType(type.type, omit);
    if (ts.isArrayTypeNode(type)) return followType(type.elementType, omit);
    if (ts.isExpressionWithTypeArguments(type) || ts.isTypeReferenceNode(type)) {
      const name = ts.isTypeReferenceNode(type) ? type.typeName.getText() : type.expression.getText();
      const args = type.typeArguments ?? [];
      if (name === "Omit" && args.length === 2) {
        const keys = args[1]
          .getText()
          .split("|")
          .map((k) => k.trim().replace(/"/g, ""));
        return followType(args[0], new Set([...omit, ...keys]));
      }
      return members(name, omit);
    }
    return [];
  };

  const walk = (prefix: string, entries: Array<[string, ts.TypeNode | undefined]>, seen: ReadonlySet<string>): void => {
    for (const [name, type] of entries) {
      const path = prefix ? `${prefix}.${name}` : name;
      paths.push(path);
      const key = type?.getText() ?? "";
      if (!seen.has(key)) walk(path, followType(type), new Set([...seen, key]));
    }
  };
  walk("", members(root, new Set()), new Set());
  return [...new Set(paths)];
}

/** The code blocks of a language (```ts ... ```), in order. */
export function codeBlocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
}
