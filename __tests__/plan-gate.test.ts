import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { SEED_STACK_NAME, StackConfig, parseConfig, seedConfig } from "../modules/app";
import { VARIANTS, VARIANT_GROUPS, variantGroup } from "../test-support/address-contract";
import {
  DynamoDbIsolation,
  ExistingTable,
  GatewayEndpointRef,
  PERIMETER_TAG_KEY,
  Perimeter,
  PerimeterNetwork,
  REFRESH_ACTIONS,
  REMOVE_CEILING,
} from "../modules";
import { ARTICLE, FULL_ACCESS_ENDPOINT, OWN_POLICY_ENDPOINT, registerExampleResources } from "../test-support/example-resources";
import { existingResources } from "../test-support/existing-resources";
import { OfflineAws, startOfflineAws } from "../test-support/offline-aws";
import { AuthorizedCall, resourcePolicyAuthorizer } from "../test-support/policy-authorizer";
import { TerraformJson, addressesOf, stackDir, synthScope, synthStack, synthToDisk, withoutHash } from "../test-support/synth";
import { sampleWith, synthSample } from "../test-support/doc-samples";
import { tempDirs } from "../test-support/temp-dirs";
import { NEWER_THAN_MIRROR, newerName } from "../test-support/terraform/batch-root";
import { ProviderServer, compareVersions, detectGate, directProvider, startProviderServer } from "../test-support/terraform/cli";
import { configurationOf, moduleChanges } from "../test-support/terraform/plan-json";
import { ResourceDiff } from "../test-support/terraform/plan-diff";
import { DayTwoCase, TwoApplies, planTwoApplies } from "../test-support/terraform/two-applies";
import { RootPlan, initRoot, planRoot, writeBatchRoot } from "../test-support/terraform/batch-root";

/**
 * Every example config, and every change the address contract lists, through
 * the real Terraform CLI and the real hashicorp/aws provider from the offline
 * mirror, twice:
 *
 * - the first apply: each stack planned from an empty state;
 * - the second apply: a state built from the first plan's planned values,
 *   and the next version of the stack planned against it (-refresh=false);
 * - what Terraform must refuse: a third root planned next to the second,
 *   since an error stops a whole plan.
 *
 * The mirror's provider version may differ from the one the bindings pin; the
 * gate relaxes the version constraint in its temporary copies only (see
 * test-support/terraform/batch-root.ts).
 */
const gate = detectGate();
if (!gate.ok) {
  // Loud on purpose: these tests are reported as skipped, never as passed.
  console.warn(`\n\n*** REAL-PROVIDER PLAN GATE SKIPPED: ${gate.reason} ***\n\n`);
}
const gateTest = gate.ok ? test : test.skip;

// Arguments the mirror's provider predates are removed from the gate's copies,
// so the gate cannot vouch for them: each is reported as a skipped check.
const uncheckable = gate.ok ? NEWER_THAN_MIRROR.filter((n) => compareVersions(gate.providerVersion, n.since) < 0) : [];
if (gate.ok && uncheckable.length) {
  console.warn(
    `\n*** PLAN GATE: provider ${gate.providerVersion} in the mirror predates ${uncheckable.map(newerName).join(", ")}; removed from the gate's copies, reported as skipped ***\n`,
  );
}

const EXAMPLES_DIR = join(__dirname, "..", "examples");
/** The module the README's perimeter sample is planned as. */
const README_PERIMETER = "readme_perimeter";
/** A perimeter around two tables of another state, read at plan: one with a stream, one without. */
const EXISTING_TABLES = "perimeter_existing_tables";
const LEDGER_TABLES = { streamed: "ledger-archive", plain: "ledger-history" };
const ledgerArn = (account: string, name: string) => `arn:aws:dynamodb:${OWN_POLICY_ENDPOINT.region}:${account}:table/${name}`;
/** The two tables in the stand-in's AWS, as DescribeTable returns them. */
function ledgerDescription(name: string, stream: boolean) {
  const arn = ledgerArn("123456789012", name);
  return {
    TableName: name,
    TableArn: arn,
    TableId: `0c0c0c0c-0000-4000-8000-00000000000${stream ? 4 : 5}`,
    TableStatus: "ACTIVE",
    CreationDateTime: 1767225600,
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    ...(stream && {
      StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
      LatestStreamLabel: "2026-01-01T00:00:00.000",
      LatestStreamArn: `${arn}/stream/2026-01-01T00:00:00.000`,
    }),
    DeletionProtectionEnabled: true,
    ItemCount: 0,
    TableSizeBytes: 0,
  };
}
/** The perimeter of those tables, joining an endpoint of the landing zone; `plainArn` names the second table. */
const existingTablesPerimeter = (plainArn: string) =>
  synthScope((scope) => {
    const p = new Perimeter(scope, "Ledger", {
      region: OWN_POLICY_ENDPOINT.region,
      network: PerimeterNetwork.joinEndpoint(GatewayEndpointRef.fromId(OWN_POLICY_ENDPOINT.id)),
    });
    p.addExistingTable(ExistingTable.fromName(LEDGER_TABLES.streamed));
    p.addExistingTable(ExistingTable.fromArn(plainArn));
    p.grantReadData({ roles: ["ledger-auditor"] });
  }, OWN_POLICY_ENDPOINT.region);
/** The three-account example: each stack's providers assume its account's role. */
const ORGANIZATION = parseConfig(readFileSync(join(EXAMPLES_DIR, "organization.json"), "utf8"), "organization.json");
const EXAMPLES = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

/** Module name of a stack in the gate's root: lowercase, `_` for anything else. */
const moduleName = (...parts: string[]) =>
  parts
    .join("_")
    .replace(/\.json$/, "")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();

const seed = seedConfig().stacks[SEED_STACK_NAME];
/** Resources whose replacement or deletion loses data or cuts traffic. */
const PROTECTED_TYPES = ["aws_dynamodb_table", "aws_vpc_endpoint", "aws_vpc", "aws_subnet", "aws_kms_key"];
/**
 * A region where no other stack looks up zones (the global tables' replica there is in an existing
 * VPC), so the zones case can change its zones answer alone; and no region of its own, which would
 * be one more provider process per plan.
 */
const ZONES_REGION = "ap-southeast-2";

/**
 * Merging two one-table stacks into one perimeter (docs/UPGRADING.md): `orders` adopts the
 * Customers table; `customers` forgets its table and the table's resource policy
 * (`terraform state rm`), then destroys the rest. In the seed's region: every region is
 * one more provider process per plan.
 */
const MERGE_REGION = "us-east-2";
/** Roles of the refresh and the apply the stand-in judges by the resource policies: none is named anywhere. */
const PLAN_ROLE = "terraform-plan";
const UNTAGGED_APPLY_ROLE = "terraform-apply-untagged";
const APPLY_ROLE = "terraform-apply-tagged";
/** A change an apply makes from outside the endpoints: a tag on the seed's table (TagResource, a management call). */
const tagTable = (projection: TerraformJson): TerraformJson => {
  const tables = projection.resource!.aws_dynamodb_table;
  const [name] = Object.keys(tables);
  return {
    ...projection,
    resource: { ...projection.resource, aws_dynamodb_table: { [name]: { ...tables[name], tags: { team: "books" } } } },
  };
};
/** Who runs the second plan: another role than the first plan's, as a separate plan and apply role would be. */
const SECOND_CALLER = "terraform-apply";
const orders: StackConfig = {
  region: MERGE_REGION,
  table: { tableName: "Orders", partitionKey: { name: "orderId", type: "S" } },
  network: { cidrBlock: "10.40.0.0/16" },
  guard: { principals: { roles: ["orders-app"] } },
};
const customersTable = { tableName: "Customers", partitionKey: { name: "customerId", type: "S" as const } };
const customers: StackConfig = {
  region: MERGE_REGION,
  table: customersTable,
  network: { cidrBlock: "10.41.0.0/16" },
  guard: { principals: { roles: ["customers-app"] } },
};
/** The customers stack's endpoint, kept in the policies until its clients have moved. */
const CUSTOMERS_ENDPOINT = "vpce-0c0c0c0c0c0c0c0c0";
const merged: StackConfig = {
  ...orders,
  tables: [customersTable],
  imports: { tables: ["Customers"] },
  extraEndpointIds: [CUSTOMERS_ENDPOINT],
  guard: { principals: { roles: ["orders-app", "customers-app"] } },
};
/** A stack with its providers and nothing else: what is left in state is destroyed. */
const emptied = (stack: TerraformJson): TerraformJson => ({ terraform: stack.terraform, provider: stack.provider });
/** Each distinct config synthesized once, whether a case or an assertion asks for it: most cases start from the seed. */
const synthesizedConfigs = new Map<string, TerraformJson>();
const synthOf = (stack: StackConfig | TerraformJson): TerraformJson => {
  if (!("region" in stack)) return stack as TerraformJson;
  const key = JSON.stringify(stack);
  if (!synthesizedConfigs.has(key)) synthesizedConfigs.set(key, synthStack(stack as StackConfig));
  return synthesizedConfigs.get(key)!;
};
const customersSynth = synthOf(customers);
const customersTableAddress = Object.keys(customersSynth.resource!.aws_dynamodb_table).map((n) => `aws_dynamodb_table.${n}`);
const customersPolicyAddress = Object.keys(customersSynth.resource!.aws_dynamodb_resource_policy).map(
  (n) => `aws_dynamodb_resource_policy.${n}`,
);

/** What release 0.2.0 synthesized for the seed and for the global-tables example of that release. */
const RELEASED = join(__dirname, "..", "test-support", "fixtures", "0.2.0");
const released = (file: string) => JSON.parse(readFileSync(join(RELEASED, file), "utf8")) as TerraformJson;
/** That release's config, read as that release wrote it: today's parser refuses its removed fields, as it should. */
const releasedGlobal = (
  JSON.parse(readFileSync(join(RELEASED, "global-tables.config.json"), "utf8")) as { stacks: Record<string, StackConfig> }
).stacks["sessions-global"];
/**
 * The 0.2.0 global config moved to this release as docs/UPGRADING.md says: its replicas imported once, its
 * operators exempt from the (now opt-in) control-plane perimeter, and the deployer among them the replica manager.
 */
const releasedOperators = (releasedGlobal.resourcePolicy as { operatorPrincipalArns: string[] }).operatorPrincipalArns;
const upgradedGlobal: StackConfig = {
  ...releasedGlobal,
  resourcePolicy: {
    replicaManagers: { principalArns: releasedOperators },
    controlPlane: { enabled: true, exemptPrincipalArns: releasedOperators },
  },
  imports: { replicas: true },
};
const currentGlobal = parseConfig(readFileSync(join(EXAMPLES_DIR, "global-tables.json"), "utf8"), "global-tables.json").stacks[
  "sessions-global"
];

/**
 * Adopting a table that exists: Standard-IA, on-demand with ceilings, a stream, no recovery, no deletion
 * protection, AWS owned key. The config describes it exactly, so the import changes only what the
 * module deliberately fixes.
 */
const TELEMETRY = { name: "Telemetry", region: "us-east-2", streamLabel: "2026-01-01T00:00:00.000" };
const adoptedTelemetry: StackConfig = {
  region: TELEMETRY.region,
  table: {
    tableName: TELEMETRY.name,
    partitionKey: { name: "deviceId", type: "S" },
    sortKey: { name: "at", type: "N" },
    tableClass: "STANDARD_INFREQUENT_ACCESS",
    onDemandThroughput: { maxReadRequestUnits: 2000, maxWriteRequestUnits: 500 },
    streamViewType: "NEW_IMAGE",
  },
  network: { cidrBlock: "10.52.0.0/16" },
  guard: { principals: { roles: ["telemetry-app"] } },
  imports: { table: true },
};
function telemetryDescription() {
  const arn = `arn:aws:dynamodb:${TELEMETRY.region}:123456789012:table/${TELEMETRY.name}`;
  return {
    TableName: TELEMETRY.name,
    TableArn: arn,
    TableId: "0c0c0c0c-0000-4000-8000-000000000003",
    TableStatus: "ACTIVE",
    CreationDateTime: 1767225600,
    AttributeDefinitions: [
      { AttributeName: "deviceId", AttributeType: "S" },
      { AttributeName: "at", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "deviceId", KeyType: "HASH" },
      { AttributeName: "at", KeyType: "RANGE" },
    ],
    BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    OnDemandThroughput: { MaxReadRequestUnits: 2000, MaxWriteRequestUnits: 500 },
    TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" },
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    LatestStreamLabel: TELEMETRY.streamLabel,
    LatestStreamArn: `${arn}/stream/${TELEMETRY.streamLabel}`,
    DeletionProtectionEnabled: false,
    ItemCount: 0,
    TableSizeBytes: 0,
  };
}

/** A stack joining the article's endpoint, which is on no route table. */
const joined = synthScope(
  (scope) =>
    new DynamoDbIsolation(scope, "Isolation", {
      region: ARTICLE.region,
      tables: [{ tableName: "Orders", partitionKey: { name: "orderId", type: "S" } }],
      network: { vpcEndpointId: ARTICLE.endpointId },
    }),
  ARTICLE.region,
);

/** A perimeter joining an endpoint of the landing zone: the plan checks the policy its owner keeps. */
const joining = (vpcEndpointId: string): StackConfig => ({
  region: "eu-west-1",
  perimeter: { name: "ledger" },
  tables: [{ tableName: "ledger-lines", partitionKey: { name: "lineId", type: "S" } }],
  network: { vpcEndpointId },
  guard: { principals: { roles: ["ledger-app"] } },
});

/** An existing VPC whose two subnets share a zone: AWS would refuse an interface endpoint across them. */
const ONE_ZONE_SUBNETS = [
  { id: "subnet-0c0c0c0c0c0c0c0c0", vpcId: "vpc-0c0c0c0c0c0c0c0c0", zone: "us-east-2a", cidrBlock: "10.80.0.0/24" },
  { id: "subnet-1c1c1c1c1c1c1c1c1", vpcId: "vpc-0c0c0c0c0c0c0c0c0", zone: "us-east-2a", cidrBlock: "10.80.1.0/24" },
];
const oneZone: StackConfig = {
  region: "us-east-2",
  table: { tableName: "Edge", partitionKey: { name: "id", type: "S" } },
  network: {
    vpcId: "vpc-0c0c0c0c0c0c0c0c0",
    routeTableIds: ["rtb-0c0c0c0c0c0c0c0c0"],
    interfaceEndpoints: { allowedCidrs: ["172.16.0.0/12"], subnetIds: ONE_ZONE_SUBNETS.map((s) => s.id) },
  },
  guard: { principals: { roles: ["edge-app"] } },
};

/**
 * The seed's table in an existing VPC: what the table cases below change is the table, and without a
 * VPC, subnets and flow logs to plan each of them costs the gate a third of a seed stack.
 */
const lean: StackConfig = { ...seed, network: { vpcId: "vpc-0a1b2c3d4e5f60718", routeTableIds: ["rtb-0123456789abcdef0"] } };
/**
 * The seed for an account the pipeline's credentials are not of (the stand-in's account is 123456789012):
 * Terraform must refuse to plan it. In a root of its own, since a provider's error stops every module of a root.
 */
const WRONG_ACCOUNT = "210987654321";
const wrongAccount: StackConfig = { ...lean, provider: { allowedAccountIds: [WRONG_ACCOUNT] } };
/** The seed in an existing VPC, its table's protections turned off: the first step of a teardown. */
const unprotected: StackConfig = {
  ...seed,
  table: { ...seed.table!, preventDestroy: false, deletionProtection: false },
  // A new VPC with the DNS Firewall, whose association's mutation protection follows the table's prevent_destroy.
  network: { ...seed.network, dnsFirewall: { enabled: true } },
};
/** The seed's table with an index: the table and the index scale. */
const seedIndexed: StackConfig = {
  ...lean,
  table: { ...lean.table!, globalSecondaryIndexes: [{ indexName: "byTitle", partitionKey: { name: "BookTitle", type: "S" } }] },
};
const withIndexChanges: StackConfig = { ...seedIndexed, table: { ...seedIndexed.table!, autoScaling: { applyIndexChanges: true } } };
/** Capacity auto scaling chose after the first apply, above the configured 5/5 of the table and its index. */
const SCALED = { table: [37, 23], index: [41, 19] } as const;
const scaledByAws: DayTwoCase["drift"] = ({ address, attributes }) => {
  if (!address.startsWith("aws_dynamodb_table.")) return;
  [attributes.read_capacity, attributes.write_capacity] = SCALED.table;
  for (const index of attributes.global_secondary_index as Array<Record<string, unknown>>)
    [index.read_capacity, index.write_capacity] = SCALED.index;
};
/** Every setting a config can drop, on before (TTL, a stream, the customer key, recovery and deletion protection off) and dropped after. */
const everySettingOn: StackConfig = {
  ...seed,
  table: {
    ...seed.table!,
    timeToLiveAttribute: "expiresAt",
    streamViewType: "NEW_AND_OLD_IMAGES",
    pointInTimeRecovery: false,
    deletionProtection: false,
  },
};

/** The seed on demand, with ceilings; and the same table with them dropped from the config. */
const onDemand: StackConfig = {
  ...lean,
  table: { ...lean.table!, billingMode: "PAY_PER_REQUEST", readCapacity: undefined, writeCapacity: undefined },
};
const withCeilings: StackConfig = {
  ...onDemand,
  table: { ...onDemand.table!, onDemandThroughput: { maxReadRequestUnits: 100, maxWriteRequestUnits: 50 } },
};
const ceilingsRemoved: StackConfig = {
  ...onDemand,
  table: { ...onDemand.table!, onDemandThroughput: { maxReadRequestUnits: REMOVE_CEILING, maxWriteRequestUnits: REMOVE_CEILING } },
};
/** Not a change AWS sees: the state built from the first plan holds no TTL attribute name where the provider, updating the table, writes an empty one. */
const TTL_NAME_FILLED = { "ttl.0.attribute_name": { before: null, after: "" } };

type Case = {
  before: StackConfig | TerraformJson;
  after: StackConfig | TerraformJson;
  zonesAfter?: DayTwoCase["zonesAfter"];
  forget?: string[];
  drift?: DayTwoCase["drift"];
  refused?: boolean;
};
/** The seed with tamper alerts on, the organization's trail declared. */
const monitoredSeed: StackConfig = { ...seed, monitoring: { trailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail" } };
/** What turning tamper alerts on or off may create or destroy: their own resources only. */
const MONITORING_TYPES = [
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_sns_topic",
  "aws_sns_topic_policy",
  "aws_kms_key",
  "aws_kms_alias",
];
/** The seed with the module's own trail, then with its data events. */
const trailSeed: StackConfig = { ...seed, monitoring: { createTrail: true } };
const dataEventsSeed: StackConfig = { ...seed, monitoring: { createTrail: true, dataEvents: { readOnly: false } } };
/** The same with the alarms and Access Analyzer. */
const watchedSeed: StackConfig = {
  ...seed,
  monitoring: { createTrail: true, dataEvents: { readOnly: false }, alarms: true, accessAnalyzer: { createAnalyzer: true } },
};
/** What turning the alarms and Access Analyzer on or off may create or destroy; the trail, its key and the topic's policy change in place. */
const WATCHING_TYPES = [
  "aws_cloudwatch_log_group",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_cloudwatch_log_metric_filter",
  "aws_cloudwatch_metric_alarm",
  "aws_cloudwatch_query_definition",
  "aws_accessanalyzer_analyzer",
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
];
const CASES: Record<string, Case> = {
  monitoring_on: { before: seed, after: monitoredSeed },
  watching_on: { before: dataEventsSeed, after: watchedSeed },
  watching_off: { before: watchedSeed, after: dataEventsSeed },
  data_events_on: { before: trailSeed, after: dataEventsSeed },
  data_events_off: { before: dataEventsSeed, after: trailSeed },
  // Off for one apply (the us-east-1 provider stays, which Terraform needs to destroy what it made), then removed.
  monitoring_off: { before: monitoredSeed, after: { ...seed, monitoring: { enabled: false } } },
  // Refused by Terraform itself, at plan time, with the module's message: planned in a root of their own.
  refused_joined_endpoint_without_routes: { before: emptied(joined), after: joined, refused: true },
  refused_index_without_apply: {
    before: seed,
    after: {
      ...seed,
      table: { ...seed.table!, globalSecondaryIndexes: [{ indexName: "byTitle", partitionKey: { name: "BookTitle", type: "S" } }] },
    },
    refused: true,
  },
  refused_interface_endpoint_subnets_one_zone: { before: emptied(synthOf(oneZone)), after: oneZone, refused: true },
  // A joined endpoint with AWS's default policy lets anything in the VPC write to any account's table.
  refused_joined_endpoint_full_access: {
    before: emptied(synthOf(joining(FULL_ACCESS_ENDPOINT.id))),
    after: joining(FULL_ACCESS_ENDPOINT.id),
    refused: true,
  },
  joined_endpoint_own_policy: { before: joining(OWN_POLICY_ENDPOINT.id), after: joining(OWN_POLICY_ENDPOINT.id) },
  // Another account's table by ARN: the policies name the perimeter's own account, so the plan stops.
  refused_existing_table_other_account: {
    before: emptied(existingTablesPerimeter(ledgerArn("999999999999", LEDGER_TABLES.plain))),
    after: existingTablesPerimeter(ledgerArn("999999999999", LEDGER_TABLES.plain)),
    refused: true,
  },
  // Tearing a perimeter down (docs/UPGRADING.md, "Tearing a perimeter down"): everything destroyed once an apply has
  // turned the table's protections off.
  teardown_after_unprotecting: { before: unprotected, after: emptied(synthOf(unprotected)) },
  refused_local_index_added: {
    before: seed,
    after: {
      ...seed,
      table: { ...seed.table!, localSecondaryIndexes: [{ indexName: "byYear", sortKey: { name: "PublishedYear", type: "N" } }] },
    },
    refused: true,
  },
  adopt_infrequent_access_table: { before: adoptedTelemetry, after: adoptedTelemetry },
  upgrade_seed_from_0_2: { before: released("seed.json"), after: seed },
  upgrade_global_from_0_2: { before: released("global-tables.json"), after: upgradedGlobal },
  global_pitr_off: { before: currentGlobal, after: { ...currentGlobal, table: { ...currentGlobal.table!, pointInTimeRecovery: false } } },
  merge_orders_adopts_customers: { before: orders, after: merged },
  merge_customers_retires: {
    before: customers,
    after: emptied(customersSynth),
    forget: [...customersTableAddress, ...customersPolicyAddress],
  },
  // Every setting a config can drop, dropped in one apply; the customer key is given up for an AWS owned one.
  settings_dropped: { before: everySettingOn, after: { ...seed, table: { ...seed.table!, encryption: { type: "AWS_OWNED" } } } },
  ceilings_dropped: { before: withCeilings, after: onDemand },
  ceilings_removed: { before: withCeilings, after: ceilingsRemoved },
  scaling_drift_kept: { before: seedIndexed, after: seedIndexed, drift: scaledByAws },
  // The README's procedure for an index change: one apply with applyIndexChanges, on the table as scaled.
  scaling_drift_reset_by_index_changes: { before: seedIndexed, after: withIndexChanges, drift: scaledByAws },
  zone_no_longer_available: {
    before: { ...seed, region: ZONES_REGION },
    after: { ...seed, region: ZONES_REGION },
    zonesAfter: { region: ZONES_REGION, letters: ["b", "c"] },
  },
};
/** What the second plan of settings_dropped does, resource by resource and on the table. */
const SETTINGS_DROPPED_PLAN = [
  "aws_dynamodb_resource_policy.Isolation_StreamPolicy: delete",
  "aws_dynamodb_table.Isolation_Table: update",
  "aws_kms_alias.Isolation_Key_Alias: delete",
  "aws_kms_key.Isolation_Key: delete",
];
const SETTINGS_DROPPED_TABLE_CHANGES = [
  "deletion_protection_enabled",
  "point_in_time_recovery.0.enabled",
  "point_in_time_recovery.0.recovery_period_in_days",
  "server_side_encryption.0.enabled",
  "stream_arn",
  "stream_enabled",
  "ttl.0.attribute_name",
  "ttl.0.enabled",
];
/** The index's capacity, scaled to 41/19, back to the configured 5/5. */
const SCALING_RESET_CHANGES = {
  "global_secondary_index.0.read_capacity": { before: SCALED.index[0], after: 5 },
  "global_secondary_index.0.write_capacity": { before: SCALED.index[1], after: 5 },
  ...TTL_NAME_FILLED,
};
/** The address contract's variants, several to a stack (test-support/address-contract.ts says why). */
const GROUPS = VARIANT_GROUPS.map((names, i) => ({ module: `contract_${i + 1}`, ...variantGroup(names) }));
GROUPS.forEach((g) => (CASES[g.module] = { before: seed, after: g.config }));
const INDEX_ADDED = GROUPS.find((g) => g.changes.includes("an index added"))!.module;

/** What release 0.6.0 synthesized for each example stack: the stack every 0.6.0 user upgrades from. */
const RELEASED_060 = join(__dirname, "..", "test-support", "fixtures", "0.6.0");
const UPGRADES_FROM_060 = EXAMPLES.flatMap((example) =>
  Object.keys(parseConfig(readFileSync(join(EXAMPLES_DIR, example), "utf8"), example).stacks)
    // A stack an example gained since has nothing to upgrade from.
    .filter((stack) => existsSync(join(RELEASED_060, example.replace(/\.json$/, ""), `${stack}.json`)))
    .map((stack) => ({
      module: moduleName(example, stack),
      case: `from_0_6_${moduleName(example, stack)}`,
      before: JSON.parse(readFileSync(join(RELEASED_060, example.replace(/\.json$/, ""), `${stack}.json`), "utf8")) as TerraformJson,
    })),
);
/** What an upgrade from 0.6.0 may change: policy documents, in place. */
const POLICY_TYPES = ["aws_iam_policy", "aws_dynamodb_resource_policy", "aws_vpc_endpoint", "aws_vpc_endpoint_policy", "aws_kms_key"];
/**
 * What else an upgrade may change in place: the flow logs' group is kept in AWS on destroy from 1.0.0
 * (`skip_destroy`, which Terraform alone reads: no API call).
 */
const LIFECYCLE_CHANGES: Readonly<Record<string, readonly string[]>> = { aws_cloudwatch_log_group: ["skip_destroy"] };
const isLifecycleChange = (d: ResourceDiff) => d.changed.every((a) => LIFECYCLE_CHANGES[d.address.split(".")[0]]?.includes(a));
/** The resources 1.0.0 tags `PERIMETER_TAG_KEY` (in place: a tag call), for the organization's SCP to protect. */
const PERIMETER_TAGGED_TYPES = ["aws_cloudwatch_log_group", "aws_flow_log", "aws_kms_key", "aws_vpc_endpoint"];
/** A changed path that only adds the perimeter tag: the `tags` map, or its one new key. */
function addsOnlyPerimeterTag(d: ResourceDiff, path: string): boolean {
  if (!PERIMETER_TAGGED_TYPES.includes(d.address.split(".")[0])) return false;
  const { before, after } = d.detail[path] ?? {};
  if (path === `tags.${PERIMETER_TAG_KEY}` || path === `tags_all.${PERIMETER_TAG_KEY}`) return before == null && typeof after === "string";
  if (path !== "tags" && path !== "tags_all") return false;
  const rest = { ...((after as Record<string, string> | null) ?? {}) };
  const added = rest[PERIMETER_TAG_KEY];
  delete rest[PERIMETER_TAG_KEY];
  return typeof added === "string" && JSON.stringify(rest) === JSON.stringify((before as Record<string, string> | null) ?? {});
}
/** The diff without the paths that add the perimeter tag. */
const untagged = (d: ResourceDiff): ResourceDiff => ({ ...d, changed: d.changed.filter((a) => !addsOnlyPerimeterTag(d, a)) });

describe("real-provider plan gate", () => {
  let aws: OfflineAws;
  /** The stand-in the DynamoDB refresh of every example (and the apply after it) talks to: its calls are theirs alone. */
  let refreshAws: OfflineAws;
  const refreshDecisions: AuthorizedCall[] = [];
  const applyDecisions: AuthorizedCall[] = [];
  let run: TwoApplies;
  let wrongAccountPlan: RootPlan;
  const dirs = tempDirs();
  let server: ProviderServer | undefined;
  /** Synthesized JSON by module name, and the example and stack each came from. */
  const synthesized: Record<string, TerraformJson> = {};
  const modulesOf: Record<string, string[]> = {};

  beforeAll(async () => {
    aws = await startOfflineAws();
    // examples/import.json adopts what the article created by hand.
    registerExampleResources(aws);
    existingResources(aws).addTable({ region: TELEMETRY.region, pointInTimeRecovery: false, description: telemetryDescription() });
    for (const subnet of ONE_ZONE_SUBNETS) existingResources(aws).addSubnet(subnet);
    for (const [name, stream] of [
      [LEDGER_TABLES.streamed, true],
      [LEDGER_TABLES.plain, false],
    ] as const)
      existingResources(aws).addTable({
        region: OWN_POLICY_ENDPOINT.region,
        pointInTimeRecovery: true,
        description: ledgerDescription(name, stream),
      });
    if (!gate.ok) return;
    for (const example of EXAMPLES) {
      // Each example synthesized once, as `cdktf synth` would, and read back from disk.
      const config = parseConfig(readFileSync(join(EXAMPLES_DIR, example), "utf8"), example);
      const outdir = synthToDisk(config);
      dirs.keep(outdir);
      modulesOf[example] = Object.keys(config.stacks).map((name) => {
        const module = moduleName(example, name);
        synthesized[module] = JSON.parse(readFileSync(join(stackDir(outdir, name), "cdk.tf.json"), "utf8")) as TerraformJson;
        return module;
      });
    }
    // The README's perimeter around an app's own resources, synthesized as that app would be.
    synthesized[README_PERIMETER] = synthSample(sampleWith("shop.addExistingTable(legacy);"), dirs.make("readme-perimeter-")).tf;
    synthesized[EXISTING_TABLES] = existingTablesPerimeter(ledgerArn("123456789012", LEDGER_TABLES.plain));
    const cases = [
      ...Object.entries(CASES).map(([name, c]) => ({
        name,
        before: synthOf(c.before),
        after: synthOf(c.after),
        zonesAfter: c.zonesAfter,
        forget: c.forget,
        drift: c.drift,
        refused: c.refused,
      })),
      // Every example as 0.6.0 applied it, planned again with this release.
      ...UPGRADES_FROM_060.map((u) => ({ name: u.case, before: u.before, after: synthesized[u.module] })),
    ];
    server = await startProviderServer(gate, aws.url);
    refreshAws = await startOfflineAws();
    registerExampleResources(refreshAws);
    // The refresh runs as a plan role nobody tagged or named, and the stand-in judges it by the resource policies.
    const refresh = {
      modules: Object.values(modulesOf).flat(),
      aws: refreshAws,
      caller: PLAN_ROLE,
      authorizer: resourcePolicyAuthorizer(existingResources(refreshAws), refreshDecisions),
    };
    // Then a change to the seed, applied from outside as an untagged and a tagged role.
    const apply = {
      module: modulesOf["default.json"][0],
      change: tagTable,
      callers: [{ role: UNTAGGED_APPLY_ROLE }, { role: APPLY_ROLE, tags: { "dp:exclude:network": "true" } }],
      authorizer: resourcePolicyAuthorizer(existingResources(refreshAws), applyDecisions),
    };
    // The mirror's provider run where it lies: no checksum of it per command (cli.ts, directProvider).
    const wrongAccountRoot = writeBatchRoot(gate, dirs.make("wrong-account-"), [{ name: "wrong_account", stack: synthOf(wrongAccount) }]);
    const planWrongAccount = initRoot(gate, wrongAccountRoot).then(() => planRoot(gate, wrongAccountRoot, aws.url, server));
    [run, wrongAccountPlan] = await Promise.all([
      planTwoApplies(directProvider(gate), aws, synthesized, cases, server, { secondCaller: SECOND_CALLER, refresh, apply }),
      planWrongAccount,
    ]);
    dirs.keep(run.work);
  }, 300_000);

  afterAll(async () => {
    server?.stop();
    await aws?.close();
    await refreshAws?.close();
    dirs.remove();
  });

  /** The first plan of a stack: one row per resource. */
  const firstChanges = (module: string) => moduleChanges(run.first.plan!, module).filter((rc) => rc.mode === "managed");
  const errorsOf = (plan: TwoApplies["first"] | undefined) =>
    (plan?.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => `${d.summary}: ${d.detail ?? ""} ${d.address ?? ""}`);
  const secondDiffs = (module: string): ResourceDiff[] => {
    expect(errorsOf(run.second)).toEqual([]);
    return run.secondDiffs(module);
  };
  const tableOf = (diffs: ResourceDiff[]) => diffs.find((d) => d.address.startsWith("aws_dynamodb_table."))!;

  test("covers every example config", () => {
    expect(EXAMPLES).toEqual([
      "default.json",
      "existing-vpc.json",
      "global-tables.json",
      "grants.json",
      "import.json",
      "interface-endpoints.json",
      "join-endpoint.json",
      "monitoring.json",
      "organization.json",
      "perimeter.json",
      "private-dns.json",
      "s3-backend.json",
      "table-features.json",
    ]);
  });

  for (const n of uncheckable) {
    test.skip(`${newerName(n)} (needs provider ${n.since}; the mirror has ${gate.ok ? gate.providerVersion : "none"})`, () => undefined);
  }

  gateTest("the README's perimeter around the app's own VPC, role, group and table plans every resource as a create", () => {
    expect(errorsOf(run.first)).toEqual([]);
    const changes = firstChanges(README_PERIMETER);
    expect(changes.every((rc) => JSON.stringify(rc.change.actions) === '["create"]')).toBe(true);
    const types = new Set(changes.map((rc) => rc.type));
    for (const type of [
      "aws_vpc",
      "aws_iam_role",
      "aws_iam_group",
      "aws_dynamodb_table",
      "aws_vpc_endpoint",
      "aws_dynamodb_resource_policy",
    ]) {
      expect(types).toContain(type);
    }
    // Both tables get a resource policy: the one the perimeter creates and the app's own.
    expect(changes.filter((rc) => rc.type === "aws_dynamodb_resource_policy")).toHaveLength(2);
  });

  gateTest("another state's tables, read at plan: both get a resource policy, the one with a stream a stream policy", () => {
    expect(errorsOf(run.first)).toEqual([]);
    const changes = firstChanges(EXISTING_TABLES);
    expect(changes.every((rc) => JSON.stringify(rc.change.actions) === '["create"]')).toBe(true);
    const policies = changes.filter((rc) => rc.type === "aws_dynamodb_resource_policy");
    const arns = policies.map((rc) => (rc.change.after as { resource_arn?: string }).resource_arn).sort();
    expect(arns).toEqual([
      ledgerArn("123456789012", LEDGER_TABLES.streamed),
      `${ledgerArn("123456789012", LEDGER_TABLES.streamed)}/stream/2026-01-01T00:00:00.000`,
      ledgerArn("123456789012", LEDGER_TABLES.plain),
    ]);
    // The second table's stream policy is there with a count of 0: no instance.
    expect(policies.filter((rc) => rc.address.includes("StreamPolicy")).map((rc) => rc.address)).toEqual([
      expect.stringMatching(/ledger-archive_StreamPolicy_[0-9A-F]{8}\[0\]$/),
    ]);
  });

  describe("first apply: every example from an empty state", () => {
    gateTest("Terraform reports no errors", () => {
      expect(errorsOf(run.first)).toEqual([]);
      expect(run.first.plan).toBeDefined();
    });

    gateTest.each(EXAMPLES)("examples/%s plans every resource, creates or imports them, and deletes nothing", (example) => {
      for (const module of modulesOf[example]) {
        // Only the arguments listed as newer than the mirror are ever removed.
        for (const removed of run.firstRoot.removed[module]) {
          expect(uncheckable.some((n) => removed.startsWith(`${newerName(n)} at `))).toBe(true);
        }
        const changes = firstChanges(module);
        const stack = synthesized[module];
        expect(changes.map((c) => c.address).sort()).toEqual(addressesOf(stack));
        // Adopted resources are imported (and fixed in place); everything else is created.
        const imported = (stack.import ?? []).map((block) => String(block.to)).sort();
        expect(
          changes
            .filter((c) => c.change.importing)
            .map((c) => c.address)
            .sort(),
        ).toEqual(imported);
        const unexpected = changes.filter((c) =>
          imported.includes(c.address) ? !["update", "no-op"].includes(c.change.actions.join()) : c.change.actions.join() !== "create",
        );
        expect(unexpected.map((c) => `${c.address}: ${c.change.actions.join()}`)).toEqual([]);
      }
    });

    gateTest("adopting a Standard-IA table with a stream and on-demand ceilings changes only what the module deliberately fixes", () => {
      const table = firstChanges(run.firstModuleOf.adopt_infrequent_access_table).find((c) => c.type === "aws_dynamodb_table")!;
      expect([table.change.importing?.id, table.change.actions.join()]).toEqual([TELEMETRY.name, "update"]);
      const before = table.change.before as Record<string, unknown>;
      const after = table.change.after as Record<string, unknown>;
      const changed = Object.keys(after).filter(
        (k) =>
          JSON.stringify(before[k]) !== JSON.stringify(after[k]) && (table.change.after_unknown as Record<string, unknown>)[k] !== true,
      );
      expect(changed.sort()).toEqual(["deletion_protection_enabled", "point_in_time_recovery", "server_side_encryption"]);
      // What the config describes stays as it is.
      expect([after.table_class, after.on_demand_throughput, after.stream_view_type, after.stream_enabled]).toEqual([
        "STANDARD_INFREQUENT_ACCESS",
        [{ max_read_request_units: 2000, max_write_request_units: 500 }],
        "NEW_IMAGE",
        true,
      ]);
    });

    gateTest("examples/import.json adopts the article's table, endpoint and policy and fixes them in place", () => {
      const [module] = modulesOf["import.json"];
      const imported = firstChanges(module).filter((c) => c.change.importing);
      expect(imported.map((c) => [c.type, c.change.importing!.id, c.change.actions.join()]).sort()).toEqual([
        ["aws_dynamodb_table", "BookCollection", "update"],
        ["aws_iam_policy", "arn:aws:iam::123456789012:policy/vpcepolicy", "update"],
        ["aws_vpc_endpoint", "vpce-0c1d2e3f4a5b6c7d8", "update"],
      ]);
    });
    gateTest("examples/monitoring.json creates a trail of every region, logs validated and encrypted, to a bucket locked to it", () => {
      const [module] = modulesOf["monitoring.json"];
      const changes = firstChanges(module);
      const after = (type: string) => changes.filter((c) => c.type === type).map((c) => c.change.after as Record<string, unknown>);
      const [trail] = after("aws_cloudtrail");
      expect([trail.name, trail.is_multi_region_trail, trail.include_global_service_events, trail.enable_log_file_validation]).toEqual([
        "Ledger-perimeter-trail",
        true,
        true,
        true,
      ]);
      // The key and the bucket are known only at apply: the trail names them by reference.
      const trailChange = changes.find((c) => c.type === "aws_cloudtrail")!.change.after_unknown as Record<string, unknown>;
      expect([trailChange.kms_key_id, trailChange.s3_bucket_name]).toEqual([true, true]);
      expect(after("aws_s3_bucket_public_access_block").map((b) => Object.values(b).filter((v) => v === true).length)).toEqual([4]);
      expect(after("aws_s3_bucket_versioning").map((v) => (v.versioning_configuration as Array<{ status: string }>)[0].status)).toEqual([
        "Enabled",
      ]);
      expect(after("aws_s3_bucket_ownership_controls").map((o) => o.rule)).toEqual([[{ object_ownership: "BucketOwnerEnforced" }]]);
      expect(
        after("aws_cloudwatch_event_rule")
          .map((r) => r.name)
          .sort(),
      ).toEqual([
        "Ledger-alerts-loosened",
        "Ledger-alerts-loosened",
        "Ledger-endpoints-loosened",
        "Ledger-external-access",
        "Ledger-guard-loosened",
        "Ledger-tables-loosened",
      ]);
      // The alarms read the trail's events in a log group of its own, kept a year, encrypted with the trail's key.
      const [group] = after("aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith("/aws/cloudtrail/"));
      expect([group.name, group.retention_in_days, group.skip_destroy]).toEqual(["/aws/cloudtrail/Ledger-perimeter-trail", 365, true]);
      expect(trailChange.cloud_watch_logs_group_arn).toBe(true);
      expect(
        after("aws_cloudwatch_metric_alarm")
          .map((a) => a.alarm_name)
          .sort(),
      ).toEqual(["Ledger-denied-calls", "Ledger-denied-stream-calls", "Ledger-off-perimeter-calls", "Ledger-off-perimeter-stream-calls"]);
      for (const filter of after("aws_cloudwatch_log_metric_filter")) expect(String(filter.pattern).length).toBeLessThanOrEqual(1024);
      expect(after("aws_cloudwatch_query_definition").map((q) => q.name)).toEqual(["Ledger/off-perimeter-calls"]);
      expect(after("aws_accessanalyzer_analyzer").map((a) => [a.analyzer_name, a.type])).toEqual([["Ledger-external-access", "ACCOUNT"]]);
    });
  });

  describe("accounts: each stack planned in its own account, and nowhere else", () => {
    gateTest("examples/organization.json: each stack assumes its account's role with its session name and external id", () => {
      const expected = Object.values(ORGANIZATION.stacks).map((s) => s.provider!.assumeRole!);
      const seen = new Set(aws.assumed.map((a) => JSON.stringify([a.roleArn, a.sessionName, a.externalId])));
      expect([...seen].sort()).toEqual(expected.map((r) => JSON.stringify([r.roleArn, r.sessionName, r.externalId])).sort());
    });
    gateTest("examples/organization.json: each stack's resources name its own account only, as STS reported it", () => {
      for (const [name, stack] of Object.entries(ORGANIZATION.stacks)) {
        const changes = firstChanges(moduleName("organization.json", name));
        const accounts = new Set(JSON.stringify(changes.map((c) => c.change.after)).match(/(?<=arn:aws:[a-z0-9-]+:[a-z0-9-]*:)\d{12}/g));
        expect([name, [...accounts]]).toEqual([name, stack.provider!.allowedAccountIds]);
      }
    });
    gateTest("a stack allowed only in another account is refused by the provider before anything is planned", () => {
      expect(wrongAccountPlan.plan).toBeUndefined();
      const errors = wrongAccountPlan.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.summary} ${d.detail ?? ""}`);
      expect(errors).toEqual([expect.stringMatching(new RegExp(`account ID not allowed.*123456789012`, "is"))]);
    });
  });

  describe("second apply: the state the first plan leaves, planned again", () => {
    gateTest("the state covers every stack and case, and Terraform reports no errors", () => {
      expect(run.second?.plan).toBeDefined();
      for (const module of [...Object.keys(synthesized), ...Object.keys(CASES).filter((c) => !CASES[c].refused)]) {
        expect([module, secondDiffs(module).length > 0]).toEqual([module, true]);
      }
    });

    gateTest("the second plan ran as another role than the first", () => {
      const roles = new Set(aws.callerArns.map((arn) => arn.split("/")[1]));
      expect([...roles].sort()).toEqual(["deployer", SECOND_CALLER].sort());
    });

    gateTest.each(EXAMPLES)("examples/%s: a second plan with the same config, by another role, changes nothing", (example) => {
      for (const module of modulesOf[example]) {
        const changes = secondDiffs(module).filter((d) => d.action !== "no-op");
        expect(changes.map((d) => `${d.address}: ${d.action} ${JSON.stringify(d.detail)}`)).toEqual([]);
      }
    });

    test("every address-contract variant is planned, in exactly one group", () => {
      expect(GROUPS.flatMap((g) => g.changes).sort()).toEqual(VARIANTS.map(([change]) => change).sort());
    });

    gateTest.each(GROUPS.map((g) => [g.changes.join(", "), g.module, g.removedOnPurpose, g.replacedOnPurpose] as const))(
      "%s: no replace or delete but what the changes do on purpose",
      (_changes, module, removedOnPurpose, replacedOnPurpose) => {
        const diffs = secondDiffs(module);
        const deleted = diffs.filter((d) => d.action === "delete").map((d) => d.address);
        const replaced = diffs.filter((d) => d.action === "replace").map((d) => d.address);
        expect(replaced.sort()).toEqual([...replacedOnPurpose].sort());
        expect(deleted.sort()).toEqual([...removedOnPurpose].sort());
        // The table, endpoint, VPC and subnets are never replaced or deleted; a key only when the change stops using it.
        const lost = diffs.filter((d) => ["delete", "replace"].includes(d.action) && PROTECTED_TYPES.includes(d.address.split(".")[0]));
        expect(replacedOnPurpose.filter((a) => PROTECTED_TYPES.includes(a.split(".")[0]))).toEqual([]);
        expect(lost.filter((d) => !(d.action === "delete" && removedOnPurpose.includes(d.address))).map((d) => d.address)).toEqual([]);
      },
    );

    gateTest("the adopted Standard-IA table, planned again, changes nothing", () => {
      const diffs = secondDiffs("adopt_infrequent_access_table");
      expect(diffs.filter((d) => d.action !== "no-op").map((d) => `${d.address}: ${d.action} ${JSON.stringify(d.detail)}`)).toEqual([]);
    });

    gateTest("TTL removed from the config plans TTL off", () => {
      const table = tableOf(secondDiffs("settings_dropped"));
      expect([table.action, table.detail["ttl.0.enabled"]]).toEqual(["update", { before: true, after: false }]);
    });

    gateTest("customer-managed key to AWS owned plans SSE off", () => {
      const table = tableOf(secondDiffs("settings_dropped"));
      expect([table.action, table.detail["server_side_encryption.0.enabled"]]).toEqual(["update", { before: true, after: false }]);
    });

    gateTest("a stream removed from the config plans the stream off", () => {
      const table = tableOf(secondDiffs("settings_dropped"));
      expect([table.action, table.detail.stream_enabled]).toEqual(["update", { before: true, after: false }]);
    });

    gateTest("point-in-time recovery and deletion protection dropped from the config plan them back on, their defaults", () => {
      const table = tableOf(secondDiffs("settings_dropped"));
      expect([table.detail["point_in_time_recovery.0.enabled"], table.detail.deletion_protection_enabled]).toEqual([
        { before: false, after: true },
        { before: false, after: true },
      ]);
    });

    gateTest("dropping every setting changes the table in place, deletes the key and the stream's policy, and nothing else", () => {
      const diffs = secondDiffs("settings_dropped");
      expect(
        diffs
          .filter((d) => d.action !== "no-op")
          .map((d) => `${withoutHash(d.address)}: ${d.action}`)
          .sort(),
      ).toEqual(SETTINGS_DROPPED_PLAN);
      expect(tableOf(diffs).changed).toEqual(SETTINGS_DROPPED_TABLE_CHANGES);
    });

    gateTest(
      "on-demand ceilings dropped from the config: the plan drops the block, which sends DynamoDB nothing (the README says why, and what to do)",
      () => {
        const table = tableOf(secondDiffs("ceilings_dropped"));
        expect([table.action, table.detail]).toEqual([
          "update",
          {
            on_demand_throughput: { before: [{ max_read_request_units: 100, max_write_request_units: 50 }], after: [] },
            ...TTL_NAME_FILLED,
          },
        ]);
      },
    );

    gateTest("on-demand ceilings set to -1: the plan sends -1 for each, DynamoDB's way to remove them", () => {
      const diffs = secondDiffs("ceilings_removed");
      expect(diffs.filter((d) => d.action !== "no-op").map((d) => withoutHash(d.address))).toEqual(["aws_dynamodb_table.Isolation_Table"]);
      expect(tableOf(diffs).detail).toEqual({
        "on_demand_throughput.0.max_read_request_units": { before: 100, after: -1 },
        "on_demand_throughput.0.max_write_request_units": { before: 50, after: -1 },
        ...TTL_NAME_FILLED,
      });
    });

    gateTest("capacity auto scaling raised on the table and its index is left alone", () => {
      const diffs = secondDiffs("scaling_drift_kept");
      expect(diffs.filter((d) => d.action !== "no-op").map((d) => `${d.address}: ${d.action} ${JSON.stringify(d.detail)}`)).toEqual([]);
    });

    gateTest(
      "with applyIndexChanges, the index's capacity goes back to the configured minimum, and nothing else changes (the documented cost)",
      () => {
        const diffs = secondDiffs("scaling_drift_reset_by_index_changes");
        expect(diffs.filter((d) => d.action !== "no-op").map((d) => `${withoutHash(d.address)}: ${d.action}`)).toEqual([
          "aws_dynamodb_table.Isolation_Table: update",
        ]);
        const table = tableOf(diffs);
        expect(table.detail).toEqual(SCALING_RESET_CHANGES);
      },
    );

    gateTest("a zone that is no longer available replaces no subnet", () => {
      const diffs = secondDiffs("zone_no_longer_available");
      expect(diffs.filter((d) => d.action !== "no-op").map((d) => `${d.address}: ${d.action}`)).toEqual([]);
    });

    gateTest("turning tamper alerts on creates their rules, topics and keys only; turning them off destroys those only", () => {
      // Everything of the perimeter is a no-op: it keeps its resources as they are.
      const on = secondDiffs("monitoring_on").filter((d) => d.action !== "no-op");
      expect(on.filter((d) => d.action !== "create").map((d) => `${d.address}: ${d.action}`)).toEqual([]);
      expect(on.every((d) => MONITORING_TYPES.includes(d.address.split(".")[0]) && d.address.includes("_Monitoring_"))).toBe(true);
      // The tables', endpoints' and guard's rules, and in each of the two regions the rule on the alerts themselves.
      expect(on.filter((d) => d.address.startsWith("aws_cloudwatch_event_rule.")).map((d) => d.address)).toHaveLength(5);
      const off = secondDiffs("monitoring_off").filter((d) => d.action !== "no-op");
      expect(off.filter((d) => d.action !== "delete").map((d) => `${d.address}: ${d.action}`)).toEqual([]);
      expect(off.map((d) => d.address).sort()).toEqual(on.map((d) => d.address).sort());
    });

    gateTest(
      "turning the alarms and Access Analyzer on or off creates or destroys their own resources; the trail, its key and the topics' policies change in place",
      () => {
        const on = secondDiffs("watching_on").filter((d) => d.action !== "no-op");
        const off = secondDiffs("watching_off").filter((d) => d.action !== "no-op");
        for (const [diffs, made] of [
          [on, "create"],
          [off, "delete"],
        ] as const) {
          const inPlace = diffs.filter((d) => d.action === "update").map((d) => d.address.split(".")[0]);
          expect([...new Set(inPlace)].sort()).toEqual(["aws_cloudtrail", "aws_kms_key", "aws_sns_topic_policy"]);
          const others = diffs.filter((d) => d.action !== "update");
          expect(others.filter((d) => d.action !== made).map((d) => `${d.address}: ${d.action}`)).toEqual([]);
          expect(others.filter((d) => !WATCHING_TYPES.includes(d.address.split(".")[0])).map((d) => d.address)).toEqual([]);
        }
        expect(on.filter((d) => d.address.startsWith("aws_cloudwatch_metric_alarm.")).map((d) => d.address)).toHaveLength(4);
        expect(
          off
            .filter((d) => d.action === "delete")
            .map((d) => d.address)
            .sort(),
        ).toEqual(
          on
            .filter((d) => d.action === "create")
            .map((d) => d.address)
            .sort(),
        );
      },
    );

    gateTest("turning data events on or off changes the trail's selectors in place, and nothing else", () => {
      for (const name of ["data_events_on", "data_events_off"]) {
        const changed = secondDiffs(name).filter((d) => d.action !== "no-op");
        expect([name, changed.map((d) => [d.address.split(".")[0], d.action])]).toEqual([name, [["aws_cloudtrail", "update"]]]);
        expect(changed[0].changed.length).toBeGreaterThan(0);
        expect(changed[0].changed.filter((p) => !p.startsWith("advanced_event_selector"))).toEqual([]);
      }
    });

    gateTest("an index added with applyIndexChanges is added in place, and scales from the start", () => {
      const diffs = secondDiffs(INDEX_ADDED);
      expect(diffs.filter((d) => ["delete", "replace"].includes(d.action))).toEqual([]);
      expect(tableOf(diffs).action).toBe("update");
      expect(tableOf(diffs).changed.some((p) => p.startsWith("global_secondary_index"))).toBe(true);
      expect(
        diffs
          .filter((d) => d.action === "create")
          .map((d) => withoutHash(d.address))
          .sort(),
      ).toEqual([
        "aws_appautoscaling_policy.Isolation_Table_Indexes_byTitle_ReadScaling_Policy",
        "aws_appautoscaling_policy.Isolation_Table_Indexes_byTitle_WriteScaling_Policy",
        "aws_appautoscaling_target.Isolation_Table_Indexes_byTitle_ReadScaling_Target",
        "aws_appautoscaling_target.Isolation_Table_Indexes_byTitle_WriteScaling_Target",
      ]);
    });

    gateTest(
      "upgrading the seed from 0.2.0 rewrites the guard, the resource policy and the endpoint policy in place, and nothing else: the explicit 'off' settings match what AWS reports",
      () => {
        const diffs = secondDiffs("upgrade_seed_from_0_2");
        expect(
          diffs
            .filter((d) => d.action !== "no-op")
            .map((d) => `${withoutHash(d.address)}: ${d.action} ${d.changed.join(",")}`)
            .sort(),
        ).toEqual([
          "aws_cloudwatch_log_group.Isolation_Network_FlowLog_LogGroup: update skip_destroy,tags,tags_all.dynamodb-isolation:perimeter",
          "aws_dynamodb_resource_policy.Isolation_ResourcePolicy: update policy,revision_id",
          "aws_flow_log.Isolation_Network_FlowLog: update tags,tags_all.dynamodb-isolation:perimeter",
          "aws_iam_policy.Isolation_Guard: update policy",
          "aws_kms_key.Isolation_Key: update policy,tags,tags_all.dynamodb-isolation:perimeter",
          "aws_kms_key.Isolation_Network_FlowLog_Key: update policy,tags,tags_all.dynamodb-isolation:perimeter",
          "aws_vpc_endpoint.Isolation_Endpoint: update policy,tags.dynamodb-isolation:perimeter,tags_all.dynamodb-isolation:perimeter",
        ]);
        // Each tag added is the perimeter's name.
        for (const d of diffs.filter((x) => x.changed.some((a) => a.startsWith("tags")))) {
          expect([
            d.address,
            addsOnlyPerimeterTag(
              d,
              d.changed.find((a) => a.startsWith("tags"))!,
            ),
          ]).toEqual([d.address, true]);
        }
      },
    );

    gateTest(
      "upgrading a global table from 0.2.0 imports its replicas, keeps every one, and re-creates only the replicas' stream policies",
      () => {
        const diffs = secondDiffs("upgrade_global_from_0_2");
        // The stream-identity record is new, so each replica's stream ARN is read at apply this once, and its stream
        // policy is re-created (docs/UPGRADING.md). Nothing else is replaced or deleted.
        const lost = diffs.filter((d) => ["delete", "replace"].includes(d.action));
        expect(lost.map((d) => `${withoutHash(d.address)}: ${d.action} because ${d.replacedBecause.join(", ")}`).sort()).toEqual([
          "aws_dynamodb_resource_policy.Isolation_Replicas_ap-southeast-2_StreamPolicy: replace because resource_arn",
          "aws_dynamodb_resource_policy.Isolation_Replicas_eu-west-1_StreamPolicy: replace because resource_arn",
        ]);
        expect(
          diffs
            .filter((d) => d.importing)
            .map((d) => withoutHash(d.address))
            .sort(),
        ).toEqual([
          "aws_dynamodb_table_replica.Isolation_Table_Replicas_ap-southeast-2",
          "aws_dynamodb_table_replica.Isolation_Table_Replicas_eu-west-1",
        ]);
        // The imported replicas change in place at most (here: deletion protection, which the mirror's provider could not set in 0.2.0).
        expect(diffs.filter((d) => d.importing && d.action !== "no-op").map((d) => [d.action, Object.keys(d.detail)])).toEqual([
          ["update", ["deletion_protection_enabled"]],
          ["update", ["deletion_protection_enabled"]],
        ]);
        expect(tableOf(diffs).action).toBe("no-op");
      },
    );

    gateTest("a change to every replica (point-in-time recovery off) updates them in place and keeps their stream policies", () => {
      const diffs = secondDiffs("global_pitr_off");
      expect(diffs.filter((d) => ["delete", "replace"].includes(d.action)).map((d) => d.address)).toEqual([]);
      const replicas = diffs.filter((d) => d.address.startsWith("aws_dynamodb_table_replica."));
      expect(replicas.map((d) => [d.action, d.changed])).toEqual([
        ["update", ["point_in_time_recovery"]],
        ["update", ["point_in_time_recovery"]],
      ]);
      expect(diffs.filter((d) => d.address.includes("StreamPolicy")).map((d) => d.action)).toEqual(["no-op", "no-op", "no-op"]);
    });

    gateTest("merging stacks: the surviving stack adopts the table, keeps its own, and destroys and replaces nothing", () => {
      const diffs = secondDiffs("merge_orders_adopts_customers");
      expect(diffs.filter((d) => ["delete", "replace"].includes(d.action)).map((d) => d.address)).toEqual([]);
      const adopted = diffs.filter((d) => d.importing);
      expect(adopted.map((d) => withoutHash(d.address))).toEqual(["aws_dynamodb_table.Isolation_Tables_Customers_Table"]);
      expect(diffs.find((d) => d.address.startsWith("aws_dynamodb_table.Isolation_Table_"))!.action).toBe("no-op");
      // The adopted table's resource policy is written here, accepting the old endpoint until its clients have moved.
      const policy = Object.entries(synthOf(merged).resource!.aws_dynamodb_resource_policy).find(([n]) =>
        n.includes("_Tables_Customers_"),
      )![1];
      expect(JSON.parse(policy.policy as string).Statement[0].Condition.StringNotEquals["aws:SourceVpce"]).toContain(CUSTOMERS_ENDPOINT);
      expect(diffs.find((d) => d.address.includes("_Tables_Customers_ResourcePolicy"))!.action).toBe("create");
    });

    gateTest("merging stacks: the retiring stack, its table forgotten, destroys everything else and never the table", () => {
      const diffs = secondDiffs("merge_customers_retires");
      expect(
        diffs.filter((d) => d.address.startsWith("aws_dynamodb_table.") || d.address.startsWith("aws_dynamodb_resource_policy.")),
      ).toEqual([]);
      expect(diffs.length).toBeGreaterThan(10);
      expect(diffs.filter((d) => d.action !== "delete").map((d) => d.address)).toEqual([]);
    });
  });

  describe("applying from outside the endpoints, with the control-plane lock on (the default)", () => {
    gateTest("an untagged apply role is refused with DynamoDB's message, and changes nothing", () => {
      const [untagged] = run.applied!;
      expect(untagged.code).not.toBe(0);
      const errors = untagged.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.summary} ${d.detail ?? ""}`);
      expect(errors).toEqual([
        expect.stringContaining(
          `is not authorized to perform: dynamodb:TagResource on resource: arn:aws:dynamodb:us-east-2:123456789012:table/BookCollection with an explicit deny in a resource-based policy`,
        ),
      ]);
    });

    gateTest("a role tagged dp:exclude:network=true applies the same change", () => {
      const [, tagged] = run.applied!;
      expect(tagged.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(tagged.code).toBe(0);
      const tagging = applyDecisions.filter((d) => d.action === "dynamodb:TagResource");
      expect(tagging.map((d) => [d.caller.split("/").pop(), d.decision])).toEqual([
        [UNTAGGED_APPLY_ROLE, "ExplicitlyDenied"],
        [APPLY_ROLE, "Allowed"],
      ]);
    });
  });

  gateTest("once an apply turned the protections off, destroying the perimeter deletes everything and replaces nothing", () => {
    const diffs = secondDiffs("teardown_after_unprotecting");
    expect(diffs.length).toBeGreaterThan(5);
    expect(diffs.filter((d) => d.action !== "delete").map((d) => `${d.address}: ${d.action}`)).toEqual([]);
    expect(diffs.some((d) => d.address.startsWith("aws_dynamodb_table."))).toBe(true);
    // AWS refuses to delete an association under mutation protection: the unprotecting apply turned it off.
    const association = (module: string) =>
      firstChanges(module).find((rc) => rc.type === "aws_route53_resolver_firewall_rule_group_association")?.change.after as
        { mutation_protection?: string } | undefined;
    expect(association(run.firstModuleOf.teardown_after_unprotecting)?.mutation_protection).toBe("DISABLED");
    expect(association(modulesOf["private-dns.json"][0])?.mutation_protection).toBe("ENABLED");
    expect(diffs.some((d) => d.address.startsWith("aws_route53_resolver_firewall_rule_group_association."))).toBe(true);
  });

  describe("upgrading from 0.6.0: every example's next plan", () => {
    gateTest.each(UPGRADES_FROM_060.map((u) => [u.module, u.case]))(
      "%s changes its policies (key policies included) in place, keeps its flow logs on destroy, and nothing else",
      (_module, name) => {
        const diffs = secondDiffs(name).map(untagged);
        // Tags are the only change a tagged resource without a policy may have: the perimeter tag, added.
        const tagged = secondDiffs(name).filter((d) => d.action === "update" && d.changed.length > 0 && untagged(d).changed.length === 0);
        const changed = diffs.filter(
          (d) => d.action !== "no-op" && d.changed.length > 0 && !(d.action === "update" && isLifecycleChange(d)),
        );
        expect(tagged.every((d) => PERIMETER_TAGGED_TYPES.includes(d.address.split(".")[0]))).toBe(true);
        expect(
          diffs
            .filter((d) => d.action !== "no-op" && d.changed.length > 0 && !changed.includes(d))
            .every((d) => d.address.startsWith("aws_cloudwatch_log_group.")),
        ).toBe(true);
        expect(changed.filter((d) => d.action !== "update").map((d) => `${d.address}: ${d.action}`)).toEqual([]);
        expect(changed.filter((d) => !POLICY_TYPES.includes(d.address.split(".")[0])).map((d) => d.address)).toEqual([]);
        // A resource policy's revision changes with its document; nothing else about any of them does.
        expect(
          changed
            .filter((d) => d.changed.some((a) => !["policy", "revision_id"].includes(a)))
            .map((d) => `${d.address}: ${d.changed.join(",")}`),
        ).toEqual([]);
        expect(changed.some((d) => d.address.startsWith("aws_iam_policy."))).toBe(true);
      },
    );
  });

  describe("in Terraform's dependency graph", () => {
    gateTest("a provisioned table's replicas wait for the read and write scaling of the table and of every index", () => {
      const [module] = modulesOf["global-tables.json"];
      const resources = configurationOf(run.first.plan!, module);
      const scaling = resources.filter((r) => r.type.startsWith("aws_appautoscaling_")).map((r) => r.address);
      expect(scaling).toHaveLength(12);
      const replicas = resources.filter((r) => r.type === "aws_dynamodb_table_replica");
      expect(replicas).toHaveLength(2);
      for (const replica of replicas)
        expect([replica.address, [...(replica.depends_on ?? [])].sort()]).toEqual([replica.address, [...scaling].sort()]);
    });

    gateTest("every region's resource policies wait for every replica", () => {
      const [module] = modulesOf["global-tables.json"];
      const resources = configurationOf(run.first.plan!, module);
      const replicas = resources.filter((r) => r.type === "aws_dynamodb_table_replica").map((r) => r.address);
      // A table and a stream policy in the home region and in each of the two replica regions.
      const policies = resources.filter((r) => r.type === "aws_dynamodb_resource_policy");
      expect(policies).toHaveLength(6);
      for (const policy of policies)
        expect([policy.address, [...(policy.depends_on ?? [])].sort()]).toEqual([policy.address, [...replicas].sort()]);
    });
  });

  describe("plans Terraform must refuse, with the module's message", () => {
    /** Errors of the refused root's plan, each with the module whose file it points into and the block it names. */
    const refusals = (module: string) =>
      (run.refused?.diagnostics ?? [])
        .filter((d) => d.severity === "error" && d.range?.filename.split("/")[0] === module)
        .map((d) => `${d.summary}: ${d.detail ?? ""} ${d.snippet?.context ?? ""}`);

    gateTest("the plan fails, for the refused cases only", () => {
      expect(run.refused).toBeDefined();
      expect(run.refused!.plan).toBeUndefined();
      const modules = new Set(
        (run.refused!.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => d.range?.filename.split("/")[0]),
      );
      expect([...modules].sort()).toEqual([
        "refused_existing_table_other_account",
        "refused_index_without_apply",
        "refused_interface_endpoint_subnets_one_zone",
        "refused_joined_endpoint_full_access",
        "refused_joined_endpoint_without_routes",
        "refused_local_index_added",
      ]);
    });

    gateTest("joining an endpoint whose policy is AWS's default (full access): anything in the VPC could copy the tables out", () => {
      const errors = refusals("refused_joined_endpoint_full_access");
      expect(errors).toEqual([
        expect.stringContaining(`${FULL_ACCESS_ENDPOINT.id}'s policy lets DynamoDB actions through to tables of other accounts or to '*'`),
      ]);
      // The message quotes the document to apply, with the account filled in.
      expect(errors[0]).toContain(
        '"Resource":["arn:aws:dynamodb:eu-west-1:123456789012:table/ledger-lines","arn:aws:dynamodb:eu-west-1:123456789012:table/ledger-lines/index/*"]',
      );
    });

    gateTest("another account's table by ARN: the perimeter names its own account's tables", () => {
      expect(refusals("refused_existing_table_other_account")).toEqual([
        expect.stringContaining(
          `The perimeter guards tables of its own account and region (${OWN_POLICY_ENDPOINT.region}): this is not ${ledgerArn("999999999999", LEDGER_TABLES.plain)}.`,
        ),
      ]);
    });

    gateTest("interface endpoints across two subnets of one zone, which AWS would refuse at apply", () => {
      const errors = refusals("refused_interface_endpoint_subnets_one_zone");
      expect(errors).toEqual([
        expect.stringContaining("must each be in a different availability zone: an interface endpoint takes one subnet per zone"),
      ]);
      expect(errors[0]).toContain("aws_vpc_endpoint");
    });

    gateTest("joining an endpoint on no route table", () => {
      // The article's endpoint also kept AWS's default policy: both checks fail, each with its message.
      expect(refusals("refused_joined_endpoint_without_routes")).toEqual([
        expect.stringContaining(`${ARTICLE.endpointId}'s policy lets DynamoDB actions through to tables of other accounts or to '*'`),
        expect.stringContaining(`${ARTICLE.endpointId} is on no route table: requests never go through it`),
      ]);
    });

    gateTest("a local index added to a table that exists: a replacement, which prevent_destroy stops", () => {
      const errors = refusals("refused_local_index_added");
      expect(errors).toEqual([expect.stringMatching(/^Instance cannot be destroyed: .*lifecycle\.prevent_destroy/s)]);
      expect(errors[0]).toContain("aws_dynamodb_table");
    });

    gateTest("an index added to an auto-scaled table without applyIndexChanges, on both of the index's scaling targets", () => {
      const errors = refusals("refused_index_without_apply");
      expect(errors).toHaveLength(2);
      for (const e of errors)
        expect(e).toContain(
          "Index byTitle is not on table BookCollection yet: an auto-scaled table ignores changes to its indexes. Apply once with autoScaling.applyIndexChanges set to true",
        );
      expect(errors.some((e) => e.includes("_Indexes_byTitle_ReadScaling_Target_"))).toBe(true);
      expect(errors.some((e) => e.includes("_Indexes_byTitle_WriteScaling_Target_"))).toBe(true);
    });
  });

  describe("refresh from outside the endpoints, as any plan role makes it", () => {
    gateTest("the DynamoDB resources of every example refresh and plan without an error", () => {
      expect(errorsOf(run.refreshed)).toEqual([]);
      expect(refreshAws.unexpected).toEqual([]);
      // Every kind of DynamoDB resource the examples hold was read back.
      const refreshedTypes = new Set(
        (run.refreshed!.plan!.prior_state?.values?.root_module.child_modules ?? []).flatMap((m) => (m.resources ?? []).map((r) => r.type)),
      );
      for (const type of [
        "aws_dynamodb_table",
        "aws_dynamodb_table_replica",
        "aws_dynamodb_resource_policy",
        "aws_dynamodb_contributor_insights",
      ])
        expect(refreshedTypes).toContain(type);
    });

    gateTest(
      "runs as a plan role nobody tagged or named, or the role a stack assumes: the resource policies let every call through",
      () => {
        expect(refreshDecisions.length).toBeGreaterThan(20);
        expect(refreshDecisions.filter((d) => d.decision !== "Allowed")).toEqual([]);
        // A stack whose providers assume a role (examples/organization.json) refreshes as that role, in its own account.
        const assumed = Object.values(ORGANIZATION.stacks).map((s) => s.provider!.assumeRole!.roleArn);
        expect(new Set(refreshDecisions.map((d) => d.caller))).toEqual(
          new Set([`arn:aws:iam::123456789012:role/${PLAN_ROLE}`, ...assumed]),
        );
        const byPlanRole = refreshDecisions.filter((d) => d.caller.endsWith(`:role/${PLAN_ROLE}`));
        expect(byPlanRole.length).toBeGreaterThan(20);
      },
    );

    gateTest("calls exactly the DynamoDB actions the policies leave open to anyone for refresh (REFRESH_ACTIONS)", () => {
      const dynamodb = [...new Set(run.refreshCalls!.filter((c) => c.service === "dynamodb").map((c) => `dynamodb:${c.action}`))].sort();
      expect(dynamodb).toEqual([...REFRESH_ACTIONS].sort());
    });
  });

  gateTest("no plan called an AWS API the loopback stand-in does not answer", () => {
    expect(aws.calls.length).toBeGreaterThan(0);
    expect(aws.unexpected).toEqual([]);
  });
});
