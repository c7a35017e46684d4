import { Construct } from "constructs";
import { GUARD_SCOPES, GuardScope, guardPolicy } from "./policies";
import { ManagedPolicy } from "./managed-policy";
import { Principals } from "./policy-attachments";
import { checkEndpointIds, childPath, fail } from "./validation";

export interface GuardPolicyProps {
  /** Name of the customer-managed policy, 1 to 128 characters of `[\w+=,.@-]`. */
  readonly policyName: string;
  /** ARNs of the tables the guard covers, with their indexes and streams. */
  readonly tableArns: readonly string[];
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

/**
 * A customer-managed policy that denies the managed tables unless the request
 * came through one of the endpoints, attached to existing principals.
 */
export class GuardPolicy extends ManagedPolicy {
  constructor(scope: Construct, id: string, props: GuardPolicyProps) {
    const guardScope = props.scope ?? "all";
    const where = childPath(scope, id);
    if (!GUARD_SCOPES.includes(guardScope)) fail(where, "scope", `must be one of ${GUARD_SCOPES.join(", ")}`, guardScope);
    checkEndpointIds(where, "endpointIds", props.endpointIds);
    super(scope, id, {
      policyName: props.policyName,
      description: "Denies the managed DynamoDB tables unless the request comes through an allowed VPC endpoint",
      document: guardPolicy({ tableArns: props.tableArns, endpointIds: props.endpointIds, scope: guardScope }),
      principals: props.principals,
    });
  }
}
