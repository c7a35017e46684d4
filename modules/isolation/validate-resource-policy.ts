import { ZERO_ETL_SERVICES } from "../policies/resource-policies";
import { Problems, fail, isUnresolved } from "../private/validation";
import { DynamoDbIsolationProps, ZeroEtlIntegrationOptions } from "./props";

/**
 * The rules of `resourcePolicy` and of the principal ARNs and tag keys it names: who the
 * resource policies exempt is the perimeter's security, so it has a file of its own.
 */

// aws:PrincipalArn is never a session ARN (arn:aws:sts::…:assumed-role/…), so only IAM ARNs can match; one account, no wildcard there.
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:[A-Za-z0-9+=,.@_/*?-]+$/;
/**
 * A resource part that names principals: `root`, or `role/` or `user/` and at least one character
 * before any wildcard. A wildcard earlier (`*`, `r*`, `role*`, `role/*`, `*\/x`) matches every
 * principal of the account, or every role.
 */
const NAMES_PRINCIPALS = /^(?:root$|(?:role|user)\/[^*?])/;
/** Fields a release removed, and what replaced them. */
export const REMOVED_RESOURCE_POLICY_FIELDS: Readonly<Record<string, string>> = {
  exemptDeployer:
    "was removed in 0.4.0: no policy depends on who runs Terraform any more. The control-plane deny (resourcePolicy.controlPlane, on by default since 1.0.0) exempts by principal tag or resourcePolicy.controlPlane.exemptPrincipalArns",
  operatorPrincipalArns:
    "was removed in 0.4.0: use resourcePolicy.controlPlane.exemptPrincipalArns (with resourcePolicy.controlPlane.enabled: true)",
};

export function validateResourcePolicy(problems: Problems, where: string, props: DynamoDbIsolationProps): void {
  const options = props.resourcePolicy ?? {};
  for (const [field, replacement] of Object.entries(REMOVED_RESOURCE_POLICY_FIELDS)) {
    if (field in options)
      problems.check(() => fail(where, `resourcePolicy.${field}`, replacement, (options as Record<string, unknown>)[field]));
  }
  checkPrincipalArns(
    problems,
    where,
    "resourcePolicy.streamConsumerPrincipalArns",
    options.streamConsumerPrincipalArns ?? [],
    "role/stream-reader",
  );
  checkPrincipalArns(
    problems,
    where,
    "resourcePolicy.backupPrincipalArns",
    options.backupPrincipalArns ?? [],
    "role/service-role/AWSBackupDefaultServiceRole",
  );
  validateZeroEtl(problems, where, props, options.zeroEtlIntegrations ?? []);
  validateLocks(problems, where, props);
}

/** Who may add replicas and who operates the control-plane lock: each named soundly, and someone always able to apply. */
function validateLocks(problems: Problems, where: string, props: DynamoDbIsolationProps): void {
  const options = props.resourcePolicy ?? {};
  const managers = options.replicaManagers;
  if (managers !== undefined) {
    checkPrincipalArns(problems, where, "resourcePolicy.replicaManagers.principalArns", managers.principalArns ?? [], "role/deployer");
    if (managers.principalTag !== undefined)
      problems.check(() => checkTagKey(where, "resourcePolicy.replicaManagers.principalTag", managers.principalTag));
    problems.check(() => {
      if (!managers.principalArns?.length && managers.principalTag === undefined) {
        fail(where, "resourcePolicy.replicaManagers", "needs principalArns or principalTag", managers);
      }
    });
  }
  const control = options.controlPlane ?? {};
  problems.check(() => {
    if ((props.replicas ?? []).length > 0 && options.enabled !== false && managers === undefined && control.enabled === false) {
      fail(
        where,
        "resourcePolicy.replicaManagers",
        "is required with replicas when the control-plane lock is off: adding a replica is a call from outside the endpoints (CreateTableReplica), denied to everyone else; name the role that applies this stack, or a principal tag it carries",
        managers,
      );
    }
  });
  checkPrincipalArns(
    problems,
    where,
    "resourcePolicy.controlPlane.exemptPrincipalArns",
    control.exemptPrincipalArns ?? [],
    "role/deployer",
  );
  const tag = control.exemptPrincipalTag;
  if (tag !== undefined && tag !== false) problems.check(() => checkTagKey(where, "resourcePolicy.controlPlane.exemptPrincipalTag", tag));
  problems.check(() => {
    if (control.enabled === false && (control.exemptPrincipalArns !== undefined || tag !== undefined)) {
      fail(where, "resourcePolicy.controlPlane", "sets exemptions but is off: remove enabled: false, or the exemptions", control);
    }
    if (control.enabled !== false && tag === false && !control.exemptPrincipalArns?.length) {
      fail(
        where,
        "resourcePolicy.controlPlane",
        "needs a stable exemption while the lock is on: a principal tag (exemptPrincipalTag) or exemptPrincipalArns; without one, Terraform's apply is denied from outside the endpoints",
        control,
      );
    }
  });
}

const INTEGRATION_ARN = /^arn:aws[a-z-]*:(redshift|glue):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):integration:([A-Za-z0-9-]+|\*)$/;

/** Each zero-ETL integration: a known service, its own integration ARN in a region of the perimeter, tables of the perimeter. */
function validateZeroEtl(
  problems: Problems,
  where: string,
  props: DynamoDbIsolationProps,
  integrations: readonly ZeroEtlIntegrationOptions[],
): void {
  const regions = [props.region, ...(props.replicas ?? []).map((r) => r.region)];
  const names = [...(props.table ? [props.table.tableName] : []), ...(props.tables ?? []).map((t) => t.tableName)];
  integrations.forEach((integration, i) => {
    const p = `resourcePolicy.zeroEtlIntegrations[${i}]`;
    problems.check(() => {
      if (!ZERO_ETL_SERVICES.includes(integration.service))
        fail(where, `${p}.service`, `must be one of ${ZERO_ETL_SERVICES.join(", ")}`, integration.service);
    });
    problems.check(() => {
      if (isUnresolved(integration.integrationArn)) return;
      const match = INTEGRATION_ARN.exec(String(integration.integrationArn));
      if (!match || match[1] !== integration.service) {
        fail(
          where,
          `${p}.integrationArn`,
          `must be an integration ARN of ${integration.service} such as 'arn:aws:${integration.service}:${props.region}:111122223333:integration:<id>' (or '*' for the id)`,
          integration.integrationArn,
        );
      }
      if (!regions.includes(match[2]))
        fail(
          where,
          `${p}.integrationArn`,
          `must be in a region of the perimeter (${regions.join(", ")}): an integration reads tables of its own region`,
          integration.integrationArn,
        );
    });
    problems.each(integration.tableNames ?? [], (name, t) => {
      if (!names.includes(name)) fail(where, `${p}.tableNames[${t}]`, `must name a table of the perimeter (${names.join(", ")})`, name);
    });
    problems.check(() => {
      if (integration.tableNames !== undefined && integration.tableNames.length === 0)
        fail(where, `${p}.tableNames`, "must name at least one table, or be left out (every table)", integration.tableNames);
    });
  });
}

/** A principal tag key for an `aws:PrincipalTag/<key>` condition, as IAM allows tag keys. */
function checkTagKey(where: string, prop: string, key: unknown): void {
  if (typeof key !== "string" || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key) || key.toLowerCase().startsWith("aws:")) {
    fail(where, prop, "must be an IAM tag key: 1 to 128 letters, digits, spaces and _ . : / = + - @, not starting with 'aws:'", key);
  }
}

/** IAM principal ARNs for `aws:PrincipalArn` conditions; wildcards allowed within one account, never one that matches everyone. */
export function checkPrincipalArns(problems: Problems, where: string, prop: string, arns: readonly string[], example: string): void {
  const seen = new Set<string>();
  problems.each(arns, (arn, i) => {
    if (isUnresolved(arn)) return;
    if (typeof arn !== "string" || !PRINCIPAL_ARN.test(arn)) {
      fail(
        where,
        `${prop}[${i}]`,
        `must be an IAM principal ARN of one account such as 'arn:aws:iam::111122223333:${example}' (wildcards allowed in the name)`,
        arn,
      );
    }
    if (!NAMES_PRINCIPALS.test(arn.split(":").slice(5).join(":"))) {
      fail(
        where,
        `${prop}[${i}]`,
        `must not match every principal of the account: name the role or user, or a path (such as 'arn:aws:iam::111122223333:${example}')`,
        arn,
      );
    }
    if (seen.has(arn)) fail(where, `${prop}[${i}]`, "must not repeat an ARN", arn);
    seen.add(arn);
  });
}
