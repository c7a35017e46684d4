// npm run bench: the cdktf.json app command against the standard cdktf
// template's way of running the same seed scenario, then a scaling run.
// Uses node and GNU time (/usr/bin/time) for wall time and peak memory.
import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = "/usr/bin/time";

interface Sample {
  readonly seconds: number;
  /** Peak resident memory in MB, or NaN without GNU time. */
  readonly peakMb: number;
}

/** Runs a shell command once; the synthesized output goes to a fresh directory. */
function measure(command: string, cwd: string, outdir: string): Sample {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  if (existsSync(TIME)) {
    const result = spawnSync(TIME, ["-f", "%e %M", "sh", "-c", command], { cwd, env, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`'${command}' failed:\n${result.stderr}`);
    const [seconds, kb] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    return { seconds, peakMb: kb / 1024 };
  }
  const start = process.hrtime.bigint();
  execFileSync("sh", ["-c", command], { cwd, env, stdio: "ignore" });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMb: Number.NaN };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function addresses(outdir: string, stack: string): string[] {
  const tf = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, unknown>> };
  return Object.entries(tf.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();
}

const fmt = (n: number, digits = 2): string => (Number.isNaN(n) ? "n/a" : n.toFixed(digits));

function main(): void {
  const appCommand = (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
  const contenders = [
    { name: `this repo: ${appCommand}`, command: appCommand, cwd: ROOT },
    { name: "standard template: npx ts-node main.ts, barrel import", command: "npx ts-node main.ts", cwd: join(ROOT, "bench", "standard-template") },
  ];
  const work = mkdtempSync(join(tmpdir(), "isolation-bench-"));
  try {
    // Same scenario on both sides: the same resources come out.
    const outs = contenders.map((c, i) => {
      const outdir = join(work, `warmup-${i}`);
      measure(c.command, c.cwd, outdir);
      return addresses(outdir, "book-collection");
    });
    if (JSON.stringify(outs[0]) !== JSON.stringify(outs[1])) throw new Error("the two apps synthesized different resources");

    const samples: Sample[][] = contenders.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      contenders.forEach((c, i) => samples[i].push(measure(c.command, c.cwd, join(work, `run-${run}-${i}`))));
    }
    const [ours, standard] = samples.map((s) => ({ seconds: median(s.map((x) => x.seconds)), peakMb: median(s.map((x) => x.peakMb)) }));

    console.log(`\nSeed scenario (${outs[0].length} resources), ${RUNS} alternating runs after one warm-up each, medians:\n`);
    console.log("| app | wall time | peak memory |");
    console.log("|---|---:|---:|");
    contenders.forEach((c, i) => {
      const m = i === 0 ? ours : standard;
      console.log(`| ${c.name} | ${fmt(m.seconds)} s | ${fmt(m.peakMb, 0)} MB |`);
    });
    console.log(`| ratio | ${fmt(standard.seconds / ours.seconds, 1)}x faster | ${fmt(standard.peakMb / ours.peakMb, 1)}x less memory |`);

    console.log("\nScaling: N isolated tables in one stack (one run each, same fast path):\n");
    console.log("| tables | mode | resources | wall time | peak memory | per table |");
    console.log("|---:|---|---:|---:|---:|---:|");
    for (const mode of ["full", "lean"]) {
      for (const count of [1, 100, 1000]) {
        const outdir = join(work, `scale-${mode}-${count}`);
        const m = measure(`node -r ./scripts/register-ts.cjs bench/scale.ts ${count} ${mode} ${outdir}`, ROOT, outdir);
        const resources = addresses(outdir, "scale").length;
        console.log(`| ${count} | ${mode} | ${resources} | ${fmt(m.seconds)} s | ${fmt(m.peakMb, 0)} MB | ${fmt((m.seconds * 1000) / count, 1)} ms |`);
        rmSync(outdir, { recursive: true, force: true });
      }
    }
    console.log("\nfull: every secure default per table (VPC, subnets, flow logs, two keys); on-demand billing, so no scaling resources.");
    console.log("lean: per table an endpoint in an existing VPC and an existing key; table, guard and resource policy as usual.");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
