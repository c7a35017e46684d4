import { DynamoDbIsolation } from "../modules";
import { ARTICLE, registerExampleResources } from "../test-support/example-resources";
import { OfflineAws, startOfflineAws } from "../test-support/offline-aws";
import { synthScope } from "../test-support/synth";
import { tempDirs } from "../test-support/temp-dirs";
import { RootPlan, initRoot, planRoot, writeBatchRoot } from "../test-support/terraform/batch-root";
import { ProviderServer, detectGate, startProviderServer } from "../test-support/terraform/cli";

/**
 * A joined endpoint is checked by Terraform itself at plan time: joining the
 * article's endpoint, which is on no route table, must stop the plan with
 * the module's message. A plan of its own, since an error stops a whole plan.
 */
const gate = detectGate();
if (!gate.ok) console.warn(`\n*** JOINED-ENDPOINT PLAN CHECK SKIPPED: ${gate.reason} ***\n`);
const gateTest = gate.ok ? test : test.skip;

describe("joining an existing endpoint, in Terraform's eyes", () => {
  const dirs = tempDirs();
  let aws: OfflineAws;
  let server: ProviderServer | undefined;
  let result: RootPlan;

  beforeAll(async () => {
    aws = await startOfflineAws();
    registerExampleResources(aws);
    if (!gate.ok) return;
    const stack = synthScope(
      (scope) =>
        new DynamoDbIsolation(scope, "Isolation", {
          region: ARTICLE.region,
          tables: [{ tableName: "Orders", partitionKey: { name: "orderId", type: "S" } }],
          network: { vpcEndpointId: ARTICLE.endpointId },
        }),
      ARTICLE.region,
    );
    const root = writeBatchRoot(gate, dirs.make("isolation-gate-joined-"), [{ name: "joined", stack }]);
    server = await startProviderServer(gate, aws.url);
    await initRoot(gate, root);
    result = await planRoot(gate, root, aws.url, server);
  }, 120_000);

  afterAll(async () => {
    server?.stop();
    await aws?.close();
    dirs.remove();
  });

  gateTest("an endpoint on no route table fails the plan, saying why", () => {
    expect(result.plan).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.summary}: ${d.detail ?? ""}`);
    expect(errors).toEqual([expect.stringContaining(`${ARTICLE.endpointId} is on no route table: requests never go through it`)]);
  });

  gateTest("the plan asked the stand-in only what it knows", () => {
    expect(aws.unexpected).toEqual([]);
  });
});
