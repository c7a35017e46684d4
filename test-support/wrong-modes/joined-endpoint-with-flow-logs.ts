// A joined endpoint's VPC is its owner's. Expect: TS2353
import { GatewayEndpointRef, PerimeterNetwork } from "../../modules";

export const network = PerimeterNetwork.joinEndpoint(GatewayEndpointRef.fromId("vpce-0a1b2c3d"), {
  flowLogs: { destination: "cloud-watch-logs" },
});
