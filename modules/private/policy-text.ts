import { App } from "cdktf";
import { IConstruct } from "constructs";
import { PolicyDocument, policyJson } from "../policies/document";

/**
 * The policy as the attribute value Terraform reads: compact JSON with
 * Terraform references inside. For `cdktf synth --hcl` the quotes are
 * escaped here, because cdktf writes strings that contain `${` into HCL
 * verbatim, and unescaped JSON quotes would end the HCL string early.
 */
export function policyText(scope: IConstruct, doc: PolicyDocument): string {
  const json = policyJson(doc);
  return App.of(scope).hclOutput ? json.replace(/"/g, '\\"') : json;
}

/** Any JSON value as such an attribute value (an EventBridge event pattern): see `policyText`. */
export function jsonText(scope: IConstruct, value: unknown): string {
  const json = JSON.stringify(value);
  return App.of(scope).hclOutput ? json.replace(/"/g, '\\"') : json;
}

/** Any one-line text with quotes inside (a metric filter pattern) as such an attribute value: see `policyText`. */
export function quotedText(scope: IConstruct, text: string): string {
  return App.of(scope).hclOutput ? text.replace(/"/g, '\\"') : text;
}
