import { execFile } from "child_process";
import { join } from "path";
import { readFileSync, readdirSync } from "fs";
import { buildApp } from "../main";
import { parseConfig } from "../modules/app";
import { BAD_CONFIGS, CASE_SOURCE, expectedError } from "../test-support/config-cases";
import { writeSamplesProject } from "../test-support/doc-samples";

const root = join(__dirname, "..");

/**
 * Type-checks the given projects in one child process (test-support/typecheck-projects.ts):
 * incremental, with the source files every project reads parsed once. Resolves to each
 * project's diagnostics, empty when there are none.
 */
function typecheck(projects: string[]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", "./scripts/register-ts.cjs", "test-support/typecheck-projects.ts", ...projects],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Record<string, string>);
      },
    );
  });
}

describe("typecheck", () => {
  const samples = writeSamplesProject();
  const wrongModes = "test-support/wrong-modes/tsconfig.json";
  const results = typecheck(["tsconfig.json", "tsconfig.core.json", samples, wrongModes]);

  // Tests only transpile (isolatedModules); this is the one full type check.
  test("tsc --noEmit reports no errors", async () => {
    expect((await results)["tsconfig.json"]).toBe("");
  }, 120_000);

  test("the core library entry needs no Node type definitions", async () => {
    expect((await results)["tsconfig.core.json"]).toBe("");
  }, 120_000);

  test("every README sample compiles with the cdktf TypeScript template's compiler options", async () => {
    expect((await results)[samples]).toBe("");
  }, 120_000);

  describe("the mode types refuse a wrong combination", () => {
    // Each file holds one wrong combination and names the diagnostic code it must get; the
    // config file's twin (a case of test-support/config-cases.ts) is refused with one line.
    const dir = join(root, "test-support", "wrong-modes");
    const twins: Record<string, string | undefined> = {
      "new-vpc-with-route-tables.ts": "a new VPC is given route tables",
      "existing-vpc-without-route-tables.ts": "an existing VPC has no route tables",
      "existing-vpc-with-cidr.ts": "an existing VPC is given a CIDR",
      "joined-endpoint-with-flow-logs.ts": "a joined endpoint is given flow logs",
      "on-demand-with-capacity.ts": "an on-demand table is given capacity",
      "provisioned-without-write-capacity.ts": "a provisioned table has no write capacity",
      "aws-owned-key-with-arn.ts": "an AWS owned key is given an ARN",
      // Forms the config file does not have: a bare id for a joined endpoint, billing and keys per table.
      "joined-endpoint-as-string.ts": undefined,
      "table-with-billing-mode.ts": undefined,
      "table-with-own-key.ts": undefined,
    };

    test("every file is listed", () => {
      expect(
        readdirSync(dir)
          .filter((f) => f.endsWith(".ts"))
          .sort(),
      ).toEqual(Object.keys(twins).sort());
    });

    test.each(Object.entries(twins))(
      "%s does not compile, with its diagnostic",
      async (file, twin) => {
        const expected = /Expect: (TS\d+)/.exec(readFileSync(join(dir, file), "utf8"))?.[1];
        expect(expected).toBeDefined();
        const errors = (await results)[wrongModes].split("\n").filter((line) => line.startsWith(`test-support/wrong-modes/${file}(`));
        expect(errors).toEqual([expect.stringContaining(`: error ${expected}: `)]);
        if (twin === undefined) return;
        const c = BAD_CONFIGS.find((bad) => bad.name === twin);
        expect(c).toBeDefined();
        let message = "";
        try {
          buildApp(parseConfig(c!.text, CASE_SOURCE));
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message.split("\n")).toEqual([expect.stringMatching(new RegExp(`^${escape(expectedError(c!))}`))]);
      },
      120_000,
    );
  });
});

function escape(expected: string | RegExp): string {
  return typeof expected === "string" ? expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : expected.source.replace(/^\^/, "");
}
