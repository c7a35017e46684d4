import { TerraformJson } from "./batch-root";
import { StateFile } from "./state-from-plan";

/**
 * What Terraform calls on DynamoDB when it refreshes and plans a perimeter
 * from outside the endpoints: the calls the perimeter's policies must leave
 * open to whoever runs `terraform plan`.
 *
 * Each stack is projected onto its DynamoDB resources (and the data sources
 * and `terraform_data` records they read), every reference to anything else
 * replaced by the value the applied state holds for it. The projection is
 * planned with refresh on against that state, so the provider reads every
 * table, replica, resource policy and Contributor Insights setting exactly
 * as a pipeline's `terraform plan` would, and nothing else: the loopback
 * stand-in records each call.
 */

/** The managed resource types a projection keeps: everything DynamoDB, and the records replicas' stream reads hang on. */
export const REFRESHED_TYPES: readonly string[] = [
  "aws_dynamodb_table",
  "aws_dynamodb_table_replica",
  "aws_dynamodb_resource_policy",
  "aws_dynamodb_contributor_insights",
  "terraform_data",
];

type Body = Record<string, unknown>;
type Attributes = Record<string, unknown>;

/** `${type.name.attribute}`, `${data.type.name.attribute}`: the only reference form the projection replaces. */
const SIMPLE_REFERENCE = /\$\{((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}/g;
/** Any resource or data source named inside an expression. */
const ANY_REFERENCE = /\b((?:data\.)?aws_[a-z0-9_]+|terraform_data)\.([A-Za-z0-9_-]+)/g;

const addressesIn = (text: string): string[] => [...text.matchAll(ANY_REFERENCE)].map((m) => `${m[1]}.${m[2]}`);

/** The module's stack with only what a DynamoDB refresh reads; references to the rest become the applied values. */
export function dynamodbProjection(stack: TerraformJson, module: string, state: StateFile): TerraformJson {
  const managed: Record<string, Record<string, Body>> = {};
  for (const type of REFRESHED_TYPES)
    if (stack.resource?.[type]) managed[type] = JSON.parse(JSON.stringify(stack.resource[type])) as Record<string, Body>;
  const kept = new Set(Object.entries(managed).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
  // Data sources stay when something kept reads them (they are read again by every plan); their own references are followed.
  const data: Record<string, Record<string, Body>> = {};
  const pending = Object.values(managed).flatMap((byName) => Object.values(byName).map((b) => JSON.stringify(b)));
  while (pending.length) {
    for (const address of addressesIn(pending.pop()!)) {
      if (!address.startsWith("data.") || kept.has(address)) continue;
      const [, type, name] = address.split(".");
      const body = stack.data?.[type]?.[name];
      if (!body) throw new Error(`module ${module}: ${address} is referenced but not in the stack`);
      (data[type] ??= {})[name] = JSON.parse(JSON.stringify(body)) as Body;
      kept.add(address);
      pending.push(JSON.stringify(body));
    }
  }
  const applied = new Map(
    state.resources
      .filter((r) => r.module === `module.${module}`)
      .map((r) => [`${r.type}.${r.name}`, r.instances[0].attributes as Attributes]),
  );
  const substitute = (text: string): string =>
    text.replace(SIMPLE_REFERENCE, (whole, address: string, attribute: string) => {
      if (kept.has(address)) return whole;
      const value = applied.get(address)?.[attribute];
      if (typeof value !== "string") throw new Error(`module ${module}: no applied string value for ${address}.${attribute}`);
      return value;
    });
  const project = (byType: Record<string, Record<string, Body>>): Record<string, Record<string, Body>> =>
    Object.fromEntries(
      Object.entries(byType).map(([type, byName]) => [
        type,
        Object.fromEntries(
          Object.entries(byName).map(([name, body]) => {
            const dependsOn = (body.depends_on as string[] | undefined)?.filter((d) => kept.has(d));
            const { depends_on: _dropped, ...rest } = body;
            const projected = JSON.parse(substitute(JSON.stringify(rest)), (_key, value: unknown) => value) as Body;
            const left = addressesIn(JSON.stringify(projected)).filter((a) => !kept.has(a));
            if (left.length)
              throw new Error(`module ${module}: ${type}.${name} still refers to ${left.join(", ")}, which the projection leaves out`);
            return [name, dependsOn?.length ? { ...projected, depends_on: dependsOn } : projected];
          }),
        ),
      ]),
    );
  return {
    terraform: stack.terraform,
    provider: stack.provider,
    resource: project(managed),
    ...(Object.keys(data).length ? { data: project(data) } : {}),
  };
}

/** The applied state of the projected modules: their DynamoDB resources only, so refresh reads nothing else. */
export function projectedState(state: StateFile, modules: readonly string[]): StateFile {
  const wanted = new Set(modules.map((m) => `module.${m}`));
  return { ...state, resources: state.resources.filter((r) => wanted.has(r.module) && REFRESHED_TYPES.includes(r.type)) };
}
