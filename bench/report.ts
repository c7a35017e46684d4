/**
 * The benchmark's figures as the README shows them. `npm run bench` writes
 * bench/results.json and the README tables from it; a test checks that the
 * README still shows exactly these tables, so a figure has one source.
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

/** The README with the text between `<!-- bench:<name> -->` and `<!-- /bench:<name> -->` replaced. */
export function withSection(readme: string, name: string, lines: readonly string[]): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README has no ${open} ... ${close} section`);
  return `${readme.slice(0, start + open.length)}\n${lines.join("\n")}\n${readme.slice(end)}`;
}

/** The text of a section, without its markers. */
export function section(readme: string, name: string): string {
  const open = `<!-- bench:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(`<!-- /bench:${name} -->`);
  if (start < 0 || end < start) throw new Error(`README has no ${open} section`);
  return readme.slice(start + open.length, end).trim();
}
