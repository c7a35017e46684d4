// A joined endpoint is a value made by GatewayEndpointRef.fromId, not a bare id. Expect: TS2345
import { PerimeterNetwork } from "../../modules";

export const network = PerimeterNetwork.joinEndpoint("vpce-0a1b2c3d");
