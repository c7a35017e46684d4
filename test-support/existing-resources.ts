import { FAKE_ACCOUNT_ID, Handler, OfflineAws, queryResult, xml, zoneId } from "./offline-aws";

/**
 * What exists in the loopback stand-in's AWS before a plan: tables,
 * gateway endpoints and managed policies that a stack adopts, joins or
 * imports, and state files another configuration left in S3. Each kind is answered by one handler per API action, so several
 * tests' resources live side by side.
 */

const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";
export const CREATED = "2026-01-01T00:00:00.000Z";

export interface ExistingEndpoint {
  readonly id: string;
  readonly region: string;
  readonly vpcId: string;
  /** Route tables it is on; an empty list is an endpoint that carries no traffic. */
  readonly routeTableIds: readonly string[];
  /** @default a DynamoDB gateway endpoint */
  readonly serviceName?: string;
  readonly type?: "Gateway" | "Interface";
  /** @default AWS's full-access default */
  readonly policy?: unknown;
}

export interface ExistingSubnet {
  readonly id: string;
  readonly vpcId: string;
  /** Zone name, e.g. `us-east-2a`; the region is its prefix. */
  readonly zone: string;
  readonly cidrBlock: string;
}

export interface ExistingTable {
  readonly region: string;
  /** DescribeTable's `Table`, as AWS returns it. */
  readonly description: Record<string, unknown> & { readonly TableName: string };
  readonly pointInTimeRecovery: boolean;
  /** The recovery window, when recovery is on. @default 35, AWS's */
  readonly recoveryPeriodInDays?: number;
  readonly timeToLive?: { readonly attributeName: string };
}

/** A DynamoDB resource policy, on a table or a stream. */
export interface ExistingResourcePolicy {
  readonly resourceArn: string;
  readonly policy: string;
  readonly revisionId: string;
}

export interface ExistingPolicy {
  readonly arn: string;
  readonly name: string;
  readonly document: unknown;
}

const json = (body: unknown) => ({ body: JSON.stringify(body) });
/** An EC2 answer: EC2 puts the request id first inside the root. */
const ec2Result = (root: string, ns: string, inner: string) => ({ body: xml(root, ns, `<requestId>offline</requestId>${inner}`) });
const iamResult = (action: string, inner: string) => ({ body: queryResult(action, IAM_NS, inner) });
const notFound = (message: string) => ({
  status: 400,
  body: JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message }),
});
const FULL_ACCESS = { Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };

/** The resources of one stand-in; `existingResources(aws)` returns the same registry for the same stand-in. */
export class ExistingResources {
  private readonly endpoints = new Map<string, ExistingEndpoint>();
  private readonly tables = new Map<string, ExistingTable>();
  private readonly policies = new Map<string, ExistingPolicy>();
  private readonly keys = new Set<string>();
  private readonly subnets = new Map<string, ExistingSubnet>();
  private readonly resourcePolicies = new Map<string, ExistingResourcePolicy>();
  /** Tags of DynamoDB resources, by ARN, as TagResource left them. */
  private readonly tags = new Map<string, Record<string, string>>();
  /** Contributor Insights turned on, by `<table>` or `<table>/<index>` (in any region: the stand-in's table names are unique). */
  private readonly contributorInsights = new Set<string>();
  /** Terraform state files by `<bucket>/<key>`, for `terraform_remote_state` reads. */
  private readonly states = new Map<string, string>();

  constructor(aws: OfflineAws) {
    aws.on("s3:ListObjectsV2", (params) => {
      const prefix = params.prefix ?? "";
      const keys = [...this.states.keys()]
        .filter((k) => k.startsWith(`${params.Bucket}/${prefix}`))
        .map((k) => k.slice(params.Bucket.length + 1));
      const contents = keys
        .map(
          (k) =>
            `<Contents><Key>${k}</Key><LastModified>${CREATED}</LastModified><Size>${this.states.get(`${params.Bucket}/${k}`)?.length ?? 0}</Size></Contents>`,
        )
        .join("");
      return {
        body: xml(
          "ListBucketResult",
          S3_NS,
          `<Name>${params.Bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}`,
        ),
      };
    });
    // The SDK's downloader sizes its ranged GETs from HeadObject's length and reads until Content-Range's total.
    aws.on("s3:GetObject", (params): ReturnType<Handler> => {
      const state = this.states.get(`${params.Bucket}/${params.Key}`);
      if (state === undefined) return undefined;
      const bytes = Buffer.from(state);
      const range = /^bytes=(\d+)-(\d*)$/.exec(params.Range ?? "");
      if (!range) return { body: state, headers: { "content-length": String(bytes.length) } };
      const first = Number(range[1]);
      const last = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
      if (first >= bytes.length) return { status: 416, body: "", headers: { "content-range": `bytes */${bytes.length}` } };
      const part = bytes.subarray(first, last + 1).toString();
      return {
        status: 206,
        body: part,
        headers: { "content-length": String(last + 1 - first), "content-range": `bytes ${first}-${last}/${bytes.length}` },
      };
    });
    aws.on("s3:HeadObject", (params) => {
      const state = this.states.get(`${params.Bucket}/${params.Key}`);
      return state === undefined ? undefined : { body: "", headers: { "content-length": String(Buffer.byteLength(state)) } };
    });
    aws.on("dynamodb:DescribeTable", (params, region) => {
      const table = this.tables.get(`${region}/${params.TableName}`);
      return table ? json({ Table: table.description }) : notFound(`Requested resource not found: Table: ${params.TableName} not found`);
    });
    aws.on("dynamodb:DescribeContinuousBackups", (params, region) => {
      const table = this.tables.get(`${region}/${params.TableName}`);
      const status = table?.pointInTimeRecovery ? "ENABLED" : "DISABLED";
      const window = table?.pointInTimeRecovery ? { RecoveryPeriodInDays: table.recoveryPeriodInDays ?? 35 } : {};
      return json({
        ContinuousBackupsDescription: {
          ContinuousBackupsStatus: "ENABLED",
          PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: status, ...window },
        },
      });
    });
    aws.on("dynamodb:DescribeTimeToLive", (params, region) => {
      const ttl = this.tables.get(`${region}/${params.TableName}`)?.timeToLive;
      return json({
        TimeToLiveDescription: ttl ? { TimeToLiveStatus: "ENABLED", AttributeName: ttl.attributeName } : { TimeToLiveStatus: "DISABLED" },
      });
    });
    aws.on("dynamodb:ListTagsOfResource", (params) =>
      json({ Tags: Object.entries(this.tags.get(params.ResourceArn) ?? {}).map(([Key, Value]) => ({ Key, Value })) }),
    );
    aws.on("dynamodb:TagResource", (params) => {
      const tags = params.Tags as unknown as Array<{ Key: string; Value: string }>;
      this.tags.set(params.ResourceArn, { ...this.tags.get(params.ResourceArn), ...Object.fromEntries(tags.map((t) => [t.Key, t.Value])) });
      return json({});
    });
    aws.on("dynamodb:GetResourcePolicy", (params) => {
      const policy = this.resourcePolicies.get(params.ResourceArn);
      return policy
        ? json({ Policy: policy.policy, RevisionId: policy.revisionId })
        : {
            status: 400,
            body: JSON.stringify({
              __type: "com.amazonaws.dynamodb.v20120810#PolicyNotFoundException",
              message: `No resource-based policy found for ${params.ResourceArn}`,
            }),
          };
    });
    aws.on("dynamodb:DescribeContributorInsights", (params) => {
      const key = [params.TableName, ...(params.IndexName ? [params.IndexName] : [])].join("/");
      const status = this.contributorInsights.has(key) ? "ENABLED" : "DISABLED";
      return json({
        TableName: params.TableName,
        ...(params.IndexName ? { IndexName: params.IndexName } : {}),
        ContributorInsightsStatus: status,
        ContributorInsightsRuleList: [],
      });
    });

    aws.on("kms:DescribeKey", (params, region) => {
      // The provider reads a table's key and compares it with the AWS managed key, alias/aws/dynamodb.
      const managed = params.KeyId === "alias/aws/dynamodb";
      const arn = managed ? `arn:aws:kms:${region}:${FAKE_ACCOUNT_ID}:key/aaaaaaaa-0000-4000-8000-000000000000` : params.KeyId;
      if (!managed && !this.keys.has(arn)) return undefined;
      return json({
        KeyMetadata: {
          KeyId: arn.split("key/")[1],
          Arn: arn,
          AWSAccountId: FAKE_ACCOUNT_ID,
          Enabled: true,
          KeyState: "Enabled",
          KeyManager: managed ? "AWS" : "CUSTOMER",
          KeyUsage: "ENCRYPT_DECRYPT",
          KeySpec: "SYMMETRIC_DEFAULT",
          Origin: "AWS_KMS",
          MultiRegion: false,
          CreationDate: 1767225600,
          Description: managed ? "Default key that protects my DynamoDB data when no other key is defined" : "A customer-managed key",
        },
      });
    });

    aws.on("ec2:DescribeSubnets", (params, region) => {
      const found = Object.entries(params)
        .filter(([key]) => key.startsWith("SubnetId."))
        .map(([, id]) => this.subnets.get(id))
        .filter((s): s is ExistingSubnet => s !== undefined && s.zone.startsWith(region));
      return ec2Result("DescribeSubnetsResponse", EC2_NS, `<subnetSet>${found.map((s) => subnetItem(s, region)).join("")}</subnetSet>`);
    });
    aws.on("ec2:DescribeVpcEndpoints", (params) => {
      const found = Object.values(params)
        .map((v) => this.endpoints.get(v))
        .filter((e): e is ExistingEndpoint => e !== undefined);
      return ec2Result("DescribeVpcEndpointsResponse", EC2_NS, `<vpcEndpointSet>${found.map(endpointItem).join("")}</vpcEndpointSet>`);
    });
    aws.on("ec2:DescribePrefixLists", (_params, region) =>
      ec2Result(
        "DescribePrefixListsResponse",
        EC2_NS,
        `<prefixListSet><item><prefixListId>pl-4ca54025</prefixListId><prefixListName>com.amazonaws.${region}.dynamodb</prefixListName>` +
          `<cidrBlockSet><item>52.94.4.0/24</item></cidrBlockSet></item></prefixListSet>`,
      ),
    );

    aws.on("iam:GetPolicy", (params) => {
      const policy = this.policies.get(params.PolicyArn);
      return policy
        ? iamResult(
            "GetPolicy",
            `<Policy><PolicyName>${policy.name}</PolicyName><DefaultVersionId>v1</DefaultVersionId><PolicyId>ANPAOFFLINEPOLICY000</PolicyId>` +
              `<Path>/</Path><Arn>${policy.arn}</Arn><AttachmentCount>2</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount>` +
              `<IsAttachable>true</IsAttachable><CreateDate>${CREATED}</CreateDate><UpdateDate>${CREATED}</UpdateDate></Policy>`,
          )
        : undefined;
    });
    aws.on("iam:GetPolicyVersion", (params) => {
      const policy = this.policies.get(params.PolicyArn);
      return policy
        ? iamResult(
            "GetPolicyVersion",
            `<PolicyVersion><Document>${encodeURIComponent(JSON.stringify(policy.document))}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>${CREATED}</CreateDate></PolicyVersion>`,
          )
        : undefined;
    });
    aws.on("iam:ListPolicyTags", () => iamResult("ListPolicyTags", "<Tags/><IsTruncated>false</IsTruncated>"));
  }

  addEndpoint(endpoint: ExistingEndpoint): this {
    this.endpoints.set(endpoint.id, endpoint);
    return this;
  }

  addSubnet(subnet: ExistingSubnet): this {
    this.subnets.set(subnet.id, subnet);
    return this;
  }

  addTable(table: ExistingTable): this {
    this.tables.set(`${table.region}/${table.description.TableName}`, table);
    return this;
  }

  /** The resource policy attached to a table or stream, if any. */
  resourcePolicyOf(arn: string): ExistingResourcePolicy | undefined {
    return this.resourcePolicies.get(arn);
  }

  addResourcePolicy(policy: ExistingResourcePolicy): this {
    this.resourcePolicies.set(policy.resourceArn, policy);
    return this;
  }

  addContributorInsights(tableName: string, indexName?: string): this {
    this.contributorInsights.add([tableName, ...(indexName ? [indexName] : [])].join("/"));
    return this;
  }

  /** A customer-managed key, by ARN, that a table is encrypted with. */
  addKey(arn: string): this {
    this.keys.add(arn);
    return this;
  }

  /** A state file another configuration wrote, with these string outputs. */
  addRemoteState(state: { bucket: string; key: string; outputs: Record<string, string> }): this {
    const outputs = Object.fromEntries(Object.entries(state.outputs).map(([name, value]) => [name, { value, type: "string" }]));
    const file = {
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "00000000-0000-4000-8000-000000000000",
      outputs,
      resources: [],
      check_results: null,
    };
    this.states.set(`${state.bucket}/${state.key}`, JSON.stringify(file));
    return this;
  }

  addPolicy(policy: ExistingPolicy): this {
    this.policies.set(policy.arn, policy);
    return this;
  }
}

function subnetItem(s: ExistingSubnet, region: string): string {
  return (
    `<item><subnetId>${s.id}</subnetId><subnetArn>arn:aws:ec2:${region}:${FAKE_ACCOUNT_ID}:subnet/${s.id}</subnetArn><state>available</state>` +
    `<vpcId>${s.vpcId}</vpcId><cidrBlock>${s.cidrBlock}</cidrBlock><availableIpAddressCount>250</availableIpAddressCount>` +
    `<availabilityZone>${s.zone}</availabilityZone><availabilityZoneId>${zoneId(s.zone)}</availabilityZoneId><defaultForAz>false</defaultForAz>` +
    `<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><mapCustomerOwnedIpOnLaunch>false</mapCustomerOwnedIpOnLaunch><ownerId>${FAKE_ACCOUNT_ID}</ownerId>` +
    `<assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation><ipv6CidrBlockAssociationSet/><tagSet/><enableDns64>false</enableDns64><ipv6Native>false</ipv6Native>` +
    `<privateDnsNameOptionsOnLaunch><hostnameType>ip-name</hostnameType><enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>` +
    `<enableResourceNameDnsAAAARecord>false</enableResourceNameDnsAAAARecord></privateDnsNameOptionsOnLaunch></item>`
  );
}

function endpointItem(e: ExistingEndpoint): string {
  const set = (ids: readonly string[]) => ids.map((id) => `<item>${id}</item>`).join("");
  return (
    `<item><vpcEndpointId>${e.id}</vpcEndpointId><vpcEndpointType>${e.type ?? "Gateway"}</vpcEndpointType>` +
    `<vpcId>${e.vpcId}</vpcId><serviceName>${e.serviceName ?? `com.amazonaws.${e.region}.dynamodb`}</serviceName><state>available</state>` +
    `<policyDocument>${JSON.stringify(e.policy ?? FULL_ACCESS)}</policyDocument>` +
    `<routeTableIdSet>${set(e.routeTableIds)}</routeTableIdSet><subnetIdSet/><groupSet/><privateDnsEnabled>false</privateDnsEnabled><requesterManaged>false</requesterManaged>` +
    `<networkInterfaceIdSet/><dnsEntrySet/><creationTimestamp>${CREATED}</creationTimestamp><ownerId>${FAKE_ACCOUNT_ID}</ownerId>` +
    `<ipAddressType>ipv4</ipAddressType><tagSet/></item>`
  );
}

const registries = new WeakMap<OfflineAws, ExistingResources>();

/** The registry of what exists in this stand-in's AWS. */
export function existingResources(aws: OfflineAws): ExistingResources {
  let registry = registries.get(aws);
  if (!registry) registries.set(aws, (registry = new ExistingResources(aws)));
  return registry;
}
