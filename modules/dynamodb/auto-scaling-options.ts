/** Application Auto Scaling of a provisioned table and its indexes: what users choose, and what is resolved. */

/** Application Auto Scaling of a provisioned table's read and write capacity. */
export interface AutoScalingOptions {
  /**
   * Scale provisioned capacity between the given capacity (the minimum) and the maximums.
   * `false` keeps capacity fixed: requests are throttled under load, and the
   * table fails Checkov CKV2_AWS_16 and Security Hub DynamoDB.1.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Upper bound of read capacity, at least `readCapacity`, at most 40,000.
   * @default - 10 × readCapacity, at most 40,000
   */
  readonly maxReadCapacity?: number;
  /**
   * Upper bound of write capacity, at least `writeCapacity`, at most 40,000.
   * @default - 10 × writeCapacity, at most 40,000
   */
  readonly maxWriteCapacity?: number;
  /**
   * Consumed-to-provisioned percentage the scaling aims for, 20 to 90.
   * @default 70
   */
  readonly targetUtilization?: number;
  /**
   * Apply changes to the indexes in this run. The provider cannot ignore the
   * capacity of one index, so an auto-scaled table with indexes ignores its
   * index blocks (otherwise every plan would reset the scaled capacity):
   * adding, removing or changing an index needs one apply with this on, in
   * which every index's capacity goes back to its configured minimum until
   * scaling raises it again.
   * @default false
   */
  readonly applyIndexChanges?: boolean;
}

/** Auto scaling of one index; what is not given comes from the table's. */
export interface IndexAutoScalingOptions {
  /**
   * Upper bound of the index's read capacity, at least its read capacity, at most 40,000.
   * @default - 10 × the index's read capacity, at most 40,000
   */
  readonly maxReadCapacity?: number;
  /**
   * Upper bound of the index's write capacity, at least its write capacity, at most 40,000.
   * @default - 10 × the index's write capacity, at most 40,000
   */
  readonly maxWriteCapacity?: number;
  /**
   * Consumed-to-provisioned percentage, 20 to 90.
   * @default - the table's
   */
  readonly targetUtilization?: number;
}

/** Auto scaling with every default filled in. */
export interface ResolvedAutoScaling {
  /** Scaling targets and policies exist: provisioned billing and not turned off. */
  readonly enabled: boolean;
  readonly maxReadCapacity?: number;
  readonly maxWriteCapacity?: number;
  readonly targetUtilization: number;
  readonly applyIndexChanges: boolean;
}
