import type { Problem } from "../validation-error";
import type { NetworkOptions, SharedEndpointTables } from "../network/network-options";
import type { StackConfig } from "./config";

/**
 * Stacks of one config that join the same existing gateway endpoint share its
 * policy: under the default endpoint scope (the perimeter's tables only),
 * each stack's document names its own tables, and the one its owner applies
 * must let through every perimeter that uses the endpoint. So every joining
 * stack's document names them all, and at most one stack manages it.
 */

interface Participant {
  readonly stack: string;
  /** 0 for the stack's own region, i + 1 for replica i. */
  readonly region: number;
  readonly path: string;
  readonly tables: SharedEndpointTables;
  readonly manages: boolean;
}

/** How a stack's policies name its tables: by prefix, or each by name. */
function tablesOf(stack: StackConfig): SharedEndpointTables {
  if (stack.perimeter?.tableNamePrefix !== undefined) return { tableNamePrefix: stack.perimeter.tableNamePrefix };
  return { tableNames: [...(stack.table ? [stack.table.tableName] : []), ...(stack.tables ?? []).map((t) => t.tableName)] };
}

export interface SharedEndpoints {
  /** Two stacks that both manage one endpoint's policy, one problem each time. */
  readonly problems: Problem[];
  /** The other perimeters' tables that join the endpoint of a stack's region (0: its own, i + 1: replica i). */
  sharedWith(stack: string, region: number): SharedEndpointTables[];
}

export function sharedEndpoints(source: string, stacks: Readonly<Record<string, StackConfig>>): SharedEndpoints {
  const byEndpoint = new Map<string, Participant[]>();
  for (const [name, stack] of Object.entries(stacks)) {
    const networks: Array<[string, NetworkOptions | undefined]> = [
      [`stacks.${name}.network`, stack.network],
      ...(stack.replicas ?? []).map((r, i): [string, NetworkOptions | undefined] => [`stacks.${name}.replicas[${i}].network`, r.network]),
    ];
    networks.forEach(([path, network], region) => {
      const id = network?.vpcEndpointId;
      if (typeof id !== "string") return;
      const list = byEndpoint.get(id) ?? [];
      list.push({ stack: name, region, path, tables: tablesOf(stack), manages: network?.manageEndpointPolicy === true });
      byEndpoint.set(id, list);
    });
  }
  const problems: Problem[] = [];
  for (const [id, participants] of byEndpoint) {
    const managers = participants.filter((p) => p.manages);
    for (const extra of managers.slice(1)) {
      problems.push({
        where: source,
        prop: `${extra.path}.manageEndpointPolicy`,
        rule: `is already set for ${id} by ${managers[0].path}: one stack manages an endpoint's policy, and it lets every perimeter of the config that joins the endpoint through`,
        value: true,
      });
    }
  }
  return {
    problems,
    sharedWith: (stack, region) => {
      for (const participants of byEndpoint.values()) {
        if (participants.some((p) => p.stack === stack && p.region === region)) {
          return participants.filter((p) => p.stack !== stack).map((p) => p.tables);
        }
      }
      return [];
    },
  };
}
