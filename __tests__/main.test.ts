import { execSync, spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parseConfig, seedConfig, SEED_STACK_NAME } from "../modules/app";
import { ConfigShapeError } from "../modules/app/config";
import { ValidationError } from "../modules";
import { buildConfiguredApp } from "../main";
import { addressesOf, onlyResource, synthConfig } from "../test-support/synth";
import { docText, tableAfter } from "../test-support/docs";
import { tempDirs } from "../test-support/temp-dirs";

const dirs = tempDirs();
afterAll(dirs.remove);

describe("main", () => {
  const seed = synthConfig(seedConfig())[SEED_STACK_NAME];

  test("the default stack matches the snapshot", () => {
    expect(seed).toMatchSnapshot();
  });

  test("the default reproduces the seed scenario", () => {
    expect(seed.provider?.aws).toEqual([{ region: "us-east-2" }]);
    const table = onlyResource(seed, "aws_dynamodb_table");
    expect(table).toMatchObject({
      name: "BookCollection",
      hash_key: "Author",
      range_key: "BookTitle",
      billing_mode: "PROVISIONED",
      read_capacity: 5,
      write_capacity: 5,
      attribute: [
        { name: "Author", type: "S" },
        { name: "BookTitle", type: "S" },
      ],
    });
    expect(onlyResource(seed, "aws_vpc").cidr_block).toBe("10.0.0.0/16");
    expect(onlyResource(seed, "aws_iam_policy").name).toBe("vpcepolicy");
    expect(onlyResource(seed, "aws_iam_user_policy_attachment").user).toBe("dynauser");
    expect(onlyResource(seed, "aws_iam_role_policy_attachment").role).toBe("dynarole");
  });

  test("outputs have fixed names and descriptions", () => {
    const described = Object.fromEntries(Object.entries(seed.output ?? {}).map(([name, o]) => [name, o.description]));
    expect(described).toEqual({
      guard_policy_arn: "ARN of the policy that denies the table outside the endpoints",
      grant_policy_arns: "ARN of each grant policy, by access level (read-only, read-write)",
      kms_key_arns: "The customer-managed key of the tables in each region, by region",
      interface_endpoints:
        "Each interface endpoint's id and DNS names (regional first), by region, then service (dynamodb, dynamodb-streams)",
      replica_table_arns: "ARN of each table's replica, by table name, then region",
      stream_arns: "Stream ARN of each table with a stream, by table name",
      replica_vpc_endpoint_ids: "Gateway endpoint ID in each replica region, by region",
      route_table_ids: "Route tables the gateway endpoint is associated with",
      table_arn: "ARN of the DynamoDB table",
      table_arns: "ARN of every table of the perimeter, by table name",
      table_name: "Name of the DynamoDB table",
      vpc_endpoint_id: "ID of the DynamoDB gateway endpoint (the aws:SourceVpce value)",
      vpc_endpoint_prefix_list_id: "DynamoDB prefix list ID, for security group egress rules",
      vpc_endpoint_policy_document:
        "The endpoint policy for this perimeter's tables: as applied, or for the owner of a joined endpoint to apply",
      vpc_id: "ID of the VPC holding the gateway endpoint",
    });
  });

  test("docs/configuration.md's Outputs table lists exactly the outputs a stack has (the organization's SCPs only with `organization`, its RCP only with its id)", () => {
    const listed = tableAfter(docText("docs/configuration.md"), "## Outputs of a config stack").map((cells) => cells[0].replace(/`/g, ""));
    const file = join(__dirname, "..", "examples", "grants.json");
    const [withOrganization] = Object.values(synthConfig(parseConfig(readFileSync(file, "utf8"), file)));
    const scps = Object.keys(withOrganization.output ?? {}).filter((name) => !(name in (seed.output ?? {})));
    expect(scps.sort()).toEqual(["organization_principals_scp_document", "organization_scp_document"]);
    // ... and the alerts' only with `monitoring`.
    const seedConfigured = seedConfig().stacks[SEED_STACK_NAME];
    const monitored = Object.values(
      synthConfig({
        stacks: {
          [SEED_STACK_NAME]: { ...seedConfigured, monitoring: { trailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail" } },
        },
      }),
    )[0];
    const alerts = Object.keys(monitored.output ?? {}).filter((name) => !(name in (seed.output ?? {})));
    expect(alerts.sort()).toEqual(["alert_rule_names", "alert_topic_arns"]);
    // ... and the trail's only with `monitoring.createTrail`.
    const trailing = Object.values(
      synthConfig({ stacks: { [SEED_STACK_NAME]: { ...seedConfigured, monitoring: { createTrail: true } } } }),
    )[0];
    const trail = Object.keys(trailing.output ?? {}).filter((name) => !(name in (monitored.output ?? {})));
    expect(trail).toEqual(["trail_arn"]);
    // ... and the data events' selectors only with `monitoring.dataEvents`.
    const logging = Object.values(
      synthConfig({ stacks: { [SEED_STACK_NAME]: { ...seedConfigured, monitoring: { createTrail: true, dataEvents: {} } } } }),
    )[0];
    const selectors = Object.keys(logging.output ?? {}).filter((name) => !(name in (trailing.output ?? {})));
    expect(selectors).toEqual(["data_event_selectors"]);
    // ... and the alarms' only with `monitoring.alarms`.
    const alarmed = Object.values(
      synthConfig({
        stacks: { [SEED_STACK_NAME]: { ...seedConfigured, monitoring: { createTrail: true, dataEvents: {}, alarms: true } } },
      }),
    )[0];
    const alarms = Object.keys(alarmed.output ?? {}).filter((name) => !(name in (logging.output ?? {})));
    expect(alarms).toEqual(["alarm_names"]);
    // ... and the RCP only with `organization.id`.
    const org = join(__dirname, "..", "examples", "organization.json");
    const [withId] = Object.values(synthConfig(parseConfig(readFileSync(org, "utf8"), org)));
    const rcp = Object.keys(withId.output ?? {}).filter((name) => !(name in (withOrganization.output ?? {})));
    expect(rcp).toEqual(["organization_rcp_document"]);
    expect(listed.sort()).toEqual(
      [...Object.keys(seed.output ?? {}), ...scps, ...alerts, ...trail, ...selectors, ...alarms, ...rcp].sort(),
    );
  });

  test("the outputs users reach for point at the right resources: streams, replicas by region, keys by region, grants", () => {
    const file = join(__dirname, "..", "examples", "global-tables.json");
    const [global] = Object.values(synthConfig(parseConfig(readFileSync(file, "utf8"), file)));
    const value = (name: string) => (global.output as Record<string, { value: unknown }>)[name].value;
    const address = (type: string, prefix: string) => Object.keys(global.resource![type]).find((n) => n.startsWith(prefix))!;
    expect(value("stream_arns")).toEqual({
      Sessions: `\${aws_dynamodb_table.${address("aws_dynamodb_table", "Isolation_Table_")}.stream_arn}`,
    });
    expect(value("replica_table_arns")).toEqual({
      Sessions: {
        "ap-southeast-2": `\${aws_dynamodb_table_replica.${address("aws_dynamodb_table_replica", "Isolation_Table_Replicas_ap-southeast-2_")}.arn}`,
        "eu-west-1": `\${aws_dynamodb_table_replica.${address("aws_dynamodb_table_replica", "Isolation_Table_Replicas_eu-west-1_")}.arn}`,
      },
    });
    expect(value("kms_key_arns")).toEqual({
      "us-east-1": `\${aws_kms_key.${address("aws_kms_key", "Isolation_Key_")}.arn}`,
      "eu-west-1": `\${aws_kms_key.${address("aws_kms_key", "Isolation_Replicas_eu-west-1_Key_")}.arn}`,
      "ap-southeast-2": `\${aws_kms_key.${address("aws_kms_key", "Isolation_Replicas_ap-southeast-2_Key_")}.arn}`,
    });
    expect(value("interface_endpoints")).toEqual({});
    expect(value("grant_policy_arns")).toEqual({
      "read-write": `\${aws_iam_policy.${address("aws_iam_policy", "Isolation_ReadWriteGrant_")}.arn}`,
    });
    // The seed has none of these: empty maps, not missing outputs.
    expect([seed.output!.stream_arns.value, seed.output!.replica_table_arns.value, seed.output!.grant_policy_arns.value]).toEqual([
      {},
      {},
      {},
    ]);
  });

  test("examples/default.json synthesizes exactly the built-in default", () => {
    const file = join(__dirname, "..", "examples", "default.json");
    const fromFile = synthConfig(parseConfig(readFileSync(file, "utf8"), file));
    expect(fromFile).toEqual({ [SEED_STACK_NAME]: seed });
  });

  test("the cdktf.json app command synthesizes the default stack", () => {
    const root = join(__dirname, "..");
    const { app } = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")) as { app: string };
    const outdir = dirs.make("app-command-");
    execSync(app, { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir, ISOLATION_CONFIG: "" }, stdio: "pipe" });
    const written = JSON.parse(readFileSync(join(outdir, "stacks", SEED_STACK_NAME, "cdk.tf.json"), "utf8"));
    // The same configuration the test synth gives, once cdktf's "//" metadata is left out.
    const withoutMetadata = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(withoutMetadata)
        : value && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value)
                .filter(([k]) => k !== "//")
                .map(([k, v]) => [k, withoutMetadata(v)]),
            )
          : value;
    expect(withoutMetadata(written)).toEqual(seed);
  });

  test("a bad config ends the app command with just the message and writes nothing", () => {
    const root = join(__dirname, "..");
    const work = dirs.make("bad-config-");
    const stack = seedConfig().stacks[SEED_STACK_NAME];
    writeFileSync(join(work, "bad.json"), JSON.stringify({ stacks: { prod: { ...stack, table: { ...stack.table!, readCapacity: 0 } } } }));
    const outdir = join(work, "out");
    const result = spawnSync(process.execPath, ["-r", "./scripts/register-ts.cjs", "main.ts"], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir, ISOLATION_CONFIG: join(work, "bad.json") },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `${join(work, "bad.json")}: stacks.prod.table.readCapacity must be a whole number from 1 to 40000, got 0`,
    );
    // cdktf creates the empty output folders up front; no file is written.
    const files = (dir: string): string[] =>
      existsSync(dir)
        ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [e.name]))
        : [];
    expect(files(outdir)).toEqual([]);
  });

  test("a config with an unknown field and three bad values in two stacks prints four lines in one run, exits 1 and writes nothing", () => {
    const root = join(__dirname, "..");
    const work = dirs.make("bad-config-");
    const stack = seedConfig().stacks[SEED_STACK_NAME];
    const config = {
      stacks: {
        prod: { ...stack, table: { ...stack.table!, readCapacity: 0 }, network: { cidrBlock: "10.0.0.0/8" }, tabel: {} },
        dev: { ...stack, guard: { ...stack.guard, principals: { users: ["a", "a"] } } },
      },
    };
    writeFileSync(join(work, "bad.json"), JSON.stringify(config));
    const outdir = join(work, "out");
    const result = spawnSync(process.execPath, ["-r", "./scripts/register-ts.cjs", "main.ts"], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir, ISOLATION_CONFIG: join(work, "bad.json") },
      encoding: "utf8",
    });
    const file = join(work, "bad.json");
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: stacks\\.prod\\.tabel is not a known field \\(known: region, table, `,
        ),
      ),
      `${file}: stacks.prod.table.readCapacity must be a whole number from 1 to 40000, got 0`,
      `${file}: stacks.prod.network.cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0.0/8'`,
      `${file}: stacks.dev.guard.principals.users[1] must not repeat a name already listed, got 'a'`,
    ]);
    expect(existsSync(join(outdir, "stacks", "prod", "cdk.tf.json")) || existsSync(join(outdir, "stacks", "dev", "cdk.tf.json"))).toBe(
      false,
    );
  });

  test("an unknown field and two bad values come out together, three lines; a wrong type hides no value mistake", () => {
    const stack = seedConfig().stacks[SEED_STACK_NAME];
    const text = JSON.stringify({
      stacks: {
        prod: {
          ...stack,
          tabel: {},
          table: { ...stack.table!, readCapacity: "five", partitionKey: { name: "id", type: "Q" } },
          network: { cidrBlock: "10.0.0.0/33" },
        },
      },
    });
    const message = (() => {
      try {
        buildConfiguredApp(() => parseConfig(text, "env.json"));
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as Error).message;
      }
      throw new Error("did not throw");
    })();
    expect(message.split("\n").map((l) => l.replace(/ \(known: .*\), got 'tabel'$/, " (known: ...)"))).toEqual([
      "env.json: stacks.prod.tabel is not a known field (known: ...)",
      "env.json: stacks.prod.table.readCapacity must be a number (found a string), got 'five'",
      // readCapacity, dropped for its type, is not reported again as missing.
      "env.json: stacks.prod.table.partitionKey.type must be one of S, N, B, got 'Q'",
      "env.json: stacks.prod.network.cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0.0/33'",
    ]);
  });

  test("parseConfig alone reports the structure; what is left of the config comes with it", () => {
    const stack = seedConfig().stacks[SEED_STACK_NAME];
    const text = JSON.stringify({ stacks: { prod: { ...stack, tabel: {}, network: { cidrBlock: "10.0.0.0/33" } } } });
    let thrown: unknown;
    try {
      parseConfig(text, "env.json");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigShapeError);
    const error = thrown as ConfigShapeError;
    expect(error.problems.map((p) => p.prop)).toEqual(["stacks.prod.tabel"]);
    expect(Object.keys(error.partial.stacks.prod)).not.toContain("tabel");
    expect(error.partial.stacks.prod.network).toEqual({ cidrBlock: "10.0.0.0/33" });
  });

  test("structural mistakes are all reported too, before any value is checked", () => {
    const stack = seedConfig().stacks[SEED_STACK_NAME];
    const text = JSON.stringify({
      stacks: { prod: { ...stack, table: { ...stack.table!, readCapacity: "5", bilingMode: "X" }, extraEndpointIds: "vpce-0a1b2c3d" } },
    });
    expect(() => parseConfig(text, "env.json")).toThrow(
      [
        "env.json: stacks.prod.table.bilingMode is not a known field (known: tableName, partitionKey, sortKey, billingMode, readCapacity, writeCapacity, globalSecondaryIndexes, localSecondaryIndexes, tableClass, onDemandThroughput, warmThroughput, contributorInsights, contributorInsightsMode, tags, pointInTimeRecovery, pointInTimeRecoveryDays, deletionProtection, encryption, autoScaling, timeToLiveAttribute, streamViewType, preventDestroy), got 'bilingMode'",
        "env.json: stacks.prod.table.readCapacity must be a number (found a string), got '5'",
        "env.json: stacks.prod.extraEndpointIds must be a list (found a string), got 'vpce-0a1b2c3d'",
      ].join("\n"),
    );
  });

  test("each config entry becomes its own stack", () => {
    const stack = seedConfig().stacks[SEED_STACK_NAME];
    const out = synthConfig({ stacks: { dev: stack, prod: { ...stack, region: "eu-west-1" } } });
    expect(Object.keys(out)).toEqual(["dev", "prod"]);
    expect(out.prod.provider?.aws).toEqual([{ region: "eu-west-1" }]);
    expect(addressesOf(out.dev)).toEqual(addressesOf(out.prod));
  });
});
