import { BatchRoot } from "./batch-root";
import { ApplyContext, applyTimeKeys, applyTimeValue, hasApplyTimeValue } from "./apply-time-values";
import { evaluate } from "./expressions";
import { PlanJson, moduleChanges, moduleResources } from "./plan-json";
import { AttributeType, BUILTIN, Block, ProviderSchema } from "./provider-schema";

/**
 * A Terraform state (format version 4) as an apply of a plan would leave it:
 * every resource at its planned values, and each value the plan left
 * unknown filled in, either from the configuration (a reference evaluated
 * against the values already known, so `subnet.vpc_id` equals `vpc.id`) or
 * with what AWS reports after apply (`apply-time-values.ts`). Planning
 * against this state with `-refresh=false` shows what a second apply would
 * change, without AWS.
 */

export interface StateSource {
  /** Module of the planned root whose planned values are used. */
  readonly from: string;
  /** Module of the next root the resources belong to. */
  readonly to: string;
  /** Addresses left out, as `terraform state rm` leaves them out. */
  readonly forget?: readonly string[];
}

export interface StateFile {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, never>;
  readonly resources: StateResource[];
}

interface StateResource {
  readonly module: string;
  readonly mode: "managed";
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: Array<{
    schema_version: number;
    attributes: Record<string, unknown>;
    sensitive_attributes: never[];
    dependencies: never[];
  }>;
}

type Json = unknown;
type Path = Array<string | number>;

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);
const isTemplate = (v: Json): boolean => typeof v === "string" && v.includes("${");

/** The configuration element of a block list or set that a planned element came from. */
function configElement(config: Json, value: Json, index: number, length: number): Json {
  if (isObject(config)) return index === 0 ? config : undefined;
  if (!Array.isArray(config)) return undefined;
  // Set elements come back in Terraform's order: match them by the constants they were given.
  const matches = config.filter(
    (c) =>
      isObject(c) &&
      isObject(value) &&
      Object.entries(c).every(([k, v]) => isTemplate(v) || isObject(v) || Array.isArray(v) || value[k] === v),
  );
  if (matches.length === 1) return matches[0];
  return config.length === length ? config[index] : undefined;
}

/** Does a value have the shape of a schema type? */
function conforms(value: Json, type: AttributeType | undefined): boolean {
  if (type === undefined) return true;
  if (typeof type === "string") {
    if (type === "dynamic") return true;
    return value === null || typeof value === (type === "bool" ? "boolean" : type);
  }
  const [kind] = type;
  if (kind === "list" || kind === "set") return value === null || Array.isArray(value);
  return value === null || isObject(value);
}

/** JSON with every object's keys sorted, as Go's encoder writes a decoded map. */
const sortedJson = (text: Json): Json => {
  if (typeof text !== "string") return text;
  const sort = (v: Json): Json =>
    Array.isArray(v)
      ? v.map(sort)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(JSON.parse(text)));
};

/**
 * Attributes the provider rewrites before it stores them (a schema `StateFunc`): a value known at
 * plan is shown rewritten, so one filled in at apply must be rewritten the same way. An event
 * rule's pattern is decoded and encoded again (`aws_cloudwatch_event_rule`, provider 5.x).
 */
const STORED_AS: Readonly<Record<string, (value: Json) => Json>> = {
  "aws_cloudwatch_event_rule.event_pattern": sortedJson,
};

/** The schema type of an attribute path; blocks are lists. */
function typeAt(block: Block | undefined, path: Path): AttributeType | undefined {
  const [head, ...rest] = path.filter((p) => typeof p === "string") as string[];
  if (!block || head === undefined) return undefined;
  if (rest.length === 0) return block.attributes?.[head]?.type ?? (block.block_types?.[head] ? ["list", "object"] : undefined);
  return typeAt(block.block_types?.[head]?.block, rest);
}

/** The type of a JSON value, as Terraform writes it next to a value of a `dynamic` attribute. */
function typeOf(value: Json): Json {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(typeOf)];
  if (isObject(value)) return ["object", Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)]))];
  return "dynamic";
}

/** Top-level attributes as the state file holds them: a `dynamic` one is written as its value and its type. */
function stateAttributes(values: Record<string, Json>, block: Block): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      block.attributes?.[k]?.type === "dynamic" && v !== null ? { value: v, type: typeOf(v) } : v,
    ]),
  );
}

export interface StateInput {
  readonly plan: PlanJson;
  /** The root that was planned. */
  readonly planned: BatchRoot;
  /** The root the state is for (provider addresses are its own). */
  readonly next: BatchRoot;
  readonly sources: readonly StateSource[];
  readonly schema: ProviderSchema;
  /** Account id when the stack reads none (no `aws_caller_identity`). */
  readonly accountId: string;
}

/** Builds the state a `terraform apply` of `plan` would leave, for the modules of `next`. */
export function stateFromPlan(input: StateInput): StateFile {
  const resources: StateResource[] = [];
  for (const source of input.sources) resources.push(...moduleState(input, source));
  return {
    version: 4,
    terraform_version: input.plan.terraform_version,
    serial: 1,
    lineage: "00000000-0000-4000-8000-0000000000d2",
    outputs: {},
    resources,
  };
}

function moduleState(input: StateInput, { from, to, forget = [] }: StateSource): StateResource[] {
  const { plan, planned, schema } = input;
  const config = planned.modules[from];
  const changes = new Map(moduleChanges(plan, from).map((rc) => [rc.address, rc]));
  const data = new Map(
    [...moduleResources(plan.prior_state?.values?.root_module, from), ...moduleResources(plan.planned_values.root_module, from)]
      .filter((r) => r.mode === "data")
      .map((r) => [r.address.slice(`module.${from}.`.length), r.values]),
  );
  const managed = moduleResources(plan.planned_values.root_module, from).filter((r) => r.mode === "managed");
  const caller = [...data.entries()].find(([address]) => address.startsWith("data.aws_caller_identity."))?.[1];
  const accountId = typeof caller?.account_id === "string" ? caller.account_id : input.accountId;
  const resolved = new Map<string, Record<string, Json>>();
  const inProgress = new Set<string>();

  const scope = {
    resolve: (reference: string): Json => {
      if (reference.startsWith("local.")) {
        const expression = config.locals?.[reference.slice("local.".length)];
        if (expression === undefined) throw new Error(`module ${from} has no ${reference}`);
        return evaluate(expression, scope);
      }
      if (reference.startsWith("data.")) {
        // A data source whose read the plan put off until apply is filled in like a resource.
        if (changes.get(reference)?.change.actions.includes("read")) return resolve(reference);
        if (!data.has(reference)) throw new Error(`module ${from}: ${reference} was not read during the plan`);
        return data.get(reference);
      }
      return resolve(reference);
    },
  };

  function resolve(address: string): Record<string, Json> {
    const done = resolved.get(address);
    if (done) return done;
    if (inProgress.has(address)) throw new Error(`module ${from}: ${address} refers to itself through its references`);
    inProgress.add(address);
    const isData = address.startsWith("data.");
    const change = changes.get(address);
    const resource = isData
      ? change && {
          address: `module.${from}.${address}`,
          type: change.type,
          name: change.name,
          values: (change.change.after ?? {}) as Record<string, Json>,
        }
      : managed.find((r) => r.address === `module.${from}.${address}`);
    if (!resource) throw new Error(`module ${from}: ${address} is referenced but not planned`);
    const body = (isData ? config.data : config.resource)?.[resource.type]?.[resource.name] ?? {};
    const local = body.provider as string | undefined;
    const block = planned.providerBlock(from, local);
    const defaultTags = (block.default_tags as Array<{ tags?: Record<string, string> }> | undefined)?.[0]?.tags ?? {};
    // A resource whose every value is unknown has no `values` at all.
    const values = JSON.parse(JSON.stringify(resource.values ?? {})) as Record<string, Json>;
    const unknown = change?.change.after_unknown ?? {};
    const context = (): ApplyContext => ({
      type: isData ? `data.${resource.type}` : resource.type,
      address: resource.address,
      values,
      region: String(block.region),
      accountId,
      defaultTags,
    });
    const leaves: Array<{
      path: Path;
      parent: Record<string, Json> | Json[];
      key: string | number;
      element: Record<string, Json>;
      config: Json;
    }> = [];
    const walk = (
      value: Json,
      marks: Json,
      cfg: Json,
      path: Path,
      parent: Record<string, Json> | Json[],
      key: string | number,
      element: Record<string, Json>,
    ): void => {
      if (marks === true) {
        leaves.push({ path, parent, key, element, config: cfg });
      } else if (isObject(marks) && isObject(value)) {
        for (const [k, m] of Object.entries(marks)) walk(value[k], m, isObject(cfg) ? cfg[k] : undefined, [...path, k], value, k, value);
      } else if (Array.isArray(marks) && Array.isArray(value)) {
        marks.forEach((m, i) =>
          walk(value[i], m, configElement(cfg, value[i], i, value.length), [...path, i], value, i, isObject(value[i]) ? value[i] : element),
        );
      }
    };
    if (unknown === true) {
      // Nothing about it is known yet (a data source read at apply): what its configuration says, then what apply would read.
      for (const [key, expression] of Object.entries(body))
        if (!["provider", "depends_on", "lifecycle", "//"].includes(key)) values[key] = evaluate(expression, scope);
      for (const key of applyTimeKeys(context().type))
        if (values[key] === undefined) leaves.push({ path: [key], parent: values, key, element: values, config: undefined });
    } else {
      walk(values, unknown, body, [], values as Record<string, Json>, "", values);
    }
    // What the configuration decides first: apply-time values may read them (a log group ARN names the group).
    const fromConfig = leaves.filter((l) => l.config !== undefined);
    const atApply = leaves.filter((l) => l.config === undefined);
    // A data source is read again by every plan and never written to the state: only what a resource refers to is
    // needed. The rest is left out, so a reference to it fails loudly instead of reading a made-up value.
    const unread = isData ? atApply.filter((l) => !hasApplyTimeValue(context().type, l.path)) : [];
    for (const leaf of unread) delete (leaf.parent as Record<string | number, Json>)[leaf.key];
    const fromApply = atApply.filter((l) => !unread.includes(l));
    for (const leaf of [...fromConfig, ...fromApply]) {
      const stored = STORED_AS[[resource.type, ...leaf.path.filter((p) => typeof p === "string")].join(".")] ?? ((v: Json) => v);
      const value = leaf.config !== undefined ? stored(evaluate(leaf.config, scope)) : applyTimeValue(context(), leaf.path, leaf.element);
      const type = isData ? undefined : typeAt(schema[resource.type]?.block, leaf.path);
      if (!conforms(value, type)) {
        throw new Error(
          `module ${from}: ${address}.${leaf.path.join(".")} filled with ${JSON.stringify(value)}, which is not a ${JSON.stringify(type)}`,
        );
      }
      (leaf.parent as Record<string | number, Json>)[leaf.key] = value;
    }
    inProgress.delete(address);
    resolved.set(address, values);
    return values;
  }

  const unknown = forget.filter((a) => !managed.some((r) => r.address === `module.${from}.${a}`));
  if (unknown.length) throw new Error(`module ${from}: cannot forget ${unknown.join(", ")}: not in the plan`);
  return managed
    .filter((r) => !forget.includes(r.address.slice(`module.${from}.`.length)))
    .map((resource) => {
      const address = resource.address.slice(`module.${from}.`.length);
      const resourceSchema = schema[resource.type];
      if (!resourceSchema) throw new Error(`the provider schema has no resource type ${resource.type}`);
      if (resourceSchema.version !== resource.schema_version) {
        throw new Error(
          `${resource.address}: the plan says schema version ${resource.schema_version}, the provider schema ${resourceSchema.version}`,
        );
      }
      const local = config.resource?.[resource.type]?.[resource.name]?.provider as string | undefined;
      const builtin = resource.provider_name === BUILTIN;
      return {
        module: `module.${to}`,
        mode: "managed",
        type: resource.type,
        name: resource.name,
        provider: builtin ? `provider["${BUILTIN}"]` : input.next.providerAddress(to, local),
        instances: [
          {
            schema_version: resourceSchema.version,
            attributes: stateAttributes(resolve(address), resourceSchema.block),
            sensitive_attributes: [],
            dependencies: [],
          },
        ],
      };
    });
}
