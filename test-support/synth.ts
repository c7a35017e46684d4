import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { buildApp } from "../main";
import { IsolationConfig, StackConfig } from "../modules/app";

/** Synthesized Terraform JSON of one stack, metadata stripped. */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string }>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
  import?: Array<Record<string, unknown>>;
  moved?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** Builds the app for a config and returns each stack's synthesized JSON. */
export function synthConfig(config: IsolationConfig): Record<string, TerraformJson> {
  const app = buildApp({ ...config, source: "test config" });
  const out: Record<string, TerraformJson> = {};
  for (const child of app.node.children) {
    if (child instanceof TerraformStack) out[child.node.id] = JSON.parse(Testing.synth(child)) as TerraformJson;
  }
  return out;
}

/** Synthesizes one stack entry under the name "test". */
export function synthStack(stack: StackConfig): TerraformJson {
  return synthConfig({ stacks: { test: stack } }).test;
}

/** Writes a config's stacks to a temporary outdir, as `cdktf synth` would; returns the outdir. */
export function synthToDisk(config: IsolationConfig): string {
  const outdir = mkdtempSync(join(tmpdir(), "isolation-synth-"));
  buildApp({ ...config, source: "test config" }, { outdir }).synth();
  return outdir;
}

export function stackDir(outdir: string, stackName: string): string {
  return join(outdir, "stacks", stackName);
}

/** Synthesizes whatever `build` adds to a bare stack with an aws provider. */
export function synthScope(build: (scope: Construct) => void, region = "us-east-2"): TerraformJson {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** All resources of a type, by logical name. */
export function resourcesOf(tf: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return tf.resource?.[type] ?? {};
}

/** The single resource of a type; fails when there is not exactly one. */
export function onlyResource(tf: TerraformJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(tf, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Terraform addresses (`type.name`) of every managed resource. */
export function addressesOf(tf: TerraformJson): string[] {
  return Object.entries(tf.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** A logical name or address without the hash cdktf appends (`Isolation_Table_F283C2B4` -> `Isolation_Table`). */
export function withoutHash(name: string): string {
  return name.replace(/_[0-9A-F]{8}$/, "");
}

/** A reference expression to a resource attribute, as Terraform JSON spells it. */
export function ref(address: string, attribute: string): string {
  return `\${${address}.${attribute}}`;
}

/** The single resource of a type as `[address, body]`. */
export function onlyEntry(tf: TerraformJson, type: string): [string, Record<string, unknown>] {
  const all = Object.entries(resourcesOf(tf, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return [`${type}.${all[0][0]}`, all[0][1]];
}
