// Provisioned billing needs both capacities. Expect: TS2345
import { Billing } from "../../modules";

export const billing = Billing.provisioned({ readCapacity: 5 });
