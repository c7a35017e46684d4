import { validateTableOptions } from "../dynamodb/table-rules";
import { checkGuardScope } from "../iam/guard-policy";
import { validatePrincipals } from "../iam/policy-attachments";
import { validateNetworkOptions } from "../network/network-options";
import { ENDPOINT_POLICY_SCOPES } from "../policies/endpoint-policy";
import { Problems, checkEndpointIds, checkKmsKeyArn, checkPolicyName, checkRegion, checkTableName, fail, isUnresolved, passes, validateAll } from "../private/validation";
import { DynamoDbIsolationProps } from "./props";
import { ResolvedIsolation } from "./resolve";
import { validatePolicySizes } from "./size-budget";

// aws:PrincipalArn is never a session ARN (arn:aws:sts::…:assumed-role/…), so only IAM ARNs can match.
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|\*):[A-Za-z0-9+=,.@_/*-]+$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::\d{12}:policy\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,128})$/;

/**
 * Checks every prop of DynamoDbIsolation, nested ones included, and reports
 * every problem at once, before any resource is created. Prop names are the
 * paths of the construct's props (and of a config file's stack entry), e.g.
 * `table.sortKey.name`.
 */
export function validateIsolation(where: string, props: DynamoDbIsolationProps, resolved: ResolvedIsolation): void {
  validateAll((problems) => {
    problems.check(() => checkRegion(where, "region", props.region));
    problems.check(() => {
      if (!props.table) fail(where, "table", "is required (at least tableName and partitionKey)", props.table);
    });
    if (props.table) validateTableOptions(problems, where, "table.", props.table);
    validateNetworkOptions(problems, where, "network.", props.network ?? {}, props.region);
    problems.check(() => {
      if (resolved.extraEndpointIds.length) checkEndpointIds(where, "extraEndpointIds", resolved.extraEndpointIds);
    });
    validateAccess(problems, where, props, resolved);
    validateImports(problems, where, props, resolved);
    validateReplicas(problems, where, props, resolved);
    // Sizes only mean something once every value that goes into the policies is sound.
    if (problems.count === 0) validatePolicySizes(problems, where, resolved);
  });
}

function validateAccess(problems: Problems, where: string, props: DynamoDbIsolationProps, resolved: ResolvedIsolation): void {
  const derivedName = props.guard?.policyName === undefined;
  // A bad table name is reported once, as the table's, not again in every name derived from it.
  const tableNameSound = passes(() => checkTableName(where, "table.tableName", props.table?.tableName));
  if (!derivedName || tableNameSound) {
    problems.check(() => checkPolicyName(where, derivedName ? "guard.policyName (derived from table.tableName)" : "guard.policyName", resolved.guard.policyName));
  }
  problems.check(() => checkGuardScope(where, "guard.scope", resolved.guard.scope));
  validatePrincipals(problems, where, "guard.principals", resolved.guard.principals);
  for (const prop of ["readOnly", "readWrite"] as const) {
    const principals = props.grants?.[prop];
    if (principals !== undefined) validatePrincipals(problems, where, `grants.${prop}`, principals);
  }
  for (const grant of tableNameSound ? resolved.grants : []) {
    problems.check(() => checkPolicyName(where, `grants.${grant.prop} (policy name derived from table.tableName)`, grant.policyName));
  }
  problems.check(() => {
    const scope = resolved.endpointPolicyScope;
    if (!ENDPOINT_POLICY_SCOPES.includes(scope)) fail(where, "endpointPolicy.scope", `must be one of ${ENDPOINT_POLICY_SCOPES.join(", ")}`, scope);
  });
  checkPrincipalArns(problems, where, "resourcePolicy.operatorPrincipalArns", resolved.resourcePolicy.operatorPrincipalArns, "role/deployer");
  checkPrincipalArns(problems, where, "resourcePolicy.streamConsumerPrincipalArns", resolved.resourcePolicy.streamConsumerPrincipalArns, "role/stream-reader");
}

/** IAM principal ARNs for `aws:PrincipalArn` conditions; wildcards allowed. */
function checkPrincipalArns(problems: Problems, where: string, prop: string, arns: readonly string[], example: string): void {
  const seen = new Set<string>();
  problems.each(arns, (arn, i) => {
    if (isUnresolved(arn)) return;
    if (typeof arn !== "string" || !PRINCIPAL_ARN.test(arn)) {
      fail(where, `${prop}[${i}]`, `must be an IAM principal ARN such as 'arn:aws:iam::111122223333:${example}' (wildcards allowed)`, arn);
    }
    if (seen.has(arn)) fail(where, `${prop}[${i}]`, "must not repeat an ARN", arn);
    seen.add(arn);
  });
}

function validateImports(problems: Problems, where: string, props: DynamoDbIsolationProps, resolved: ResolvedIsolation): void {
  const { vpcEndpointId, guardPolicyArn } = resolved.imports;
  if (vpcEndpointId !== undefined) {
    problems.check(() => {
      checkEndpointIds(where, "imports.vpcEndpointId", [vpcEndpointId]);
      if (props.network?.vpcId === undefined) {
        fail(where, "imports.vpcEndpointId", "needs network.vpcId: an existing endpoint lives in an existing VPC", vpcEndpointId);
      }
    });
  }
  if (guardPolicyArn === undefined || isUnresolved(guardPolicyArn)) return;
  problems.check(() => {
    const match = POLICY_ARN.exec(guardPolicyArn);
    if (!match) {
      fail(where, "imports.guardPolicyArn", "must be a customer-managed policy ARN such as 'arn:aws:iam::111122223333:policy/vpcepolicy'", guardPolicyArn);
    }
    if (match[1] !== resolved.guard.policyName) {
      fail(where, "imports.guardPolicyArn", `must name the policy '${resolved.guard.policyName}' (guard.policyName): an import adopts, it does not rename`, guardPolicyArn);
    }
  });
}

function validateReplicas(problems: Problems, where: string, props: DynamoDbIsolationProps, resolved: ResolvedIsolation): void {
  const replicas = props.replicas ?? [];
  const seen = new Set<string>([props.region]);
  replicas.forEach((replica, i) => {
    const p = `replicas[${i}]`;
    problems.check(() => {
      checkRegion(where, `${p}.region`, replica.region);
      if (seen.has(replica.region)) fail(where, `${p}.region`, `must differ from the table's region and from the other replicas' regions`, replica.region);
      seen.add(replica.region);
    });
    problems.check(() => {
      if (!replica.provider) fail(where, `${p}.provider`, `is required: a provider configured for region ${replica.region}`, replica.provider);
    });
    validateNetworkOptions(problems, where, `${p}.network.`, replica.network ?? {}, replica.region);
    if (replica.kmsKeyArn === undefined) return;
    problems.check(() => {
      if (!resolved.customerManagedKeys) fail(where, `${p}.kmsKeyArn`, "is only allowed with table.encryption.type CUSTOMER_MANAGED", replica.kmsKeyArn);
      checkKmsKeyArn(where, `${p}.kmsKeyArn`, replica.kmsKeyArn!);
      if (!isUnresolved(replica.kmsKeyArn) && replica.kmsKeyArn!.split(":")[3] !== replica.region) {
        fail(where, `${p}.kmsKeyArn`, `must be a key in the replica's region ${replica.region} (KMS keys are regional)`, replica.kmsKeyArn);
      }
    });
  });
  if (replicas.length === 0) return;
  const table = props.table ?? {};
  problems.check(() => {
    if (table.streamViewType !== undefined && table.streamViewType !== "NEW_AND_OLD_IMAGES") {
      fail(where, "table.streamViewType", "must be NEW_AND_OLD_IMAGES (or unset) for a table with replicas", table.streamViewType);
    }
  });
  problems.check(() => {
    if (resolved.table.scaling.enabled === false && resolved.table.billingMode === "PROVISIONED") {
      fail(where, "table.autoScaling.enabled", "must not be false for a provisioned table with replicas (global tables need write auto scaling)", false);
    }
  });
}
