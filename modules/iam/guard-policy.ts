import { Construct } from "constructs";
import { DEFAULT_GUARD_SCOPE, GUARD_SCOPES, GuardScope, guardPolicyDocument } from "../policies/identity-policies";
import { checkEndpointIds, childPath, fail, validateAll } from "../private/validation";
import { checkNamesTables } from "./managed-policy";
import { ManagedPolicy } from "./managed-policy";
import { Principals } from "./policy-attachments";

export interface GuardPolicyProps {
  /** Name of the customer-managed policy, 1 to 128 characters of `[\w+=,.@-]`. */
  readonly policyName: string;
  /** ARNs of the tables the guard covers, with their indexes and streams. */
  readonly tableArns: readonly string[];
  /**
   * ARN patterns naming tables by prefix (`arn:aws:dynamodb:*:111122223333:table/shop-*`);
   * they cover their tables' indexes and streams too.
   * @default - none
   */
  readonly tableArnPatterns?: readonly string[];
  /** Endpoints requests may come through; at least one. */
  readonly endpointIds: readonly string[];
  /**
   * `all` denies every DynamoDB action outside the endpoints; `data-plane` only item and stream reads and writes.
   * @default "all"
   */
  readonly scope?: GuardScope;
  /**
   * Principals the guard is attached to.
   * @default - none; the policy exists but protects nobody until attached
   */
  readonly principals?: Principals;
}

/** The guard's scope must be one it knows; the one home of that rule. */
export function checkGuardScope(where: string, prop: string, scope: GuardScope): void {
  if (!GUARD_SCOPES.includes(scope)) fail(where, prop, `must be one of ${GUARD_SCOPES.join(", ")}`, scope);
}

/**
 * A customer-managed policy that denies the managed tables unless the request
 * came through one of the endpoints, attached to existing principals.
 *
 * Creates `aws_iam_policy` and its attachments (a ManagedPolicy).
 */
export class GuardPolicy extends ManagedPolicy {
  constructor(scope: Construct, id: string, props: GuardPolicyProps) {
    const guardScope = props.scope ?? DEFAULT_GUARD_SCOPE;
    const where = childPath(scope, id);
    validateAll((problems) => {
      problems.check(() => checkGuardScope(where, "scope", guardScope));
      problems.check(() => checkEndpointIds(where, "endpointIds", props.endpointIds));
      problems.check(() => checkNamesTables(where, props.tableArns, props.tableArnPatterns));
    });
    super(scope, id, {
      policyName: props.policyName,
      description: "Denies the managed DynamoDB tables unless the request comes through an allowed VPC endpoint",
      document: guardPolicyDocument({
        tableArns: props.tableArns,
        tableArnPatterns: props.tableArnPatterns,
        endpointIds: props.endpointIds,
        scope: guardScope,
      }),
      principals: props.principals,
    });
  }
}
