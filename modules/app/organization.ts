import { checkPrincipalArns } from "../isolation/validate-resource-policy";
import { DynamoDbIsolation } from "../isolation/dynamodb-isolation";
import { PolicyDocument, policySize } from "../policies/document";
import { RCP_SIZE_LIMIT, organizationRcpDocument } from "../policies/organization-rcp";
import { OrganizationPolicyDocuments, SCP_SIZE_LIMIT, organizationPolicyDocuments } from "../policies/organization-policy";
import { Problems, fail } from "../private/validation";
import { Problem } from "../validation-error";
import { ProviderSettings } from "./stack-settings";

/** What the config's perimeters need from their AWS organization. */
export interface OrganizationConfig {
  /**
   * The organization's admins (IAM principal ARNs, wildcards allowed within
   * one account): the roles that deploy these stacks and so write resource
   * policies and add replicas. With them, every stack outputs
   * `organization_scp_document` and `organization_principals_scp_document`, the SCPs for all
   * the config's perimeters.
   */
  readonly adminPrincipalArns: readonly string[];
  /**
   * The organization's id (`o-` and 10 to 32 lowercase letters and digits). With it, every stack
   * also outputs `organization_rcp_document`, the resource control policy that keeps DynamoDB to
   * the organization's identities (organization-rcp.ts).
   * @default - no RCP
   */
  readonly id?: string;
}

/** AWS Organizations' id pattern (Organizations API Reference, API_Organization). */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** The config's `organization` values: at least one admin, each an ARN of one account that names someone. */
export function validateOrganization(problems: Problems, source: string, organization: OrganizationConfig): void {
  problems.check(() => {
    if (organization.adminPrincipalArns.length === 0) {
      fail(
        source,
        "organization.adminPrincipalArns",
        "needs at least one admin: the SCP denies everyone else the calls Terraform makes to write resource policies",
        [],
      );
    }
  });
  checkPrincipalArns(problems, source, "organization.adminPrincipalArns", organization.adminPrincipalArns, "role/platform-deployer");
  problems.check(() => {
    const id = organization.id;
    if (id !== undefined && !ORGANIZATION_ID.test(id))
      fail(source, "organization.id", "must be an organization id, 'o-' and 10 to 32 lowercase letters and digits", id);
  });
}

/** IAM's ArnLike: `*` any run of characters, `?` any one. */
const arnLike = (pattern: string, arn: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(arn);

/**
 * A stack's deploy role (`provider.assumeRole`) must be one of the organization's admins: the SCP
 * denies everyone else the resource-policy writes and table creation every apply makes.
 */
export function deployerAdminProblems(
  source: string,
  organization: OrganizationConfig,
  stacks: Readonly<Record<string, { readonly provider?: ProviderSettings }>>,
): Problem[] {
  return Object.entries(stacks).flatMap(([name, stack]): Problem[] => {
    const role = stack.provider?.assumeRole?.roleArn;
    if (role === undefined || organization.adminPrincipalArns.some((admin) => arnLike(admin, role))) return [];
    const rule =
      "is not among organization.adminPrincipalArns: the organization's SCP would deny it the resource policy writes of every apply";
    return [{ where: source, prop: `stacks.${name}.provider.assumeRole.roleArn`, rule, value: role }];
  });
}

/** The config's two SCPs, by output name. */
export const SCP_OUTPUTS = {
  perimeter: "organization_scp_document",
  principals: "organization_principals_scp_document",
} as const;
/** The config's RCP, by output name. */
export const RCP_OUTPUT = "organization_rcp_document";

/** The RCP for the organization, when the config names it; a problem if it outgrows the RCP limit. */
export function organizationRcp(source: string, organization: OrganizationConfig): { document?: PolicyDocument; problems: Problem[] } {
  if (organization.id === undefined) return { problems: [] };
  const document = organizationRcpDocument({ organizationId: organization.id });
  const size = policySize(document);
  if (size <= RCP_SIZE_LIMIT) return { document, problems: [] };
  const rule = `makes the RCP ${RCP_OUTPUT} ${size} characters, over the ${RCP_SIZE_LIMIT}-character limit`;
  return { problems: [{ where: source, prop: "organization.id", rule, value: `${size} characters` }] };
}

/**
 * The SCPs for every perimeter the config builds (`organizationPolicyDocuments`): their tables,
 * the tag keys that exempt from any of them, their guards and exempt principals, and the admins.
 * A problem for each that outgrows the SCP limit, since that is only known once every stack is built.
 */
export function organizationScp(
  source: string,
  organization: OrganizationConfig,
  perimeters: readonly DynamoDbIsolation[],
): { documents: OrganizationPolicyDocuments; problems: Problem[] } {
  const unique = (values: string[]) => [...new Set(values)];
  const documents = organizationPolicyDocuments({
    tableArnPatterns: unique(perimeters.flatMap((p) => p.organizationTablePatterns)),
    adminPrincipalArns: organization.adminPrincipalArns,
    exemptPrincipalArns: unique(perimeters.flatMap((p) => p.organizationGuardPatterns.principals)),
    exemptionTagKeys: unique(perimeters.flatMap((p) => p.exemptionTagKeys)),
    guardPolicyArnPatterns: unique(perimeters.flatMap((p) => p.organizationGuardPatterns.policies)),
    guardedGroupArnPatterns: unique(perimeters.flatMap((p) => p.organizationGuardPatterns.groups)),
  });
  const fixes = {
    perimeter: "give the perimeters a perimeter.tableNamePrefix, or fewer admins",
    principals: "name fewer admins or exempt principals",
  };
  const problems = (["perimeter", "principals"] as const).flatMap((which): Problem[] => {
    const size = policySize(documents[which]);
    if (size <= SCP_SIZE_LIMIT) return [];
    return [
      {
        where: source,
        prop: "organization",
        rule: `makes the SCP ${SCP_OUTPUTS[which]} ${size} characters, over the ${SCP_SIZE_LIMIT}-character limit (${fixes[which]})`,
        value: `${size} characters`,
      },
    ];
  });
  return { documents, problems };
}
