/**
 * The parts of Terraform's JSON plan representation (`terraform show -json`)
 * the gate reads. Field names are Terraform's own.
 */

export interface ResourceValues {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly provider_name: string;
  readonly schema_version: number;
  readonly values: Record<string, unknown>;
}

export interface ModuleValues {
  readonly address?: string;
  readonly resources?: ResourceValues[];
  readonly child_modules?: ModuleValues[];
}

export interface ResourceChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: string[];
    readonly before: unknown;
    readonly after: unknown;
    readonly after_unknown: unknown;
    readonly replace_paths?: Array<Array<string | number>>;
    readonly importing?: { readonly id: string };
  };
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly terraform_version: string;
  readonly planned_values: { readonly root_module: ModuleValues };
  readonly prior_state?: { readonly values?: { readonly root_module: ModuleValues } };
  readonly resource_changes?: ResourceChange[];
  readonly configuration?: { readonly root_module: ModuleConfiguration };
}

/** A resource as the configuration declares it: what it depends on, before any value is known. */
export interface ResourceConfiguration {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly depends_on?: string[];
}

export interface ModuleConfiguration {
  readonly resources?: ResourceConfiguration[];
  readonly module_calls?: Record<string, { readonly module: ModuleConfiguration }>;
}

/** Resources of the child module `module.<name>` in a values tree. */
export function moduleResources(root: ModuleValues | undefined, name: string): ResourceValues[] {
  return root?.child_modules?.find((m) => m.address === `module.${name}`)?.resources ?? [];
}

/** Resource changes of the child module `module.<name>`, addresses without the module prefix. */
export function moduleChanges(plan: PlanJson, name: string): ResourceChange[] {
  const prefix = `module.${name}.`;
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.module_address === `module.${name}`)
    .map((rc) => ({ ...rc, address: rc.address.slice(prefix.length) }));
}

/** Resources the configuration of child module `module.<name>` declares, addresses as written in it. */
export function configurationOf(plan: PlanJson, name: string): ResourceConfiguration[] {
  return plan.configuration?.root_module.module_calls?.[name]?.module.resources ?? [];
}
