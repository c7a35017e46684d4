import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { fail, validateAll } from "../private/validation";
import { TableProps, attributeDefinitions, resolveTableOptions } from "./table-options";
import { validateTableOptions } from "./table-rules";

/**
 * A DynamoDB table whose attribute definitions are derived from its keys and
 * indexes, so it never defines an attribute the provider would reject as
 * unindexed, with Application Auto Scaling of a provisioned table's reads
 * and writes.
 *
 * Creates `aws_dynamodb_table`, and for a provisioned table
 * `aws_appautoscaling_target` and `aws_appautoscaling_policy` (read and write).
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

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    const where = this.node.path;
    const resolved = resolveTableOptions(props);
    const provisioned = resolved.billingMode === "PROVISIONED";
    const scaling = resolved.scaling;
    validateAll((problems) => {
      validateTableOptions(problems, where, "", props);
      problems.check(() => {
        if (props.replicas?.length && props.streamViewType !== "NEW_AND_OLD_IMAGES") {
          fail(where, "streamViewType", "must be NEW_AND_OLD_IMAGES for a table with replicas", props.streamViewType);
        }
      });
      problems.check(() => {
        if (resolved.encryption.type === "CUSTOMER_MANAGED" && resolved.encryption.kmsKeyArn === undefined) {
          fail(where, "encryption.kmsKeyArn", "is required with encryption type CUSTOMER_MANAGED when a Table is used on its own (DynamoDbIsolation creates a key)", undefined);
        }
      });
    });
    const indexes = resolved.globalSecondaryIndexes;

    this.resource = new DynamodbTable(this, "Resource", {
      name: props.tableName,
      billingMode: resolved.billingMode,
      hashKey: props.partitionKey.name,
      rangeKey: props.sortKey?.name,
      readCapacity: provisioned ? props.readCapacity : undefined,
      writeCapacity: provisioned ? props.writeCapacity : undefined,
      attribute: attributeDefinitions(props),
      globalSecondaryIndex: indexes.length
        ? indexes.map((gsi) => ({
            name: gsi.indexName,
            hashKey: gsi.partitionKey.name,
            rangeKey: gsi.sortKey?.name,
            projectionType: gsi.projectionType,
            nonKeyAttributes: gsi.nonKeyAttributes ? [...gsi.nonKeyAttributes] : undefined,
            readCapacity: provisioned ? gsi.readCapacity : undefined,
            writeCapacity: provisioned ? gsi.writeCapacity : undefined,
          }))
        : undefined,
      pointInTimeRecovery: { enabled: resolved.pointInTimeRecovery },
      deletionProtectionEnabled: resolved.deletionProtection,
      serverSideEncryption: resolved.encryption.type === "CUSTOMER_MANAGED" ? { enabled: true, kmsKeyArn: resolved.encryption.kmsKeyArn } : undefined,
      ttl: props.timeToLiveAttribute ? { attributeName: props.timeToLiveAttribute, enabled: true } : undefined,
      streamEnabled: props.streamViewType ? true : undefined,
      streamViewType: props.streamViewType,
      replica: props.replicas?.length
        ? props.replicas.map((r) => ({
            regionName: r.region,
            kmsKeyArn: r.kmsKeyArn,
            pointInTimeRecovery: resolved.pointInTimeRecovery,
            deletionProtectionEnabled: resolved.deletionProtection,
            propagateTags: true,
          }))
        : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
      lifecycle: {
        preventDestroy: resolved.preventDestroy,
        // Auto scaling owns the capacity once the table exists; without this,
        // every plan would try to reset it to the configured minimum.
        ignoreChanges: scaling.enabled ? ["read_capacity", "write_capacity"] : undefined,
      },
    });
    this.tableName = this.resource.name;
    this.tableArn = this.resource.arn;
    this.streamArn = props.streamViewType ? this.resource.streamArn : undefined;

    if (scaling.enabled) {
      this.scale("ReadScaling", "Read", props.readCapacity!, scaling.maxReadCapacity!, scaling.targetUtilization);
      this.scale("WriteScaling", "Write", props.writeCapacity!, scaling.maxWriteCapacity!, scaling.targetUtilization);
    }
  }

  private scale(id: string, kind: "Read" | "Write", min: number, max: number, targetUtilization: number): void {
    const scope = new Construct(this, id);
    const target = new AppautoscalingTarget(scope, "Target", {
      serviceNamespace: "dynamodb",
      resourceId: `table/${this.tableName}`,
      scalableDimension: `dynamodb:table:${kind}CapacityUnits`,
      minCapacity: min,
      maxCapacity: max,
    });
    new AppautoscalingPolicy(scope, "Policy", {
      name: `${kind}CapacityUtilization`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: targetUtilization,
        predefinedMetricSpecification: { predefinedMetricType: `DynamoDB${kind}CapacityUtilization` },
      },
    });
  }
}
