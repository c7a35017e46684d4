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
  /**
   * Item calls an AWS service may still make with a caller's credentials from
   * outside when it names itself in no `aws:CalledVia` (AWS sets only
   * `aws:ViaAWSService` for it): what AWS's data-perimeter examples leave open
   * for services acting for callers inside the network. Every other call a
   * service forwards is denied like the caller's own.
   * @default - none
   */
  readonly forwardable?: readonly string[];
}

type Conditions = Record<string, Record<string, string | string[]>>;

/** How a request from outside the endpoints arrives, and the label its statements' Sids carry. */
interface Way {
  readonly label: string;
  readonly conditions: Conditions;
}

/**
 * A request from outside the endpoints, in the ways it can arrive: made by
 * the principal itself (not through an AWS service, not by a service
 * principal); forwarded with its credentials by any AWS service
 * (`aws:ViaAWSService`); or forwarded by a service AWS names in
 * `aws:CalledVia`. A request from the internet carries no `aws:SourceVpce`,
 * and a negated operator on a missing key is true, so it is outside.
 */
function outsideWays(input: OutsideDenyInput): { direct: Way; forwarded: Way; named: Way } {
  const notThroughEndpoints = { StringNotEquals: { "aws:SourceVpce": [...input.endpointIds] } };
  // Service principals sign no identity policy; resource policies decide them in a statement of their own.
  const direct: Record<string, string> = input.resourcePolicy
    ? { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" }
    : { "aws:ViaAWSService": "false" };
  return {
    direct: { label: "", conditions: { ...notThroughEndpoints, BoolIfExists: direct } },
    forwarded: { label: "ForwardedFrom", conditions: { ...notThroughEndpoints, Bool: { "aws:ViaAWSService": "true" } } },
    named: {
      label: "ForwardedByNamedServicesFrom",
      conditions: { ...notThroughEndpoints, "ForAnyValue:StringEquals": { "aws:CalledVia": [...FORWARDING_SERVICES] } },
    },
  };
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
 * The denies, for direct and for forwarded requests: one for everything not on
 * the outside list (`NotAction`), and one for each list that only some
 * principals may call from outside. A forwarded request may also carry the
 * `forwardable` item calls, unless a service named in `aws:CalledVia` forwards
 * it: a statement of its own denies those.
 */
export function outsideDenyStatements(input: OutsideDenyInput): PolicyStatement[] {
  const listed = outsideActions(input.outside);
  const forwardable = (input.forwardable ?? []).filter((a) => !listed.includes(a));
  const principal = input.resourcePolicy ? { Principal: "*" as const } : {};
  const never = input.neverDenied ? exceptPrincipals(input.neverDenied) : {};
  const ways = outsideWays(input);
  const deny = (
    Sid: string,
    actions: { Action: string | string[] } | { NotAction: string[] },
    way: Way,
    exempt?: PrincipalExemption,
  ): PolicyStatement => ({
    Sid,
    Effect: "Deny",
    ...principal,
    ...actions,
    Resource: [...input.resources],
    Condition: { ...way.conditions, ...(exempt ? exceptPrincipals(exempt) : never) },
  });
  const unlisted = (extra: readonly string[]) =>
    [...listed, ...extra].length ? { NotAction: [...listed, ...extra] } : { Action: "dynamodb:*" };
  const statements: PolicyStatement[] = [
    deny(`DenyUnlistedCallsOutsideVpcEndpoints`, unlisted([]), ways.direct),
    deny(`DenyUnlistedCallsForwardedFromOutsideVpcEndpoints`, unlisted(forwardable), ways.forwarded),
  ];
  if (forwardable.length)
    statements.push(deny("DenyItemCallsForwardedByNamedServicesFromOutsideVpcEndpoints", { Action: forwardable }, ways.named));
  for (const way of [ways.direct, ways.forwarded]) {
    for (const list of input.outside) {
      if (list.caller === "anyone") continue;
      const caller = input.callers[list.caller];
      if (caller === "anyone") continue;
      // Nobody named is nobody exempt: the list is denied to everyone but the never-denied.
      const who = caller && (caller.principalArns.length > 0 || caller.principalTag !== undefined) ? caller : undefined;
      const [label, except] = SID_LABELS[list.caller];
      const exempt = who === undefined ? input.neverDenied : union(input.neverDenied, who);
      statements.push(
        deny(`Deny${label}${way.label}OutsideVpcEndpoints${who === undefined ? "" : except}`, { Action: [...list.actions] }, way, exempt),
      );
    }
  }
  return statements;
}
