import { REMOVED_RESOURCE_POLICY_FIELDS } from "../isolation/validate";
import { Problems, fail } from "../private/validation";

/**
 * The config file's structure: types and known fields only. Value rules
 * (names, CIDRs, capacities, ...) are the constructs' own, reported with the
 * same field paths.
 */

export type Schema =
  | { readonly kind: "string" | "number" | "boolean" }
  /** A string, or `false` to turn something off. */
  | { readonly kind: "string-or-false" }
  | { readonly kind: "array"; readonly items: Schema }
  | { readonly kind: "map"; readonly values: Schema }
  | ObjectSchema;
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
const obj = (fields: Record<string, Field>): ObjectSchema => ({ kind: "object", fields });
const opt = (schema: Schema, description?: string): Field => ({ schema, description });
const req = (schema: Schema, description?: string): Field => ({ schema, required: true, description });
const removed = (message: string): Field => ({ schema: { kind: "boolean" }, removed: message });

const attribute = obj({ name: req(str), type: req(str) });
const principals = obj({ users: opt(strings), roles: opt(strings), groups: opt(strings) });
const onDemandThroughput = obj({ maxReadRequestUnits: opt(num), maxWriteRequestUnits: opt(num) });
const warmThroughput = obj({ readUnitsPerSecond: opt(num), writeUnitsPerSecond: opt(num) });

const networkSchema = obj({
  cidrBlock: opt(str),
  availabilityZones: opt(strings),
  vpcId: opt(str),
  routeTableIds: opt(strings),
  flowLogs: opt(obj({ destination: opt(str), retentionInDays: opt(num), s3BucketArn: opt(str), kmsKeyArn: opt(str) })),
  vpcEndpointId: opt(str),
  associateRouteTableIds: opt(strings),
  manageEndpointPolicy: opt(bool),
  interfaceEndpoints: opt(
    obj({ services: opt(strings), allowedCidrs: opt(strings), allowedSecurityGroupIds: opt(strings), subnetIds: opt(strings) }),
    "Interface endpoints for DynamoDB and DynamoDB Streams in this region, for on-premises networks, peered VPCs and stream readers",
  ),
});

/** A table: `table`, or an entry of `tables`. */
const tableSchema = obj({
  tableName: req(str),
  partitionKey: req(attribute),
  sortKey: opt(attribute),
  billingMode: opt(str),
  readCapacity: opt(num),
  writeCapacity: opt(num),
  globalSecondaryIndexes: opt({
    kind: "array",
    items: obj({
      indexName: req(str),
      partitionKey: req(attribute),
      sortKey: opt(attribute),
      projectionType: opt(str),
      nonKeyAttributes: opt(strings),
      readCapacity: opt(num),
      writeCapacity: opt(num),
      autoScaling: opt(obj({ maxReadCapacity: opt(num), maxWriteCapacity: opt(num), targetUtilization: opt(num) })),
      onDemandThroughput: opt(onDemandThroughput),
      warmThroughput: opt(warmThroughput),
      contributorInsights: opt(bool),
    }),
  }),
  localSecondaryIndexes: opt({
    kind: "array",
    items: obj({ indexName: req(str), sortKey: req(attribute), projectionType: opt(str), nonKeyAttributes: opt(strings) }),
  }),
  tableClass: opt(str),
  onDemandThroughput: opt(onDemandThroughput),
  warmThroughput: opt(warmThroughput),
  contributorInsights: opt(bool),
  tags: opt({ kind: "map", values: str }),
  pointInTimeRecovery: opt(bool),
  pointInTimeRecoveryDays: opt(num),
  deletionProtection: opt(bool),
  encryption: opt(obj({ type: opt(str), kmsKeyArn: opt(str) })),
  autoScaling: opt(
    obj({ enabled: opt(bool), maxReadCapacity: opt(num), maxWriteCapacity: opt(num), targetUtilization: opt(num), applyIndexChanges: opt(bool) }),
  ),
  timeToLiveAttribute: opt(str),
  streamViewType: opt(str),
  preventDestroy: opt(bool),
});

/** One entry under `stacks`. */
export const STACK_SCHEMA = obj({
  region: req(str),
  table: opt(tableSchema),
  tables: opt({ kind: "array", items: tableSchema }),
  perimeter: opt(obj({ name: opt(str), tableNamePrefix: opt(str), maxManagedPoliciesPerPrincipal: opt(num) })),
  network: opt(networkSchema),
  extraEndpointIds: opt(strings),
  guard: opt(obj({ policyName: opt(str), scope: opt(str), principals: opt(principals) })),
  grants: opt(obj({ readOnly: opt(principals), readWrite: opt(principals) })),
  endpointPolicy: opt(obj({ scope: opt(str) })),
  resourcePolicy: opt(
    obj({
      enabled: opt(bool),
      streamConsumerPrincipalArns: opt(strings),
      backupPrincipalArns: opt(strings),
      replicaManagers: opt(obj({ principalArns: opt(strings), principalTag: opt(str) })),
      controlPlane: opt(obj({ enabled: opt(bool), exemptPrincipalTag: opt({ kind: "string-or-false" }), exemptPrincipalArns: opt(strings) })),
      ...Object.fromEntries(Object.entries(REMOVED_RESOURCE_POLICY_FIELDS).map(([field, message]) => [field, removed(message)])),
    }),
  ),
  replicas: opt({
    kind: "array",
    items: obj({
      region: req(str),
      network: opt(networkSchema),
      kmsKeyArn: opt(str),
      settings: opt(obj({ pointInTimeRecovery: opt(bool), deletionProtection: opt(bool), tableClass: opt(str), propagateTags: opt(bool) })),
    }),
  }),
  imports: opt(obj({ table: opt(bool), tables: opt(strings), replicas: opt(bool), vpcEndpointId: opt(str), guardPolicyArn: opt(str) })),
  provider: opt(obj({ versionConstraint: opt(str), defaultTags: opt({ kind: "map", values: str }) })),
  backend: opt(
    obj({
      s3: opt(
        obj({ bucket: req(str), key: req(str), region: req(str), encrypt: opt(bool), useLockfile: opt(bool), kmsKeyId: opt(str) }),
      ),
    }),
  ),
});

/** The config's `organization` field. */
export const ORGANIZATION_SCHEMA = obj({ adminPrincipalArns: req(strings) });

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
  organization: opt(ORGANIZATION_SCHEMA, "The organization's SCP for every perimeter of the config: its admins, the principals that deploy these stacks."),
  $comment: opt(str, "A note for people; ignored."),
  $schema: opt(str, "This file's JSON Schema, for editors; ignored."),
});

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Records every structural problem of `value` against `schema`: wrong types, unknown fields, missing ones. */
export function checkShape(problems: Problems, source: string, path: string, value: unknown, schema: Schema): void {
  const wrong = (rule: string) => problems.check(() => fail(source, path, rule, value));
  switch (schema.kind) {
    case "string":
    case "number":
    case "boolean":
      if (typeof value !== schema.kind || (schema.kind === "number" && !Number.isFinite(value))) wrong(`must be a ${schema.kind} (found ${typeName(value)})`);
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
        if (!(key in schema.fields)) problems.check(() => fail(source, `${path}.${key}`, `is not a known field (known: ${known.join(", ")})`, key));
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
