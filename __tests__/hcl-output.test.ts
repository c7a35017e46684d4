import { execFile } from "child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parseConfig } from "../modules/app";
import { tempDirs } from "../test-support/temp-dirs";
import { detectTerraform, terraformEnv } from "../test-support/terraform/cli";

/**
 * `cdktf synth --hcl` for every example stack at once, through the real CLI,
 * then Terraform's own parser on each file.
 */
const root = join(__dirname, "..");
const examplesDir = join(root, "examples");
const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".json"));
// Parsing needs the Terraform CLI only, no provider; schema checks are the plan gate's.
const terraform = detectTerraform();
const withTerraform = terraform.ok ? test : test.skip;
if (!terraform.ok) console.warn(`\n*** HCL PARSE CHECK SKIPPED: ${terraform.reason} ***\n`);

function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) || 1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe("cdktf synth --hcl", () => {
  const dirs = tempDirs();
  const work = dirs.make("isolation-hcl-");
  afterAll(dirs.remove);
  const outdir = join(work, "out");
  const stacks: string[] = [];
  let synth: { code: number; out: string };

  beforeAll(async () => {
    const merged: Record<string, unknown> = {};
    // One organization for all: the examples that have one give it the same admins.
    const admins = new Set<string>();
    for (const file of examples) {
      const config = parseConfig(readFileSync(join(examplesDir, file), "utf8"), file);
      for (const admin of config.organization?.adminPrincipalArns ?? []) admins.add(admin);
      for (const [name, stack] of Object.entries(config.stacks)) {
        if (name in merged) throw new Error(`stack name ${name} appears in two example configs`);
        merged[name] = stack;
        stacks.push(name);
      }
    }
    const configFile = join(work, "all-examples.json");
    writeFileSync(configFile, JSON.stringify({ organization: { adminPrincipalArns: [...admins] }, stacks: merged }));
    const cli = join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
    synth = await exec(process.execPath, [cli, "synth", "--hcl", "--output", outdir], root, {
      ...process.env,
      ISOLATION_CONFIG: configFile,
      CHECKPOINT_DISABLE: "1",
    });
  }, 120_000);

  test("the CLI synthesizes every example stack as HCL", () => {
    expect(synth.code).toBe(0);
    for (const name of stacks) expect(existsSync(join(outdir, "stacks", name, "cdk.tf"))).toBe(true);
  });

  test("policy JSON stays a well-formed HCL string with references inside", () => {
    const hcl = readFileSync(join(outdir, "stacks", "book-collection", "cdk.tf"), "utf8");
    expect(hcl).toMatch(
      /policy\s+= "\{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":\[\{\\"Sid\\":\\"DenyUnlistedCallsOutsideVpcEndpoints\\"/,
    );
    expect(hcl).toContain('\\"aws:SourceVpce\\":[\\"${aws_vpc_endpoint.Isolation_Endpoint_C176EE5B.id}\\"]');
  });

  withTerraform(
    "Terraform's parser accepts every file (syntax only)",
    async () => {
      if (!terraform.ok) return;
      // One Terraform process for every stack's file: -check exits 3 for files it would only
      // reformat, and with a message naming the file for one it cannot parse.
      const result = await exec(
        terraform.terraform,
        ["fmt", "-check", "-list=false", "-no-color", "-recursive", join(outdir, "stacks")],
        work,
        terraformEnv(),
      );
      expect(stacks.length).toBeGreaterThan(0);
      expect([0, 3]).toContain(result.code);
      expect(result.out).not.toMatch(/Error:/);
    },
    60_000,
  );
});
