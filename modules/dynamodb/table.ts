import { Construct } from "constructs";
import { DataResource, Fn, ITerraformDependable, TerraformProvider } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { DynamodbTableReplicaA as DynamodbTableReplica } from "@cdktf/provider-aws/lib/dynamodb-table-replica";
import { DataAwsDynamodbTable } from "@cdktf/provider-aws/lib/data-aws-dynamodb-table";
import { DynamodbContributorInsights } from "@cdktf/provider-aws/lib/dynamodb-contributor-insights";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { ResolvedTableOptions, resolveTableOptions } from "./table-options";
import { TableProps } from "./table-props";
import { ignoresIndexes, tableConfig, validateTable } from "./table-config";

/**
 * A DynamoDB table whose attribute definitions are derived from its keys and
 * indexes, so it never defines an attribute the provider would reject as
 * unindexed; with Application Auto Scaling of a provisioned table's and every
 * index's reads and writes; and with its replicas as resources of their own,
 * created only once all that scaling exists (DynamoDB refuses a replica of a
 * provisioned table before). Every setting is written out, "off" included:
 * a block left out of the configuration would keep whatever AWS has. On-demand
 * ceilings cannot be: DynamoDB removes one only through `-1` on UpdateTable,
 * which CreateTable refuses, so removing one takes `REMOVE_CEILING` for an apply.
 *
 * Creates `aws_dynamodb_table`; `aws_dynamodb_contributor_insights` for the
 * table and each index that asks for it; for a provisioned table
 * `aws_appautoscaling_target` and `aws_appautoscaling_policy` (read and write,
 * of the table and of each index); per replica `aws_dynamodb_table_replica`
 * and, with a stream, `data.aws_dynamodb_table` for the replica's stream.
 */
export class Table extends Construct {
  /** The table resource. */
  public readonly resource: DynamodbTable;
  /** Name of the table. */
  public readonly tableName: string;
  /** ARN of the table. */
  public readonly tableArn: string;
  /** ARN of the table's stream, when `streamViewType` is set. */
  public readonly streamArn?: string;
  /** The replica resources, by region. */
  public readonly replicas: Record<string, DynamodbTableReplica> = {};
  /** ARN of the replica in each region. */
  public readonly replicaArns: Record<string, string> = {};
  /** ARN of the replica's stream in each region, read once the replica exists; only with a stream. */
  public readonly replicaStreamArns: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    const resolved = resolveTableOptions(props);
    const replicas = props.replicas ?? [];
    validateTable(this.node.path, props, resolved);
    this.resource = new DynamodbTable(this, "Resource", tableConfig(props, resolved));
    this.tableName = this.resource.name;
    this.tableArn = this.resource.arn;
    this.streamArn = props.streamViewType ? this.resource.streamArn : undefined;
    const scalingPolicies = resolved.scaling.enabled ? this.addScaling(props, resolved) : [];
    this.addContributorInsights(props, resolved);
    if (replicas.length) this.addReplicas(props, resolved, scalingPolicies);
  }

  /** Step: read and write scaling of the table and of each index; returns what replicas must wait for. */
  private addScaling(props: TableProps, resolved: ResolvedTableOptions): ITerraformDependable[] {
    const scaling = resolved.scaling;
    const indexes = resolved.globalSecondaryIndexes;
    const table = `table/${this.tableName}`;
    const policies = [
      ...this.scale(this, "Read", table, "table", props.readCapacity!, scaling.maxReadCapacity!, scaling.targetUtilization),
      ...this.scale(this, "Write", table, "table", props.writeCapacity!, scaling.maxWriteCapacity!, scaling.targetUtilization),
    ];
    const scope = indexes.length ? new Construct(this, "Indexes") : undefined;
    for (const gsi of indexes) {
      const index = new Construct(scope!, gsi.indexName);
      const resourceId = `${table}/index/${gsi.indexName}`;
      // With the index block ignored, an index added to the config is not on the table yet: say so at plan time.
      const onTheTable = ignoresIndexes(resolved)
        ? {
            condition: `\${contains(${this.resource.fqn}.global_secondary_index[*].name, "${gsi.indexName}")}`,
            errorMessage: `Index ${gsi.indexName} is not on table ${props.tableName} yet: an auto-scaled table ignores changes to its indexes. Apply once with autoScaling.applyIndexChanges set to true to add, remove or change an index.`,
          }
        : undefined;
      const { maxReadCapacity, maxWriteCapacity, targetUtilization } = gsi.scaling;
      policies.push(
        ...this.scale(index, "Read", resourceId, "index", gsi.readCapacity!, maxReadCapacity!, targetUtilization, onTheTable),
        ...this.scale(index, "Write", resourceId, "index", gsi.writeCapacity!, maxWriteCapacity!, targetUtilization, onTheTable),
      );
    }
    return policies;
  }

  /** Step: Contributor Insights, throttled keys only unless asked (the most accessed key values would be readable in CloudWatch from anywhere). */
  private addContributorInsights(props: TableProps, resolved: ResolvedTableOptions): void {
    const mode = resolved.contributorInsightsMode;
    if (props.contributorInsights) new DynamodbContributorInsights(this, "ContributorInsights", { tableName: this.tableName, mode });
    const watched = resolved.globalSecondaryIndexes.filter((gsi) => gsi.contributorInsights);
    if (watched.length === 0) return;
    const scope = this.node.tryFindChild("Indexes") ?? new Construct(this, "Indexes");
    for (const gsi of watched) {
      const index = scope.node.tryFindChild(gsi.indexName) ?? new Construct(scope, gsi.indexName);
      // After the table: an index added in the same apply must exist first.
      new DynamodbContributorInsights(index, "ContributorInsights", {
        tableName: this.tableName,
        indexName: gsi.indexName,
        mode,
        dependsOn: [this.resource],
      });
    }
  }

  /** Step: the replicas, each a resource of its own, after every scaling policy; with a stream, each replica's stream. */
  private addReplicas(props: TableProps, resolved: ResolvedTableOptions, scalingPolicies: ITerraformDependable[]): void {
    const scope = new Construct(this, "Replicas");
    for (const replica of props.replicas ?? []) {
      const regional = new Construct(scope, replica.region);
      const own = replica.settings ?? {};
      const resource = new DynamodbTableReplica(regional, "Resource", {
        provider: replica.provider,
        globalTableArn: this.tableArn,
        kmsKeyArn: replica.kmsKeyArn,
        pointInTimeRecovery: own.pointInTimeRecovery ?? resolved.pointInTimeRecovery,
        deletionProtectionEnabled: own.deletionProtection ?? resolved.deletionProtection,
        tableClassOverride: own.tableClass,
        tags: props.tags && own.propagateTags !== false ? { ...props.tags } : undefined,
        // DynamoDB adds a replica to a provisioned table only once its and every index's capacity scales.
        dependsOn: scalingPolicies,
      });
      // The import id names the table's own region, not the replica's. No `provider` on the import block: Terraform imports
      // with the resource's own provider, and rejects the argument when the stack is used as a child module.
      if (props.importReplicas) resource.importFrom(`${props.tableName}:${props.region}`);
      this.replicas[replica.region] = resource;
      this.replicaArns[replica.region] = resource.arn;
      if (props.streamViewType) this.replicaStreamArns[replica.region] = this.replicaStream(regional, replica.provider, resource);
    }
  }

  /**
   * A replica's stream has its own label, read from the replica once it exists. Terraform reads a data source at
   * apply, not at plan, whenever a resource it refers to has any change; had the read referred to the replica, an
   * ordinary change to it (point-in-time recovery, tags) would leave the stream ARN unknown and replace the
   * stream's resource policy. So the read refers to this record of what identifies the stream instead: it changes
   * only when the replica is new or replaced, or the table's stream is turned on or changed.
   */
  private replicaStream(regional: Construct, provider: TerraformProvider, resource: DynamodbTableReplica): string {
    const streamSource = new DataResource(regional, "StreamSource", {
      input: { replica: resource.arn, tableStream: this.resource.streamArn },
    });
    const described = new DataAwsDynamodbTable(regional, "Described", {
      provider,
      name: Fn.element(Fn.split("/", streamSource.output.lookup("replica")), 1),
    });
    return described.streamArn;
  }

  /** Read or write scaling of the table or one index; returns what replicas must wait for. */
  private scale(
    scope: Construct,
    kind: "Read" | "Write",
    resourceId: string,
    of: "table" | "index",
    min: number,
    max: number,
    targetUtilization: number,
    precondition?: { condition: string; errorMessage: string },
  ): ITerraformDependable[] {
    const holder = new Construct(scope, `${kind}Scaling`);
    const target = new AppautoscalingTarget(holder, "Target", {
      serviceNamespace: "dynamodb",
      resourceId,
      scalableDimension: `dynamodb:${of}:${kind}CapacityUnits`,
      minCapacity: min,
      maxCapacity: max,
      lifecycle: precondition ? { precondition: [precondition] } : undefined,
    });
    const policy = new AppautoscalingPolicy(holder, "Policy", {
      name: of === "table" ? `${kind}CapacityUtilization` : `${resourceId.split("/").pop()}-${kind}CapacityUtilization`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: targetUtilization,
        predefinedMetricSpecification: { predefinedMetricType: `DynamoDB${kind}CapacityUtilization` },
      },
    });
    return [target, policy];
  }
}
