import { FAKE_ACCOUNT_ID, OfflineAws } from "./offline-aws";

/**
 * What the article built by hand with the AWS CLI, as the loopback stand-in
 * answers for it: the table BookCollection, a gateway endpoint with no route
 * tables, and the Deny-only policy vpcepolicy. examples/import.json adopts
 * these; its plan shows each import and the in-place fixes, and no deletes.
 */
export const ARTICLE = {
  region: "us-east-2",
  vpcId: "vpc-0c1d2e3f4a5b6c7d8",
  endpointId: "vpce-0c1d2e3f4a5b6c7d8",
  tableName: "BookCollection",
  policyName: "vpcepolicy",
};

const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const CREATED = "2026-01-01T00:00:00.000Z";

const tableArn = `arn:aws:dynamodb:${ARTICLE.region}:${FAKE_ACCOUNT_ID}:table/${ARTICLE.tableName}`;
const policyArn = `arn:aws:iam::${FAKE_ACCOUNT_ID}:policy/${ARTICLE.policyName}`;

const articlePolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Action: "dynamodb:*",
      Resource: `arn:aws:dynamodb:${ARTICLE.region}:${FAKE_ACCOUNT_ID}:table/*`,
      Condition: { StringNotEquals: { "aws:sourceVpce": ARTICLE.endpointId } },
    },
  ],
});

const json = (body: unknown) => ({ body: JSON.stringify(body) });
const xml = (root: string, ns: string, inner: string) => ({
  body: `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="${ns}"><requestId>offline</requestId>${inner}</${root}>`,
});
const iamResult = (action: string, inner: string) => ({
  body: `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${IAM_NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>offline</RequestId></ResponseMetadata></${action}Response>`,
});
const notFound = (type: string, message: string) => ({ status: 400, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }) });

export function registerArticleResources(aws: OfflineAws): void {
  aws.on("dynamodb:DescribeTable", (params) =>
    params.TableName === ARTICLE.tableName
      ? json({
          Table: {
            TableName: ARTICLE.tableName,
            TableArn: tableArn,
            TableId: "0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
            TableStatus: "ACTIVE",
            CreationDateTime: 1767225600,
            AttributeDefinitions: [
              { AttributeName: "Author", AttributeType: "S" },
              { AttributeName: "BookTitle", AttributeType: "S" },
            ],
            KeySchema: [
              { AttributeName: "Author", KeyType: "HASH" },
              { AttributeName: "BookTitle", KeyType: "RANGE" },
            ],
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 },
            BillingModeSummary: { BillingMode: "PROVISIONED" },
            TableClassSummary: { TableClass: "STANDARD" },
            DeletionProtectionEnabled: false,
            ItemCount: 0,
            TableSizeBytes: 0,
          },
        })
      : notFound("ResourceNotFoundException", `Requested resource not found: Table: ${params.TableName} not found`),
  );
  aws.on("dynamodb:DescribeContinuousBackups", () =>
    json({ ContinuousBackupsDescription: { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" } } }),
  );
  aws.on("dynamodb:DescribeTimeToLive", () => json({ TimeToLiveDescription: { TimeToLiveStatus: "DISABLED" } }));
  aws.on("dynamodb:ListTagsOfResource", () => json({ Tags: [] }));

  aws.on("ec2:DescribeVpcEndpoints", (params) =>
    Object.values(params).includes(ARTICLE.endpointId)
      ? xml(
          "DescribeVpcEndpointsResponse",
          EC2_NS,
          `<vpcEndpointSet><item><vpcEndpointId>${ARTICLE.endpointId}</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType>` +
            `<vpcId>${ARTICLE.vpcId}</vpcId><serviceName>com.amazonaws.${ARTICLE.region}.dynamodb</serviceName><state>available</state>` +
            `<policyDocument>${JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] })}</policyDocument>` +
            // The article's endpoint has no route tables: it carries no traffic.
            `<routeTableIdSet/><subnetIdSet/><groupSet/><privateDnsEnabled>false</privateDnsEnabled><requesterManaged>false</requesterManaged>` +
            `<networkInterfaceIdSet/><dnsEntrySet/><creationTimestamp>${CREATED}</creationTimestamp><ownerId>${FAKE_ACCOUNT_ID}</ownerId>` +
            `<ipAddressType>ipv4</ipAddressType><tagSet/></item></vpcEndpointSet>`,
        )
      : xml("DescribeVpcEndpointsResponse", EC2_NS, "<vpcEndpointSet/>"),
  );
  aws.on("ec2:DescribePrefixLists", () =>
    xml(
      "DescribePrefixListsResponse",
      EC2_NS,
      `<prefixListSet><item><prefixListId>pl-4ca54025</prefixListId><prefixListName>com.amazonaws.${ARTICLE.region}.dynamodb</prefixListName>` +
        `<cidrBlockSet><item>52.94.4.0/24</item></cidrBlockSet></item></prefixListSet>`,
    ),
  );

  aws.on("iam:GetPolicy", (params) =>
    params.PolicyArn === policyArn
      ? iamResult(
          "GetPolicy",
          `<Policy><PolicyName>${ARTICLE.policyName}</PolicyName><DefaultVersionId>v1</DefaultVersionId><PolicyId>ANPAOFFLINEVPCEPOLICY</PolicyId>` +
            `<Path>/</Path><Arn>${policyArn}</Arn><AttachmentCount>2</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount>` +
            `<IsAttachable>true</IsAttachable><CreateDate>${CREATED}</CreateDate><UpdateDate>${CREATED}</UpdateDate></Policy>`,
        )
      : undefined,
  );
  aws.on("iam:GetPolicyVersion", (params) =>
    params.PolicyArn === policyArn
      ? iamResult(
          "GetPolicyVersion",
          `<PolicyVersion><Document>${encodeURIComponent(articlePolicy)}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>${CREATED}</CreateDate></PolicyVersion>`,
        )
      : undefined,
  );
  aws.on("iam:ListPolicyTags", () => iamResult("ListPolicyTags", "<Tags/><IsTruncated>false</IsTruncated>"));
}
