/**
 * The resource control policy (RCP) for DynamoDB that an organization attaches once, as a pure
 * function: a table's resource policy keeps principals of other organizations out only of the
 * tables this module made; an RCP does it for every table and stream of the accounts it is attached to.
 *
 * What AWS documents and this builds on (AWS Organizations user guide):
 * - RCPs support DynamoDB (`dynamodb`) among their services
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
 * - A customer RCP's statements are `Deny`, with `Principal` `"*"`, no `NotPrincipal` or `NotAction`,
 *   and a service prefix in `Action`, never `"*"` alone
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
 * - At most 5,120 characters (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 * - RCPs apply to every principal calling a member account's resources, of the organization or not,
 *   but not to service-linked roles, and not in the management account.
 *
 * Only the identity part: a network part would name the perimeters' endpoints, which are
 * references in each stack's own state, not values one document of the organization can hold.
 */

import { PolicyDocument, PolicyStatement } from "./document";

/** Resource control policies are limited to 5,120 characters. */
export const RCP_SIZE_LIMIT = 5120;

/** What the RCP needs: the organization's id. */
export interface OrganizationRcpInput {
  /** The organization's id, `o-` and 10 to 32 lowercase letters and digits. */
  readonly organizationId: string;
}

/**
 * Two denies on every DynamoDB action: (1) a principal that is not of the organization and is
 * not an AWS service; (2) an AWS service acting for a resource of an account outside the
 * organization (the confused deputy: `aws:SourceAccount` present, `aws:SourceOrgID` not the organization's).
 */
export function organizationRcpDocument(input: OrganizationRcpInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      denyDynamoDb("DynamoDbOnlyForOrganizationIdentities", {
        StringNotEqualsIfExists: { "aws:PrincipalOrgID": input.organizationId },
        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
      }),
      denyDynamoDb("DynamoDbServicesOnlyForOrganizationResources", {
        StringNotEqualsIfExists: { "aws:SourceOrgID": input.organizationId },
        Null: { "aws:SourceAccount": "false" },
        Bool: { "aws:PrincipalIsAWSService": "true" },
      }),
    ],
  };
}

/** An RCP statement: a Deny of every DynamoDB action on every resource, to anyone the condition matches. */
function denyDynamoDb(sid: string, condition: NonNullable<PolicyStatement["Condition"]>): PolicyStatement {
  return { Sid: sid, Effect: "Deny", Principal: "*", Action: "dynamodb:*", Resource: "*", Condition: condition };
}
