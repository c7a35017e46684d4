import { Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { Problems, checkPrincipalNames, validateAll } from "../private/validation";

/** Existing IAM principals, by name. */
export interface Principals {
  /**
   * IAM user names. Attaching policies to users is flagged by CKV_AWS_40 and
   * Security Hub IAM.2; prefer groups or roles.
   * @default - none
   */
  readonly users?: readonly string[];
  /**
   * IAM role names.
   * @default - none
   */
  readonly roles?: readonly string[];
  /**
   * IAM group names; the policy applies to every member.
   * @default - none
   */
  readonly groups?: readonly string[];
}

export interface PolicyAttachmentsProps {
  /** ARN of the managed policy to attach. */
  readonly policyArn: string;
  /** Who gets it. */
  readonly principals: Principals;
}

/**
 * Attaches one managed policy to existing users, roles and groups. Each
 * attachment's construct id is the principal's name, so adding or removing a
 * principal never moves the others' Terraform addresses. A name that is a
 * reference (`role.name` of the app's own `IamRole`, a variable) is never an
 * id: its attachment is `ref:<what it refers to>` (`ref:aws_iam_role.App.name`),
 * or `ref:<n>` for the n-th reference of another kind (an expression).
 *
 * Creates `aws_iam_user_policy_attachment`, `aws_iam_role_policy_attachment`
 * and `aws_iam_group_policy_attachment`.
 */
export class PolicyAttachments extends Construct {
  constructor(scope: Construct, id: string, props: PolicyAttachmentsProps) {
    super(scope, id);
    validateAll((problems) => validatePrincipals(problems, this.node.path, "principals", props.principals));
    const { users = [], roles = [], groups = [] } = props.principals;
    if (users.length) {
      const ns = new Construct(this, "Users");
      attachmentIds(users).forEach((id, i) => new IamUserPolicyAttachment(ns, id, { user: users[i], policyArn: props.policyArn }));
    }
    if (roles.length) {
      const ns = new Construct(this, "Roles");
      attachmentIds(roles).forEach((id, i) => new IamRolePolicyAttachment(ns, id, { role: roles[i], policyArn: props.policyArn }));
    }
    if (groups.length) {
      const ns = new Construct(this, "Groups");
      attachmentIds(groups).forEach((id, i) => new IamGroupPolicyAttachment(ns, id, { group: groups[i], policyArn: props.policyArn }));
    }
  }
}

/**
 * What a reference names (`aws_iam_role.App.name`, `var.role`), when the whole
 * text is one reference; undefined for a literal or an expression.
 */
export function referenceIdentifier(name: string): string | undefined {
  const fragments = Tokenization.reverseString(name);
  if (fragments.length !== 1 || fragments.tokens.length !== 1) return undefined;
  const identifier = (fragments.firstToken as { identifier?: unknown } | undefined)?.identifier;
  return typeof identifier === "string" ? identifier : undefined;
}

/**
 * What identifies a principal: its name case-insensitively (as IAM's names are), or what a
 * reference names (`role.name` makes a new token each time it is read, for the same role).
 */
export function principalKey(name: string): string {
  return Token.isUnresolved(name) ? `ref:${referenceIdentifier(name) ?? name}` : name.toLowerCase();
}

/**
 * The construct id of what is made for a name: the name itself when literal, else
 * `ref:<what the reference names>`, or `ref:<n>` (`n` counted by the caller) for an expression.
 */
export function constructIdOf(name: string, n: () => number): string {
  if (!Token.isUnresolved(name)) return name;
  return `ref:${referenceIdentifier(name) ?? n()}`;
}

/** Construct ids of attachments, one per name; see `PolicyAttachments`. */
function attachmentIds(names: readonly string[]): string[] {
  let expressions = 0;
  return names.map((name) => constructIdOf(name, () => ++expressions));
}

/** Every rule of a principal set; `prop` is how the caller calls it. */
export function validatePrincipals(problems: Problems, where: string, prop: string, principals: Principals): void {
  for (const kind of ["users", "roles", "groups"] as const) {
    problems.check(() => checkPrincipalNames(where, `${prop}.${kind}`, kind, principals[kind] ?? []));
  }
}

/** True when the set names nobody. */
export function isEmptyPrincipals(principals: Principals | undefined): boolean {
  return !principals || (principals.users ?? []).length + (principals.roles ?? []).length + (principals.groups ?? []).length === 0;
}
