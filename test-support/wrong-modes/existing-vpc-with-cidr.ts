// An existing VPC keeps its own CIDR. Expect: TS2353
import { PerimeterNetwork } from "../../modules";

export const network = PerimeterNetwork.existingVpc({ vpcId: "vpc-0a1b2c3d", routeTableIds: ["rtb-0a1b2c3d"], cidrBlock: "10.0.0.0/16" });
