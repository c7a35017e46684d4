import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { GUARD_SCOPES, GuardScope, guardPolicy, policyJson } from "./policies";
import { PolicyAttachments, Principals, checkPrincipals } from "./policy-attachments";
import { checkPolicyName, checkVpcEndpointId, fail } from "./validation";

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
 * came through one of the endpoints, attached to existing principals. The
 * policy text is static JSON with Terraform references inside, so the plan
 * shows it and tests can read it.
 */
export class GuardPolicy extends Construct {
  /** The policy resource. */
  public readonly resource: IamPolicy;
  /** ARN of the policy. */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: GuardPolicyProps) {
    super(scope, id);
    const guardScope = props.scope ?? "all";
    const principals = props.principals ?? {};
    const where = this.node.path;
    checkPolicyName(where, "policyName", props.policyName);
    if (!GUARD_SCOPES.includes(guardScope)) fail(where, "scope", `must be one of ${GUARD_SCOPES.join(", ")}`, guardScope);
    if (props.endpointIds.length === 0) fail(where, "endpointIds", "must list at least one endpoint", props.endpointIds);
    props.endpointIds.forEach((e, i) => checkVpcEndpointId(where, `endpointIds[${i}]`, e));
    checkPrincipals(where, "principals", principals);

    this.resource = new IamPolicy(this, "Resource", {
      name: props.policyName,
      description: "Denies the managed DynamoDB tables unless the request comes through an allowed VPC endpoint",
      policy: policyJson(guardPolicy({ tableArns: props.tableArns, endpointIds: props.endpointIds, scope: guardScope })),
    });
    this.policyArn = this.resource.arn;
    new PolicyAttachments(this, "Attachments", { policyArn: this.policyArn, principals });
  }
}
