import { TerraformProvider } from "cdktf";
import type { EncryptionKeyProps } from "../kms/encryption-key";

/** What a log of a VPC's traffic (flow logs, DNS queries) needs to know of the VPC. */
export interface VpcLogProps {
  /** The VPC whose traffic is logged. */
  readonly vpcId: string;
  /** Region of the VPC, for the log group's ARN and key. */
  readonly region: string;
  /** Account of the VPC, for the delivery policies and the key policy. */
  readonly accountId: string;
  /** Names the log group, the key alias and anything else the log needs. */
  readonly name: string;
  /**
   * How the log's new key is locked (`EncryptionKey`'s `operators` and `preventDestroy`).
   * @default - no lock
   */
  readonly keyLock?: Pick<EncryptionKeyProps, "operators" | "preventDestroy">;
  /** @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
}
