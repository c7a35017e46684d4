import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DynamoDbIsolation, NetworkOptions, Problem, ResourcePolicyOptions, ValidationError, policyJson } from "./modules";
import { IsolationConfig, LoadedConfig, OrganizationConfig, addBackend, loadConfig, requireProvider } from "./modules/app";
import { ConfigShapeError, configProblems } from "./modules/app/config";
import { coveredBy } from "./modules/app/config-shape";
import { RCP_OUTPUT, SCP_OUTPUTS, deployerAdminProblems, organizationRcp, organizationScp } from "./modules/app/organization";
import { sharedRouteTableProblems } from "./modules/app/route-tables";
import { sharedEndpoints } from "./modules/app/shared-endpoints";
import { deployersOf } from "./modules/app/stack-settings";

export interface BuildOptions {
  /** Where `app.synth()` writes. @default "cdktf.out" (or what the cdktf CLI passes) */
  readonly outdir?: string;
}

/**
 * Composes one stack per config entry: provider, isolation construct,
 * outputs. Every stack is checked before any error is reported, so a config
 * with several mistakes gets them all at once.
 */
export function buildApp(config: LoadedConfig | (IsolationConfig & { source?: string }), options: BuildOptions = {}): App {
  const app = new App({ outdir: options.outdir });
  const source = config.source ?? "config";
  const problems: Problem[] = [];
  const perimeters: Array<[TerraformStack, DynamoDbIsolation]> = [];
  problems.push(...sharedRouteTableProblems(source, config.stacks));
  if (config.organization) problems.push(...deployerAdminProblems(source, config.organization, config.stacks));
  const shared = sharedEndpoints(source, config.stacks);
  problems.push(...shared.problems);
  for (const [name, stackConfig] of Object.entries(config.stacks)) {
    const { provider, backend, ...isolationConfig } = stackConfig;
    const stack = new TerraformStack(app, name);
    addBackend(stack, name, backend);
    requireProvider(stack, provider);
    // requireProvider puts the config's default tags on every AWS provider of the stack.
    new AwsProvider(stack, "aws", { region: stackConfig.region });
    // One aliased provider per replica region, named after the region. A
    // region listed twice shares one, so the construct can report the repeat.
    const providers = new Map<string, AwsProvider>();
    const providerFor = (region: string): AwsProvider =>
      providers.get(region) ??
      providers.set(region, new AwsProvider(stack, `aws-${region}`, { region, alias: region.replace(/-/g, "_") })).get(region)!;
    // An endpoint other stacks of the config join lets their tables through too.
    const withShared = <T extends { network?: NetworkOptions }>(entry: T, region: number): T => {
      const others = shared.sharedWith(name, region);
      return others.length ? { ...entry, network: { ...entry.network, endpointSharedWith: others } } : entry;
    };
    const replicas = (stackConfig.replicas ?? []).map((replica, i) => ({
      ...withShared(replica, i + 1),
      provider: providerFor(replica.region),
    }));
    // IAM's events arrive in us-east-1: the alerts' rule for them goes through a provider there.
    const monitoring = stackConfig.monitoring && {
      ...stackConfig.monitoring,
      iamEventsProvider: stackConfig.region === "us-east-1" ? undefined : providerFor("us-east-1"),
    };
    let isolation: DynamoDbIsolation | undefined;
    // The config's organization SCP is what keeps others from creating tables under a perimeter's prefix.
    const perimeter = config.organization ? { ...isolationConfig.perimeter, organizationScp: true } : isolationConfig.perimeter;
    // The role the stack's providers assume applies it: an operator, as the organization's admins of its account are.
    const resourcePolicy = withAdminsAsOperators(
      isolationConfig.resourcePolicy,
      deployersOf(provider, config.organization?.adminPrincipalArns ?? []),
    );
    problems.push(
      ...configProblems(source, name, `${name}/Isolation`, () => {
        isolation = new DynamoDbIsolation(stack, "Isolation", {
          ...withShared(isolationConfig, 0),
          perimeter,
          resourcePolicy,
          replicas,
          monitoring,
        });
      }),
    );
    if (isolation) {
      addOutputs(stack, isolation);
      perimeters.push([stack, isolation]);
    }
  }
  if (config.organization && problems.length === 0) problems.push(...addOrganizationScps(source, config.organization, perimeters));
  if (problems.length) throw new ValidationError(problems);
  return app;
}

/** The SCPs for all the config's perimeters, the same text in every stack; the problems of their sizes. */
function addOrganizationScps(
  source: string,
  organization: OrganizationConfig,
  perimeters: ReadonlyArray<[TerraformStack, DynamoDbIsolation]>,
): Problem[] {
  const scp = organizationScp(
    source,
    organization,
    perimeters.map(([, isolation]) => isolation),
  );
  const rcp = organizationRcp(source, organization);
  for (const [stack] of perimeters) {
    if (rcp.document)
      new TerraformOutput(stack, RCP_OUTPUT, {
        value: policyJson(rcp.document),
        description: "The resource control policy that keeps DynamoDB to the organization's identities; attach it once",
      });
    new TerraformOutput(stack, SCP_OUTPUTS.perimeter, {
      value: policyJson(scp.documents.perimeter),
      description:
        "The service control policy that guards every perimeter of this config's tables and resources; attach it once, with the principals' one",
    });
    new TerraformOutput(stack, SCP_OUTPUTS.principals, {
      value: policyJson(scp.documents.principals),
      description:
        "The service control policy that keeps the guard attached and the admins and exempt principals in their hands; attach it once",
    });
  }
  return [...scp.problems, ...rcp.problems];
}

/**
 * The organization's admins apply the stacks and are the only ones the SCP lets write resource
 * policies: the control-plane lock must let them manage the tables too, or nobody could.
 */
function withAdminsAsOperators(options: ResourcePolicyOptions | undefined, admins: readonly string[]): ResourcePolicyOptions | undefined {
  const control = options?.controlPlane;
  if (admins.length === 0 || options?.enabled === false || control?.enabled === false) return options;
  const named = control?.exemptPrincipalArns ?? [];
  return { ...options, controlPlane: { ...control, exemptPrincipalArns: [...named, ...admins.filter((a) => !named.includes(a))] } };
}

/** The stack's outputs: fixed names other stacks and pipelines read. */
function addOutputs(stack: TerraformStack, isolation: DynamoDbIsolation): void {
  const outputs: Array<[name: string, value: unknown, description: string]> = [
    ["table_name", isolation.tableName, "Name of the DynamoDB table"],
    ["table_arn", isolation.tableArn, "ARN of the DynamoDB table"],
    ["table_arns", isolation.tableArnsByName, "ARN of every table of the perimeter, by table name"],
    ["vpc_id", isolation.vpcId, "ID of the VPC holding the gateway endpoint"],
    ["route_table_ids", isolation.routeTableIds, "Route tables the gateway endpoint is associated with"],
    ["vpc_endpoint_id", isolation.vpcEndpointId, "ID of the DynamoDB gateway endpoint (the aws:SourceVpce value)"],
    ["vpc_endpoint_prefix_list_id", isolation.prefixListId, "DynamoDB prefix list ID, for security group egress rules"],
    ["replica_vpc_endpoint_ids", isolation.replicaEndpointIds, "Gateway endpoint ID in each replica region, by region"],
    ["guard_policy_arn", isolation.guardPolicyArn, "ARN of the policy that denies the table outside the endpoints"],
    ["grant_policy_arns", isolation.grantPolicyArns, "ARN of each grant policy, by access level (read-only, read-write)"],
    ["stream_arns", isolation.streamArnsByName, "Stream ARN of each table with a stream, by table name"],
    ["replica_table_arns", isolation.replicaTableArnsByName, "ARN of each table's replica, by table name, then region"],
    ["kms_key_arns", isolation.kmsKeyArns, "The customer-managed key of the tables in each region, by region"],
    [
      "interface_endpoints",
      Object.fromEntries(
        Object.entries(isolation.interfaceEndpoints).map(([region, byService]) => [
          region,
          Object.fromEntries(Object.entries(byService).map(([service, e]) => [service, { id: e.id, dns_names: e.dnsNames }])),
        ]),
      ),
      "Each interface endpoint's id and DNS names (regional first), by region, then service (dynamodb, dynamodb-streams)",
    ],
    [
      "vpc_endpoint_policy_document",
      isolation.endpointPolicyJson,
      "The endpoint policy for this perimeter's tables: as applied, or for the owner of a joined endpoint to apply",
    ],
  ];
  if (isolation.alerts) {
    outputs.push(
      ["alert_topic_arns", isolation.alerts.topicArns, "The topic each region's tamper alerts go to, by region"],
      ["alert_rule_names", isolation.alerts.ruleNames, "The EventBridge rules on calls that loosen the perimeter"],
    );
    if (isolation.alerts.trailArn !== undefined)
      outputs.push(["trail_arn", isolation.alerts.trailArn, "The trail the module created for the alerts"]);
    if (isolation.alerts.dataEventSelectorsJson !== undefined)
      outputs.push([
        "data_event_selectors",
        isolation.alerts.dataEventSelectorsJson,
        "CloudTrail advanced event selectors of the perimeter's data events: as the trail has them, or for the trail's owner to add",
      ]);
    if (isolation.alerts.alarmNames !== undefined)
      outputs.push([
        "alarm_names",
        isolation.alerts.alarmNames,
        "The CloudWatch alarms on denied and off-perimeter calls to the tables and streams",
      ]);
  }
  for (const [name, value, description] of outputs) new TerraformOutput(stack, name, { value, description });
}

/**
 * The app from the config file, every mistake at once: when the file's structure is wrong in
 * places (an unknown field, a wrong type), the rest is still built and judged, and the structure
 * problems come first, then the values' (none repeated for a field already named).
 */
export function buildConfiguredApp(load: () => LoadedConfig = () => loadConfig(), options: BuildOptions = {}): App {
  let structure: readonly Problem[];
  let partial: LoadedConfig;
  try {
    return buildApp(load(), options);
  } catch (e) {
    if (!(e instanceof ConfigShapeError)) throw e;
    structure = e.problems;
    partial = e.partial;
  }
  let values: Problem[] = [];
  try {
    buildApp(partial, options);
  } catch (e) {
    // What is left may still be too broken to build: then the structure problems are the report.
    if (e instanceof ValidationError) values = e.problems.filter((p) => !coveredBy(p, structure));
  }
  throw new ValidationError([...structure, ...values]);
}

if (require.main === module) {
  try {
    buildConfiguredApp().synth();
  } catch (e) {
    // A bad input is the user's to fix: say what and where, without a stack trace.
    if (!(e instanceof ValidationError)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  }
}
