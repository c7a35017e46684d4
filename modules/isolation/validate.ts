import { TerraformProvider } from "cdktf";
import { checkReplicaProvider, validateReplicatedTable, validateTableOptions } from "../dynamodb/table-rules";
import { checkTableClass } from "../dynamodb/table-feature-rules";
import { checkGuardScope } from "../iam/guard-policy";
import { validatePrincipals } from "../iam/policy-attachments";
import { validateNetworkOptions } from "../network/network-options";
import { ENDPOINT_POLICY_SCOPES } from "../policies/endpoint-policy";
import {
  Problems,
  checkEndpointIds,
  checkKmsKeyArn,
  checkPolicyName,
  checkPositiveInteger,
  checkRegion,
  checkTableName,
  fail,
  isUnresolved,
  passes,
  validateAll,
} from "../private/validation";
import { TableOptions } from "../dynamodb/table-options";
import { AttachmentCounts, validatePolicyCount } from "./policy-count";
import { DynamoDbIsolationProps } from "./props";
import { validateResourcePolicy } from "./validate-resource-policy";
import { validateProviderRegions } from "./provider-regions";
import { validateMonitoring } from "../monitoring/validate-monitoring";
import { ResolvedIsolation } from "./resolve";
import { validatePolicySizes } from "./size-budget";

const POLICY_ARN = /^arn:aws[a-z-]*:iam::\d{12}:policy\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,128})$/;

/**
 * Checks every prop of DynamoDbIsolation, nested ones included, and reports
 * every problem at once, before any resource is created. Prop names are the
 * paths of the construct's props (and of a config file's stack entry), e.g.
 * `table.sortKey.name`.
 */
export function validateIsolation(
  where: string,
  props: DynamoDbIsolationProps,
  resolved: ResolvedIsolation,
  attachedElsewhere: AttachmentCounts,
  defaultProvider?: TerraformProvider,
): void {
  validateAll((problems) => {
    problems.check(() => checkRegion(where, "region", props.region));
    validateProviderRegions(problems, where, props, defaultProvider);
    validateTables(problems, where, props, resolved);
    validateNetworkOptions(problems, where, "network.", props.network ?? {}, props.region);
    problems.check(() => {
      if (resolved.extraEndpointIds.length) checkEndpointIds(where, "extraEndpointIds", resolved.extraEndpointIds);
    });
    validateAccess(problems, where, props, resolved);
    validatePolicyCount(problems, where, resolved, attachedElsewhere);
    validateImports(problems, where, props, resolved);
    validateReplicas(problems, where, props, resolved);
    if (props.monitoring && props.monitoring.enabled !== false) validateMonitoring(problems, where, props.monitoring, resolved);
    // Sizes only mean something once every value that goes into the policies is sound.
    if (problems.count === 0) validatePolicySizes(problems, where, resolved);
  });
}

const PERIMETER_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** The tables: at least one, each sound, names unique, one encryption for all, and the prefix they share. */
function validateTables(problems: Problems, where: string, props: DynamoDbIsolationProps, resolved: ResolvedIsolation): void {
  const entries: Array<[string, TableOptions]> = [
    ...(props.table ? [["table", props.table] as [string, TableOptions]] : []),
    ...(props.tables ?? []).map((t, i) => [`tables[${i}]`, t] as [string, TableOptions]),
  ];
  problems.check(() => {
    // A perimeter of existing tables only (Perimeter.addExistingTable) creates none.
    if (entries.length === 0 && !resolved.tables.some((t) => t.existing))
      fail(where, "table", "is required, or tables (at least one table)", props.table);
  });
  const names = new Set<string>();
  const prefix = resolved.tableNamePrefix;
  for (const [prop, options] of entries) {
    validateTableOptions(problems, where, `${prop}.`, options);
    problems.check(() => {
      if (isUnresolved(options.tableName)) return;
      if (names.has(options.tableName)) fail(where, `${prop}.tableName`, "must be unique in the perimeter", options.tableName);
      names.add(options.tableName);
      if (prefix !== undefined && typeof options.tableName === "string" && !options.tableName.startsWith(prefix)) {
        fail(
          where,
          `${prop}.tableName`,
          `must start with perimeter.tableNamePrefix '${prefix}' (the policies name the tables by it)`,
          options.tableName,
        );
      }
    });
  }
  const [firstProp, first] = entries[0] ?? [];
  entries.slice(1).forEach(([prop, options]) =>
    problems.check(() => {
      if (JSON.stringify(options.encryption ?? {}) !== JSON.stringify(first!.encryption ?? {})) {
        fail(
          where,
          `${prop}.encryption`,
          `must equal ${firstProp}.encryption: the perimeter's tables share one key per region`,
          options.encryption ?? {},
        );
      }
    }),
  );
  validatePerimeterOptions(problems, where, props, prefix);
}

/** The perimeter's own options: its name, its tables' prefix, the policy count, and prefix grants only with the SCP (or accepted). */
function validatePerimeterOptions(problems: Problems, where: string, props: DynamoDbIsolationProps, prefix: string | undefined): void {
  const perimeter = props.perimeter ?? {};
  problems.check(() => {
    if (perimeter.name === undefined && !props.table && (props.tables ?? []).length > 1) {
      fail(
        where,
        "perimeter.name",
        "is required with more than one table and no table (derived names must not depend on the order of tables)",
        perimeter.name,
      );
    }
    if (perimeter.name !== undefined && !isUnresolved(perimeter.name) && !PERIMETER_NAME.test(perimeter.name)) {
      fail(where, "perimeter.name", "must be 1 to 100 characters of A-Z a-z 0-9 _ . -", perimeter.name);
    }
  });
  problems.check(() => {
    if (prefix !== undefined && !isUnresolved(prefix) && !/^[A-Za-z0-9_.-]{1,254}$/.test(prefix)) {
      fail(where, "perimeter.tableNamePrefix", "must be 1 to 254 characters of A-Z a-z 0-9 _ . -", prefix);
    }
  });
  problems.check(() => {
    const max = perimeter.maxManagedPoliciesPerPrincipal;
    if (max !== undefined) checkPositiveInteger(where, "perimeter.maxManagedPoliciesPerPrincipal", max, 20);
  });
  problems.check(() => {
    if (
      prefix === undefined ||
      props.grants?.readWrite === undefined ||
      perimeter.organizationScp === true ||
      perimeter.prefixGrantsWithoutScp === true
    )
      return;
    fail(
      where,
      "grants.readWrite",
      `writes to every table whose name starts with perimeter.tableNamePrefix '${prefix}', so whoever can create one receives what the grantees write there. ` +
        "Attach the organization's SCP, which keeps CreateTable under the prefix to its admins (organization in the config file, perimeter.organizationScp in TypeScript), " +
        "or accept it with perimeter.prefixGrantsWithoutScp: true",
      props.grants.readWrite,
    );
  });
}

function validateAccess(problems: Problems, where: string, props: DynamoDbIsolationProps, resolved: ResolvedIsolation): void {
  const derivedName = props.guard?.policyName === undefined;
  const nameSource = props.perimeter?.name !== undefined ? "perimeter.name" : props.table ? "table.tableName" : "tables[0].tableName";
  // A bad name is reported once, as the table's or the perimeter's, not again in every name derived from it.
  const name = props.perimeter?.name;
  const tableNameSound =
    name !== undefined
      ? PERIMETER_NAME.test(name)
      : resolved.perimeterName !== "" && passes(() => checkTableName(where, "table.tableName", resolved.perimeterName));
  if (!derivedName || tableNameSound) {
    problems.check(() =>
      checkPolicyName(where, derivedName ? `guard.policyName (derived from ${nameSource})` : "guard.policyName", resolved.guard.policyName),
    );
  }
  problems.check(() => checkGuardScope(where, "guard.scope", resolved.guard.scope));
  validatePrincipals(problems, where, "guard.principals", resolved.guard.principals);
  for (const prop of ["readOnly", "readWrite"] as const) {
    const principals = props.grants?.[prop];
    if (principals !== undefined) validatePrincipals(problems, where, `grants.${prop}`, principals);
  }
  for (const grant of tableNameSound ? resolved.grants : []) {
    problems.check(() => checkPolicyName(where, `grants.${grant.prop} (policy name derived from ${nameSource})`, grant.policyName));
  }
  problems.check(() => {
    const scope = resolved.endpointPolicyScope;
    if (!ENDPOINT_POLICY_SCOPES.includes(scope))
      fail(where, "endpointPolicy.scope", `must be one of ${ENDPOINT_POLICY_SCOPES.join(", ")}`, scope);
  });
  validateResourcePolicy(problems, where, props);
}

function validateImports(problems: Problems, where: string, props: DynamoDbIsolationProps, resolved: ResolvedIsolation): void {
  const { vpcEndpointId, guardPolicyArn } = resolved.imports;
  problems.check(() => {
    if (resolved.imports.table && !props.table)
      fail(where, "imports.table", "needs table: it adopts the table named table.tableName", true);
  });
  const named = new Set((props.tables ?? []).map((t) => t.tableName));
  problems.each(resolved.imports.tables, (name, i) => {
    if (!named.has(name)) fail(where, `imports.tables[${i}]`, `must name an entry of tables (${[...named].join(", ") || "none"})`, name);
  });
  if (vpcEndpointId !== undefined) {
    problems.check(() => {
      checkEndpointIds(where, "imports.vpcEndpointId", [vpcEndpointId]);
      if (props.network?.vpcEndpointId !== undefined) {
        fail(
          where,
          "imports.vpcEndpointId",
          "must not be set with network.vpcEndpointId: an endpoint is either adopted (managed here) or joined (its owner's)",
          vpcEndpointId,
        );
      }
      if (props.network?.vpcId === undefined) {
        fail(where, "imports.vpcEndpointId", "needs network.vpcId: an existing endpoint lives in an existing VPC", vpcEndpointId);
      }
    });
  }
  if (guardPolicyArn === undefined || isUnresolved(guardPolicyArn)) return;
  problems.check(() => {
    const match = POLICY_ARN.exec(guardPolicyArn);
    if (!match) {
      fail(
        where,
        "imports.guardPolicyArn",
        "must be a customer-managed policy ARN such as 'arn:aws:iam::111122223333:policy/vpcepolicy'",
        guardPolicyArn,
      );
    }
    if (match[1] !== resolved.guard.policyName) {
      fail(
        where,
        "imports.guardPolicyArn",
        `must name the policy '${resolved.guard.policyName}' (guard.policyName): an import adopts, it does not rename`,
        guardPolicyArn,
      );
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
      if (seen.has(replica.region))
        fail(where, `${p}.region`, `must differ from the table's region and from the other replicas' regions`, replica.region);
      seen.add(replica.region);
    });
    problems.check(() => checkReplicaProvider(where, `${p}.provider`, replica));
    validateNetworkOptions(problems, where, `${p}.network.`, replica.network ?? {}, replica.region);
    problems.check(() => checkTableClass(where, `${p}.settings.tableClass`, replica.settings?.tableClass));
    if (replica.kmsKeyArn === undefined) return;
    problems.check(() => {
      if (!resolved.customerManagedKeys)
        fail(where, `${p}.kmsKeyArn`, "is only allowed with table.encryption.type CUSTOMER_MANAGED", replica.kmsKeyArn);
      checkKmsKeyArn(where, `${p}.kmsKeyArn`, replica.kmsKeyArn!);
      if (!isUnresolved(replica.kmsKeyArn) && replica.kmsKeyArn!.split(":")[3] !== replica.region) {
        fail(where, `${p}.kmsKeyArn`, `must be a key in the replica's region ${replica.region} (KMS keys are regional)`, replica.kmsKeyArn);
      }
    });
  });
  if (replicas.length === 0) return;
  resolved.tables.forEach((table, t) => {
    const prefix = table.single ? "table." : `tables[${t - (props.table ? 1 : 0)}].`;
    validateReplicatedTable(problems, where, prefix, table.options, true);
  });
}
