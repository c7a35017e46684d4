import { FULL_ACCESS } from "./grants-access";
import { ACCOUNT, decide } from "./access-model";
import { Answer, Authorizer } from "./offline-aws";
import { ExistingResources } from "./existing-resources";

/**
 * The loopback stand-in as strict as DynamoDB: every DynamoDB call on a table
 * or stream that has a resource policy is evaluated against that policy (the
 * one the first apply attached) for the caller, from outside the endpoints
 * (a pipeline's runner), with IAM allowing the caller everything, as an
 * administrator's role would. A denied call gets DynamoDB's
 * AccessDeniedException, so Terraform shows what a real run would.
 */

/** The table or stream a DynamoDB call names, as an ARN. */
function resourceOf(params: Record<string, string>, region: string): string | undefined {
  const named = params.ResourceArn ?? params.StreamArn ?? params.TableArn ?? params.TableName;
  if (named === undefined) return undefined;
  return named.startsWith("arn:") ? named : `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${named}`;
}

/** Every decision the authorizer made, in order: what the gate's assertions read. */
export interface AuthorizedCall {
  readonly action: string;
  readonly resource: string;
  readonly caller: string;
  readonly decision: string;
}

export function resourcePolicyAuthorizer(registry: ExistingResources, decisions: AuthorizedCall[]): Authorizer {
  return async (call, params, caller): Promise<Answer | undefined> => {
    if (call.service !== "dynamodb") return undefined;
    const resource = resourceOf(params, call.region);
    const policy = resource === undefined ? undefined : registry.resourcePolicyOf(resource.split("/index/")[0]);
    if (resource === undefined || policy === undefined) return undefined;
    const action = `dynamodb:${call.action}`;
    const decision = await decide({
      principal: caller.sessionArn,
      principalArn: caller.roleArn,
      principalTags: caller.tags,
      identityPolicies: [FULL_ACCESS],
      action,
      resource,
      // The account the resource's ARN names: a stack's assumed role works in its own account.
      resourceAccount: resource.split(":")[4],
      resourcePolicy: JSON.parse(policy.policy),
      context: { "aws:ViaAWSService": "false" },
    });
    decisions.push({ action, resource, caller: caller.roleArn, decision });
    if (decision === "Allowed") return undefined;
    const reason =
      decision === "ExplicitlyDenied"
        ? "with an explicit deny in a resource-based policy"
        : "because no identity-based policy allows the action";
    return {
      status: 400,
      body: JSON.stringify({
        __type: "com.amazon.coral.service#AccessDeniedException",
        Message: `User: ${caller.sessionArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`,
      }),
    };
  };
}
