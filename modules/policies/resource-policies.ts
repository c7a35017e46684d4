/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import { DATA_READ_ACTIONS, DATA_WRITE_ACTIONS, STREAM_READ_ACTIONS, TABLE_COPY_ACTIONS } from "./actions";
import { GuardScope } from "./identity-policies";
import { PolicyDocument, PolicyStatement } from "./document";

export interface TableResourcePolicyDocumentInput {
  /** The table the policy is attached to (a replica has its own). */
  readonly tableArn: string;
  readonly endpointIds: readonly string[];
  readonly scope: GuardScope;
  /** Global tables' replication role: never denied. */
  readonly replicationRoleArn: string;
  /**
   * Service-linked roles that manage the table from AWS's network, such as
   * Application Auto Scaling's: exempt from the control-plane deny.
   */
  readonly serviceRoleArns: readonly string[];
  /** Operators and deployers: exempt from the control-plane deny, never from the data-plane one. */
  readonly operatorPrincipalArns: readonly string[];
}

/**
 * The table's resource policy: the guard for every principal, attached or
 * not.
 *
 * - Data plane (item reads and writes) and whole-table copies (export,
 *   point-in-time restore): denied outside the endpoints for everyone,
 *   operators included.
 * - With scope `all`, everything else (describe, update, delete, tags,
 *   backups, this policy itself) is denied outside the endpoints too, except
 *   for operators, so the principal running Terraform keeps what it needs.
 * - Neither statement touches calls an AWS service makes for the caller
 *   (`aws:ViaAWSService`), AWS service principals, or the replication role:
 *   a denied replica becomes REPLICATION_NOT_AUTHORIZED. Auto scaling's
 *   service-linked role keeps DescribeTable and UpdateTable.
 */
export function tableResourcePolicyDocument(input: TableResourcePolicyDocumentInput): PolicyDocument {
  const resources = [input.tableArn, `${input.tableArn}/index/*`];
  const outsideEndpoints = {
    StringNotEquals: { "aws:SourceVpce": [...input.endpointIds] },
    BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
  };
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyItemAccessAndCopiesOutsideVpcEndpoints",
      Effect: "Deny",
      Principal: "*",
      Action: [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...TABLE_COPY_ACTIONS],
      Resource: resources,
      Condition: { ...outsideEndpoints, ArnNotLikeIfExists: { "aws:PrincipalArn": [input.replicationRoleArn] } },
    },
  ];
  if (input.scope === "all") {
    statements.push({
      Sid: "DenyEverythingElseOutsideVpcEndpointsExceptOperators",
      Effect: "Deny",
      Principal: "*",
      Action: "dynamodb:*",
      Resource: resources,
      Condition: {
        ...outsideEndpoints,
        ArnNotLikeIfExists: { "aws:PrincipalArn": [input.replicationRoleArn, ...input.serviceRoleArns, ...input.operatorPrincipalArns] },
      },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

export interface StreamResourcePolicyDocumentInput {
  readonly streamArn: string;
  readonly endpointIds: readonly string[];
  readonly replicationRoleArn: string;
  /** Stream consumers allowed from outside the endpoints (for example Lambda execution roles). */
  readonly consumerPrincipalArns: readonly string[];
}

/**
 * The stream's resource policy. Stream records are table data, and stream
 * reads never travel through a gateway endpoint, so outside an interface
 * endpoint listed among the endpoints only the replication role, AWS
 * services and the named consumers may read them.
 */
export function streamResourcePolicyDocument(input: StreamResourcePolicyDocumentInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyStreamReadsOutsideVpcEndpointsExceptConsumers",
        Effect: "Deny",
        Principal: "*",
        Action: [...STREAM_READ_ACTIONS],
        Resource: input.streamArn,
        Condition: {
          StringNotEquals: { "aws:SourceVpce": [...input.endpointIds] },
          BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" },
          ArnNotLikeIfExists: { "aws:PrincipalArn": [input.replicationRoleArn, ...input.consumerPrincipalArns] },
        },
      },
    ],
  };
}

