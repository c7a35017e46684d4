import {
  CONTRIBUTOR_INSIGHTS_MODES,
  MAX_LSIS,
  MIN_WARM_THROUGHPUT,
  RECOVERY_PERIOD_DAYS,
  REMOVE_CEILING,
  TABLE_CLASSES,
} from "../dynamodb/table-features";
import {
  ATTRIBUTE_TYPES,
  BILLING_MODES,
  MAX_CAPACITY,
  MAX_GSIS,
  PROJECTION_TYPES,
  STREAM_VIEW_TYPES,
  TABLE_ENCRYPTION_TYPES,
} from "../dynamodb/table-options";
import { REMOVED_RESOURCE_POLICY_FIELDS } from "../isolation/validate-resource-policy";
import { FLOW_LOG_DESTINATIONS, LOG_RETENTION_DAYS } from "../network/flow-log-options";
import { INTERFACE_ENDPOINT_SERVICES } from "../network/interface-endpoint-options";
import { ENDPOINT_POLICY_SCOPES } from "../policies/endpoint-policy";
import { GUARD_SCOPES } from "../policies/identity-policies";
import { ZERO_ETL_SERVICES } from "../policies/resource-policies";
import { Problems, fail } from "../private/validation";

/**
 * The config file's structure: types and known fields, which checkShape
 * checks; and the value rules that are a fixed set or a bound of the
 * library's own constants (allowed values, whole numbers, list lengths),
 * which only the JSON Schema states. The constructs check those values
 * themselves, with the same constants and field paths, and their messages say
 * why; rules of formats (names, ARNs, CIDRs) or across fields are theirs alone.
 */

export type Schema =
  | { readonly kind: "string"; readonly allowed?: readonly string[] }
  | NumberSchema
  | { readonly kind: "boolean" }
  /** A string, or `false` to turn something off. */
  | { readonly kind: "string-or-false" }
  /** `minItems` and `maxItems` bound the list's length. */
  | { readonly kind: "array"; readonly items: Schema; readonly minItems?: number; readonly maxItems?: number }
  | { readonly kind: "map"; readonly values: Schema }
  | ObjectSchema;
/**
 * A number: one of `allowed`, or a whole number (`integer`) from `minimum` to `maximum`, as far as
 * each is given; `also` lists values allowed outside that range (a sentinel such as -1).
 */
export interface NumberSchema {
  readonly kind: "number";
  readonly allowed?: readonly number[];
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly also?: readonly number[];
}
export interface ObjectSchema {
  readonly kind: "object";
  readonly fields: Readonly<Record<string, Field>>;
}
export interface Field {
  readonly schema: Schema;
  readonly required?: boolean;
  /** A field a release removed: its presence is refused with this message, which names what replaced it. */
  readonly removed?: string;
  /** What the field is for, shown by editors through the JSON Schema. */
  readonly description?: string;
}

const str: Schema = { kind: "string" };
const num: Schema = { kind: "number" };
const bool: Schema = { kind: "boolean" };
const strings: Schema = { kind: "array", items: str };
const oneOf = (allowed: readonly string[]): Schema => ({ kind: "string", allowed });
/** A list the constructs refuse when empty, whatever else the stack sets. */
const nonEmpty = (items: Schema): Schema => ({ kind: "array", items, minItems: 1 });
/** checkPositiveInteger's rule: a whole number from 1, up to `maximum` when the library names one. */
const positiveInteger = (maximum?: number): NumberSchema => ({ kind: "number", integer: true, minimum: 1, maximum });
const capacity = positiveInteger(MAX_CAPACITY);
const obj = (fields: Record<string, Field>): ObjectSchema => ({ kind: "object", fields });
const opt = (schema: Schema, description?: string): Field => ({ schema, description });
const req = (schema: Schema, description?: string): Field => ({ schema, required: true, description });
const removed = (message: string): Field => ({ schema: { kind: "boolean" }, removed: message });

const attribute = obj({ name: req(str), type: req(oneOf(ATTRIBUTE_TYPES)) });
const principals = obj({ users: opt(strings), roles: opt(strings), groups: opt(strings) });
/** A ceiling, or the value that removes one from an existing table. */
const ceiling: NumberSchema = { ...capacity, also: [REMOVE_CEILING] };
const onDemandThroughput = obj({ maxReadRequestUnits: opt(ceiling), maxWriteRequestUnits: opt(ceiling) });
const warmThroughput = obj({
  readUnitsPerSecond: opt({ kind: "number", integer: true, minimum: MIN_WARM_THROUGHPUT.read }),
  writeUnitsPerSecond: opt({ kind: "number", integer: true, minimum: MIN_WARM_THROUGHPUT.write }),
});
const projectionType = oneOf(PROJECTION_TYPES);
/** Refused when empty: INCLUDE needs at least one, other projections none at all. */
const nonKeyAttributes = nonEmpty(str);
const tableClass = oneOf(TABLE_CLASSES);

const networkSchema = obj({
  cidrBlock: opt(str),
  availabilityZones: opt(strings),
  vpcId: opt(str),
  // Never valid empty: with their vpcId (or vpcEndpointId) these lists need an entry, and without it they are not allowed at all.
  routeTableIds: opt(nonEmpty(str)),
  flowLogs: opt(
    obj({
      destination: opt(oneOf(FLOW_LOG_DESTINATIONS)),
      retentionInDays: opt({ kind: "number", allowed: LOG_RETENTION_DAYS }),
      s3BucketArn: opt(str),
      kmsKeyArn: opt(str),
    }),
  ),
  dnsFirewall: opt(
    obj({
      enabled: opt(bool),
      allowedDomains: opt(strings),
      queryLogRetentionInDays: opt({ kind: "number", allowed: LOG_RETENTION_DAYS }),
    }),
    "Route 53 Resolver DNS Firewall (an allow list of domains) and DNS query logging on the new VPC",
  ),
  vpcEndpointId: opt(str),
  associateRouteTableIds: opt(nonEmpty(str)),
  manageEndpointPolicy: opt(bool),
  interfaceEndpoints: opt(
    obj({
      services: opt(nonEmpty(oneOf(INTERFACE_ENDPOINT_SERVICES))),
      allowedCidrs: opt(strings),
      allowedSecurityGroupIds: opt(strings),
      subnetIds: opt(nonEmpty(str)),
    }),
    "Interface endpoints for DynamoDB and DynamoDB Streams in this region, for on-premises networks, peered VPCs and stream readers",
  ),
});

/** A table: `table`, or an entry of `tables`. */
const tableSchema = obj({
  tableName: req(str),
  partitionKey: req(attribute),
  sortKey: opt(attribute),
  billingMode: opt(oneOf(BILLING_MODES)),
  readCapacity: opt(capacity),
  writeCapacity: opt(capacity),
  globalSecondaryIndexes: opt({
    kind: "array",
    maxItems: MAX_GSIS,
    items: obj({
      indexName: req(str),
      partitionKey: req(attribute),
      sortKey: opt(attribute),
      projectionType: opt(projectionType),
      nonKeyAttributes: opt(nonKeyAttributes),
      readCapacity: opt(capacity),
      writeCapacity: opt(capacity),
      autoScaling: opt(obj({ maxReadCapacity: opt(capacity), maxWriteCapacity: opt(capacity), targetUtilization: opt(num) })),
      onDemandThroughput: opt(onDemandThroughput),
      warmThroughput: opt(warmThroughput),
      contributorInsights: opt(bool),
    }),
  }),
  localSecondaryIndexes: opt({
    kind: "array",
    maxItems: MAX_LSIS,
    items: obj({
      indexName: req(str),
      sortKey: req(attribute),
      projectionType: opt(projectionType),
      nonKeyAttributes: opt(nonKeyAttributes),
    }),
  }),
  tableClass: opt(tableClass),
  onDemandThroughput: opt(onDemandThroughput),
  warmThroughput: opt(warmThroughput),
  contributorInsights: opt(bool),
  contributorInsightsMode: opt(oneOf(CONTRIBUTOR_INSIGHTS_MODES)),
  tags: opt({ kind: "map", values: str }),
  pointInTimeRecovery: opt(bool),
  pointInTimeRecoveryDays: opt({ kind: "number", integer: true, minimum: RECOVERY_PERIOD_DAYS.min, maximum: RECOVERY_PERIOD_DAYS.max }),
  deletionProtection: opt(bool),
  encryption: opt(obj({ type: opt(oneOf(TABLE_ENCRYPTION_TYPES)), kmsKeyArn: opt(str) })),
  autoScaling: opt(
    obj({
      enabled: opt(bool),
      maxReadCapacity: opt(capacity),
      maxWriteCapacity: opt(capacity),
      targetUtilization: opt(num),
      applyIndexChanges: opt(bool),
    }),
  ),
  timeToLiveAttribute: opt(str),
  streamViewType: opt(oneOf(STREAM_VIEW_TYPES)),
  preventDestroy: opt(bool),
});

/** One entry under `stacks`. */
export const STACK_SCHEMA = obj({
  region: req(str),
  table: opt(tableSchema),
  tables: opt({ kind: "array", items: tableSchema }),
  // organizationScp is not a field of the file: the config's `organization` sets it.
  perimeter: opt(
    obj({
      name: opt(str),
      tableNamePrefix: opt(str),
      maxManagedPoliciesPerPrincipal: opt(positiveInteger()),
      prefixGrantsWithoutScp: opt(bool),
    }),
  ),
  network: opt(networkSchema),
  extraEndpointIds: opt(strings),
  guard: opt(obj({ policyName: opt(str), scope: opt(oneOf(GUARD_SCOPES)), principals: opt(principals) })),
  grants: opt(obj({ readOnly: opt(principals), readWrite: opt(principals) })),
  endpointPolicy: opt(obj({ scope: opt(oneOf(ENDPOINT_POLICY_SCOPES)) })),
  resourcePolicy: opt(
    obj({
      enabled: opt(bool),
      streamConsumerPrincipalArns: opt(strings),
      backupPrincipalArns: opt(strings),
      zeroEtlIntegrations: opt({
        kind: "array",
        items: obj({ service: req(oneOf(ZERO_ETL_SERVICES)), integrationArn: req(str), tableNames: opt(strings) }),
      }),
      replicaManagers: opt(obj({ principalArns: opt(strings), principalTag: opt(str) })),
      controlPlane: opt(
        obj({ enabled: opt(bool), exemptPrincipalTag: opt({ kind: "string-or-false" }), exemptPrincipalArns: opt(strings) }),
      ),
      ...Object.fromEntries(Object.entries(REMOVED_RESOURCE_POLICY_FIELDS).map(([field, message]) => [field, removed(message)])),
    }),
  ),
  replicas: opt({
    kind: "array",
    items: obj({
      region: req(str),
      network: opt(networkSchema),
      kmsKeyArn: opt(str),
      settings: opt(
        obj({ pointInTimeRecovery: opt(bool), deletionProtection: opt(bool), tableClass: opt(tableClass), propagateTags: opt(bool) }),
      ),
    }),
  }),
  imports: opt(obj({ table: opt(bool), tables: opt(strings), replicas: opt(bool), vpcEndpointId: opt(str), guardPolicyArn: opt(str) })),
  // The provider for IAM's events (us-east-1) is made from the region, as replicas' are.
  monitoring: opt(
    obj({
      enabled: opt(bool),
      trailArn: opt(str),
      createTrail: opt(bool),
      dataEvents: opt(obj({ readOnly: opt(bool), eventNames: opt(strings) })),
      alarms: opt(bool),
      accessAnalyzer: opt(obj({ createAnalyzer: opt(bool) })),
      quietPrincipalArns: opt(strings),
    }),
  ),
  provider: opt(
    obj({
      versionConstraint: opt(str),
      defaultTags: opt({ kind: "map", values: str }),
      assumeRole: opt(obj({ roleArn: req(str), sessionName: opt(str), externalId: opt(str) })),
      allowedAccountIds: opt(strings),
    }),
  ),
  backend: opt(
    obj({
      s3: opt(obj({ bucket: req(str), key: req(str), region: req(str), encrypt: opt(bool), useLockfile: opt(bool), kmsKeyId: opt(str) })),
    }),
  ),
});

/** The config's `organization` field. */
export const ORGANIZATION_SCHEMA = obj({
  adminPrincipalArns: req(nonEmpty(str)),
  id: opt(str, "The organization's id (o-...): every stack then outputs organization_rcp_document, DynamoDB's resource control policy."),
});

/** Stack names become directory names and Terraform workspace-safe ids. */
export const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * The config file's top level. parseConfig checks `stacks` itself (at least
 * one, each named by STACK_NAME_PATTERN), so its errors can speak of stacks.
 */
export const CONFIG_SCHEMA = obj({
  stacks: req(
    { kind: "map", values: STACK_SCHEMA },
    "Stacks by name (a letter, then up to 63 of A-Z a-z 0-9 _ -); the name becomes the directory under cdktf.out/stacks/.",
  ),
  organization: opt(
    ORGANIZATION_SCHEMA,
    "The organization's SCP for every perimeter of the config: its admins, the principals that deploy these stacks.",
  ),
  $comment: opt(str, "A note for people; ignored."),
  $schema: opt(str, "This file's JSON Schema, for editors; ignored."),
});

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Records every structural problem of `value` against `schema`: wrong types,
 * unknown fields, missing ones. Value rules are left to the constructs, which
 * check them with their reasons (and organization.ts, for the admins).
 */
export function checkShape(problems: Problems, source: string, path: string, value: unknown, schema: Schema): void {
  const wrong = (rule: string) => problems.check(() => fail(source, path, rule, value));
  switch (schema.kind) {
    case "string":
    case "number":
    case "boolean":
      if (typeof value !== schema.kind || (schema.kind === "number" && !Number.isFinite(value)))
        wrong(`must be a ${schema.kind} (found ${typeName(value)})`);
      return;
    case "string-or-false":
      if (typeof value !== "string" && value !== false) wrong(`must be a string or false (found ${typeName(value)})`);
      return;
    case "array":
      if (!Array.isArray(value)) return wrong(`must be a list (found ${typeName(value)})`);
      value.forEach((item, i) => checkShape(problems, source, `${path}[${i}]`, item, schema.items));
      return;
    case "map":
      if (!isObject(value)) return wrong(`must be an object of names to values (found ${typeName(value)})`);
      for (const [k, v] of Object.entries(value)) checkShape(problems, source, `${path}.${k}`, v, schema.values);
      return;
    case "object": {
      if (!isObject(value)) return wrong(`must be an object (found ${typeName(value)})`);
      const known = Object.keys(schema.fields).filter((key) => schema.fields[key].removed === undefined);
      for (const key of Object.keys(value)) {
        if (!(key in schema.fields))
          problems.check(() => fail(source, `${path}.${key}`, `is not a known field (known: ${known.join(", ")})`, key));
      }
      for (const [key, field] of Object.entries(schema.fields)) {
        const v = value[key];
        if (v !== undefined && field.removed !== undefined) problems.check(() => fail(source, `${path}.${key}`, field.removed!, v));
        else if (v !== undefined) checkShape(problems, source, `${path}.${key}`, v, field.schema);
        else if (field.required) problems.check(() => fail(source, `${path}.${key}`, "is required", v));
      }
      return;
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
