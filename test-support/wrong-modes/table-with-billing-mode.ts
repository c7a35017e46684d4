// A perimeter's table says its billing as a mode, not as billingMode and capacities. Expect: TS2353
import { PerimeterTableOptions } from "../../modules";

export const table: PerimeterTableOptions = {
  tableName: "shop-orders",
  partitionKey: { name: "id", type: "S" },
  billingMode: "PROVISIONED",
};
