import { Table, TableProps } from "../modules/table";
import { onlyResource, synthScope } from "../test-support/synth";

const BASE: TableProps = {
  tableName: "Orders",
  partitionKey: { name: "pk", type: "S" },
};

function synth(props: TableProps) {
  return synthScope((scope) => new Table(scope, "Table", props));
}

describe("Table", () => {
  test("an on-demand table with only a partition key matches the snapshot", () => {
    expect(synth(BASE)).toMatchSnapshot();
  });

  test("defaults to on-demand billing without capacity", () => {
    const table = onlyResource(synth(BASE), "aws_dynamodb_table");
    expect(table.billing_mode).toBe("PAY_PER_REQUEST");
    expect(table.read_capacity).toBeUndefined();
    expect(table.write_capacity).toBeUndefined();
  });

  test("defines exactly the attributes its keys and indexes use, each once", () => {
    // GIVEN keys and an index that reuses the sort key and adds one attribute
    const table = onlyResource(
      synth({
        ...BASE,
        sortKey: { name: "sk", type: "N" },
        globalSecondaryIndexes: [{ indexName: "bySk", partitionKey: { name: "sk", type: "N" }, sortKey: { name: "created", type: "S" } }],
      }),
      "aws_dynamodb_table",
    );
    // THEN every attribute is indexed and none repeats
    expect(table.attribute).toEqual([
      { name: "pk", type: "S" },
      { name: "sk", type: "N" },
      { name: "created", type: "S" },
    ]);
    expect(table.global_secondary_index).toEqual([
      { hash_key: "sk", name: "bySk", projection_type: "ALL", range_key: "created" },
    ]);
  });

  test("provisioned indexes inherit the table's capacity unless given their own", () => {
    const table = onlyResource(
      synth({
        ...BASE,
        billingMode: "PROVISIONED",
        readCapacity: 5,
        writeCapacity: 3,
        globalSecondaryIndexes: [
          { indexName: "inherits", partitionKey: { name: "a", type: "S" } },
          { indexName: "ownCapacity", partitionKey: { name: "b", type: "B" }, readCapacity: 7, writeCapacity: 2, projectionType: "INCLUDE", nonKeyAttributes: ["c"] },
        ],
      }),
      "aws_dynamodb_table",
    );
    expect(table.read_capacity).toBe(5);
    expect(table.write_capacity).toBe(3);
    const [inherits, own] = table.global_secondary_index as Array<Record<string, unknown>>;
    expect([inherits.read_capacity, inherits.write_capacity]).toEqual([5, 3]);
    expect([own.read_capacity, own.write_capacity, own.projection_type, own.non_key_attributes]).toEqual([7, 2, "INCLUDE", ["c"]]);
  });

  describe("throws", () => {
    const where = "test/Table";
    const gsi = { indexName: "byA", partitionKey: { name: "a", type: "S" as const } };
    const cases: Array<[string, Partial<TableProps> & Record<string, unknown>, string]> = [
      ["an attribute gets two types", { sortKey: { name: "a", type: "S" }, globalSecondaryIndexes: [{ indexName: "byA", partitionKey: { name: "a", type: "N" } }] }, `${where}: globalSecondaryIndexes[0].partitionKey.type must match the type 'S' already given to attribute 'a', got 'N'`],
      ["two indexes share a name", { globalSecondaryIndexes: [gsi, gsi] }, `${where}: globalSecondaryIndexes[1].indexName must be unique among the table's indexes, got 'byA'`],
      ["an index name is too short", { globalSecondaryIndexes: [{ ...gsi, indexName: "i" }] }, `${where}: globalSecondaryIndexes[0].indexName must be 3 to 255 characters of A-Z a-z 0-9 _ . -, got 'i'`],
      ["an index sort key repeats its partition key", { globalSecondaryIndexes: [{ ...gsi, sortKey: { name: "a", type: "S" } }] }, `${where}: globalSecondaryIndexes[0].sortKey.name must differ from the index's partitionKey.name, got 'a'`],
      ["INCLUDE lists no attributes", { globalSecondaryIndexes: [{ ...gsi, projectionType: "INCLUDE" }] }, `${where}: globalSecondaryIndexes[0].nonKeyAttributes must list 1 to 100 attributes with projectionType INCLUDE, got nothing`],
      ["non-key attributes come without INCLUDE", { globalSecondaryIndexes: [{ ...gsi, nonKeyAttributes: ["x"] }] }, `${where}: globalSecondaryIndexes[0].nonKeyAttributes is only allowed with projectionType INCLUDE, got ["x"]`],
      ["an on-demand index has capacity", { globalSecondaryIndexes: [{ ...gsi, readCapacity: 1 }] }, `${where}: globalSecondaryIndexes[0].readCapacity must not be set with billingMode PAY_PER_REQUEST, got 1`],
      ["there are more than 20 indexes", { globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => ({ ...gsi, indexName: `index${i}` })) }, `${where}: globalSecondaryIndexes must hold at most 20 indexes, got '21 indexes'`],
      ["capacity exceeds 40,000", { billingMode: "PROVISIONED", readCapacity: 40001, writeCapacity: 1 }, `${where}: readCapacity must be a whole number from 1 to 40000, got 40001`],
      ["an attribute name is empty", { partitionKey: { name: "", type: "S" } }, `${where}: partitionKey.name must be a non-empty attribute name of at most 255 bytes, got ''`],
    ];
    test.each(cases)("throws if %s", (_name, override, message) => {
      expect(() => synth({ ...BASE, ...override } as TableProps)).toThrow(message);
    });
  });
});
