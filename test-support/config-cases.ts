import { SEED_STACK_NAME, seedConfig } from "../modules/app";

/**
 * Config files the validator refuses, each with one mistake: config.test.ts
 * checks the validator's message for each, config-json-schema.test.ts that
 * the JSON Schema agrees (or says why it cannot). One list, so a new case is
 * held to both.
 */

/** The file name the cases are parsed as; every message starts with it. */
export const CASE_SOURCE = "env.json";

/** Why the JSON Schema accepts a config the validator refuses. */
export type ValidatorOnlyReason =
  /** A text format (ARNs, CIDRs, names, tag keys), whose patterns are the validator's own. */
  | "format"
  /** A rule that depends on another field (billing mode and capacity, a VPC and its route tables). */
  | "cross-field"
  /** A repeat the validator finds case-insensitively, or across fields. */
  | "uniqueness"
  /** A bound the library keeps as a literal or a private constant, which the schema must not restate. */
  | "unexported-bound"
  /** Only known once every stack is built (the organization's SCP size). */
  | "whole-config";

export type SchemaVerdict =
  /** The schema refuses the config at `field` too. */
  | { readonly expect: "both" }
  /** The schema accepts it: the rule is beyond what it states. */
  | { readonly expect: "validator-only"; readonly because: ValidatorOnlyReason }
  /** The text is not JSON: there is no document for a schema to check (editors report the syntax). */
  | { readonly expect: "not-json" };

export interface BadConfig {
  /** What is wrong, as in "throws if <name>". */
  readonly name: string;
  /** The config file's text. */
  readonly text: string;
  /** Which step refuses it: parseConfig, or the constructs when the app is built. */
  readonly stage: "parse" | "synth";
  /** The field the error names, as `stacks.dev.table.readCapacity`. */
  readonly field: string;
  /** The rest of the error line: the rule and the bad value (a RegExp when part of it varies). */
  readonly rule: string | RegExp;
  readonly schema: SchemaVerdict;
}

/** The error line a case must produce: `env.json: <field> <rule>`. */
export function expectedError(c: BadConfig): string | RegExp {
  const start = `${CASE_SOURCE}: ${c.field} `;
  return typeof c.rule === "string" ? `${start}${c.rule}` : new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${c.rule.source}`);
}

const both: SchemaVerdict = { expect: "both" };
const validatorOnly = (because: ValidatorOnlyReason): SchemaVerdict => ({ expect: "validator-only", because });

function bad(
  stage: BadConfig["stage"],
  name: string,
  config: unknown,
  field: string,
  rule: string | RegExp,
  schema: SchemaVerdict = both,
): BadConfig {
  return { name, text: JSON.stringify(config), stage, field, rule, schema };
}
const parse = (name: string, config: unknown, field: string, rule: string | RegExp, schema: SchemaVerdict = both) =>
  bad("parse", name, config, field, rule, schema);
const synth = (name: string, config: unknown, field: string, rule: string | RegExp, schema: SchemaVerdict = both) =>
  bad("synth", name, config, field, rule, schema);

/** The seed stack, the base every case and accepted config starts from. */
export const seedStack = seedConfig().stacks[SEED_STACK_NAME];
const seedTable = seedStack.table!;
const onDemandTable = { ...seedTable, billingMode: "PAY_PER_REQUEST", readCapacity: undefined, writeCapacity: undefined };
/** An organization admin, for the SCP cases. */
export const admins = ["arn:aws:iam::123456789012:role/platform-deployer"];
const onPrem = ["10.20.0.0/16"];
/** An existing VPC's route table, the article's. */
const existingVpc = { vpcId: "vpc-0a1b2c3d4e5f60718", routeTableIds: ["rtb-0123456789abcdef0"] };
const ONE_ROUTE =
  "a route table holds one route to DynamoDB, so AWS would refuse a second; join that endpoint with network.vpcEndpointId instead";

/** A config file holding one stack. */
export const withStack = (stack: unknown, name = "dev") => ({ stacks: { [name]: stack } });
const withFields = (fields: Record<string, unknown>) => withStack({ ...seedStack, ...fields });
const withTable = (fields: Record<string, unknown>, table: object = seedTable) => withFields({ table: { ...table, ...fields } });
const withOrganization = (organization: unknown) => ({ organization, ...withStack(seedStack) });
const gsi = (i: number) => ({ indexName: `gsi${i}`, partitionKey: { name: `g${i}`, type: "S" } });
const lsi = (i: number) => ({ indexName: `lsi${i}`, sortKey: { name: `l${i}`, type: "S" } });
const many = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

const wholeNumber = (value: number, max = 40000) => `must be a whole number from 1 to ${max}, got ${value}`;
const ceilingRule = (value: number) =>
  `must be a whole number from 1 to 40000, or -1 to remove the ceiling an existing table has, got ${value}`;
const tableFields =
  "tableName, partitionKey, sortKey, billingMode, readCapacity, writeCapacity, globalSecondaryIndexes, localSecondaryIndexes, tableClass, onDemandThroughput, warmThroughput, contributorInsights, contributorInsightsMode, tags, pointInTimeRecovery, pointInTimeRecoveryDays, deletionProtection, encryption, autoScaling, timeToLiveAttribute, streamViewType, preventDestroy";

/** The file's structure, the stack names and the organization: refused by parseConfig. */
const PARSE_CASES: BadConfig[] = [
  {
    name: "the text is not JSON",
    text: "{stacks:",
    stage: "parse",
    field: "(file)",
    rule: "must be valid JSON",
    schema: { expect: "not-json" },
  },
  parse("there are no stacks", { $comment: "empty" }, "stacks", "must be an object with at least one stack, got nothing"),
  parse("stacks is empty", { stacks: {} }, "stacks", "must be an object with at least one stack, got {}"),
  parse(
    "a top-level field is unknown",
    { ...withStack(seedStack), stack: {} },
    "stack",
    "is not a known field (known: stacks, organization, $comment, $schema), got 'stack'",
  ),
  parse(
    "a stack name has a space",
    withStack(seedStack, "my env"),
    "stacks.my env",
    "must be named with a letter then up to 63 of A-Z a-z 0-9 _ -, got 'my env'",
  ),
  parse(
    "a stack name starts with a digit",
    withStack(seedStack, "1dev"),
    "stacks.1dev",
    "must be named with a letter then up to 63 of A-Z a-z 0-9 _ -, got '1dev'",
  ),
  parse(
    "a field is misspelled",
    withTable({ bilingMode: "PROVISIONED" }),
    "stacks.dev.table.bilingMode",
    `is not a known field (known: ${tableFields}), got 'bilingMode'`,
  ),
  parse(
    "a number is quoted",
    withTable({ readCapacity: "5" }),
    "stacks.dev.table.readCapacity",
    "must be a number (found a string), got '5'",
  ),
  parse(
    "a list is a string",
    withFields({ extraEndpointIds: "vpce-0a1b2c3d" }),
    "stacks.dev.extraEndpointIds",
    "must be a list (found a string), got 'vpce-0a1b2c3d'",
  ),
  parse("the region is missing", withFields({ region: undefined }), "stacks.dev.region", "is required, got nothing"),
  parse(
    "a key attribute has no type",
    withTable({ partitionKey: { name: "Author" } }),
    "stacks.dev.table.partitionKey.type",
    "is required, got nothing",
  ),
  parse(
    "a tag value is a number",
    withTable({ tags: { team: 7 } }),
    "stacks.dev.table.tags.team",
    "must be a string (found a number), got 7",
  ),
  parse(
    "a field a release removed is still there",
    withFields({ resourcePolicy: { exemptDeployer: true } }),
    "stacks.dev.resourcePolicy.exemptDeployer",
    "was removed in 0.4.0: no policy depends on who runs Terraform any more. The control-plane deny (resourcePolicy.controlPlane, on by default since 1.0.0) exempts by principal tag or resourcePolicy.controlPlane.exemptPrincipalArns, got true",
  ),
  parse(
    "the other removed field is still there",
    withFields({ resourcePolicy: { operatorPrincipalArns: ["arn:aws:iam::123456789012:role/ops"] } }),
    "stacks.dev.resourcePolicy.operatorPrincipalArns",
    `was removed in 0.4.0: use resourcePolicy.controlPlane.exemptPrincipalArns (with resourcePolicy.controlPlane.enabled: true), got ["arn:aws:iam::123456789012:role/ops"]`,
  ),
  parse(
    "an exemption tag is true",
    withFields({ resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: true } } }),
    "stacks.dev.resourcePolicy.controlPlane.exemptPrincipalTag",
    "must be a string or false (found a boolean), got true",
  ),
  parse(
    "a replica is a string",
    withFields({ replicas: ["eu-west-1"] }),
    "stacks.dev.replicas[0]",
    "must be an object (found a string), got 'eu-west-1'",
  ),
  parse("a $schema is not a string", { ...withStack(seedStack), $schema: 7 }, "$schema", "must be a string (found a number), got 7"),
  parse(
    "a $comment is not a string",
    { ...withStack(seedStack), $comment: ["a", "note"] },
    "$comment",
    `must be a string (found a list), got ["a","note"]`,
  ),
  parse(
    "the organization names no admin",
    withOrganization({ adminPrincipalArns: [] }),
    "organization.adminPrincipalArns",
    "needs at least one admin: the SCP denies everyone else the calls Terraform makes to write resource policies, got []",
  ),
  parse("the organization has no adminPrincipalArns", withOrganization({}), "organization.adminPrincipalArns", "is required, got nothing"),
  parse(
    "the organization has an unknown field",
    withOrganization({ admins: [] }),
    "organization.admins",
    "is not a known field (known: adminPrincipalArns, id), got 'admins'",
  ),
  parse(
    "the organization has an unknown field beside its admins",
    withOrganization({ adminPrincipalArns: admins, admins }),
    "organization.admins",
    "is not a known field (known: adminPrincipalArns, id), got 'admins'",
  ),
  parse(
    "the organization's id is not an organization id",
    withOrganization({ adminPrincipalArns: admins, id: "r-a1b2" }),
    "organization.id",
    "must be an organization id, 'o-' and 10 to 32 lowercase letters and digits, got 'r-a1b2'",
    validatorOnly("format"),
  ),
  parse(
    "an organization admin matches everyone",
    withOrganization({ adminPrincipalArns: ["arn:aws:iam::123456789012:role/*"] }),
    "organization.adminPrincipalArns[0]",
    "must not match every principal of the account",
    validatorOnly("format"),
  ),
  parse(
    "an organization admin is in every account",
    withOrganization({ adminPrincipalArns: ["arn:aws:iam::*:role/admin"] }),
    "organization.adminPrincipalArns[0]",
    "must be an IAM principal ARN of one account",
    validatorOnly("format"),
  ),
];

/** Values the constructs refuse when the app is built, reported as config fields. */
const SYNTH_CASES: BadConfig[] = [
  // Allowed values: the library's constant lists.
  synth(
    "a key attribute type is unknown",
    withTable({ partitionKey: { name: "Author", type: "STRING" } }),
    "stacks.dev.table.partitionKey.type",
    "must be one of S, N, B, got 'STRING'",
  ),
  synth(
    "the billing mode is unknown",
    withTable({ billingMode: "ON_DEMAND" }),
    "stacks.dev.table.billingMode",
    "must be one of PAY_PER_REQUEST, PROVISIONED, got 'ON_DEMAND'",
  ),
  synth(
    "a projection type is unknown",
    withTable({ globalSecondaryIndexes: [{ ...gsi(0), projectionType: "NONE" }] }),
    "stacks.dev.table.globalSecondaryIndexes[0].projectionType",
    "must be one of ALL, KEYS_ONLY, INCLUDE, got 'NONE'",
  ),
  synth(
    "the table class is unknown",
    withTable({ tableClass: "GLACIER" }),
    "stacks.dev.table.tableClass",
    "must be one of STANDARD, STANDARD_INFREQUENT_ACCESS, got 'GLACIER'",
  ),
  synth(
    "the Contributor Insights mode is unknown",
    withTable({ contributorInsights: true, contributorInsightsMode: "ALL_KEYS" }),
    "stacks.dev.table.contributorInsightsMode",
    "must be one of THROTTLED_KEYS, ACCESSED_AND_THROTTLED_KEYS, got 'ALL_KEYS'",
  ),
  synth(
    "the encryption type is unknown",
    withTable({ encryption: { type: "KMS" } }),
    "stacks.dev.table.encryption.type",
    "must be one of CUSTOMER_MANAGED, AWS_OWNED, got 'KMS'",
  ),
  synth(
    "the stream view type is unknown",
    withTable({ streamViewType: "NEW" }),
    "stacks.dev.table.streamViewType",
    "must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, got 'NEW'",
  ),
  synth(
    "the guard scope is unknown",
    withFields({ guard: { scope: "everything" } }),
    "stacks.dev.guard.scope",
    "must be one of all, data-plane, got 'everything'",
  ),
  synth(
    "the endpoint policy scope is unknown",
    withFields({ endpointPolicy: { scope: "vpc" } }),
    "stacks.dev.endpointPolicy.scope",
    "must be one of account, managed-tables, got 'vpc'",
  ),
  synth(
    "a zero-ETL integration's service is unknown",
    withFields({
      resourcePolicy: {
        zeroEtlIntegrations: [{ service: "opensearch", integrationArn: "arn:aws:opensearch:us-east-2:123456789012:integration:x" }],
      },
    }),
    "stacks.dev.resourcePolicy.zeroEtlIntegrations[0].service",
    "must be one of redshift, glue, got 'opensearch'",
  ),
  synth(
    "the flow log destination is unknown",
    withFields({ network: { flowLogs: { destination: "kinesis" } } }),
    "stacks.dev.network.flowLogs.destination",
    "must be one of cloud-watch-logs, s3, none, got 'kinesis'",
  ),
  synth(
    "the flow log retention is not one CloudWatch takes",
    withFields({ network: { flowLogs: { retentionInDays: 42 } } }),
    "stacks.dev.network.flowLogs.retentionInDays",
    /must be one of 1, 3, 5, .*, got 42$/,
  ),
  synth(
    "the DNS query log retention is not one CloudWatch takes",
    withFields({ network: { dnsFirewall: { enabled: true, queryLogRetentionInDays: 42 } } }),
    "stacks.dev.network.dnsFirewall.queryLogRetentionInDays",
    /must be one of 1, 3, 5, .*, got 42$/,
  ),
  synth(
    "an interface endpoint service is unknown",
    withFields({ network: { interfaceEndpoints: { services: ["s3"], allowedCidrs: onPrem } } }),
    "stacks.dev.network.interfaceEndpoints.services[0]",
    "must be one of dynamodb, dynamodb-streams, got 's3'",
  ),
  // Whole numbers within the library's bounds.
  synth("capacity is 0", withTable({ readCapacity: 0 }), "stacks.dev.table.readCapacity", wholeNumber(0)),
  synth("capacity is a fraction", withTable({ readCapacity: 1.5 }), "stacks.dev.table.readCapacity", wholeNumber(1.5)),
  synth("capacity is over the table limit", withTable({ readCapacity: 40001 }), "stacks.dev.table.readCapacity", wholeNumber(40001)),
  synth("write capacity is 0", withTable({ writeCapacity: 0 }), "stacks.dev.table.writeCapacity", wholeNumber(0)),
  synth("write capacity is a fraction", withTable({ writeCapacity: 2.5 }), "stacks.dev.table.writeCapacity", wholeNumber(2.5)),
  synth(
    "write capacity is over the table limit",
    withTable({ writeCapacity: 40001 }),
    "stacks.dev.table.writeCapacity",
    wholeNumber(40001),
  ),
  synth(
    "a scaling maximum is 0",
    withTable({ autoScaling: { maxReadCapacity: 0 } }),
    "stacks.dev.table.autoScaling.maxReadCapacity",
    wholeNumber(0),
  ),
  synth(
    "a scaling maximum is a fraction",
    withTable({ autoScaling: { maxReadCapacity: 50.5 } }),
    "stacks.dev.table.autoScaling.maxReadCapacity",
    wholeNumber(50.5),
  ),
  synth(
    "a scaling maximum is over the table limit",
    withTable({ autoScaling: { maxReadCapacity: 40001 } }),
    "stacks.dev.table.autoScaling.maxReadCapacity",
    wholeNumber(40001),
  ),
  synth(
    "a write scaling maximum is 0",
    withTable({ autoScaling: { maxWriteCapacity: 0 } }),
    "stacks.dev.table.autoScaling.maxWriteCapacity",
    wholeNumber(0),
  ),
  synth(
    "a write scaling maximum is a fraction",
    withTable({ autoScaling: { maxWriteCapacity: 50.5 } }),
    "stacks.dev.table.autoScaling.maxWriteCapacity",
    wholeNumber(50.5),
  ),
  synth(
    "a write scaling maximum is over the table limit",
    withTable({ autoScaling: { maxWriteCapacity: 40001 } }),
    "stacks.dev.table.autoScaling.maxWriteCapacity",
    wholeNumber(40001),
  ),
  synth(
    "an on-demand read ceiling is -2",
    withTable({ onDemandThroughput: { maxReadRequestUnits: -2 } }, onDemandTable),
    "stacks.dev.table.onDemandThroughput.maxReadRequestUnits",
    ceilingRule(-2),
  ),
  synth(
    "an on-demand read ceiling is 0",
    withTable({ onDemandThroughput: { maxReadRequestUnits: 0 } }, onDemandTable),
    "stacks.dev.table.onDemandThroughput.maxReadRequestUnits",
    ceilingRule(0),
  ),
  synth(
    "an on-demand read ceiling is a fraction",
    withTable({ onDemandThroughput: { maxReadRequestUnits: 1.5 } }, onDemandTable),
    "stacks.dev.table.onDemandThroughput.maxReadRequestUnits",
    ceilingRule(1.5),
  ),
  synth(
    "an on-demand read ceiling is over the limit",
    withTable({ onDemandThroughput: { maxReadRequestUnits: 40001 } }, onDemandTable),
    "stacks.dev.table.onDemandThroughput.maxReadRequestUnits",
    ceilingRule(40001),
  ),
  synth(
    "an on-demand write ceiling is 0",
    withTable({ onDemandThroughput: { maxWriteRequestUnits: 0 } }, onDemandTable),
    "stacks.dev.table.onDemandThroughput.maxWriteRequestUnits",
    ceilingRule(0),
  ),
  synth(
    "an on-demand write ceiling is a fraction",
    withTable({ onDemandThroughput: { maxWriteRequestUnits: 1.5 } }, onDemandTable),
    "stacks.dev.table.onDemandThroughput.maxWriteRequestUnits",
    ceilingRule(1.5),
  ),
  synth(
    "an on-demand write ceiling is over the limit",
    withTable({ onDemandThroughput: { maxWriteRequestUnits: 40001 } }, onDemandTable),
    "stacks.dev.table.onDemandThroughput.maxWriteRequestUnits",
    ceilingRule(40001),
  ),
  synth(
    "warm reads are under DynamoDB's floor",
    withTable({ warmThroughput: { readUnitsPerSecond: 11999 } }),
    "stacks.dev.table.warmThroughput.readUnitsPerSecond",
    "must be a whole number of at least 12000 (DynamoDB's floor), got 11999",
  ),
  synth(
    "warm reads are a fraction",
    withTable({ warmThroughput: { readUnitsPerSecond: 12000.5 } }),
    "stacks.dev.table.warmThroughput.readUnitsPerSecond",
    "must be a whole number of at least 12000 (DynamoDB's floor), got 12000.5",
  ),
  synth(
    "warm writes are under DynamoDB's floor",
    withTable({ warmThroughput: { writeUnitsPerSecond: 3999 } }),
    "stacks.dev.table.warmThroughput.writeUnitsPerSecond",
    "must be a whole number of at least 4000 (DynamoDB's floor), got 3999",
  ),
  synth(
    "warm writes are a fraction",
    withTable({ warmThroughput: { writeUnitsPerSecond: 4000.5 } }),
    "stacks.dev.table.warmThroughput.writeUnitsPerSecond",
    "must be a whole number of at least 4000 (DynamoDB's floor), got 4000.5",
  ),
  synth(
    "the recovery period is 0 days",
    withTable({ pointInTimeRecoveryDays: 0 }),
    "stacks.dev.table.pointInTimeRecoveryDays",
    wholeNumber(0, 35),
  ),
  synth(
    "the recovery period is a fraction",
    withTable({ pointInTimeRecoveryDays: 7.5 }),
    "stacks.dev.table.pointInTimeRecoveryDays",
    wholeNumber(7.5, 35),
  ),
  synth(
    "the recovery period is over 35 days",
    withTable({ pointInTimeRecoveryDays: 36 }),
    "stacks.dev.table.pointInTimeRecoveryDays",
    wholeNumber(36, 35),
  ),
  synth(
    "the policy limit per principal is 0",
    withFields({ perimeter: { maxManagedPoliciesPerPrincipal: 0 } }),
    "stacks.dev.perimeter.maxManagedPoliciesPerPrincipal",
    wholeNumber(0, 20),
  ),
  synth(
    "the policy limit per principal is a fraction",
    withFields({ perimeter: { maxManagedPoliciesPerPrincipal: 2.5 } }),
    "stacks.dev.perimeter.maxManagedPoliciesPerPrincipal",
    wholeNumber(2.5, 20),
  ),
  // List lengths.
  synth(
    "there are more global indexes than DynamoDB allows",
    withTable({ globalSecondaryIndexes: many(21, gsi) }),
    "stacks.dev.table.globalSecondaryIndexes",
    "must hold at most 20 indexes, got '21 indexes'",
  ),
  synth(
    "there are more local indexes than DynamoDB allows",
    withTable({ localSecondaryIndexes: many(6, lsi) }),
    "stacks.dev.table.localSecondaryIndexes",
    "must hold at most 5 indexes, got '6 indexes'",
  ),
  synth(
    "an INCLUDE projection lists no attribute",
    withTable({ globalSecondaryIndexes: [{ ...gsi(0), projectionType: "INCLUDE", nonKeyAttributes: [] }] }),
    "stacks.dev.table.globalSecondaryIndexes[0].nonKeyAttributes",
    "must list 1 to 100 attributes with projectionType INCLUDE, got []",
  ),
  synth(
    "an existing VPC's route tables are an empty list",
    withFields({ network: { vpcId: "vpc-0a1b2c3d", routeTableIds: [] } }),
    "stacks.dev.network.routeTableIds",
    "must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic, got []",
  ),
  synth(
    "a joined endpoint's extra route tables are an empty list",
    withFields({ network: { vpcEndpointId: "vpce-0a1b2c3d", associateRouteTableIds: [] } }),
    "stacks.dev.network.associateRouteTableIds",
    "must list at least one route table, or be left out, got []",
  ),
  synth(
    "interface endpoints name no service",
    withFields({ network: { interfaceEndpoints: { services: [], allowedCidrs: onPrem } } }),
    "stacks.dev.network.interfaceEndpoints.services",
    "must name at least one of dynamodb, dynamodb-streams, got []",
  ),
  synth(
    "interface endpoints in an existing VPC name no subnet",
    withFields({
      network: { vpcId: "vpc-0a1b2c3d", routeTableIds: ["rtb-0a1b2c3d"], interfaceEndpoints: { allowedCidrs: onPrem, subnetIds: [] } },
    }),
    "stacks.dev.network.interfaceEndpoints.subnetIds",
    "must list the subnets of network.vpcId to place the endpoints in (at least one)",
  ),
  // Rules beyond a JSON Schema made from the library's constants.
  synth(
    "the CIDR is /8",
    withFields({ network: { cidrBlock: "10.0.0.0/8" } }),
    "stacks.dev.network.cidrBlock",
    "must be an IPv4 CIDR from /16 to /28, got '10.0.0.0/8'",
    validatorOnly("format"),
  ),
  synth(
    "a principal repeats",
    withFields({ guard: { principals: { users: ["a", "a"] } } }),
    "stacks.dev.guard.principals.users[1]",
    "must not repeat a name already listed, got 'a'",
    validatorOnly("uniqueness"),
  ),
  synth(
    "a replica region repeats",
    withFields({ replicas: [{ region: "eu-west-1" }, { region: "eu-west-1" }] }),
    "stacks.dev.replicas[1].region",
    "must differ from the table's region and from the other replicas' regions, got 'eu-west-1'",
    validatorOnly("uniqueness"),
  ),
  // The config-file twins of the wrong combinations the TypeScript mode types refuse (test-support/wrong-modes).
  synth(
    "a new VPC is given route tables",
    withFields({ network: { routeTableIds: ["rtb-0a1b2c3d"] } }),
    "stacks.dev.network.routeTableIds",
    `is only allowed with network.vpcId (a new VPC brings its own route tables), got ["rtb-0a1b2c3d"]`,
    validatorOnly("cross-field"),
  ),
  synth(
    "an existing VPC has no route tables",
    withFields({ network: { vpcId: "vpc-0a1b2c3d" } }),
    "stacks.dev.network.routeTableIds",
    "must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic, got nothing",
    validatorOnly("cross-field"),
  ),
  synth(
    "an existing VPC is given a CIDR",
    withFields({ network: { ...existingVpc, cidrBlock: "10.0.0.0/16" } }),
    "stacks.dev.network.cidrBlock",
    "must not be set with network.vpcId (the existing VPC keeps its own CIDR), got '10.0.0.0/16'",
    validatorOnly("cross-field"),
  ),
  synth(
    "a joined endpoint is given flow logs",
    withFields({ network: { vpcEndpointId: "vpce-0a1b2c3d", flowLogs: { destination: "cloud-watch-logs" } } }),
    "stacks.dev.network.flowLogs",
    `must not be set with network.vpcEndpointId (the joined endpoint's VPC and route tables are its owner's), got {"destination":"cloud-watch-logs"}`,
    validatorOnly("cross-field"),
  ),
  synth(
    "a provisioned table has no write capacity",
    withTable({ writeCapacity: undefined }),
    "stacks.dev.table.writeCapacity",
    "is required with billingMode PROVISIONED, got nothing",
    validatorOnly("cross-field"),
  ),
  synth(
    "an AWS owned key is given an ARN",
    withTable({
      encryption: { type: "AWS_OWNED", kmsKeyArn: "arn:aws:kms:us-east-2:123456789012:key/00000000-0000-0000-0000-000000000000" },
    }),
    "stacks.dev.table.encryption.kmsKeyArn",
    "is only allowed with encryption type CUSTOMER_MANAGED, got 'arn:aws:kms:us-east-2:123456789012:key/00000000-0000-0000-0000-000000000000'",
    validatorOnly("cross-field"),
  ),
  synth(
    "an on-demand table is given capacity",
    withTable({ readCapacity: 5 }, onDemandTable),
    "stacks.dev.table.readCapacity",
    "must not be set with billingMode PAY_PER_REQUEST, got 5",
    validatorOnly("cross-field"),
  ),
  synth(
    "interface endpoints admit no source",
    withFields({ network: { interfaceEndpoints: { allowedCidrs: [], allowedSecurityGroupIds: [] } } }),
    "stacks.dev.network.interfaceEndpoints",
    "must name at least one allowed source in allowedCidrs or allowedSecurityGroupIds",
    validatorOnly("cross-field"),
  ),
  synth(
    "the scaling target is over 90 %",
    withTable({ autoScaling: { targetUtilization: 95 } }),
    "stacks.dev.table.autoScaling.targetUtilization",
    "must be a percentage from 20 to 90, got 95",
    validatorOnly("unexported-bound"),
  ),
  synth(
    "the policy limit per principal is over IAM's 20",
    withFields({ perimeter: { maxManagedPoliciesPerPrincipal: 21 } }),
    "stacks.dev.perimeter.maxManagedPoliciesPerPrincipal",
    wholeNumber(21, 20),
    validatorOnly("unexported-bound"),
  ),
  synth(
    "a new VPC has one zone",
    withFields({ network: { availabilityZones: ["us-east-2a"] } }),
    "stacks.dev.network.availabilityZones",
    `must list 2 to 16 zones, got ["us-east-2a"]`,
    validatorOnly("unexported-bound"),
  ),
  synth(
    "an INCLUDE projection lists over 100 attributes",
    withTable({ globalSecondaryIndexes: [{ ...gsi(0), projectionType: "INCLUDE", nonKeyAttributes: many(101, (i) => `n${i}`) }] }),
    "stacks.dev.table.globalSecondaryIndexes[0].nonKeyAttributes",
    "must list 1 to 100 attributes with projectionType INCLUDE",
    validatorOnly("unexported-bound"),
  ),
  synth(
    "the organization's SCP outgrows its limit",
    // Each stack's own policies fit; together their tables outgrow one SCP.
    {
      organization: { adminPrincipalArns: admins },
      stacks: Object.fromEntries(
        many(12, (s) => [
          `s${s}`,
          {
            ...seedStack,
            table: undefined,
            tables: many(4, (t) => ({ ...seedTable, tableName: `orders-history-${s}-table-${t}` })),
            perimeter: { name: `orders-${s}` },
          },
        ]),
      ),
    },
    "organization",
    /makes the SCP organization_scp_document (\d+) characters, over the 5120-character limit \(give the perimeters a perimeter\.tableNamePrefix, or fewer admins\), got '\1 characters'$/,
    validatorOnly("whole-config"),
  ),
  synth(
    "two stacks put a gateway endpoint on one route table",
    {
      stacks: {
        orders: { ...seedStack, table: { ...seedTable, tableName: "Orders" }, network: existingVpc },
        customers: { ...seedStack, table: { ...seedTable, tableName: "Customers" }, network: existingVpc },
      },
    },
    "stacks.customers.network.routeTableIds[0]",
    `is already on the DynamoDB gateway endpoint of stacks.orders.network.routeTableIds[0] in us-east-2: ${ONE_ROUTE}, got 'rtb-0123456789abcdef0'`,
    validatorOnly("whole-config"),
  ),
  synth(
    "a stack joining an endpoint adds a route table another stack's endpoint is on",
    {
      stacks: {
        orders: { ...seedStack, network: existingVpc },
        customers: {
          ...seedStack,
          table: { ...seedTable, tableName: "Customers" },
          network: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", associateRouteTableIds: ["rtb-0123456789abcdef0"] },
        },
      },
    },
    "stacks.customers.network.associateRouteTableIds[0]",
    `is already on the DynamoDB gateway endpoint of stacks.orders.network.routeTableIds[0] in us-east-2: ${ONE_ROUTE}, got 'rtb-0123456789abcdef0'`,
    validatorOnly("whole-config"),
  ),
];

export const BAD_CONFIGS: readonly BadConfig[] = [...PARSE_CASES, ...SYNTH_CASES];
