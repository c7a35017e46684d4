import { SEED_STACK_NAME, StackConfig, seedConfig } from "../modules/app";

/**
 * Terraform addresses are public API: a moved address destroys and recreates
 * the resource, the table and its data included. This is the contract for the
 * default config; the addresses may only change in a release that ships
 * `moved` blocks for them.
 */
export const CONTRACT = [
  "aws_appautoscaling_policy.Isolation_Table_ReadScaling_Policy_075BB74D",
  "aws_appautoscaling_policy.Isolation_Table_WriteScaling_Policy_5B65F2E1",
  "aws_appautoscaling_target.Isolation_Table_ReadScaling_Target_5675AA2C",
  "aws_appautoscaling_target.Isolation_Table_WriteScaling_Target_E91D340C",
  "aws_cloudwatch_log_group.Isolation_Network_FlowLog_LogGroup_E0AD0678",
  "aws_default_security_group.Isolation_Network_DefaultSecurityGroup_DD44B32C",
  "aws_dynamodb_resource_policy.Isolation_ResourcePolicy_9BD545E8",
  "aws_dynamodb_table.Isolation_Table_F283C2B4",
  "aws_flow_log.Isolation_Network_FlowLog_42AC1614",
  "aws_iam_policy.Isolation_Guard_6A83045D",
  "aws_iam_role.Isolation_Network_FlowLog_Role_22546922",
  "aws_iam_role_policy.Isolation_Network_FlowLog_Delivery_7B6CFAF5",
  "aws_iam_role_policy_attachment.Isolation_Guard_Attachments_Roles_dynarole_46A8CA39",
  "aws_iam_user_policy_attachment.Isolation_Guard_Attachments_Users_dynauser_45E8886E",
  "aws_kms_alias.Isolation_Key_Alias_FB5C0CED",
  "aws_kms_alias.Isolation_Network_FlowLog_Key_Alias_9A0F27AD",
  "aws_kms_key.Isolation_Key_7826BC3F",
  "aws_kms_key.Isolation_Network_FlowLog_Key_CAB05CFB",
  "aws_route_table.Isolation_Network_Zones_0_RouteTable_B033CF9E",
  "aws_route_table.Isolation_Network_Zones_1_RouteTable_779DCD34",
  "aws_route_table_association.Isolation_Network_Zones_0_Association_3AACD155",
  "aws_route_table_association.Isolation_Network_Zones_1_Association_89FDEF34",
  "aws_subnet.Isolation_Network_Zones_0_Subnet_2729F22D",
  "aws_subnet.Isolation_Network_Zones_1_Subnet_875F1D8A",
  "aws_vpc.Isolation_Network_3597FFDB",
  "aws_vpc_endpoint.Isolation_Endpoint_C176EE5B",
];

const SCALING = CONTRACT.filter((a) => a.startsWith("aws_appautoscaling_"));
const TABLE_KEY = ["aws_kms_key.Isolation_Key_7826BC3F", "aws_kms_alias.Isolation_Key_Alias_FB5C0CED"];
const FLOW_LOG_DELIVERY = [
  "aws_cloudwatch_log_group.Isolation_Network_FlowLog_LogGroup_E0AD0678",
  "aws_iam_role.Isolation_Network_FlowLog_Role_22546922",
  "aws_iam_role_policy.Isolation_Network_FlowLog_Delivery_7B6CFAF5",
  "aws_kms_key.Isolation_Network_FlowLog_Key_CAB05CFB",
  "aws_kms_alias.Isolation_Network_FlowLog_Key_Alias_9A0F27AD",
];

const seed = seedConfig().stacks[SEED_STACK_NAME];

/**
 * Option changes of the default config: [change, config, addresses the change
 * removes on purpose, addresses its next apply replaces on purpose]. The
 * address contract checks them at synth, the day-2 plan gate in Terraform's
 * eyes.
 */
export const VARIANTS: Array<[string, StackConfig, string[], string[]?]> = [
  [
    "billing mode on-demand",
    { ...seed, table: { ...seed.table!, billingMode: "PAY_PER_REQUEST", readCapacity: undefined, writeCapacity: undefined } },
    SCALING,
  ],
  ["capacity 50/20", { ...seed, table: { ...seed.table!, readCapacity: 50, writeCapacity: 20 } }, []],
  ["auto scaling off", { ...seed, table: { ...seed.table!, autoScaling: { enabled: false } } }, SCALING],
  ["point-in-time recovery off", { ...seed, table: { ...seed.table!, pointInTimeRecovery: false } }, []],
  ["deletion protection off", { ...seed, table: { ...seed.table!, deletionProtection: false } }, []],
  // An auto-scaled table takes index changes only with applyIndexChanges (README, "Changing indexes").
  [
    "an index added",
    {
      ...seed,
      table: {
        ...seed.table!,
        globalSecondaryIndexes: [{ indexName: "byTitle", partitionKey: { name: "BookTitle", type: "S" } }],
        autoScaling: { ...seed.table!.autoScaling, applyIndexChanges: true },
      },
    },
    [],
  ],
  [
    "a stream and time to live added",
    { ...seed, table: { ...seed.table!, streamViewType: "NEW_IMAGE", timeToLiveAttribute: "expiresAt" } },
    [],
  ],
  [
    "principals added",
    { ...seed, guard: { ...seed.guard, principals: { users: ["dynauser", "other"], roles: ["dynarole", "app"], groups: ["readers"] } } },
    [],
  ],
  [
    "a principal removed",
    { ...seed, guard: { ...seed.guard, principals: { roles: ["dynarole"] } } },
    ["aws_iam_user_policy_attachment.Isolation_Guard_Attachments_Users_dynauser_45E8886E"],
  ],
  ["extra endpoints added", { ...seed, extraEndpointIds: ["vpce-0a1b2c3d", "vpce-0123456789abcdef0"] }, []],
  ["guard scope data-plane", { ...seed, guard: { ...seed.guard, scope: "data-plane" } }, []],
  ["grants on", { ...seed, grants: { readOnly: { groups: ["readers"] }, readWrite: { roles: ["dynarole"] } } }, []],
  [
    "resource policy off",
    { ...seed, resourcePolicy: { enabled: false } },
    ["aws_dynamodb_resource_policy.Isolation_ResourcePolicy_9BD545E8"],
  ],
  [
    "control-plane perimeter on",
    { ...seed, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalArns: ["arn:aws:iam::111122223333:role/ops"] } } },
    [],
  ],
  ["endpoint policy for the managed table only", { ...seed, endpointPolicy: { scope: "managed-tables" } }, []],
  [
    "an existing table key",
    { ...seed, table: { ...seed.table!, encryption: { kmsKeyArn: "arn:aws:kms:us-east-2:111122223333:key/k" } } },
    TABLE_KEY,
  ],
  // AWS cannot move a flow log to another destination: the flow log is replaced.
  [
    "flow logs to S3",
    { ...seed, network: { ...seed.network, flowLogs: { destination: "s3", s3BucketArn: "arn:aws:s3:::central-flow-logs" } } },
    FLOW_LOG_DELIVERY,
    ["aws_flow_log.Isolation_Network_FlowLog_42AC1614"],
  ],
  ["three zones", { ...seed, network: { ...seed.network, availabilityZones: ["us-east-2a", "us-east-2b", "us-east-2c"] } }, []],
  [
    "a replica added",
    {
      ...seed,
      replicas: [{ region: "eu-west-1" }],
      resourcePolicy: { replicaManagers: { principalArns: ["arn:aws:iam::111122223333:role/platform-deployer"] } },
    },
    [],
  ],
  ["the table adopted with an import block", { ...seed, imports: { table: true } }, []],
];

/**
 * The variants as the day-2 plan gate plans them: several changes to one copy of the seed
 * config, as a user changing several options in one apply would, so the gate plans four
 * stacks instead of twenty (each stack in the second plan costs about 0.6 s of CPU).
 * A group's changes touch different fields; what they remove and replace on purpose is the
 * union of each change's. An index change stays alone: it has its own gate assertions.
 */
export const VARIANT_GROUPS: readonly (readonly string[])[] = [
  [
    "billing mode on-demand",
    "point-in-time recovery off",
    "principals added",
    "extra endpoints added",
    "resource policy off",
    "endpoint policy for the managed table only",
    "flow logs to S3",
  ],
  [
    "capacity 50/20",
    "deletion protection off",
    "a principal removed",
    "guard scope data-plane",
    "grants on",
    "control-plane perimeter on",
    "three zones",
    "a replica added",
  ],
  ["auto scaling off", "a stream and time to live added", "an existing table key", "the table adopted with an import block"],
  ["an index added"],
];

type Json = unknown;
const isRecord = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Each field a variant sets differently from the seed, as a path and the variant's value (arrays and scalars are leaves). */
function changes(base: Json, variant: Json, path: string[] = []): Array<[string[], Json]> {
  // A block the seed does not set is compared field by field too, so two variants may set different fields of it.
  if ((isRecord(base) || base === undefined) && isRecord(variant)) {
    const from: Record<string, Json> = isRecord(base) ? base : {};
    return [...new Set([...Object.keys(from), ...Object.keys(variant)])].flatMap((key) => changes(from[key], variant[key], [...path, key]));
  }
  return JSON.stringify(base) === JSON.stringify(variant) ? [] : [[path, variant]];
}

export interface VariantGroup {
  /** The changes, in VARIANT_GROUPS order. */
  readonly changes: readonly string[];
  /** The seed with every change of the group applied. */
  readonly config: StackConfig;
  /** Addresses the group's changes remove on purpose. */
  readonly removedOnPurpose: readonly string[];
  /** Addresses the group's next apply replaces on purpose. */
  readonly replacedOnPurpose: readonly string[];
}

/** The seed with each named variant's changes applied; refuses two variants that set the same field. */
export function variantGroup(names: readonly string[]): VariantGroup {
  const config = JSON.parse(JSON.stringify(seed)) as Record<string, Json>;
  const owner = new Map<string, string>();
  const removed = new Set<string>();
  const replaced = new Set<string>();
  for (const name of names) {
    const variant = VARIANTS.find(([change]) => change === name);
    if (!variant) throw new Error(`no address-contract variant '${name}'`);
    for (const [path, value] of changes(seed, variant[1])) {
      const key = path.join(".");
      const clash = [...owner.keys()].find((k) => k === key || k.startsWith(`${key}.`) || key.startsWith(`${k}.`));
      if (clash) throw new Error(`variants '${owner.get(clash)}' and '${name}' both set ${clash}`);
      owner.set(key, name);
      let node = config;
      for (const step of path.slice(0, -1)) node = (isRecord(node[step]) ? node[step] : (node[step] = {})) as Record<string, Json>;
      if (value === undefined) delete node[path[path.length - 1]];
      else node[path[path.length - 1]] = JSON.parse(JSON.stringify(value)) as Json;
    }
    variant[2].forEach((a) => removed.add(a));
    (variant[3] ?? []).forEach((a) => replaced.add(a));
  }
  return {
    changes: names,
    config: config as unknown as StackConfig,
    removedOnPurpose: [...removed].sort(),
    replacedOnPurpose: [...replaced].sort(),
  };
}
