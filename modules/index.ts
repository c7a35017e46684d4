/**
 * The core entry: the constructs (`Perimeter`, `DynamoDbIsolation` and their parts), their props and
 * attributes, the policy-document builders, the action lists and `ValidationError`.
 *
 * @packageDocumentation
 * @module dynamodb-network-isolation
 */
// The core library's public API: constructs, their props and attributes, the policy-document
// builders and the action lists they are made of, and ValidationError. Validators, resolvers and
// the problem collector are internal; api/dynamodb-network-isolation.api.md records this surface,
// and CI fails when it changes without that report. App-level helpers are in "./app".
export { ValidationError } from "./validation-error";
export type { Problem } from "./validation-error";
export { ATTRIBUTE_TYPES, BILLING_MODES, PROJECTION_TYPES, STREAM_VIEW_TYPES, TABLE_ENCRYPTION_TYPES } from "./dynamodb/table-options";
export type {
  Attribute,
  AttributeType,
  BillingMode,
  GlobalSecondaryIndexProps,
  ProjectionType,
  StreamViewType,
  TableEncryption,
  TableEncryptionType,
  TableOptions,
} from "./dynamodb/table-options";
export {
  CONTRIBUTOR_INSIGHTS_MODES,
  DEFAULT_CONTRIBUTOR_INSIGHTS_MODE,
  RECOVERY_PERIOD_DAYS,
  REMOVE_CEILING,
  TABLE_CLASSES,
} from "./dynamodb/table-features";
export type {
  ContributorInsightsMode,
  LocalSecondaryIndexProps,
  OnDemandThroughput,
  TableClass,
  WarmThroughput,
} from "./dynamodb/table-features";
export type { AutoScalingOptions, IndexAutoScalingOptions } from "./dynamodb/auto-scaling-options";
export type { ReplicaSettings, TableProps, TableReplica } from "./dynamodb/table-props";
export { Table } from "./dynamodb/table";
export { TableResourcePolicy } from "./dynamodb/table-resource-policy";
export type { TableResourcePolicyProps } from "./dynamodb/table-resource-policy";
export { FLOW_LOG_DESTINATIONS, LOG_RETENTION_DAYS } from "./network/flow-log-options";
export type { FlowLogDestination, FlowLogOptions } from "./network/flow-log-options";
export type { PrivateVpcOptions } from "./network/private-vpc-options";
export type { NetworkOptions, SharedEndpointTables } from "./network/network-options";
export { PrivateVpc } from "./network/private-vpc";
export type { PrivateVpcProps } from "./network/private-vpc";
export { GatewayEndpoint } from "./network/gateway-endpoint";
export type { GatewayEndpointProps } from "./network/gateway-endpoint";
export { INTERFACE_ENDPOINT_SERVICES } from "./network/interface-endpoint-options";
export type { InterfaceEndpointOptions, InterfaceEndpointService } from "./network/interface-endpoint-options";
export { InterfaceEndpoints } from "./network/interface-endpoints";
export type { InterfaceEndpointAttributes, InterfaceEndpointsProps } from "./network/interface-endpoints";
export { VpcFlowLog } from "./network/vpc-flow-log";
export type { VpcFlowLogProps } from "./network/vpc-flow-log";
export { DnsFirewall, queryLogDeliveryPolicyDocument } from "./network/dns-firewall";
export type { DnsFirewallOptions, DnsFirewallProps } from "./network/dns-firewall";
export type { VpcLogProps } from "./network/vpc-log-props";
export { EncryptionKey } from "./kms/encryption-key";
export type { EncryptionKeyProps } from "./kms/encryption-key";
export { PolicyAttachments } from "./iam/policy-attachments";
export type { PolicyAttachmentsProps, Principals } from "./iam/policy-attachments";
export { ManagedPolicy } from "./iam/managed-policy";
export type { ManagedPolicyProps } from "./iam/managed-policy";
export { GuardPolicy } from "./iam/guard-policy";
export type { GuardPolicyProps } from "./iam/guard-policy";
export { AccessGrant } from "./iam/access-grant";
export type { AccessGrantProps } from "./iam/access-grant";
export { POLICY_SIZE_LIMITS, policyJson, policySize } from "./policies/document";
export type { PolicyDocument, PolicyStatement } from "./policies/document";
export {
  ACCOUNT_READ_ACTIONS,
  BACKUP_ACTIONS,
  BACKUP_RESTORE_ACTIONS,
  CONSOLE_READ_ACTIONS,
  DATA_PLANE_GUARD_OUTSIDE_CALLS,
  DATA_READ_ACTIONS,
  DATA_WRITE_ACTIONS,
  FORWARDING_SERVICES,
  MANAGEMENT_ACTIONS,
  REFRESH_ACTIONS,
  REPLICA_ACTIONS,
  REPLICA_MANAGEMENT_ACTIONS,
  STREAM_MANAGEMENT_ACTIONS,
  STREAM_OUTSIDE_CALLS,
  STREAM_READ_ACTIONS,
  STREAM_REFRESH_ACTIONS,
  TABLE_COPY_ACTIONS,
  TABLE_MANAGEMENT_ACTIONS,
  TABLE_OUTSIDE_CALLS,
} from "./policies/actions";
export type { OutsideCaller, OutsideCalls } from "./policies/actions";
export { DEFAULT_EXEMPT_TAG_KEY, EXEMPT_TAG_VALUE } from "./policies/outside-denies";
export type { OutsideCallers, PrincipalExemption } from "./policies/outside-denies";
export { DEFAULT_GUARD_SCOPE, GRANT_ACCESS, grantPolicyDocument, GUARD_SCOPES, guardPolicyDocument } from "./policies/identity-policies";
export type { GrantAccess, GrantPolicyDocumentInput, GuardPolicyDocumentInput, GuardScope } from "./policies/identity-policies";
export {
  DEFAULT_ENDPOINT_POLICY_SCOPE,
  ENDPOINT_POLICY_SCOPES,
  endpointPolicyDocument,
  streamsEndpointPolicyDocument,
} from "./policies/endpoint-policy";
export type { EndpointPolicyDocumentInput, EndpointPolicyScope } from "./policies/endpoint-policy";
export {
  streamResourcePolicyDocument,
  tableResourcePolicyDocument,
  ZERO_ETL_ACTIONS,
  ZERO_ETL_SERVICES,
} from "./policies/resource-policies";
export type {
  StreamResourcePolicyDocumentInput,
  TableResourcePolicyDocumentInput,
  ZeroEtlAllow,
  ZeroEtlService,
} from "./policies/resource-policies";
export {
  ADMIN_ONLY_TABLE_ACTIONS,
  EXEMPT_PRINCIPAL_USES,
  GUARD_DETACH_ACTIONS,
  GUARD_POLICY_ACTIONS,
  GUARDED_GROUP_ACTIONS,
  organizationPolicyDocuments,
  PERIMETER_RESOURCE_USES,
  PERIMETER_TAG_KEY,
  PRINCIPAL_TAGGING_ACTIONS,
  SCP_SIZE_LIMIT,
} from "./policies/organization-policy";
export type { OrganizationPolicyDocumentInput, OrganizationPolicyDocuments } from "./policies/organization-policy";
export { RCP_SIZE_LIMIT, organizationRcpDocument } from "./policies/organization-rcp";
export type { OrganizationRcpInput } from "./policies/organization-rcp";
export { KEY_TAMPERING_ACTIONS, keyPolicyDocument } from "./policies/key-policy";
export type { KeyPolicyDocumentInput } from "./policies/key-policy";
export { flowLogDeliveryPolicyDocument, flowLogTrustPolicyDocument } from "./policies/flow-log-policies";
export type {
  ControlPlaneOptions,
  DynamoDbIsolationProps,
  EndpointPolicyOptions,
  ExemptPrincipals,
  GrantOptions,
  GuardOptions,
  ImportOptions,
  PerimeterOptions,
  ReplicaProps,
  ResourcePolicyOptions,
  ZeroEtlIntegrationOptions,
} from "./isolation/props";
export { DynamoDbIsolation } from "./isolation/dynamodb-isolation";
export type { PerimeterParts } from "./isolation/build-perimeter";
export type { TableHandle } from "./isolation/build-regions";
export { Perimeter } from "./perimeter/perimeter";
export type { PerimeterProps, PerimeterReplicaOptions, PerimeterTable, PerimeterTableOptions } from "./perimeter/perimeter";
export { GatewayEndpointRef, PerimeterNetwork } from "./perimeter/network";
export type { ExistingVpcNetworkOptions, IGatewayEndpointRef, JoinedEndpointOptions, NewVpcNetworkOptions } from "./perimeter/network";
export { Billing, PerimeterEncryption } from "./perimeter/table-modes";
export type { ProvisionedCapacity } from "./perimeter/table-modes";
export type { INamedPrincipal, PrincipalRefs } from "./perimeter/principals";
export { ExistingTable } from "./perimeter/existing-table";
export type { ExistingTableOptions, IExistingTable } from "./perimeter/existing-table";
export { TamperAlerts } from "./monitoring/tamper-alerts";
export type { TamperAlertsProps } from "./monitoring/tamper-alerts";
export type { AccessAnalyzerOptions, DataEventOptions, MonitoringOptions } from "./monitoring/monitoring-options";
export type { MonitoringParts } from "./monitoring/build-monitoring";
export type { AdvancedEventSelector, AdvancedFieldSelector } from "./monitoring/data-events";
export {
  DYNAMODB_TAMPER_EVENTS,
  ENDPOINT_TAMPER_EVENTS,
  GROUP_TAMPER_EVENTS,
  ALERT_TAMPER_EVENTS,
  alertTamperPattern,
  GUARD_TAMPER_EVENTS,
  dynamodbTamperPattern,
  endpointTamperPattern,
  guardTamperPattern,
} from "./monitoring/tamper-patterns";
export type {
  AlertTamperPatternInput,
  DynamoDbTamperPatternInput,
  EventPattern,
  GuardTamperPatternInput,
  PatternValue,
} from "./monitoring/tamper-patterns";
export { alertTopicPolicyDocument } from "./policies/alert-topic-policy";
export type { AlertTopicPolicyDocumentInput } from "./policies/alert-topic-policy";
export { PerimeterTrail } from "./monitoring/perimeter-trail";
export type { PerimeterTrailProps } from "./monitoring/perimeter-trail";
export { trailBucketPolicyDocument } from "./policies/trail-policies";
export type { TrailBucketPolicyDocumentInput } from "./policies/trail-policies";
