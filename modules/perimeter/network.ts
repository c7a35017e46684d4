import { InterfaceEndpointOptions } from "../network/interface-endpoint-options";
import { NetworkOptions, SharedEndpointTables } from "../network/network-options";
import { PrivateVpcOptions } from "../network/private-vpc-options";
import { checkVpcEndpointId, validateAll } from "../private/validation";

/** An existing DynamoDB gateway endpoint, by id: see `GatewayEndpointRef.fromId`. */
export interface IGatewayEndpointRef {
  /** The endpoint's id (`vpce-…`), or a reference to it. */
  readonly vpcEndpointId: string;
}

/** Names an existing DynamoDB gateway endpoint (another stack's, or one made by hand) to join. */
export class GatewayEndpointRef implements IGatewayEndpointRef {
  /** The endpoint `vpce-…` (or a reference to one); a malformed literal id throws a `ValidationError` here. */
  public static fromId(vpcEndpointId: string): IGatewayEndpointRef {
    validateAll((problems) => problems.check(() => checkVpcEndpointId("GatewayEndpointRef.fromId", "vpcEndpointId", vpcEndpointId)));
    return new GatewayEndpointRef(vpcEndpointId);
  }

  private constructor(public readonly vpcEndpointId: string) {}
}

/** A new VPC for the perimeter: private subnets only, no internet route. */
export interface NewVpcNetworkOptions extends PrivateVpcOptions {
  /**
   * Interface endpoints for DynamoDB and DynamoDB Streams in the VPC.
   * @default - none: only the gateway endpoint
   */
  readonly interfaceEndpoints?: InterfaceEndpointOptions;
}

/** The user's own VPC: the perimeter adds an endpoint on its route tables and nothing else of the network. */
export interface ExistingVpcNetworkOptions {
  /** The VPC's id, or a reference to it (`vpc.id`). */
  readonly vpcId: string;
  /** Every route table of the VPC's subnets that reach DynamoDB (at least one), or references to them. */
  readonly routeTableIds: readonly string[];
  /**
   * Interface endpoints for DynamoDB and DynamoDB Streams in the VPC.
   * @default - none: only the gateway endpoint
   */
  readonly interfaceEndpoints?: InterfaceEndpointOptions;
}

/** What the perimeter does with an endpoint it joins and does not own. */
export interface JoinedEndpointOptions {
  /** More route tables to put the endpoint on. @default - none: the owner's route tables only */
  readonly associateRouteTableIds?: readonly string[];
  /** Manage the endpoint's policy here (only one stack may). @default false */
  readonly manageEndpointPolicy?: boolean;
  /** Other perimeters' tables that join the same endpoint. @default - none */
  readonly endpointSharedWith?: readonly SharedEndpointTables[];
}

/**
 * Where a perimeter's gateway endpoint is: one of three modes, each with only
 * the options that apply to it, so a wrong combination does not compile.
 */
export class PerimeterNetwork {
  /** A new private VPC (the default). */
  public static newVpc(options: NewVpcNetworkOptions = {}): PerimeterNetwork {
    return new PerimeterNetwork({ ...options });
  }

  /** A new endpoint in an existing VPC, on its route tables. */
  public static existingVpc(options: ExistingVpcNetworkOptions): PerimeterNetwork {
    return new PerimeterNetwork({ ...options });
  }

  /** An existing endpoint, joined: read at plan time, never managed unless `manageEndpointPolicy`. */
  public static joinEndpoint(endpoint: IGatewayEndpointRef, options: JoinedEndpointOptions = {}): PerimeterNetwork {
    return new PerimeterNetwork({ ...options, vpcEndpointId: endpoint.vpcEndpointId });
  }

  /** The same network as the options of `DynamoDbIsolationProps.network`. */
  public readonly options: NetworkOptions;

  private constructor(options: NetworkOptions) {
    this.options = options;
  }
}
