// On-demand billing takes no capacity. Expect: TS2353
import { Billing } from "../../modules";

export const billing = Billing.onDemand({ readCapacity: 5 });
