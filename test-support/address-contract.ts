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
  ["billing mode on-demand", { ...seed, table: { ...seed.table!, billingMode: "PAY_PER_REQUEST", readCapacity: undefined, writeCapacity: undefined } }, SCALING],
  ["capacity 50/20", { ...seed, table: { ...seed.table!, readCapacity: 50, writeCapacity: 20 } }, []],
  ["auto scaling off", { ...seed, table: { ...seed.table!, autoScaling: { enabled: false } } }, SCALING],
  ["point-in-time recovery off", { ...seed, table: { ...seed.table!, pointInTimeRecovery: false } }, []],
  ["deletion protection off", { ...seed, table: { ...seed.table!, deletionProtection: false } }, []],
  // An auto-scaled table takes index changes only with applyIndexChanges (README, "Changing indexes").
  ["an index added", { ...seed, table: { ...seed.table!, globalSecondaryIndexes: [{ indexName: "byTitle", partitionKey: { name: "BookTitle", type: "S" } }], autoScaling: { ...seed.table!.autoScaling, applyIndexChanges: true } } }, []],
  ["a stream and time to live added", { ...seed, table: { ...seed.table!, streamViewType: "NEW_IMAGE", timeToLiveAttribute: "expiresAt" } }, []],
  ["principals added", { ...seed, guard: { ...seed.guard, principals: { users: ["dynauser", "other"], roles: ["dynarole", "app"], groups: ["readers"] } } }, []],
  ["a principal removed", { ...seed, guard: { ...seed.guard, principals: { roles: ["dynarole"] } } }, ["aws_iam_user_policy_attachment.Isolation_Guard_Attachments_Users_dynauser_45E8886E"]],
  ["extra endpoints added", { ...seed, extraEndpointIds: ["vpce-0a1b2c3d", "vpce-0123456789abcdef0"] }, []],
  ["guard scope data-plane", { ...seed, guard: { ...seed.guard, scope: "data-plane" } }, []],
  ["grants on", { ...seed, grants: { readOnly: { groups: ["readers"] }, readWrite: { roles: ["dynarole"] } } }, []],
  ["resource policy off", { ...seed, resourcePolicy: { enabled: false } }, ["aws_dynamodb_resource_policy.Isolation_ResourcePolicy_9BD545E8"]],
  ["control-plane perimeter on", { ...seed, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalArns: ["arn:aws:iam::111122223333:role/ops"] } } }, []],
  ["endpoint policy for the managed table only", { ...seed, endpointPolicy: { scope: "managed-tables" } }, []],
  ["an existing table key", { ...seed, table: { ...seed.table!, encryption: { kmsKeyArn: "arn:aws:kms:us-east-2:111122223333:key/k" } } }, TABLE_KEY],
  // AWS cannot move a flow log to another destination: the flow log is replaced.
  ["flow logs to S3", { ...seed, network: { ...seed.network, flowLogs: { destination: "s3", s3BucketArn: "arn:aws:s3:::central-flow-logs" } } }, FLOW_LOG_DELIVERY, ["aws_flow_log.Isolation_Network_FlowLog_42AC1614"]],
  ["three zones", { ...seed, network: { ...seed.network, availabilityZones: ["us-east-2a", "us-east-2b", "us-east-2c"] } }, []],
  ["a replica added", { ...seed, replicas: [{ region: "eu-west-1" }], resourcePolicy: { replicaManagers: { principalArns: ["arn:aws:iam::111122223333:role/platform-deployer"] } } }, []],
  ["the table adopted with an import block", { ...seed, imports: { table: true } }, []],
];

