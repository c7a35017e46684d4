// Encryption is the perimeter's (one key per region for all its tables). Expect: TS2353
import { PerimeterTableOptions } from "../../modules";

export const table: PerimeterTableOptions = {
  tableName: "shop-orders",
  partitionKey: { name: "id", type: "S" },
  encryption: { type: "AWS_OWNED" },
};
