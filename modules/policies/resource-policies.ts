/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import { DATA_READ_ACTIONS, DATA_WRITE_ACTIONS, STREAM_OUTSIDE_CALLS, STREAM_READ_ACTIONS, TABLE_OUTSIDE_CALLS } from "./actions";
import { PolicyDocument, PolicyStatement } from "./document";
import { OutsideCallers, PrincipalExemption, exceptPrincipals, outsideDenyStatements } from "./outside-denies";

/** The services a DynamoDB zero-ETL integration runs in: Amazon Redshift, and AWS Glue (Amazon SageMaker lakehouse). */
export type ZeroEtlService = "redshift" | "glue";
export const ZERO_ETL_SERVICES: readonly ZeroEtlService[] = ["redshift", "glue"];

/**
 * What a zero-ETL integration needs from the table's resource policy: its
 * service principal may export the table and read the export and the table's
 * settings, for this account's integrations only (DynamoDB Developer Guide,
 * "DynamoDB zero-ETL integration with Amazon Redshift"; AWS Glue Developer
 * Guide, zero-ETL sources).
 */
export const ZERO_ETL_ACTIONS: readonly string[] = [
  "dynamodb:DescribeExport",
  "dynamodb:DescribeTable",
  "dynamodb:ExportTableToPointInTime",
];

export interface ZeroEtlAllow {
  readonly service: ZeroEtlService;
  /** Integration ARNs (`arn:aws:redshift:<region>:<account>:integration:<id>`); `*` in the id for any of the account's integrations of the service. */
  readonly integrationArns: readonly string[];
}

export interface TableResourcePolicyDocumentInput {
  /** The table the policy is attached to (a replica has its own). */
  readonly tableArn: string;
  /** The endpoints that can reach this table's region: its gateway endpoint and the extra ids. */
  readonly endpointIds: readonly string[];
  /** The account the table belongs to: AWS services may act only for it. */
  readonly accountId: string;
  /** Global tables' replication role: never denied. */
  readonly replicationRoleArn: string;
  /** Service-linked roles that manage the table from AWS's network, such as Application Auto Scaling's. */
  readonly serviceRoleArns: readonly string[];
  /** Roles that may back the table up from outside the endpoints (AWS Backup's role, a backup job's). */
  readonly backupPrincipalArns: readonly string[];
  /** Who may add replicas from outside the endpoints. */
  readonly replicaManagers: PrincipalExemption;
  /**
   * The control-plane lock: the table's management calls from outside only by these operators.
   * @default - off: any principal its own IAM policies allow manages the table from outside
   */
  readonly controlPlane?: PrincipalExemption;
  /** Zero-ETL integrations that read the table, by service. @default - none */
  readonly zeroEtl?: readonly ZeroEtlAllow[];
  /** DNS suffix of the table's partition, for service principal names. @default "amazonaws.com" */
  readonly dnsSuffix?: string;
}

const SERVICE_LABELS: Readonly<Record<ZeroEtlService, string>> = { redshift: "Redshift", glue: "Glue" };

/** An integration's service may export the table, for the named integrations of this account only. */
function zeroEtlAllow(tableArn: string, accountId: string, allow: ZeroEtlAllow, dnsSuffix: string): PolicyStatement {
  return {
    Sid: `AllowZeroEtlIntegrationsOf${SERVICE_LABELS[allow.service]}`,
    Effect: "Allow",
    Principal: { Service: `${allow.service}.${dnsSuffix}` },
    Action: [...ZERO_ETL_ACTIONS],
    Resource: [tableArn, `${tableArn}/export/*`],
    Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": [...allow.integrationArns] } },
  };
}

/** AWS services may act on the table (through their service principal) only for its own account. */
function servicesForOtherAccounts(resources: string | readonly string[], accountId: string): PolicyStatement {
  return {
    Sid: "DenyAwsServicesActingForOtherAccounts",
    Effect: "Deny",
    Principal: "*",
    Action: "dynamodb:*",
    Resource: resources,
    Condition: { Bool: { "aws:PrincipalIsAWSService": "true" }, StringNotEqualsIfExists: { "aws:SourceAccount": accountId } },
  };
}

/**
 * With the control-plane lock, `UpdateTable` from every network, the endpoints included, by its
 * operators, Application Auto Scaling's role and DynamoDB's replication role only: it switches the
 * table's key (DynamoDB Developer Guide, encryption at rest usage notes:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html),
 * so whoever may call it could move the table onto a key they control and then disable that key,
 * and no condition key tells that change from others. It also turns deletion protection off.
 */
function settingsChangesExceptOperators(policy: TableResourcePolicyDocumentInput): PolicyStatement {
  const lock = policy.controlPlane!;
  return {
    Sid: "DenyTableUpdatesExceptOperators",
    Effect: "Deny",
    Principal: "*",
    Action: "dynamodb:UpdateTable",
    Resource: policy.tableArn,
    Condition: exceptPrincipals({
      principalArns: [...policy.serviceRoleArns, policy.replicationRoleArn, ...lock.principalArns],
      principalTag: lock.principalTag,
    }),
  };
}

/** Operators of the control-plane lock, and the service roles that manage the table from AWS's network; anyone without the lock. */
function operators(controlPlane: PrincipalExemption | undefined, serviceRoleArns: readonly string[]): PrincipalExemption | "anyone" {
  return controlPlane
    ? { principalArns: [...serviceRoleArns, ...controlPlane.principalArns], principalTag: controlPlane.principalTag }
    : "anyone";
}

/**
 * The table's resource policy: the perimeter for every principal, attached
 * to the guard or not, and whoever runs Terraform. Outside the endpoints,
 * every DynamoDB action on the table and its indexes is denied, except the
 * calls of `TABLE_OUTSIDE_CALLS`, each for the principals it names:
 *
 * - reading the table's settings (refresh, the console): anyone;
 * - managing it: the operators of the control-plane lock (and Application
 *   Auto Scaling's role), or anyone when the lock is off;
 * - backups: the named backup roles; new replicas: the replica managers.
 *
 * Items, streams' tables, every copy and any action AWS adds later are
 * denied from outside to everyone, whether the call is made directly or
 * forwarded by a service AWS names in `aws:CalledVia` (CloudFormation
 * acting for a guarded user, say). Only DynamoDB's replication role is
 * never denied; AWS service principals act only for this account, and only a
 * zero-ETL integration named here is allowed anything.
 */
export function tableResourcePolicyDocument(policy: TableResourcePolicyDocumentInput): PolicyDocument {
  const resources = [policy.tableArn, `${policy.tableArn}/index/*`];
  const callers: OutsideCallers = {
    operators: operators(policy.controlPlane, policy.serviceRoleArns),
    "backup-roles": { principalArns: policy.backupPrincipalArns },
    "replica-managers": policy.replicaManagers,
  };
  return {
    Version: "2012-10-17",
    Statement: [
      ...outsideDenyStatements({
        resourcePolicy: true,
        resources,
        endpointIds: policy.endpointIds,
        outside: TABLE_OUTSIDE_CALLS,
        callers,
        neverDenied: { principalArns: [policy.replicationRoleArn] },
        forwardable: [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS],
      }),
      ...(policy.controlPlane ? [settingsChangesExceptOperators(policy)] : []),
      servicesForOtherAccounts(resources, policy.accountId),
      ...(policy.zeroEtl ?? []).map((allow) => zeroEtlAllow(policy.tableArn, policy.accountId, allow, policy.dnsSuffix ?? "amazonaws.com")),
    ],
  };
}

export interface StreamResourcePolicyDocumentInput {
  readonly streamArn: string;
  /** The endpoints that can reach this stream's region. */
  readonly endpointIds: readonly string[];
  readonly accountId: string;
  readonly replicationRoleArn: string;
  /** Stream consumers allowed from outside the endpoints (for example Lambda execution roles). */
  readonly consumerPrincipalArns: readonly string[];
  /**
   * The control-plane lock: the stream's policy and tags changed from outside only by these operators.
   * @default - off: anyone its own IAM policies allow
   */
  readonly controlPlane?: PrincipalExemption;
}

/**
 * The stream's resource policy. Stream records are table data, and stream
 * reads never travel through a gateway endpoint, so outside an interface
 * endpoint listed among the endpoints only the named consumers read them;
 * every other call but those of `STREAM_OUTSIDE_CALLS` is denied from
 * outside to everyone but DynamoDB's replication role.
 */
export function streamResourcePolicyDocument(policy: StreamResourcePolicyDocumentInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      ...outsideDenyStatements({
        resourcePolicy: true,
        resources: [policy.streamArn],
        endpointIds: policy.endpointIds,
        outside: STREAM_OUTSIDE_CALLS,
        forwardable: STREAM_READ_ACTIONS,
        callers: { operators: operators(policy.controlPlane, []), "stream-consumers": { principalArns: policy.consumerPrincipalArns } },
        neverDenied: { principalArns: [policy.replicationRoleArn] },
      }),
      servicesForOtherAccounts([policy.streamArn], policy.accountId),
    ],
  };
}
