import { Aspects, IAspect, Lazy, TerraformProvider, TerraformStack, Token } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct, IConstruct } from "constructs";
import { TableOptions } from "../dynamodb/table-options";
import { validateTableOptions } from "../dynamodb/table-rules";
import { Principals, principalKey, validatePrincipals } from "../iam/policy-attachments";
import { GuardScope } from "../policies/identity-policies";
import { Problems, fail, validateAll } from "../private/validation";
import { ExistingTableSource } from "../isolation/resolve";
import { ExistingTableOptions, IExistingTable, checkAppTable, existingTableSource } from "./existing-table";
import { ValidationError } from "../validation-error";
import { buildPerimeter, PerimeterParts, validatePerimeter } from "../isolation/build-perimeter";
import { ReplicaSettings } from "../dynamodb/table-props";
import { DynamoDbIsolationProps, EndpointPolicyOptions, PerimeterOptions, ResourcePolicyOptions } from "../isolation/props";
import { PerimeterNetwork } from "./network";
import { MonitoringOptions } from "../monitoring/monitoring-options";
import { PrincipalRefs, principalNames } from "./principals";
import { Billing, PerimeterEncryption } from "./table-modes";

/** A table the perimeter creates: `TableOptions` with billing as a mode, encryption set on the perimeter. */
export interface PerimeterTableOptions extends Omit<
  TableOptions,
  "billingMode" | "readCapacity" | "writeCapacity" | "autoScaling" | "onDemandThroughput" | "encryption"
> {
  /** @default Billing.onDemand() */
  readonly billing?: Billing;
}

/** A replica region of every table of the perimeter. */
export interface PerimeterReplicaOptions {
  /** Region of the replicas. */
  readonly region: string;
  /** Provider configured for that region. */
  readonly provider: TerraformProvider;
  /** Network of the region's endpoint. @default PerimeterNetwork.newVpc() */
  readonly network?: PerimeterNetwork;
  /** Existing customer-managed key in that region. @default - a new key there (with PerimeterEncryption.newKey or existingKey) */
  readonly kmsKeyArn?: string;
  /** Where the replicas differ from the tables. @default - the tables' own settings */
  readonly settings?: ReplicaSettings;
}

export interface PerimeterProps extends PerimeterOptions {
  /** Region of the tables and of the perimeter's first endpoint: the stack's default provider's. */
  readonly region: string;
  /** @default PerimeterNetwork.newVpc() */
  readonly network?: PerimeterNetwork;
  /** @default PerimeterEncryption.newKey() */
  readonly encryption?: PerimeterEncryption;
  /** Name of the guard policy. @default `<name>-vpce-guard` */
  readonly guardPolicyName?: string;
  /** What the guard denies outside the endpoints. @default "all" */
  readonly guardScope?: GuardScope;
  /** Other endpoints every policy accepts requests through (`vpce-…`). @default - none */
  readonly extraEndpointIds?: readonly string[];
  /** The endpoint policy's scope. @default - as `DynamoDbIsolationProps.endpointPolicy` */
  readonly endpointPolicy?: EndpointPolicyOptions;
  /** The tables' resource policies and their exemptions. @default - as `DynamoDbIsolationProps.resourcePolicy` */
  readonly resourcePolicy?: ResourcePolicyOptions;
  /** Tamper alerts. @default - none, as `DynamoDbIsolationProps.monitoring` */
  readonly monitoring?: MonitoringOptions;
}

/** A table of a perimeter: its name now, its ARN once the perimeter is built (a reference until then). */
export interface PerimeterTable {
  readonly tableName: string;
  readonly tableArn: string;
}

/**
 * A perimeter assembled with methods: `addTable`, `addReplica`, `guard`,
 * `grantReadData`, `grantReadWriteData`. Each call checks its own argument at
 * once (a `ValidationError` naming the call); the perimeter is built from
 * everything it was given when the app synthesizes, so the order of calls
 * does not matter, and what only the whole can show (policy sizes, IAM's
 * quota, names the tables share) is checked then, every problem at once,
 * before any stack is written. It builds what `DynamoDbIsolation` builds from
 * the same props, with the same parts.
 */
export class Perimeter extends Construct {
  private readonly props: PerimeterProps;
  private readonly tables: PerimeterTableOptions[] = [];
  private readonly replicas: PerimeterReplicaOptions[] = [];
  /** Existing tables as given: what the app's own say is read when the perimeter is built. */
  private readonly existingInputs: Array<{ table: DynamodbTable | IExistingTable; options: ExistingTableOptions }> = [];
  private readonly guarded: Required<Principals> = { users: [], roles: [], groups: [] };
  private readonly readers: Required<Principals> = { users: [], roles: [], groups: [] };
  private readonly writers: Required<Principals> = { users: [], roles: [], groups: [] };
  private built?: PerimeterParts;

  constructor(scope: Construct, id: string, props: PerimeterProps) {
    super(scope, id);
    this.props = props;
    buildBeforeSynth(this);
  }

  /** Adds a table the perimeter creates; returns its name and (lazy) ARN. */
  public addTable(options: PerimeterTableOptions): PerimeterTable {
    this.stillOpen("addTable");
    validateAll((problems) =>
      validateTableOptions(problems, this.node.path, `addTable(${String(options.tableName)}).`, this.tableOptions(options)),
    );
    this.tables.push(options);
    const index = this.tables.length - 1;
    return { tableName: options.tableName, tableArn: Lazy.stringValue({ produce: () => this.build().tables[index].tableArn }) };
  }

  /**
   * Adds a table the perimeter guards but does not create: the app's own `DynamodbTable`, or
   * one of another state (`ExistingTable.fromName` / `fromArn`). It gets the guard, the grants
   * and (unless `resourcePolicy: false`) the resource policies; its key stays its owner's: the
   * grants include `kms:Decrypt` on it when the perimeter's encryption names it
   * (`PerimeterEncryption.existingKey`), else grantees need that from the key's owner.
   */
  public addExistingTable(table: DynamodbTable | IExistingTable, options: ExistingTableOptions = {}): PerimeterTable {
    this.stillOpen("addExistingTable");
    const index = this.existingInputs.push({ table, options }) - 1;
    return {
      tableName: table instanceof DynamodbTable ? table.name : table.tableName,
      tableArn: Lazy.stringValue({ produce: () => this.build().tables[this.tables.length + index].tableArn }),
    };
  }

  /** Adds a region where every table gets a replica, behind its own endpoint. */
  public addReplica(replica: PerimeterReplicaOptions): void {
    this.stillOpen("addReplica");
    this.replicas.push(replica);
  }

  /** Attaches the guard to these principals: they reach DynamoDB only through the perimeter's endpoints. */
  public guard(principals: PrincipalRefs): void {
    this.add(this.guarded, "guard", principals);
  }

  /** Grants read access to the tables (and use of their key), and attaches the guard. */
  public grantReadData(principals: PrincipalRefs): void {
    this.add(this.readers, "grantReadData", principals);
  }

  /** Grants read and write access to the tables (and use of their key), and attaches the guard. */
  public grantReadWriteData(principals: PrincipalRefs): void {
    this.add(this.writers, "grantReadWriteData", principals);
  }

  /** ID of the gateway endpoint the tables are reached through. */
  public get vpcEndpointId(): string {
    return Lazy.stringValue({ produce: () => this.build().vpcEndpointId });
  }

  /** ARN of the guard policy. */
  public get guardPolicyArn(): string {
    return Lazy.stringValue({ produce: () => this.build().guardPolicyArn });
  }

  /**
   * The props `DynamoDbIsolation` would take for the same perimeter: what is built, apart from
   * existing tables (which only a `Perimeter` takes). Encryption is in each table's options.
   */
  public toProps(): DynamoDbIsolationProps {
    const {
      region,
      network,
      encryption: _perTable,
      guardPolicyName,
      guardScope,
      extraEndpointIds,
      endpointPolicy,
      resourcePolicy,
      monitoring,
      ...perimeter
    } = this.props;
    const grants = { readOnly: nonEmpty(this.readers), readWrite: nonEmpty(this.writers) };
    return {
      region,
      perimeter: { ...perimeter, name: perimeter.name ?? this.node.id },
      tables: this.tables.map((t) => this.tableOptions(t)),
      network: network?.options,
      extraEndpointIds,
      guard: { policyName: guardPolicyName, scope: guardScope, principals: nonEmpty(this.guarded) },
      grants: grants.readOnly || grants.readWrite ? grants : undefined,
      endpointPolicy,
      resourcePolicy,
      replicas: this.replicas.length
        ? this.replicas.map(({ network: replicaNetwork, ...replica }) => ({ ...replica, network: replicaNetwork?.options }))
        : undefined,
      monitoring,
    };
  }

  /**
   * Builds the perimeter once, from everything it was given; later calls return what was built.
   * Its problems name the calls and props the user wrote (`addTable(orders).sortKey`), not
   * the `DynamoDbIsolationProps` they became.
   */
  public build(): PerimeterParts {
    if (this.built) return this.built;
    if (this.tables.length + this.existingInputs.length === 0) {
      throw new ValidationError([
        {
          where: this.node.path,
          prop: "addTable()",
          rule: "or addExistingTable() must be called at least once: a perimeter guards tables",
          value: undefined,
        },
      ]);
    }
    const key = this.props.encryption?.options.kmsKeyArn;
    const existing = this.existingInputs.map(({ table, options }, i) => ({
      ...existingTableSource(table, options, i),
      ...(key !== undefined && { kmsKeyArn: key }),
    }));
    // The existing tables' problems and the perimeter's, all at once.
    const problems = new Problems();
    this.checkExisting(problems, existing);
    problems.check(() => {
      try {
        if (problems.count === 0) this.built = buildPerimeter(this, this.toProps(), existing);
        else validatePerimeter(this, this.toProps(), existing);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        throw new ValidationError(error.problems.map((problem) => ({ ...problem, prop: this.callerProp(problem.prop) })));
      }
    });
    problems.throwIfAny();
    return this.built!;
  }

  /**
   * What only the whole shows about existing tables: a name given twice (DynamoDB's names are
   * case-sensitive), a replica region, an app table the perimeter cannot guard as it is.
   */
  private checkExisting(problems: Problems, existing: readonly ExistingTableSource[]): void {
    const seen = new Set<string>(this.tables.map((t) => t.tableName));
    for (const [i, e] of existing.entries()) {
      const call = `addExistingTable(${e.knownName ?? e.id})`;
      checkAppTable(problems, this.node.path, call, this.existingInputs[i].table);
      problems.check(() => {
        if (this.replicas.length)
          fail(this.node.path, call, "is not allowed with addReplica: the perimeter makes replicas only of tables it creates", e.tableName);
      });
      const name = e.knownName;
      if (name === undefined) continue;
      problems.check(() => {
        if (seen.has(name)) fail(this.node.path, call, "must name a table not already in the perimeter", name);
      });
      seen.add(name);
      problems.check(() => {
        const region = e.tableArn?.split(":")[3];
        if (region !== undefined && !Token.isUnresolved(e.tableArn) && region !== this.props.region) {
          fail(this.node.path, call, `must be a table in the perimeter's region ${this.props.region}`, e.tableArn);
        }
      });
    }
  }

  /** What a `DynamoDbIsolationProps` path is called on the perimeter. */
  private callerProp(prop: string): string {
    const rename: Array<[RegExp, (match: string, i?: string) => string]> = [
      [/^tables\[(\d+)\]/, (_, i) => `addTable(${this.tables[Number(i)].tableName})`],
      [/^replicas\[(\d+)\]/, (_, i) => `addReplica(${this.replicas[Number(i)].region})`],
      [/^guard\.principals/, () => "guard()"],
      [/^guard\.policyName/, () => "guardPolicyName"],
      [/^guard\.scope/, () => "guardScope"],
      [/^grants\.readOnly/, () => "grantReadData()"],
      [/^grants\.readWrite/, () => "grantReadWriteData()"],
      [/^perimeter\./, () => ""],
    ];
    for (const [pattern, to] of rename) if (pattern.test(prop)) return prop.replace(pattern, to as (m: string, ...a: string[]) => string);
    return prop;
  }

  private tableOptions({ billing, ...options }: PerimeterTableOptions): TableOptions {
    return { ...options, ...billing?.options, encryption: this.props.encryption?.options };
  }

  /** A call after the perimeter was built would change nothing that is synthesized: refused, not ignored. */
  private stillOpen(call: string): void {
    if (this.built) {
      throw new ValidationError([
        { where: this.node.path, prop: `${call}()`, rule: "must come before the perimeter is built (build() or synth)", value: undefined },
      ]);
    }
  }

  private add(into: Required<Principals>, call: string, principals: PrincipalRefs): void {
    this.stillOpen(call);
    const names = principalNames(principals);
    validateAll((problems) => validatePrincipals(problems, this.node.path, `${call}()`, names));
    for (const kind of ["users", "roles", "groups"] as const) {
      const held = new Set(into[kind].map(principalKey));
      for (const name of names[kind] ?? []) if (!held.has(principalKey(name))) (into[kind] as string[]).push(name);
    }
  }
}

/** The set, or undefined when it names nobody (so the props read as a config file would). */
function nonEmpty(principals: Required<Principals>): Principals | undefined {
  const kinds = (["users", "roles", "groups"] as const).filter((k) => principals[k].length);
  return kinds.length ? Object.fromEntries(kinds.map((k) => [k, [...principals[k]]])) : undefined;
}

const building = new WeakSet<TerraformStack>();

/**
 * Builds every perimeter of the stack when the app prepares its stacks, which
 * it does for all of them before writing any (so one stack's mistakes leave
 * no other written), and as an aspect for `Testing.synth`, which does not
 * prepare.
 */
function buildBeforeSynth(perimeter: Perimeter): void {
  const aspect: IAspect = { visit: (node: IConstruct) => node === perimeter && perimeter.build() };
  Aspects.of(perimeter).add(aspect);
  const stack = TerraformStack.of(perimeter);
  if (building.has(stack)) return;
  building.add(stack);
  const prepare = stack.prepareStack.bind(stack);
  stack.prepareStack = () => {
    for (const node of stack.node.findAll()) if (node instanceof Perimeter) node.build();
    prepare();
  };
}
