/**
 * Policy documents as pure functions: plain input in, a JSON-ready object out.
 * Nothing here knows about cdktf; values may be Terraform references
 * (`${aws_vpc_endpoint.x.id}`) that Terraform fills in at apply time.
 */

import { DATA_PLANE_GUARD_OUTSIDE_CALLS, DATA_READ_ACTIONS, DATA_WRITE_ACTIONS, OutsideCalls, STREAM_READ_ACTIONS } from "./actions";
import { PolicyDocument, PolicyStatement } from "./document";
import { outsideDenyStatements } from "./outside-denies";

/** Which DynamoDB actions a guard denies outside the endpoints. */
export type GuardScope = "all" | "data-plane";

export const GUARD_SCOPES: readonly GuardScope[] = ["all", "data-plane"];
/** Every DynamoDB action: the guard of the article, scoped to the managed tables. */
export const DEFAULT_GUARD_SCOPE: GuardScope = "all";

/** What a guard's principals may still call from outside: nothing with `all`; reading and changing settings with `data-plane`. */
export function guardOutsideCalls(scope: GuardScope): readonly OutsideCalls[] {
  return scope === "all" ? [] : DATA_PLANE_GUARD_OUTSIDE_CALLS;
}

/**
 * ARNs a policy must name to cover a table and its indexes; with `subResources`,
 * everything under it too: streams, backups (a restore is authorised on the
 * backup's ARN), exports and imports.
 */
export function tableResources(tableArns: readonly string[], opts: { subResources: boolean }): string[] {
  return tableArns.flatMap((arn) => [arn, opts.subResources ? `${arn}/*` : `${arn}/index/*`]);
}

export interface GuardPolicyDocumentInput {
  /** ARNs of the managed tables (each replica is a table of its own). */
  readonly tableArns: readonly string[];
  /**
   * ARN patterns naming tables in every region, by name (`arn:aws:dynamodb:*:111122223333:table/Orders`,
   * with `…/Orders/*` for what is under it) or by prefix (`…:table/shop-*`, where `*` also spans `/`).
   * @default - none
   */
  readonly tableArnPatterns?: readonly string[];
  /** Every endpoint a request may come through. */
  readonly endpointIds: readonly string[];
  readonly scope: GuardScope;
}

/**
 * The identity guard: deny the managed tables unless the request came through
 * one of the endpoints.
 *
 * - Deny by default: every DynamoDB action (`dynamodb:*` with scope `all`;
 *   with `data-plane`, every action but the settings calls of
 *   `DATA_PLANE_GUARD_OUTSIDE_CALLS`, as `NotAction`), so an action AWS adds
 *   later is denied too.
 * - One `StringNotEquals` with the whole list: a negated operator is true only
 *   when the value equals none of the entries. `StringEquals` with a list inside
 *   a Deny would deny exactly the listed endpoints.
 * - A request from the internet carries no `aws:SourceVpce`; a negated operator
 *   on a missing key is true, so such requests are denied.
 * - Calls forwarded with the principal's credentials by a service AWS names in
 *   `aws:CalledVia` (CloudFormation) are denied like direct ones; other
 *   forwarded calls (`aws:ViaAWSService`) are left alone: they never carry an
 *   endpoint id, and no key names the service.
 * - Scoped to the managed tables in every region and everything under them,
 *   never `Resource: "*"`, so it cannot lock the principal out of every other
 *   table in the account, and a replica added in another region is covered
 *   before it exists.
 */
export function guardPolicyDocument(input: GuardPolicyDocumentInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: outsideDenyStatements({
      resourcePolicy: false,
      resources: [...tableResources(input.tableArns, { subResources: true }), ...(input.tableArnPatterns ?? [])],
      endpointIds: input.endpointIds,
      outside: guardOutsideCalls(input.scope),
      callers: {},
      forwardable: [...DATA_READ_ACTIONS, ...DATA_WRITE_ACTIONS, ...STREAM_READ_ACTIONS],
    }),
  };
}

/** What a grant lets its principals do with the managed tables. */
export type GrantAccess = "read-only" | "read-write";
export const GRANT_ACCESS: readonly GrantAccess[] = ["read-only", "read-write"];

export interface GrantPolicyDocumentInput {
  readonly access: GrantAccess;
  readonly tableArns: readonly string[];
  /** ARN patterns naming tables by prefix; they cover their tables' indexes too. @default - none */
  readonly tableArnPatterns?: readonly string[];
  readonly endpointIds: readonly string[];
  /**
   * The endpoints stream reads may come through, with `streamReads`.
   * @default - `endpointIds`
   */
  readonly streamEndpointIds?: readonly string[];
  /** Keys of the tables; DynamoDB calls KMS for the caller, so the caller needs Decrypt. */
  readonly kmsKeyArns: readonly string[];
  /** `dynamodb.<region>.<suffix>` for every region with a replica. */
  readonly kmsViaServices: readonly string[];
  /**
   * Grant stream reads too: only when the perimeter has a DynamoDB Streams interface endpoint, the one way they travel through an endpoint.
   * @default false
   */
  readonly streamReads?: boolean;
}

/**
 * Least-privilege access to the managed tables, only through the endpoints.
 * `StringEquals` with a list in an Allow matches any listed endpoint. Stream
 * reads are granted only with a DynamoDB Streams interface endpoint: they
 * never travel through a gateway endpoint.
 * KMS use is bound to DynamoDB (`kms:ViaService`): those calls come from the
 * service, not through the endpoint, so they carry no `aws:SourceVpce`.
 */
export function grantPolicyDocument(input: GrantPolicyDocumentInput): PolicyDocument {
  const throughEndpoints = { StringEquals: { "aws:SourceVpce": [...input.endpointIds] } };
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadManagedTablesThroughVpcEndpoints",
      Effect: "Allow",
      Action: [...DATA_READ_ACTIONS, "dynamodb:DescribeTable"],
      Resource: [...tableResources(input.tableArns, { subResources: false }), ...(input.tableArnPatterns ?? [])],
      Condition: throughEndpoints,
    },
  ];
  if (input.streamReads) {
    const throughStreamEndpoints = { StringEquals: { "aws:SourceVpce": [...(input.streamEndpointIds ?? input.endpointIds)] } };
    statements.push(
      {
        Sid: "ReadManagedStreamsThroughVpcEndpoints",
        Effect: "Allow",
        Action: [...STREAM_READ_ACTIONS],
        // A prefix pattern (`table/<prefix>*`) already covers the tables' streams.
        Resource: [...input.tableArns.map((arn) => `${arn}/stream/*`), ...(input.tableArnPatterns ?? [])],
        Condition: throughStreamEndpoints,
      },
      {
        // Consumers find a table's streams with ListStreams, which has no resource type.
        Sid: "ListStreamsThroughVpcEndpoints",
        Effect: "Allow",
        Action: "dynamodb:ListStreams",
        Resource: "*",
        Condition: throughStreamEndpoints,
      },
    );
  }
  if (input.access === "read-write") {
    statements.push({
      Sid: "WriteManagedTablesThroughVpcEndpoints",
      Effect: "Allow",
      Action: [...DATA_WRITE_ACTIONS],
      Resource: [...input.tableArns, ...(input.tableArnPatterns ?? [])],
      Condition: throughEndpoints,
    });
  }
  statements.push({
    // SDK endpoint discovery; the action has no resource type.
    Sid: "DescribeEndpointsThroughVpcEndpoints",
    Effect: "Allow",
    Action: "dynamodb:DescribeEndpoints",
    Resource: "*",
    Condition: throughEndpoints,
  });
  if (input.kmsKeyArns.length > 0) {
    statements.push({
      Sid: "UseTableKeysThroughDynamoDb",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: [...input.kmsKeyArns],
      Condition: { StringEquals: { "kms:ViaService": [...input.kmsViaServices] } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
