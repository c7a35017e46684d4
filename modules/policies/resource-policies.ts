/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import { BACKUP_ACTIONS, DATA_READ_ACTIONS, DATA_WRITE_ACTIONS, REPLICA_ACTIONS, STREAM_READ_ACTIONS, TABLE_COPY_ACTIONS } from "./actions";
import { PolicyDocument, PolicyStatement } from "./document";

/** Value of a principal tag that exempts its principal, as in AWS's data-perimeter examples. */
export const EXEMPT_TAG_VALUE = "true";
/** The principal tag key AWS's data-perimeter examples use to exclude a principal from the network perimeter. */
export const DEFAULT_EXEMPT_TAG_KEY = "dp:exclude:network";

/**
 * Principals exempt from one statement, by ARN (wildcards allowed) and/or by
 * a principal tag set to `true`. Either one exempts: the statement applies
 * only to principals that match neither.
 */
export interface PrincipalExemption {
  readonly principalArns: readonly string[];
  /** Key of a principal tag; principals (or sessions) tagged `<key>=true` are exempt. */
  readonly principalTag?: string;
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
   * The control-plane perimeter: everything else denied outside the endpoints but to these.
   * @default - off: describe, update, tag and delete stay with IAM alone
   */
  readonly controlPlane?: PrincipalExemption;
}

/** The request came from outside the endpoints, from an IAM principal acting itself. */
function outside(endpointIds: readonly string[]): Record<string, Record<string, string | string[]>> {
  return {
    StringNotEquals: { "aws:SourceVpce": [...endpointIds] },
    BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
  };
}

/** Conditions that leave the exempt principals out of a Deny. */
function except(exemption: PrincipalExemption): Record<string, Record<string, string | string[]>> {
  return {
    ...(exemption.principalArns.length ? { ArnNotLikeIfExists: { "aws:PrincipalArn": [...exemption.principalArns] } } : {}),
    ...(exemption.principalTag !== undefined ? { StringNotEqualsIfExists: { [`aws:PrincipalTag/${exemption.principalTag}`]: EXEMPT_TAG_VALUE } } : {}),
  };
}

/** AWS services may act on the table (through their service principal) only for its own account. */
function servicesForOtherAccounts(actions: string | readonly string[], resources: string | readonly string[], accountId: string): PolicyStatement {
  return {
    Sid: "DenyAwsServicesActingForOtherAccounts",
    Effect: "Deny",
    Principal: "*",
    Action: actions,
    Resource: resources,
    Condition: { Bool: { "aws:PrincipalIsAWSService": "true" }, StringNotEqualsIfExists: { "aws:SourceAccount": accountId } },
  };
}

/**
 * The table's resource policy: the perimeter for every principal, attached
 * to the guard or not, and whoever runs Terraform. Outside the endpoints:
 *
 * - item reads and writes, and every copy of the table (export,
 *   point-in-time restore, Kinesis streaming) are denied to everyone;
 * - backups are denied to everyone but the named backup roles, new replicas
 *   to everyone but the replica managers;
 * - with the control-plane perimeter on, everything else is denied too,
 *   except to principals exempt by tag or ARN (never by who runs Terraform);
 * - AWS's own paths stay open: calls a service makes for the caller
 *   (`aws:ViaAWSService`), the replication and auto-scaling roles, and
 *   service principals acting for this account only.
 */
export function tableResourcePolicyDocument(policy: TableResourcePolicyDocumentInput): PolicyDocument {
  const resources = [policy.tableArn, `${policy.tableArn}/index/*`];
  const away = outside(policy.endpointIds);
  const deny = (Sid: string, Action: string | readonly string[], exemption: PrincipalExemption): PolicyStatement => ({
    Sid,
    Effect: "Deny",
    Principal: "*",
    Action,
    Resource: resources,
    Condition: { ...away, ...except(exemption) },
  });
  const replication = [policy.replicationRoleArn];
  const statements: PolicyStatement[] = [
    deny("DenyItemAccessOutsideVpcEndpoints", [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS], { principalArns: replication }),
    deny("DenyCopiesOutsideVpcEndpoints", [...TABLE_COPY_ACTIONS], { principalArns: [] }),
    deny("DenyBackupsOutsideVpcEndpointsExceptBackupRoles", [...BACKUP_ACTIONS], { principalArns: policy.backupPrincipalArns }),
    deny("DenyNewReplicasOutsideVpcEndpointsExceptReplicaManagers", [...REPLICA_ACTIONS], policy.replicaManagers),
  ];
  if (policy.controlPlane) {
    statements.push(
      deny("DenyControlPlaneOutsideVpcEndpointsExceptExempt", "dynamodb:*", {
        principalArns: [...replication, ...policy.serviceRoleArns, ...policy.backupPrincipalArns, ...policy.controlPlane.principalArns],
        principalTag: policy.controlPlane.principalTag,
      }),
    );
  }
  statements.push(servicesForOtherAccounts("dynamodb:*", resources, policy.accountId));
  return { Version: "2012-10-17", Statement: statements };
}

export interface StreamResourcePolicyDocumentInput {
  readonly streamArn: string;
  /** The endpoints that can reach this stream's region. */
  readonly endpointIds: readonly string[];
  readonly accountId: string;
  readonly replicationRoleArn: string;
  /** Stream consumers allowed from outside the endpoints (for example Lambda execution roles). */
  readonly consumerPrincipalArns: readonly string[];
}

/**
 * The stream's resource policy. Stream records are table data, and stream
 * reads never travel through a gateway endpoint, so outside an interface
 * endpoint listed among the endpoints only the replication role, the named
 * consumers and AWS services acting for this account may read them.
 */
export function streamResourcePolicyDocument(policy: StreamResourcePolicyDocumentInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyStreamReadsOutsideVpcEndpointsExceptConsumers",
        Effect: "Deny",
        Principal: "*",
        Action: [...STREAM_READ_ACTIONS],
        Resource: policy.streamArn,
        Condition: { ...outside(policy.endpointIds), ...except({ principalArns: [policy.replicationRoleArn, ...policy.consumerPrincipalArns] }) },
      },
      servicesForOtherAccounts([...STREAM_READ_ACTIONS], policy.streamArn, policy.accountId),
    ],
  };
}
