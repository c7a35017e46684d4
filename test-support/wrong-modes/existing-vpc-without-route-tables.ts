// An endpoint in an existing VPC needs its route tables. Expect: TS2345
import { PerimeterNetwork } from "../../modules";

export const network = PerimeterNetwork.existingVpc({ vpcId: "vpc-0a1b2c3d" });
