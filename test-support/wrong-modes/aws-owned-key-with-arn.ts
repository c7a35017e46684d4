// An AWS owned key has no ARN of yours. Expect: TS2554
import { PerimeterEncryption } from "../../modules";

export const encryption = PerimeterEncryption.awsOwnedKey("arn:aws:kms:us-east-2:123456789012:key/00000000-0000-0000-0000-000000000000");
