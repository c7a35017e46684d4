/**
 * Names AWS derives from a region code. Computed here rather than read from
 * data sources so that they are known at plan time and need no API call.
 */

/** The ARN partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}

/** The service name of the DynamoDB gateway endpoint in a region. */
export function dynamoDbServiceName(region: string): string {
  // China regions prefix the reverse DNS name with "cn.".
  const prefix = partitionOf(region) === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws";
  return `${prefix}.${region}.dynamodb`;
}

/** ARN of a DynamoDB table in another region, for replicas whose ARN the provider only exposes in a set. */
export function tableArn(partition: string, region: string, accountId: string, tableName: string): string {
  return `arn:${partition}:dynamodb:${region}:${accountId}:table/${tableName}`;
}

/** The service-linked role DynamoDB global tables replicate with. Denying it breaks replication. */
export function replicationRoleArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication`;
}

/** DNS suffix used in service principals and `kms:ViaService` values. */
export function dnsSuffixOf(region: string): string {
  return partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** A KMS alias-safe version of a name (aliases allow only letters, digits and `/ _ -`). */
export function aliasSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9/_-]/g, "-");
}

/** Application Auto Scaling's service-linked role for DynamoDB tables (DescribeTable, UpdateTable). */
export function autoScalingRoleArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`;
}
