import type { Problem } from "../validation-error";
import type { NetworkOptions } from "../network/network-options";
import type { StackConfig } from "./config";

/**
 * A route table holds one route per destination, and a DynamoDB gateway
 * endpoint is a route to DynamoDB's prefix list: AWS refuses a second
 * endpoint (or association) on a route table that has one, at apply, where
 * no plan sees it. Within one config, every stack's claims are known at
 * synth, so two that put an endpoint on one route table are refused here.
 * (A route table that already has an endpoint from outside the config is
 * beyond what synth can see: join that endpoint with `network.vpcEndpointId`.)
 */

/** The route tables a network puts a DynamoDB gateway endpoint on, with the field naming them. */
function claims(
  network: NetworkOptions | undefined,
): { field: "routeTableIds" | "associateRouteTableIds"; ids: readonly string[] } | undefined {
  if (network === undefined) return undefined;
  // Joining an endpoint: only the associations added here are new routes.
  if (network.vpcEndpointId !== undefined) return { field: "associateRouteTableIds", ids: network.associateRouteTableIds ?? [] };
  // A new VPC's route tables are its own; an existing VPC's are named.
  if (network.vpcId !== undefined) return { field: "routeTableIds", ids: network.routeTableIds ?? [] };
  return undefined;
}

/** One problem for each route table that a second stack (or region entry) puts a DynamoDB gateway endpoint on. */
export function sharedRouteTableProblems(source: string, stacks: Readonly<Record<string, StackConfig>>): Problem[] {
  const firstClaim = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [name, stack] of Object.entries(stacks)) {
    const networks = [
      { region: stack.region, path: `stacks.${name}.network`, network: stack.network },
      ...(stack.replicas ?? []).map((replica, i) => ({
        region: replica.region,
        path: `stacks.${name}.replicas[${i}].network`,
        network: replica.network,
      })),
    ];
    for (const { region, path, network } of networks) {
      const claim = claims(network);
      claim?.ids.forEach((id, i) => {
        const prop = `${path}.${claim.field}[${i}]`;
        const key = `${region}/${id}`;
        const first = firstClaim.get(key);
        if (first === undefined) {
          firstClaim.set(key, prop);
          return;
        }
        problems.push({
          where: source,
          prop,
          rule: `is already on the DynamoDB gateway endpoint of ${first} in ${region}: a route table holds one route to DynamoDB, so AWS would refuse a second; join that endpoint with network.vpcEndpointId instead`,
          value: id,
        });
      });
    }
  }
  return problems;
}
