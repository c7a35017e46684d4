/**
 * The benchmark's figures as CONTRIBUTING.md shows them. `npm run bench` writes
 * bench/results.json and the tables in CONTRIBUTING.md from it; a test checks that the
 * file still shows exactly these tables, so a figure has one source.
 */

export interface Measurement {
  readonly seconds: number;
  /** Peak resident memory in MB, or NaN without GNU time. */
  readonly peakMb: number;
}

export interface BenchResults {
  /** What the figures were measured on. */
  readonly machine: { readonly cores: number; readonly node: string };
  readonly seed: {
    readonly resources: number;
    readonly runs: number;
    readonly ours: Measurement & { readonly command: string };
    readonly standard: Measurement & { readonly command: string };
  };
  readonly scale: ReadonlyArray<ScaleRun>;
}

/** One perimeter of N tables, synthesized. */
export interface ScaleRun extends Measurement {
  readonly tables: number;
  readonly resources: number;
  /** Largest policy text of each kind, as synthesized (Terraform references unresolved, which are longer than their values). */
  readonly largestPolicy: { readonly identity: number; readonly resource: number; readonly endpoint: number };
  /** Most managed policies the stack attaches to one principal. */
  readonly policiesPerPrincipal: number;
}

const fixed = (n: number, digits: number): string => (Number.isNaN(n) ? "n/a" : n.toFixed(digits));
const grouped = (n: number): string => (Number.isNaN(n) ? "n/a" : Math.round(n).toLocaleString("en-US"));

/** Markdown lines of the seed table: this app against the standard template. */
export function seedTable(r: BenchResults): string[] {
  const { ours, standard } = r.seed;
  return [
    "| app | wall time | peak memory |",
    "|---|---:|---:|",
    `| this repo: \`${ours.command}\` | ${fixed(ours.seconds, 2)} s | ${grouped(ours.peakMb)} MB |`,
    `| standard template: \`${standard.command}\`, barrel import | ${fixed(standard.seconds, 2)} s | ${grouped(standard.peakMb)} MB |`,
    `| ratio | ${fixed(standard.seconds / ours.seconds, 1)}× faster | ${fixed(standard.peakMb / ours.peakMb, 1)}× less memory |`,
  ];
}

/** Markdown lines of the scaling table. */
export function scaleTable(r: BenchResults): string[] {
  return [
    "| tables in one perimeter | resources | wall time | peak memory | largest identity / resource / endpoint policy | managed policies per principal |",
    "|---:|---:|---:|---:|---|---:|",
    ...r.scale.map(
      (s) =>
        `| ${grouped(s.tables)} | ${grouped(s.resources)} | ${fixed(s.seconds, 2)} s | ${grouped(s.peakMb)} MB | ` +
        `${grouped(s.largestPolicy.identity)} / ${grouped(s.largestPolicy.resource)} / ${grouped(s.largestPolicy.endpoint)} characters | ${s.policiesPerPrincipal} |`,
    ),
  ];
}

/** A markdown text with the text between `<!-- bench:<name> -->` and `<!-- /bench:<name> -->` replaced. */
export function withSection(text: string, name: string, lines: readonly string[]): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`the text has no ${open} ... ${close} section`);
  return `${text.slice(0, start + open.length)}\n${lines.join("\n")}\n${text.slice(end)}`;
}

/** The text of a section, without its markers. */
export function section(text: string, name: string): string {
  const open = `<!-- bench:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(`<!-- /bench:${name} -->`);
  if (start < 0 || end < start) throw new Error(`the text has no ${open} section`);
  return text.slice(start + open.length, end).trim();
}
