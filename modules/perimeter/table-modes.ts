import { AutoScalingOptions } from "../dynamodb/auto-scaling-options";
import { OnDemandThroughput } from "../dynamodb/table-features";
import { TableOptions } from "../dynamodb/table-options";
import { checkKmsKeyArn, validateAll } from "../private/validation";

/** Fixed capacity, optionally scaled. */
export interface ProvisionedCapacity {
  /** Read capacity units. */
  readonly readCapacity: number;
  /** Write capacity units. */
  readonly writeCapacity: number;
  /** Application Auto Scaling of both. @default - fixed capacity */
  readonly autoScaling?: AutoScalingOptions;
}

/** How a table pays for throughput: a mode and only what that mode takes. */
export class Billing {
  /** Pay per request, optionally capped. */
  public static onDemand(maxThroughput?: OnDemandThroughput): Billing {
    return new Billing({ billingMode: "PAY_PER_REQUEST", onDemandThroughput: maxThroughput });
  }

  /** Provisioned capacity. */
  public static provisioned(capacity: ProvisionedCapacity): Billing {
    return new Billing({ billingMode: "PROVISIONED", ...capacity });
  }

  /** The same billing as `TableOptions` fields. */
  public readonly options: Pick<TableOptions, "billingMode" | "readCapacity" | "writeCapacity" | "autoScaling" | "onDemandThroughput">;

  private constructor(options: Billing["options"]) {
    this.options = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  }
}

/** How the perimeter's tables are encrypted at rest: one choice for all of them. */
export class PerimeterEncryption {
  /** A new customer-managed key per region, rotated and locked to the perimeter's operators (the default). */
  public static newKey(): PerimeterEncryption {
    return new PerimeterEncryption({ type: "CUSTOMER_MANAGED" });
  }

  /**
   * An existing customer-managed key in the perimeter's region (its ARN, or a reference to it); a
   * malformed literal ARN throws here. With existing tables only, the key they are encrypted
   * with: the grants include `kms:Decrypt` on it, through DynamoDB.
   */
  public static existingKey(kmsKeyArn: string): PerimeterEncryption {
    validateAll((problems) => problems.check(() => checkKmsKeyArn("PerimeterEncryption.existingKey", "kmsKeyArn", kmsKeyArn)));
    return new PerimeterEncryption({ type: "CUSTOMER_MANAGED", kmsKeyArn });
  }

  /** AWS owned keys: free, invisible in your CloudTrail; fails Checkov CKV_AWS_119. */
  public static awsOwnedKey(): PerimeterEncryption {
    return new PerimeterEncryption({ type: "AWS_OWNED" });
  }

  /** The same choice as `TableOptions.encryption`. */
  public readonly options: NonNullable<TableOptions["encryption"]>;

  private constructor(options: NonNullable<TableOptions["encryption"]>) {
    this.options = options;
  }
}
