/**
 * The perimeter's denies as pure functions: every DynamoDB action on the
 * perimeter's resources is denied outside the endpoints, except the outside
 * calls written down (`actions.ts`), each for the principals it names. The
 * guard and the table and stream resource policies are built from these.
 */

import { FORWARDING_SERVICES, OutsideCaller, OutsideCalls, outsideActions } from "./actions";
import { PolicyStatement } from "./document";

/** Value of a principal tag that exempts its principal, as in AWS's data-perimeter examples. */
export const EXEMPT_TAG_VALUE = "true";
/** The principal tag key AWS's data-perimeter examples use to exclude a principal from the network perimeter. */
export const DEFAULT_EXEMPT_TAG_KEY = "dp:exclude:network";

/**
 * Principals exempt from one statement, by ARN (wildcards allowed) and/or by
 * a principal tag set to `true`. Either one exempts: the statement applies
 * only to principals that match neither.
 */
export interface PrincipalExemption {
  readonly principalArns: readonly string[];
  /**
   * Key of a principal tag; principals (or sessions) tagged `<key>=true` are exempt. IAM compares
   * the key in any case (condition key names are case-insensitive), and the value is compared
   * ignoring case too, so every spelling of the tag the SCP protects exempts alike.
   */
  readonly principalTag?: string;
}

/** Who makes each kind of outside call: principals by ARN or tag, or `anyone` (no statement restricts them). */
export type OutsideCallers = Readonly<Partial<Record<Exclude<OutsideCaller, "anyone">, PrincipalExemption | "anyone">>>;

export interface OutsideDenyInput {
  /** Resource policies name every principal (`Principal: "*"`); identity policies name none. */
  readonly resourcePolicy: boolean;
  readonly resources: readonly string[];
  /** Every endpoint a request to these resources may come through. */
  readonly endpointIds: readonly string[];
  /** The calls that may come from outside; every other action is denied. An empty list denies `dynamodb:*`. */
  readonly outside: readonly OutsideCalls[];
  /** Who makes each list's calls; a list whose caller is missing here is denied to everyone. */
  readonly callers: OutsideCallers;
  /** Principals no outside deny applies to (DynamoDB's replication role). @default - none */
  readonly neverDenied?: PrincipalExemption;
}

type Conditions = Record<string, Record<string, string | string[]>>;

/**
 * A request from outside the endpoints, in the two ways it can arrive: made
 * by the principal itself (not through an AWS service, not by a service
 * principal), or forwarded with its credentials by a service AWS names in
 * `aws:CalledVia`. A request from the internet carries no `aws:SourceVpce`,
 * and a negated operator on a missing key is true, so it is outside.
 */
function outsideWays(input: OutsideDenyInput): Array<{ forwarded: boolean; conditions: Conditions }> {
  const notThroughEndpoints = { StringNotEquals: { "aws:SourceVpce": [...input.endpointIds] } };
  // Service principals sign no identity policy; resource policies decide them in a statement of their own.
  const direct: Record<string, string> = input.resourcePolicy ? { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" } : { "aws:ViaAWSService": "false" };
  return [
    { forwarded: false, conditions: { ...notThroughEndpoints, BoolIfExists: direct } },
    { forwarded: true, conditions: { ...notThroughEndpoints, "ForAnyValue:StringEquals": { "aws:CalledVia": [...FORWARDING_SERVICES] } } },
  ];
}

/** Conditions that leave the exempt principals out of a Deny. */
export function exceptPrincipals(exemption: PrincipalExemption): Conditions {
  return {
    ...(exemption.principalArns.length ? { ArnNotLikeIfExists: { "aws:PrincipalArn": [...exemption.principalArns] } } : {}),
    ...(exemption.principalTag !== undefined
      ? { StringNotEqualsIgnoreCaseIfExists: { [`aws:PrincipalTag/${exemption.principalTag}`]: EXEMPT_TAG_VALUE } }
      : {}),
  };
}

/** Both exemptions in one: the ARNs of each, and the tag of either (they never name two different tags). */
function union(a: PrincipalExemption | undefined, b: PrincipalExemption): PrincipalExemption {
  return { principalArns: [...(a?.principalArns ?? []), ...b.principalArns], principalTag: b.principalTag ?? a?.principalTag };
}

const SID_LABELS: Readonly<Record<Exclude<OutsideCaller, "anyone">, [label: string, except: string]>> = {
  operators: ["Management", "ExceptOperators"],
  "backup-roles": ["Backups", "ExceptBackupRoles"],
  "replica-managers": ["NewReplicas", "ExceptReplicaManagers"],
  "stream-consumers": ["StreamReads", "ExceptConsumers"],
};

/**
 * The denies: one for everything not on the outside list (`NotAction`), and
 * one for each list that only some principals may call from outside; each
 * for direct and for forwarded requests.
 */
export function outsideDenyStatements(input: OutsideDenyInput): PolicyStatement[] {
  const listed = outsideActions(input.outside);
  const principal = input.resourcePolicy ? { Principal: "*" as const } : {};
  const never = input.neverDenied ? exceptPrincipals(input.neverDenied) : {};
  const statements: PolicyStatement[] = [];
  for (const way of outsideWays(input)) {
    const via = way.forwarded ? "ForwardedFrom" : "";
    statements.push({
      Sid: `DenyUnlistedCalls${via}OutsideVpcEndpoints`,
      Effect: "Deny",
      ...principal,
      ...(listed.length ? { NotAction: listed } : { Action: "dynamodb:*" }),
      Resource: [...input.resources],
      Condition: { ...way.conditions, ...never },
    });
    for (const list of input.outside) {
      if (list.caller === "anyone") continue;
      const caller = input.callers[list.caller];
      if (caller === "anyone") continue;
      // Nobody named is nobody exempt: the list is denied to everyone but the never-denied.
      const who = caller && (caller.principalArns.length > 0 || caller.principalTag !== undefined) ? caller : undefined;
      const [label, except] = SID_LABELS[list.caller];
      const exempt = who === undefined ? input.neverDenied : union(input.neverDenied, who);
      statements.push({
        Sid: `Deny${label}${via}OutsideVpcEndpoints${who === undefined ? "" : except}`,
        Effect: "Deny",
        ...principal,
        Action: [...list.actions],
        Resource: [...input.resources],
        Condition: { ...way.conditions, ...(exempt ? exceptPrincipals(exempt) : {}) },
      });
    }
  }
  return statements;
}
