/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import {
  ACCOUNT_READ_ACTIONS,
  DATA_READ_ACTIONS,
  DATA_WRITE_ACTIONS,
  REPLICA_MANAGEMENT_ACTIONS,
  STREAM_READ_ACTIONS,
  TABLE_MANAGEMENT_ACTIONS,
} from "./actions";
import { tableArn } from "../private/aws-names";
import { PolicyDocument } from "./document";
import { tableResources } from "./identity-policies";

/** Which tables the endpoint policy lets through. */
export type EndpointPolicyScope = "account" | "managed-tables";
export const ENDPOINT_POLICY_SCOPES: readonly EndpointPolicyScope[] = ["account", "managed-tables"];
/** Only the perimeter's tables: "account" would let anything in the VPC copy the tables' items into another table of the account. */
export const DEFAULT_ENDPOINT_POLICY_SCOPE: EndpointPolicyScope = "managed-tables";

export interface EndpointPolicyDocumentInput {
  readonly scope: EndpointPolicyScope;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The managed tables in this endpoint's region, for scope `managed-tables`. */
  readonly tableArns: readonly string[];
  /** ARN patterns naming this region's managed tables by prefix, for scope `managed-tables`. @default - none */
  readonly tableArnPatterns?: readonly string[];
  /**
   * Let replicas be added and removed through the endpoint: only for a perimeter with replicas to manage.
   * @default false
   */
  readonly replicas?: boolean;
}

/**
 * The gateway endpoint's policy. It replaces AWS's full-access default, so it
 * must hold an Allow with a Principal. Only this account's tables (or only
 * the managed ones) are reachable through the endpoint: nobody in the VPC can
 * copy data into a table of another account through it. Export to S3 is not
 * among the actions, and new replicas only when the perimeter has replicas. `aws:SourceVpce` would be pointless here: every request
 * this policy sees came through this endpoint.
 */
export function endpointPolicyDocument(input: EndpointPolicyDocumentInput): PolicyDocument {
  const resources =
    input.scope === "account"
      ? [tableArn(input.partition, input.region, input.accountId, "*")]
      : [...tableResources(input.tableArns, { subResources: false }), ...(input.tableArnPatterns ?? [])];
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: input.scope === "account" ? "AllowThisAccountsTables" : "AllowManagedTables",
        Effect: "Allow",
        Principal: "*",
        Action: [
          ...DATA_READ_ACTIONS,
          ...DATA_WRITE_ACTIONS,
          ...TABLE_MANAGEMENT_ACTIONS,
          ...(input.replicas ? REPLICA_MANAGEMENT_ACTIONS : []),
        ],
        Resource: resources,
      },
      {
        // These actions have no resource type: they can only be allowed on "*".
        Sid: "AllowAccountReads",
        Effect: "Allow",
        Principal: "*",
        Action: [...ACCOUNT_READ_ACTIONS],
        Resource: "*",
      },
    ],
  };
}

/**
 * The DynamoDB Streams interface endpoint's policy: only reading the streams
 * of the perimeter's tables in this region (listed, or named by the prefix),
 * whatever the gateway endpoint's scope, and listing streams, which has no
 * resource type. Nothing else travels through it: a stream reader in the VPC
 * reaches no other table's changes this way.
 */
export function streamsEndpointPolicyDocument(input: EndpointPolicyDocumentInput): PolicyDocument {
  const streams = [...input.tableArns, ...(input.tableArnPatterns ?? [])].map((table) => `${table}/stream/*`);
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadPerimeterStreams", Effect: "Allow", Principal: "*", Action: [...STREAM_READ_ACTIONS], Resource: streams },
      { Sid: "ListStreams", Effect: "Allow", Principal: "*", Action: "dynamodb:ListStreams", Resource: "*" },
    ],
  };
}
