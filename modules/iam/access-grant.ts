import { Construct } from "constructs";
import { GRANT_ACCESS, GrantAccess, grantPolicyDocument } from "../policies/identity-policies";
import { checkEndpointIds, childPath, fail, validateAll } from "../private/validation";
import { checkNamesTables } from "./managed-policy";
import { ManagedPolicy } from "./managed-policy";
import { Principals } from "./policy-attachments";

export interface AccessGrantProps {
  /** Name of the customer-managed policy, 1 to 128 characters of `[\w+=,.@-]`. */
  readonly policyName: string;
  /** `read-only` or `read-write`. */
  readonly access: GrantAccess;
  /** ARNs of the tables (replicas included). */
  readonly tableArns: readonly string[];
  /**
   * ARN patterns naming tables by prefix (`arn:aws:dynamodb:*:111122223333:table/shop-*`);
   * they cover their tables' indexes and streams too.
   * @default - none
   */
  readonly tableArnPatterns?: readonly string[];
  /** Endpoints the access is allowed through; at least one. */
  readonly endpointIds: readonly string[];
  /**
   * Keys of the tables, for `kms:Decrypt` through DynamoDB.
   * @default - none (AWS owned key)
   */
  readonly kmsKeyArns?: readonly string[];
  /**
   * `dynamodb.<region>.amazonaws.com` of each region with a table.
   * @default - none
   */
  readonly kmsViaServices?: readonly string[];
  /**
   * Grant reads of the tables' streams too, through the endpoints: only useful with a DynamoDB Streams interface endpoint among them.
   * @default false
   */
  readonly streamReads?: boolean;
  /**
   * The endpoints stream reads may come through.
   * @default - `endpointIds`
   */
  readonly streamEndpointIds?: readonly string[];
  /** Who gets the access. */
  readonly principals: Principals;
}

/**
 * Least-privilege read-only or read-write access to the managed tables and
 * their indexes, allowed only through the endpoints.
 *
 * Creates `aws_iam_policy` and its attachments (a ManagedPolicy).
 */
export class AccessGrant extends ManagedPolicy {
  constructor(scope: Construct, id: string, props: AccessGrantProps) {
    const where = childPath(scope, id);
    validateAll((problems) => {
      problems.check(() => {
        if (!GRANT_ACCESS.includes(props.access)) fail(where, "access", `must be one of ${GRANT_ACCESS.join(", ")}`, props.access);
      });
      problems.check(() => checkEndpointIds(where, "endpointIds", props.endpointIds));
      problems.check(() => checkNamesTables(where, props.tableArns, props.tableArnPatterns));
    });
    super(scope, id, {
      policyName: props.policyName,
      description: `${props.access === "read-only" ? "Reads" : "Reads and writes"} the managed DynamoDB tables through the allowed VPC endpoints`,
      document: grantPolicyDocument({
        access: props.access,
        tableArns: props.tableArns,
        tableArnPatterns: props.tableArnPatterns,
        endpointIds: props.endpointIds,
        kmsKeyArns: props.kmsKeyArns ?? [],
        kmsViaServices: props.kmsViaServices ?? [],
        streamReads: props.streamReads,
        streamEndpointIds: props.streamEndpointIds,
      }),
      principals: props.principals,
    });
  }
}
