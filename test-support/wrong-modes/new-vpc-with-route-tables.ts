// A new VPC brings its own route tables. Expect: TS2353
import { PerimeterNetwork } from "../../modules";

export const network = PerimeterNetwork.newVpc({ routeTableIds: ["rtb-0a1b2c3d"] });
