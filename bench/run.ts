// npm run bench: the cdktf.json app command against the standard cdktf
// template's way of running the same seed scenario, then a scaling run.
// Uses node and GNU time (/usr/bin/time) for wall time and peak memory.
import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { availableParallelism, tmpdir } from "os";
import { join } from "path";
import { BenchResults, Measurement, ScaleRun, scaleTable, seedTable, withSection } from "./report";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALE_RUNS = 3;
const TIME = "/usr/bin/time";

/** Runs a shell command once; the synthesized output goes to a fresh directory. */
function measure(command: string, cwd: string, outdir: string): Measurement {
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
  const tf = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, unknown>>;
  };
  return Object.entries(tf.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** What a synthesized stack holds: its resources, its largest policies, its most-attached principal. */
function shapeOf(outdir: string, stack: string): Pick<ScaleRun, "resources" | "largestPolicy" | "policiesPerPrincipal"> {
  type Body = Record<string, unknown>;
  const tf = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, Body>>;
  };
  const longest = (type: string) => Math.max(0, ...Object.values(tf.resource[type] ?? {}).map((b) => String(b.policy ?? "").length));
  const perPrincipal = new Map<string, number>();
  for (const kind of ["user", "role", "group"]) {
    for (const body of Object.values(tf.resource[`aws_iam_${kind}_policy_attachment`] ?? {})) {
      const key = `${kind} ${String(body[kind])}`;
      perPrincipal.set(key, (perPrincipal.get(key) ?? 0) + 1);
    }
  }
  return {
    resources: addresses(outdir, stack).length,
    largestPolicy: {
      identity: longest("aws_iam_policy"),
      resource: longest("aws_dynamodb_resource_policy"),
      endpoint: longest("aws_vpc_endpoint"),
    },
    policiesPerPrincipal: Math.max(0, ...perPrincipal.values()),
  };
}

function main(): void {
  const appCommand = (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
  const contenders = [
    { command: appCommand, cwd: ROOT },
    { command: "npx ts-node main.ts", cwd: join(ROOT, "bench", "standard-template") },
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

    const samples: Measurement[][] = contenders.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      contenders.forEach((c, i) => samples[i].push(measure(c.command, c.cwd, join(work, `run-${run}-${i}`))));
    }
    const [ours, standard] = samples.map((s) => ({ seconds: median(s.map((x) => x.seconds)), peakMb: median(s.map((x) => x.peakMb)) }));

    const scale: ScaleRun[] = [];
    for (const count of [1, 10, 50, 200]) {
      const outdir = join(work, `scale-${count}`);
      // The median of three runs: one run on a shared machine varies by a tenth of a second or more.
      const runs = Array.from({ length: SCALE_RUNS }, () =>
        measure(`node -r ./scripts/register-ts.cjs bench/scale.ts ${count} ${outdir}`, ROOT, outdir),
      );
      const m = { seconds: median(runs.map((r) => r.seconds)), peakMb: median(runs.map((r) => r.peakMb)) };
      scale.push({ tables: count, ...m, ...shapeOf(outdir, "scale") });
      rmSync(outdir, { recursive: true, force: true });
    }
    const results: BenchResults = {
      machine: { cores: availableParallelism(), node: process.version },
      seed: {
        resources: outs[0].length,
        runs: RUNS,
        ours: { command: contenders[0].command, ...ours },
        standard: { command: contenders[1].command, ...standard },
      },
      scale,
    };
    // The one source of the figures CONTRIBUTING.md quotes.
    writeFileSync(join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    const contributing = join(ROOT, "CONTRIBUTING.md");
    writeFileSync(
      contributing,
      withSection(withSection(readFileSync(contributing, "utf8"), "seed", seedTable(results)), "scale", scaleTable(results)),
    );
    console.log(`\nSeed scenario (${outs[0].length} resources), ${RUNS} alternating runs after one warm-up each, medians:\n`);
    console.log(seedTable(results).join("\n"));
    console.log("\nScaling: N tables in one perimeter (median of three runs each, same fast path):\n");
    console.log(scaleTable(results).join("\n"));
    console.log("\nWritten to bench/results.json and CONTRIBUTING.md.");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
