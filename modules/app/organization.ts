import { checkPrincipalArns } from "../isolation/validate-resource-policy";
import { DynamoDbIsolation } from "../isolation/dynamodb-isolation";
import { PolicyDocument, policySize } from "../policies/document";
import { SCP_SIZE_LIMIT, organizationPolicyDocument } from "../policies/organization-policy";
import { Problems, fail } from "../private/validation";
import { Problem } from "../validation-error";
import type { OrganizationConfig } from "./config";

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
}

/**
 * One SCP for every perimeter the config builds: their tables, the tag keys
 * that exempt from any of them, and the admins. A problem when it outgrows
 * the SCP limit, since that is only known once every stack is built.
 */
export function organizationScp(
  source: string,
  organization: OrganizationConfig,
  perimeters: readonly DynamoDbIsolation[],
): { document: PolicyDocument; problems: Problem[] } {
  const unique = (values: string[]) => [...new Set(values)];
  const document = organizationPolicyDocument({
    tableArnPatterns: unique(perimeters.flatMap((p) => p.organizationTablePatterns)),
    adminPrincipalArns: organization.adminPrincipalArns,
    exemptionTagKeys: unique(perimeters.flatMap((p) => p.exemptionTagKeys)),
    guardPolicyArnPatterns: unique(perimeters.flatMap((p) => p.organizationGuardPatterns.policies)),
    guardedGroupArnPatterns: unique(perimeters.flatMap((p) => p.organizationGuardPatterns.groups)),
  });
  const size = policySize(document);
  if (size <= SCP_SIZE_LIMIT) return { document, problems: [] };
  return {
    document,
    problems: [
      {
        where: source,
        prop: "organization",
        rule: `makes the SCP ${size} characters, over the ${SCP_SIZE_LIMIT}-character limit (give the perimeters a perimeter.tableNamePrefix, or fewer admins)`,
        value: `${size} characters`,
      },
    ],
  };
}
