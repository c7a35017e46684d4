import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { REMOVE_CEILING, Table, TableProps } from "../modules";
import { onlyResource, ref, resourcesOf, synthScope, withoutHash } from "../test-support/synth";

const KEY = "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BASE: TableProps = {
  tableName: "Orders",
  partitionKey: { name: "pk", type: "S" },
  encryption: { kmsKeyArn: KEY },
};
const PROVISIONED: TableProps = { ...BASE, billingMode: "PROVISIONED", readCapacity: 5, writeCapacity: 5 };

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
    expect(table.global_secondary_index).toEqual([{ hash_key: "sk", name: "bySk", projection_type: "ALL", range_key: "created" }]);
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
          {
            indexName: "ownCapacity",
            partitionKey: { name: "b", type: "B" },
            readCapacity: 7,
            writeCapacity: 2,
            projectionType: "INCLUDE",
            nonKeyAttributes: ["c"],
          },
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

  describe("secure defaults", () => {
    test("point-in-time recovery, deletion protection and the customer-managed key are on", () => {
      const table = onlyResource(synth(BASE), "aws_dynamodb_table");
      expect(table.point_in_time_recovery).toEqual({ enabled: true, recovery_period_in_days: 35 });
      expect(table.deletion_protection_enabled).toBe(true);
      expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: KEY });
    });

    test("each can be turned off explicitly", () => {
      const table = onlyResource(
        synth({ ...BASE, pointInTimeRecovery: false, deletionProtection: false, encryption: { type: "AWS_OWNED" } }),
        "aws_dynamodb_table",
      );
      expect(table.point_in_time_recovery).toEqual({ enabled: false });
      expect(table.deletion_protection_enabled).toBe(false);
      // Written out as off (DynamoDB's AWS owned key): a block left out would keep a customer key.
      expect(table.server_side_encryption).toEqual({ enabled: false });
    });

    test("a provisioned table scales reads and writes from the given capacity", () => {
      const tf = synth(PROVISIONED);
      const [tableName] = Object.keys(resourcesOf(tf, "aws_dynamodb_table"));
      const targets = Object.entries(resourcesOf(tf, "aws_appautoscaling_target"));
      expect(targets.map(([, t]) => [t.scalable_dimension, t.min_capacity, t.max_capacity, t.resource_id])).toEqual([
        ["dynamodb:table:ReadCapacityUnits", 5, 50, `table/${ref(`aws_dynamodb_table.${tableName}`, "name")}`],
        ["dynamodb:table:WriteCapacityUnits", 5, 50, `table/${ref(`aws_dynamodb_table.${tableName}`, "name")}`],
      ]);
      const policies = Object.values(resourcesOf(tf, "aws_appautoscaling_policy"));
      expect(policies.map((p) => [p.policy_type, p.scalable_dimension, p.target_tracking_scaling_policy_configuration])).toEqual([
        [
          "TargetTrackingScaling",
          ref(`aws_appautoscaling_target.${targets[0][0]}`, "scalable_dimension"),
          { predefined_metric_specification: { predefined_metric_type: "DynamoDBReadCapacityUtilization" }, target_value: 70 },
        ],
        [
          "TargetTrackingScaling",
          ref(`aws_appautoscaling_target.${targets[1][0]}`, "scalable_dimension"),
          { predefined_metric_specification: { predefined_metric_type: "DynamoDBWriteCapacityUtilization" }, target_value: 70 },
        ],
      ]);
      // Scaling owns the capacity after creation.
      // Scaling owns the capacity of the table and, as the provider cannot ignore one index's, of the index blocks.
      expect(onlyResource(tf, "aws_dynamodb_table").lifecycle).toEqual({
        prevent_destroy: true,
        ignore_changes: ["read_capacity", "write_capacity", "global_secondary_index", "replica"],
      });
    });

    test("scaling bounds and target come from autoScaling", () => {
      const tf = synth({ ...PROVISIONED, autoScaling: { maxReadCapacity: 8, maxWriteCapacity: 6, targetUtilization: 50 } });
      expect(Object.values(resourcesOf(tf, "aws_appautoscaling_target")).map((t) => t.max_capacity)).toEqual([8, 6]);
      expect(
        Object.values(resourcesOf(tf, "aws_appautoscaling_policy")).map(
          (p) => (p.target_tracking_scaling_policy_configuration as Record<string, unknown>).target_value,
        ),
      ).toEqual([50, 50]);
    });

    test("no scaling for on-demand tables or when turned off", () => {
      expect(resourcesOf(synth(BASE), "aws_appautoscaling_target")).toEqual({});
      const fixed = synth({ ...PROVISIONED, autoScaling: { enabled: false } });
      expect(resourcesOf(fixed, "aws_appautoscaling_target")).toEqual({});
      expect(onlyResource(fixed, "aws_dynamodb_table").lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["replica"] });
    });

    test("Terraform refuses to destroy the table unless preventDestroy is turned off", () => {
      expect(onlyResource(synth(BASE), "aws_dynamodb_table").lifecycle).toMatchObject({ prevent_destroy: true });
      expect(onlyResource(synth({ ...BASE, preventDestroy: false }), "aws_dynamodb_table").lifecycle).toMatchObject({
        prevent_destroy: false,
      });
    });

    test("replicas are resources of their own, after all scaling, with the table's recovery, protection and tags", () => {
      const replicaProvider = (scope: Construct) => new AwsProvider(scope, "eu", { region: "eu-west-1", alias: "eu_west_1" });
      const tf = synthScope((scope) => {
        const provider = replicaProvider(scope);
        new Table(scope, "Table", {
          ...PROVISIONED,
          tags: { team: "books" },
          globalSecondaryIndexes: [{ indexName: "byTitle", partitionKey: { name: "BookTitle", type: "S" } }],
          streamViewType: "NEW_AND_OLD_IMAGES",
          replicas: [{ region: "eu-west-1", provider, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" }],
        });
      });
      const table = onlyResource(tf, "aws_dynamodb_table");
      expect(table.replica).toBeUndefined();
      expect((table.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain("replica");
      const replica = onlyResource(tf, "aws_dynamodb_table_replica");
      expect(replica).toMatchObject({
        provider: "aws.eu_west_1",
        kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/k",
        point_in_time_recovery: true,
        deletion_protection_enabled: true,
        tags: { team: "books" },
      });
      // Created only after the read and write scaling of the table and of every index.
      const policies = Object.keys(resourcesOf(tf, "aws_appautoscaling_policy")).map((n) => `aws_appautoscaling_policy.${n}`);
      expect(policies).toHaveLength(4);
      expect(replica.depends_on).toEqual(expect.arrayContaining(policies));
      // The replica's stream is read once the replica exists, through a record of the replica's ARN and the table's
      // stream: the read waits for a new replica or stream, and not for other changes to the replica.
      const [[recordName, record]] = Object.entries(tf.resource!.terraform_data);
      expect(record.input).toEqual({
        replica: expect.stringMatching(/^\$\{aws_dynamodb_table_replica\.Table_Replicas_eu-west-1_[0-9A-F]{8}\.arn\}$/),
        tableStream: expect.stringMatching(/^\$\{aws_dynamodb_table\.Table_[0-9A-F]{8}\.stream_arn\}$/),
      });
      const [described] = Object.values(tf.data!.aws_dynamodb_table);
      expect(described.name).toBe(`\${element(split("/", terraform_data.${recordName}.output["replica"]), 1)}`);
    });

    test("time to live and streams are written off unless asked for: a block left out would keep what AWS has", () => {
      const plain = onlyResource(synth(BASE), "aws_dynamodb_table");
      expect([plain.ttl, plain.stream_enabled]).toEqual([{ enabled: false }, false]);
      const table = onlyResource(
        synth({ ...BASE, timeToLiveAttribute: "expiresAt", streamViewType: "NEW_AND_OLD_IMAGES" }),
        "aws_dynamodb_table",
      );
      expect(table.ttl).toEqual({ attribute_name: "expiresAt", enabled: true });
      expect([table.stream_enabled, table.stream_view_type]).toEqual([true, "NEW_AND_OLD_IMAGES"]);
    });
  });

  describe("table features", () => {
    const FULL: TableProps = {
      ...BASE,
      sortKey: { name: "sk", type: "S" },
      tableClass: "STANDARD_INFREQUENT_ACCESS",
      onDemandThroughput: { maxReadRequestUnits: 500, maxWriteRequestUnits: 100 },
      warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 5000 },
      pointInTimeRecoveryDays: 7,
      contributorInsights: true,
      globalSecondaryIndexes: [
        {
          indexName: "byA",
          partitionKey: { name: "a", type: "S" },
          onDemandThroughput: { maxReadRequestUnits: 50 },
          warmThroughput: { readUnitsPerSecond: 13000 },
          contributorInsights: true,
        },
      ],
      localSecondaryIndexes: [{ indexName: "byCreated", sortKey: { name: "created", type: "N" }, projectionType: "KEYS_ONLY" }],
    };

    test("-1 removes a ceiling: written as given, for the provider to send to UpdateTable", () => {
      const table = onlyResource(
        synth({ ...BASE, onDemandThroughput: { maxReadRequestUnits: REMOVE_CEILING, maxWriteRequestUnits: 200 } }),
        "aws_dynamodb_table",
      );
      expect(table.on_demand_throughput).toEqual({ max_read_request_units: -1, max_write_request_units: 200 });
    });

    test("each setting is written to its provider argument", () => {
      const table = onlyResource(synth(FULL), "aws_dynamodb_table");
      expect(table.table_class).toBe("STANDARD_INFREQUENT_ACCESS");
      expect(table.on_demand_throughput).toEqual({ max_read_request_units: 500, max_write_request_units: 100 });
      expect(table.warm_throughput).toEqual({ read_units_per_second: 15000, write_units_per_second: 5000 });
      expect(table.point_in_time_recovery).toEqual({ enabled: true, recovery_period_in_days: 7 });
      expect(table.local_secondary_index).toEqual([{ name: "byCreated", range_key: "created", projection_type: "KEYS_ONLY" }]);
      const [index] = table.global_secondary_index as Array<Record<string, unknown>>;
      expect([index.on_demand_throughput, index.warm_throughput]).toEqual([
        { max_read_request_units: 50 },
        { read_units_per_second: 13000 },
      ]);
      // The local index's sort key is an attribute definition like every other key.
      expect(table.attribute).toEqual(expect.arrayContaining([{ name: "created", type: "N" }]));
    });

    test("contributor insights for the table and the index that ask for it, the index's after the table", () => {
      const tf = synth(FULL);
      const insights = Object.entries(resourcesOf(tf, "aws_dynamodb_contributor_insights"));
      expect(insights.map(([name]) => withoutHash(name)).sort()).toEqual([
        "Table_ContributorInsights",
        "Table_Indexes_byA_ContributorInsights",
      ]);
      const index = insights.find(([name]) => name.includes("_Indexes_"))![1];
      expect([index.index_name, index.table_name]).toEqual(["byA", "${aws_dynamodb_table.Table_CD117FA1.name}"]);
      expect(index.depends_on).toEqual(["aws_dynamodb_table.Table_CD117FA1"]);
    });

    test("without them the table is STANDARD, keeps 35 days, and gets no insights or limits", () => {
      const tf = synth(BASE);
      const table = onlyResource(tf, "aws_dynamodb_table");
      expect([table.table_class, table.on_demand_throughput, table.warm_throughput, table.local_secondary_index]).toEqual([
        "STANDARD",
        undefined,
        undefined,
        undefined,
      ]);
      expect(resourcesOf(tf, "aws_dynamodb_contributor_insights")).toEqual({});
    });

    test("a replica takes its own recovery, protection and class, and the table's tags unless told not to", () => {
      const tf = synthScope((scope: Construct) => {
        const eu = new AwsProvider(scope, "aws-eu", { region: "eu-west-1", alias: "eu_west_1" });
        const ap = new AwsProvider(scope, "aws-ap", { region: "ap-southeast-2", alias: "ap_southeast_2" });
        new Table(scope, "Table", {
          ...BASE,
          streamViewType: "NEW_AND_OLD_IMAGES",
          tags: { team: "orders" },
          replicas: [
            {
              region: "eu-west-1",
              provider: eu,
              settings: {
                pointInTimeRecovery: false,
                deletionProtection: false,
                tableClass: "STANDARD_INFREQUENT_ACCESS",
                propagateTags: false,
              },
            },
            { region: "ap-southeast-2", provider: ap },
          ],
        });
      });
      const replicas = Object.entries(resourcesOf(tf, "aws_dynamodb_table_replica")).map(([name, r]) => [
        name.split("_")[2],
        r.point_in_time_recovery,
        r.deletion_protection_enabled,
        r.table_class_override,
        r.tags,
      ]);
      expect(replicas.sort()).toEqual([
        ["ap-southeast-2", true, true, undefined, { team: "orders" }],
        ["eu-west-1", false, false, "STANDARD_INFREQUENT_ACCESS", undefined],
      ]);
    });
  });

  describe("throws", () => {
    const where = "test/Table";
    const gsi = { indexName: "byA", partitionKey: { name: "a", type: "S" as const } };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        "an attribute gets two types",
        { sortKey: { name: "a", type: "S" }, globalSecondaryIndexes: [{ indexName: "byA", partitionKey: { name: "a", type: "N" } }] },
        `${where}: globalSecondaryIndexes[0].partitionKey.type must match the type 'S' already given to attribute 'a', got 'N'`,
      ],
      [
        "two indexes share a name",
        { globalSecondaryIndexes: [gsi, gsi] },
        `${where}: globalSecondaryIndexes[1].indexName must be unique among the table's indexes, got 'byA'`,
      ],
      [
        "an index name is too short",
        { globalSecondaryIndexes: [{ ...gsi, indexName: "i" }] },
        `${where}: globalSecondaryIndexes[0].indexName must be 3 to 255 characters of A-Z a-z 0-9 _ . -, got 'i'`,
      ],
      [
        "an index sort key repeats its partition key",
        { globalSecondaryIndexes: [{ ...gsi, sortKey: { name: "a", type: "S" } }] },
        `${where}: globalSecondaryIndexes[0].sortKey.name must differ from the index's partitionKey.name, got 'a'`,
      ],
      [
        "INCLUDE lists no attributes",
        { globalSecondaryIndexes: [{ ...gsi, projectionType: "INCLUDE" }] },
        `${where}: globalSecondaryIndexes[0].nonKeyAttributes must list 1 to 100 attributes with projectionType INCLUDE, got nothing`,
      ],
      [
        "non-key attributes come without INCLUDE",
        { globalSecondaryIndexes: [{ ...gsi, nonKeyAttributes: ["x"] }] },
        `${where}: globalSecondaryIndexes[0].nonKeyAttributes is only allowed with projectionType INCLUDE, got ["x"]`,
      ],
      [
        "an on-demand index has capacity",
        { globalSecondaryIndexes: [{ ...gsi, readCapacity: 1 }] },
        `${where}: globalSecondaryIndexes[0].readCapacity must not be set with billingMode PAY_PER_REQUEST, got 1`,
      ],
      [
        "there are more than 20 indexes",
        { globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => ({ ...gsi, indexName: `index${i}` })) },
        `${where}: globalSecondaryIndexes must hold at most 20 indexes, got '21 indexes'`,
      ],
      [
        "capacity exceeds 40,000",
        { billingMode: "PROVISIONED", readCapacity: 40001, writeCapacity: 1 },
        `${where}: readCapacity must be a whole number from 1 to 40000, got 40001`,
      ],
      [
        "an attribute name is empty",
        { partitionKey: { name: "", type: "S" } },
        `${where}: partitionKey.name must be a non-empty attribute name of at most 255 bytes, got ''`,
      ],
      [
        "a customer-managed key is missing on a standalone table",
        { encryption: {} },
        `${where}: encryption.kmsKeyArn is required with encryption type CUSTOMER_MANAGED when a Table is used on its own (DynamoDbIsolation creates a key), got nothing`,
      ],
      [
        "the key is the AWS managed alias",
        { encryption: { kmsKeyArn: "arn:aws:kms:us-east-2:123456789012:alias/aws/dynamodb" } },
        `${where}: encryption.kmsKeyArn must name a customer-managed key, not the AWS managed alias/aws/dynamodb (use encryption type AWS_OWNED to give up key control explicitly), got 'arn:aws:kms:us-east-2:123456789012:alias/aws/dynamodb'`,
      ],
      [
        "the key ARN is not an ARN",
        { encryption: { kmsKeyArn: "1234abcd" } },
        `${where}: encryption.kmsKeyArn must be a KMS key ARN such as 'arn:aws:kms:us-east-2:111122223333:key/<key-id>', got '1234abcd'`,
      ],
      [
        "a key comes with AWS_OWNED",
        { encryption: { type: "AWS_OWNED", kmsKeyArn: KEY } },
        `${where}: encryption.kmsKeyArn is only allowed with encryption type CUSTOMER_MANAGED, got '${KEY}'`,
      ],
      [
        "the encryption type is unknown",
        { encryption: { type: "AWS_MANAGED" } },
        `${where}: encryption.type must be one of CUSTOMER_MANAGED, AWS_OWNED, got 'AWS_MANAGED'`,
      ],
      [
        "auto scaling is asked of an on-demand table",
        { autoScaling: { maxReadCapacity: 10 } },
        `${where}: autoScaling is only allowed with billingMode PROVISIONED (on-demand scales by itself), got {"maxReadCapacity":10}`,
      ],
      [
        "the scaling maximum is below the capacity",
        { ...PROVISIONED, autoScaling: { maxWriteCapacity: 4 } },
        `${where}: autoScaling.maxWriteCapacity must be at least writeCapacity (5), got 4`,
      ],
      [
        "the scaling target is 95 %",
        { ...PROVISIONED, autoScaling: { targetUtilization: 95 } },
        `${where}: autoScaling.targetUtilization must be a percentage from 20 to 90, got 95`,
      ],
      [
        "the stream view type is unknown",
        { streamViewType: "ALL" },
        `${where}: streamViewType must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, got 'ALL'`,
      ],
      [
        "replicas come without a NEW_AND_OLD_IMAGES stream",
        { replicas: [{ region: "eu-west-1" }] },
        `${where}: streamViewType must be NEW_AND_OLD_IMAGES for a table with replicas, got nothing`,
      ],
      [
        "a provisioned table with replicas does not scale",
        { ...PROVISIONED, streamViewType: "NEW_AND_OLD_IMAGES", autoScaling: { enabled: false }, replicas: [{ region: "eu-west-1" }] },
        `${where}: autoScaling.enabled must not be false for a provisioned table with replicas (global tables need write auto scaling), got false`,
      ],
      [
        "a replica's table class is unknown",
        { streamViewType: "NEW_AND_OLD_IMAGES", replicas: [{ region: "eu-west-1", settings: { tableClass: "GLACIER" } }] },
        `${where}: replicas[0].settings.tableClass must be one of STANDARD, STANDARD_INFREQUENT_ACCESS, got 'GLACIER'`,
      ],
      [
        "the recovery period is 0 days",
        { pointInTimeRecoveryDays: 0 },
        `${where}: pointInTimeRecoveryDays must be a whole number from 1 to 35, got 0`,
      ],
      [
        "warm writes are not a whole number",
        { warmThroughput: { writeUnitsPerSecond: 4000.5 } },
        `${where}: warmThroughput.writeUnitsPerSecond must be a whole number of at least 4000 (DynamoDB's floor), got 4000.5`,
      ],
      [
        "the time-to-live attribute is empty",
        { timeToLiveAttribute: "" },
        `${where}: timeToLiveAttribute must be a non-empty attribute name of at most 255 bytes, got ''`,
      ],
      [
        "the table class is unknown",
        { tableClass: "GLACIER" },
        `${where}: tableClass must be one of STANDARD, STANDARD_INFREQUENT_ACCESS, got 'GLACIER'`,
      ],
      [
        "on-demand limits are asked of a provisioned table",
        { ...PROVISIONED, onDemandThroughput: { maxReadRequestUnits: 100 } },
        `${where}: onDemandThroughput is only allowed with billingMode PAY_PER_REQUEST (provisioned capacity is its own ceiling), got {"maxReadRequestUnits":100}`,
      ],
      [
        "on-demand limits name no limit",
        { onDemandThroughput: {} },
        `${where}: onDemandThroughput needs maxReadRequestUnits or maxWriteRequestUnits, got {}`,
      ],
      [
        "an on-demand limit is 0",
        { onDemandThroughput: { maxWriteRequestUnits: 0 } },
        `${where}: onDemandThroughput.maxWriteRequestUnits must be a whole number from 1 to 40000, or -1 to remove the ceiling an existing table has, got 0`,
      ],
      [
        "an index's on-demand limit comes with provisioned billing",
        { ...PROVISIONED, globalSecondaryIndexes: [{ ...gsi, onDemandThroughput: { maxReadRequestUnits: 10 } }] },
        `${where}: globalSecondaryIndexes[0].onDemandThroughput is only allowed with billingMode PAY_PER_REQUEST`,
      ],
      [
        "warm reads are under DynamoDB's floor",
        { warmThroughput: { readUnitsPerSecond: 1000 } },
        `${where}: warmThroughput.readUnitsPerSecond must be a whole number of at least 12000 (DynamoDB's floor), got 1000`,
      ],
      [
        "an index's warm writes are under the floor",
        { globalSecondaryIndexes: [{ ...gsi, warmThroughput: { writeUnitsPerSecond: 3999 } }] },
        `${where}: globalSecondaryIndexes[0].warmThroughput.writeUnitsPerSecond must be a whole number of at least 4000 (DynamoDB's floor), got 3999`,
      ],
      [
        "the recovery period is 36 days",
        { pointInTimeRecoveryDays: 36 },
        `${where}: pointInTimeRecoveryDays must be a whole number from 1 to 35, got 36`,
      ],
      [
        "a recovery period comes without recovery",
        { pointInTimeRecovery: false, pointInTimeRecoveryDays: 7 },
        `${where}: pointInTimeRecoveryDays is only allowed with pointInTimeRecovery on, got 7`,
      ],
      [
        "a local index comes without a table sort key",
        { localSecondaryIndexes: [{ indexName: "byCreated", sortKey: { name: "created", type: "S" } }] },
        `${where}: localSecondaryIndexes need a table sortKey: a local index keeps the table's partition key with another sort key, got '1 indexes'`,
      ],
      [
        "there are six local indexes",
        {
          sortKey: { name: "sk", type: "S" },
          localSecondaryIndexes: Array.from({ length: 6 }, (_, i) => ({ indexName: `local${i}`, sortKey: { name: `s${i}`, type: "S" } })),
        },
        `${where}: localSecondaryIndexes must hold at most 5 indexes, got '6 indexes'`,
      ],
      [
        "a local index shares a global index's name",
        {
          sortKey: { name: "sk", type: "S" },
          globalSecondaryIndexes: [gsi],
          localSecondaryIndexes: [{ indexName: "byA", sortKey: { name: "b", type: "S" } }],
        },
        `${where}: localSecondaryIndexes[0].indexName must be unique among the table's indexes, global and local, got 'byA'`,
      ],
      [
        "a local index sorts by the table's sort key",
        { sortKey: { name: "sk", type: "S" }, localSecondaryIndexes: [{ indexName: "bySk", sortKey: { name: "sk", type: "S" } }] },
        `${where}: localSecondaryIndexes[0].sortKey.name must differ from the table's partition and sort keys, got 'sk'`,
      ],
      [
        "a local index's sort key changes an attribute's type",
        {
          sortKey: { name: "sk", type: "S" },
          globalSecondaryIndexes: [gsi],
          localSecondaryIndexes: [{ indexName: "byAn", sortKey: { name: "a", type: "N" } }],
        },
        `${where}: localSecondaryIndexes[0].sortKey.type must match the type 'S' already given to attribute 'a', got 'N'`,
      ],
      [
        "a local index INCLUDEs nothing",
        {
          sortKey: { name: "sk", type: "S" },
          localSecondaryIndexes: [{ indexName: "byB", sortKey: { name: "b", type: "S" }, projectionType: "INCLUDE" }],
        },
        `${where}: localSecondaryIndexes[0].nonKeyAttributes must list 1 to 100 attributes with projectionType INCLUDE, got nothing`,
      ],
    ];
    test.each(cases)("throws if %s", (_name, override, message) => {
      expect(() => synth({ ...BASE, ...override } as TableProps)).toThrow(message);
    });
  });
});
