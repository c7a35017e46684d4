import { writeFileSync } from "fs";
import { join } from "path";
import { DOC_SAMPLES as samples } from "../../test-support/doc-samples";

/**
 * Writes the docs' TypeScript blocks (README and docs/), unchanged, into a fresh app as
 * `readme-sample-<n>.ts`: the template's tsconfig compiles them with the
 * app's own code, and run.sh synthesizes each one into `cdktf.out.readme-<n>`.
 *
 * Usage: node -r ./scripts/register-ts.cjs scripts/package-check/readme-samples.ts <app-dir>
 * Prints the number of samples written.
 */
const [dir] = process.argv.slice(2);
if (!dir) throw new Error("usage: readme-samples.ts <app-dir>");
if (samples.length === 0) throw new Error("the docs have no ts code block");
samples.forEach((code, i) => writeFileSync(join(dir, `readme-sample-${i + 1}.ts`), code));
console.log(samples.length);
