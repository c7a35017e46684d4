import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import {
  DynamoDbIsolation,
  DynamoDbIsolationProps,
  PERIMETER_TAG_KEY,
  ReplicaProps,
  ResourcePolicyOptions,
  ValidationError,
} from "../modules";
import { policySize } from "../modules/policies/document";
import { onlyEntry, onlyResource, ref, resourcesOf, synthScope } from "../test-support/synth";

const SEED: DynamoDbIsolationProps = {
  region: "us-east-2",
  table: {
    tableName: "BookCollection",
    partitionKey: { name: "Author", type: "S" },
    sortKey: { name: "BookTitle", type: "S" },
    billingMode: "PROVISIONED",
    readCapacity: 5,
    writeCapacity: 5,
  },
  guard: { policyName: "vpcepolicy", principals: { users: ["dynauser"], roles: ["dynarole"] } },
};

/** The ValidationError a build throws; fails the test if it throws nothing or something else. */
function expectThrowsValidation(build: () => unknown): ValidationError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

function synth(props: DynamoDbIsolationProps) {
  return synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", props));
}

/** Shallow-merges an override into the seed props, one level deep for nested objects. */
function withProps(override: Record<string, unknown>): DynamoDbIsolationProps {
  const out: Record<string, unknown> = { ...SEED };
  for (const [key, value] of Object.entries(override)) {
    const base = (SEED as unknown as Record<string, unknown>)[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && base && typeof base === "object"
        ? { ...(base as object), ...(value as object) }
        : value;
  }
  return out as unknown as DynamoDbIsolationProps;
}

describe("DynamoDbIsolation", () => {
  test("tags what protects or watches the perimeter with its name, for the SCP, and never a table", () => {
    const tf = synth(
      withProps({
        network: {
          dnsFirewall: { enabled: true },
          interfaceEndpoints: { services: ["dynamodb", "dynamodb-streams"], allowedCidrs: ["10.0.0.0/16"] },
        },
      }),
    );
    const tagged = [
      "aws_cloudwatch_log_group",
      "aws_flow_log",
      "aws_kms_key",
      "aws_route53_resolver_firewall_domain_list",
      "aws_route53_resolver_firewall_rule_group",
      "aws_route53_resolver_firewall_rule_group_association",
      "aws_route53_resolver_query_log_config",
      "aws_vpc_endpoint",
    ];
    const counts = tagged.map((type) => {
      const resources = Object.values(resourcesOf(tf, type));
      for (const r of resources) expect([type, (r.tags as Record<string, string>)[PERIMETER_TAG_KEY]]).toEqual([type, "BookCollection"]);
      return [type, resources.length];
    });
    // Two keys per log group (flow logs, DNS queries) and the table's; the gateway and two interface endpoints.
    expect(Object.fromEntries(counts)).toMatchObject({ aws_kms_key: 3, aws_cloudwatch_log_group: 2, aws_vpc_endpoint: 3 });
    // The endpoint keeps its own tags beside it.
    expect(
      Object.values(resourcesOf(tf, "aws_vpc_endpoint")).every((e) => typeof (e.tags as Record<string, string>).Name === "string"),
    ).toBe(true);
    for (const table of Object.values(resourcesOf(tf, "aws_dynamodb_table")))
      expect(table.tags ?? {}).not.toHaveProperty(PERIMETER_TAG_KEY);
  });

  test("in China, the key is bound to DynamoDB and the logs service under amazonaws.com.cn", () => {
    const props = withProps({ region: "cn-north-1", grants: { readOnly: { roles: ["reader"] } } });
    const tf = synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", props), "cn-north-1");
    const policies = Object.values(resourcesOf(tf, "aws_iam_policy")).map((p) => String(p.policy));
    expect(policies.some((p) => p.includes('"kms:ViaService":["dynamodb.cn-north-1.amazonaws.com.cn"]'))).toBe(true);
    const keyPolicies = Object.values(resourcesOf(tf, "aws_kms_key")).map((k) => String(k.policy));
    expect(keyPolicies.some((p) => p.includes('"Service":"logs.cn-north-1.amazonaws.com.cn"'))).toBe(true);
  });

  test("default composition matches the snapshot", () => {
    // GIVEN the seed props WHEN synthesized THEN the whole stack is as reviewed
    expect(synth(SEED)).toMatchSnapshot();
  });

  test("the endpoint is associated with every route table of the new VPC", () => {
    const tf = synth(SEED);
    const routeTables = Object.keys(resourcesOf(tf, "aws_route_table")).map((name) => ref(`aws_route_table.${name}`, "id"));
    expect(routeTables).toHaveLength(2);
    const endpoint = onlyResource(tf, "aws_vpc_endpoint");
    expect(endpoint.vpc_endpoint_type).toBe("Gateway");
    expect(endpoint.service_name).toBe("com.amazonaws.us-east-2.dynamodb");
    expect([...(endpoint.route_table_ids as string[])].sort()).toEqual(routeTables.sort());
    // Inline route tables only: an association resource as well would fight over them.
    expect(resourcesOf(tf, "aws_vpc_endpoint_route_table_association")).toEqual({});
  });

  test("the guard names the endpoint, and the table in every region", () => {
    const tf = synth(SEED);
    const [endpoint] = onlyEntry(tf, "aws_vpc_endpoint");
    const policy = JSON.parse(onlyResource(tf, "aws_iam_policy").policy as string);
    const account = ref("data.aws_caller_identity.Isolation_Caller_935310A2", "account_id");
    for (const statement of policy.Statement) {
      expect(statement.Condition.StringNotEquals["aws:SourceVpce"]).toEqual([ref(endpoint, "id")]);
      // Everything under the table too (indexes, streams, backups: restoring one is authorised on the backup's ARN),
      // in every region, so that a replica added elsewhere is covered before it exists; and the legacy global table.
      expect(statement.Resource).toEqual([
        `arn:aws:dynamodb:*:${account}:table/BookCollection`,
        `arn:aws:dynamodb:*:${account}:table/BookCollection/*`,
        `arn:aws:dynamodb::${account}:global-table/BookCollection`,
      ]);
    }
  });

  test("an existing VPC gets no new network and the endpoint uses its route tables", () => {
    const tf = synth(withProps({ network: { vpcId: "vpc-0a1b2c3d4e5f60718", routeTableIds: ["rtb-0123456789abcdef0", "rtb-89abcdef"] } }));
    expect(resourcesOf(tf, "aws_vpc")).toEqual({});
    expect(resourcesOf(tf, "aws_subnet")).toEqual({});
    const endpoint = onlyResource(tf, "aws_vpc_endpoint");
    expect(endpoint.vpc_id).toBe("vpc-0a1b2c3d4e5f60718");
    expect(endpoint.route_table_ids).toEqual(["rtb-0123456789abcdef0", "rtb-89abcdef"]);
  });

  test("extra endpoints join the guard's single StringNotEquals list", () => {
    const tf = synth(withProps({ extraEndpointIds: ["vpce-0123456789abcdef0", "vpce-89abcdef"] }));
    const [endpoint] = onlyEntry(tf, "aws_vpc_endpoint");
    const condition = JSON.parse(onlyResource(tf, "aws_iam_policy").policy as string).Statement[0].Condition;
    expect(Object.keys(condition)).toEqual(["StringNotEquals", "BoolIfExists"]);
    expect(JSON.stringify(condition)).not.toContain('"StringEquals"');
    expect(condition.StringNotEquals["aws:SourceVpce"]).toEqual([ref(endpoint, "id"), "vpce-0123456789abcdef0", "vpce-89abcdef"]);
  });

  test("policy sizes are measured with the endpoint the perimeter creates at the longest id AWS gives (vpce- and 17 hex digits)", () => {
    const longIds = (n: number) => Array.from({ length: n }, (_, i) => `vpce-${i.toString(16).padStart(17, "0")}`);
    const reported = (n: number) => {
      const message = String(expectThrowsValidation(() => synth(withProps({ extraEndpointIds: longIds(n) }))));
      return Number(/guard policy 'vpcepolicy' up to (\d+) characters/.exec(message)?.[1]);
    };
    // The guard as synthesized, its references filled in with the longest values they take once applied.
    const applied = String(onlyResource(synth(SEED), "aws_iam_policy").policy)
      .replace(/\$\{aws_vpc_endpoint\.[^}]+\.id\}/g, "vpce-0123456789abcdef0")
      .replace(/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}/g, "123456789012");
    expect(applied).not.toContain("${");
    // Each extra id of the longest form adds the same characters; the budget is the applied guard plus those.
    const perId = reported(301) - reported(300);
    expect(perId).toBeGreaterThan(0);
    expect(reported(300)).toBe(policySize(JSON.parse(applied)) + 300 * perId);
  });

  test("the guard name defaults to one derived from the table", () => {
    const tf = synth({ ...SEED, guard: {} });
    expect(onlyResource(tf, "aws_iam_policy").name).toBe("BookCollection-vpce-guard");
  });

  describe("encryption", () => {
    test("creates a rotating key for the table by default", () => {
      const tf = synth(SEED);
      const keys = Object.entries(resourcesOf(tf, "aws_kms_key"));
      const tableKey = keys.find(([, k]) => k.description === "Encrypts DynamoDB table BookCollection");
      expect(tableKey).toBeDefined();
      expect(tableKey![1].enable_key_rotation).toBe(true);
      expect(onlyResource(tf, "aws_dynamodb_table").server_side_encryption).toEqual({
        enabled: true,
        kms_key_arn: ref(`aws_kms_key.${tableKey![0]}`, "arn"),
      });
    });

    test("uses a given key instead of creating one", () => {
      const key = "arn:aws:kms:us-east-2:123456789012:key/0000aaaa-bbbb-cccc-dddd-eeeeffff0000";
      const tf = synth(withProps({ table: { encryption: { kmsKeyArn: key } } }));
      expect(Object.values(resourcesOf(tf, "aws_kms_key")).map((k) => k.description)).toEqual([
        "Encrypts VPC flow logs in /aws/vpc-flow-logs/BookCollection",
      ]);
      expect(onlyResource(tf, "aws_dynamodb_table").server_side_encryption).toEqual({ enabled: true, kms_key_arn: key });
    });

    test("creates no table key when the AWS owned key is chosen explicitly", () => {
      const tf = synth(withProps({ table: { encryption: { type: "AWS_OWNED" } } }));
      expect(Object.values(resourcesOf(tf, "aws_kms_key")).map((k) => k.description)).not.toContain(
        "Encrypts DynamoDB table BookCollection",
      );
      expect(onlyResource(tf, "aws_dynamodb_table").server_side_encryption).toEqual({ enabled: false });
    });
  });

  describe("access model", () => {
    const policyByName = (tf: ReturnType<typeof synth>, name: string) => {
      const entry = Object.entries(resourcesOf(tf, "aws_iam_policy")).find(([, p]) => p.name === name);
      if (!entry) throw new Error(`no policy named ${name}`);
      return { address: `aws_iam_policy.${entry[0]}`, doc: JSON.parse(entry[1].policy as string) };
    };

    test("the endpoint's policy lets only the managed table through by default", () => {
      const tf = synth(SEED);
      const [table] = onlyEntry(tf, "aws_dynamodb_table");
      const policy = JSON.parse(onlyResource(tf, "aws_vpc_endpoint").policy as string);
      expect(policy.Statement[0].Principal).toBe("*");
      expect(policy.Statement[0].Resource).toEqual([ref(table, "arn"), `${ref(table, "arn")}/index/*`]);
    });

    test("the wider endpoint scope lets every table of the account in the region through", () => {
      const policy = JSON.parse(
        onlyResource(synth({ ...SEED, endpointPolicy: { scope: "account" } }), "aws_vpc_endpoint").policy as string,
      );
      expect(policy.Statement[0].Resource).toEqual([
        "arn:aws:dynamodb:us-east-2:${data.aws_caller_identity.Isolation_Caller_935310A2.account_id}:table/*",
      ]);
    });

    test("the table gets a resource policy that names nobody who runs Terraform", () => {
      const tf = synth(SEED);
      const [table] = onlyEntry(tf, "aws_dynamodb_table");
      const rp = onlyResource(tf, "aws_dynamodb_resource_policy");
      expect(rp.resource_arn).toBe(ref(table, "arn"));
      const doc = JSON.parse(rp.policy as string);
      // The control-plane lock is on by default, for the tagged operators; no caller is looked up.
      const lock = doc.Statement.find((st: { Sid: string }) => st.Sid === "DenyManagementOutsideVpcEndpointsExceptOperators");
      expect(lock.Condition.StringNotEqualsIgnoreCaseIfExists).toEqual({ "aws:PrincipalTag/dp:exclude:network": "true" });
      const off = JSON.parse(
        onlyResource(synth({ ...SEED, resourcePolicy: { controlPlane: { enabled: false } } }), "aws_dynamodb_resource_policy")
          .policy as string,
      );
      expect(off.Statement.map((st: { Sid: string }) => st.Sid).filter((sid: string) => sid.includes("Management"))).toEqual([]);
      expect(tf.data?.aws_iam_session_context).toBeUndefined();
      expect(rp.policy).not.toContain("aws_caller_identity.Isolation_Caller_935310A2.arn");
    });

    test("the control-plane perimeter exempts the default tag and the listed ARNs", () => {
      const tf = synth({
        ...SEED,
        resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalArns: ["arn:aws:iam::123456789012:role/ops-*"] } },
      });
      const doc = JSON.parse(onlyResource(tf, "aws_dynamodb_resource_policy").policy as string);
      const control = doc.Statement.find((st: { Sid: string }) => st.Sid === "DenyManagementOutsideVpcEndpointsExceptOperators");
      expect(control.Condition.ArnNotLikeIfExists["aws:PrincipalArn"]).toEqual([
        "arn:aws:iam::${data.aws_caller_identity.Isolation_Caller_935310A2.account_id}:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication",
        "arn:aws:iam::${data.aws_caller_identity.Isolation_Caller_935310A2.account_id}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
        "arn:aws:iam::123456789012:role/ops-*",
      ]);
      expect(control.Condition.StringNotEqualsIgnoreCaseIfExists).toEqual({ "aws:PrincipalTag/dp:exclude:network": "true" });
      const tagOnly = synth({ ...SEED, resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: "team:platform" } } });
      const tagDoc = JSON.parse(onlyResource(tagOnly, "aws_dynamodb_resource_policy").policy as string);
      expect(
        tagDoc.Statement.find((st: { Sid: string }) => st.Sid === "DenyManagementOutsideVpcEndpointsExceptOperators").Condition
          .StringNotEqualsIgnoreCaseIfExists,
      ).toEqual({
        "aws:PrincipalTag/team:platform": "true",
      });
    });

    test("each region's resource policy lists its own endpoint and the extra ones only", () => {
      const tf = synth({ ...SEED, extraEndpointIds: ["vpce-0a1b2c3d"] });
      const doc = JSON.parse(onlyResource(tf, "aws_dynamodb_resource_policy").policy as string);
      expect(doc.Statement[0].Condition.StringNotEquals["aws:SourceVpce"]).toEqual([
        "${aws_vpc_endpoint.Isolation_Endpoint_C176EE5B.id}",
        "vpce-0a1b2c3d",
      ]);
    });

    test("synth warns when no backup role is named: AWS Backup would be denied", () => {
      const warnings = (props: DynamoDbIsolationProps) => {
        let found: string[] = [];
        synthScope((scope) => {
          const isolation = new DynamoDbIsolation(scope, "Isolation", props);
          found = isolation.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
        });
        return found;
      };
      expect(warnings(SEED)).toEqual([expect.stringContaining("No backup role is named (resourcePolicy.backupPrincipalArns)")]);
      expect(
        warnings({
          ...SEED,
          resourcePolicy: { backupPrincipalArns: ["arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"] },
        }),
      ).toEqual([]);
      expect(warnings({ ...SEED, resourcePolicy: { enabled: false } })).toEqual([]);
    });

    test("the resource policy can be turned off explicitly", () => {
      const tf = synth({ ...SEED, resourcePolicy: { enabled: false } });
      expect(resourcesOf(tf, "aws_dynamodb_resource_policy")).toEqual({});
      expect(tf.data?.aws_iam_session_context).toBeUndefined();
    });

    test("a table with a stream gets a stream policy on the stream ARN", () => {
      const tf = synth(withProps({ table: { streamViewType: "NEW_IMAGE" } }));
      const [table] = onlyEntry(tf, "aws_dynamodb_table");
      const policies = Object.values(resourcesOf(tf, "aws_dynamodb_resource_policy"));
      expect(policies.map((p) => p.resource_arn)).toEqual([ref(table, "arn"), ref(table, "stream_arn")]);
      const reads = JSON.parse(policies[1].policy as string).Statement.find(
        (st: { Sid: string }) => st.Sid === "DenyStreamReadsOutsideVpcEndpoints",
      );
      expect(reads.Action).toEqual(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]);
    });

    test("grants create least-privilege policies and their principals get the guard too", () => {
      const tf = synth({
        ...SEED,
        grants: { readOnly: { groups: ["readers"] }, readWrite: { roles: ["dynarole", "writer"] } },
      });
      const read = policyByName(tf, "BookCollection-read-only");
      const write = policyByName(tf, "BookCollection-read-write");
      expect(read.doc.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
        "ReadManagedTablesThroughVpcEndpoints",
        "DescribeEndpointsThroughVpcEndpoints",
        "UseTableKeysThroughDynamoDb",
      ]);
      expect(write.doc.Statement.map((s: { Sid: string }) => s.Sid)).toContain("WriteManagedTablesThroughVpcEndpoints");
      const attachments = (type: string, key: string) =>
        Object.values(resourcesOf(tf, type))
          .map((a) => `${String(a[key])} <- ${String(a.policy_arn)}`)
          .sort();
      const guard = policyByName(tf, "vpcepolicy").address;
      expect(attachments("aws_iam_group_policy_attachment", "group")).toEqual(
        [`readers <- ${ref(read.address, "arn")}`, `readers <- ${ref(guard, "arn")}`].sort(),
      );
      // dynarole is in guard.principals and in the grant: one guard attachment, not two.
      expect(attachments("aws_iam_role_policy_attachment", "role")).toEqual(
        [
          `dynarole <- ${ref(guard, "arn")}`,
          `dynarole <- ${ref(write.address, "arn")}`,
          `writer <- ${ref(guard, "arn")}`,
          `writer <- ${ref(write.address, "arn")}`,
        ].sort(),
      );
    });

    test("grants name the table key for use through DynamoDB only", () => {
      const tf = synth({ ...SEED, grants: { readOnly: { roles: ["r"] } } });
      const tableKey = Object.entries(resourcesOf(tf, "aws_kms_key")).find(
        ([, k]) => k.description === "Encrypts DynamoDB table BookCollection",
      )![0];
      const statement = policyByName(tf, "BookCollection-read-only").doc.Statement[2];
      expect(statement.Resource).toEqual([ref(`aws_kms_key.${tableKey}`, "arn")]);
      expect(statement.Condition).toEqual({ StringEquals: { "kms:ViaService": ["dynamodb.us-east-2.amazonaws.com"] } });
    });
  });

  describe("global tables", () => {
    const withReplicas = (props: DynamoDbIsolationProps, replicas: Array<Omit<ReplicaProps, "provider">>) =>
      synthScope((scope: Construct) => {
        const providers = new Map<string, AwsProvider>();
        for (const { region } of replicas) {
          if (!providers.has(region))
            providers.set(region, new AwsProvider(scope, `aws-${region}`, { region, alias: region.replace(/-/g, "_") }));
        }
        const withProviders = replicas.map((r) => ({ ...r, provider: providers.get(r.region)! }));
        new DynamoDbIsolation(scope, "Isolation", {
          resourcePolicy: { replicaManagers: { principalTag: "team:platform" } },
          ...props,
          replicas: withProviders,
        });
      });

    test("each replica region gets its own key, network, endpoint and resource policies through its provider", () => {
      const tf = withReplicas(SEED, [{ region: "eu-west-1" }]);
      const inRegion = (type: string) =>
        Object.entries(resourcesOf(tf, type))
          .filter(([name]) => name.startsWith("Isolation_Replicas_eu-west-1_"))
          .map(([, body]) => body.provider);
      for (const type of ["aws_kms_key", "aws_vpc", "aws_vpc_endpoint", "aws_flow_log"]) expect(inRegion(type)).toContain("aws.eu_west_1");
      expect(inRegion("aws_dynamodb_resource_policy")).toEqual(["aws.eu_west_1", "aws.eu_west_1"]);
      const endpoint = Object.entries(resourcesOf(tf, "aws_vpc_endpoint")).find(([n]) => n.startsWith("Isolation_Replicas_"))![1];
      expect(endpoint.service_name).toBe("com.amazonaws.eu-west-1.dynamodb");
    });

    test("the table replicates with a key in the replica's region and a new-and-old-images stream", () => {
      const tf = withReplicas(SEED, [{ region: "eu-west-1" }]);
      const table = onlyResource(tf, "aws_dynamodb_table");
      const replicaKey = Object.entries(resourcesOf(tf, "aws_kms_key")).find(
        ([, k]) => k.description === "Encrypts DynamoDB replica BookCollection in eu-west-1",
      )![0];
      const [tableAddress] = onlyEntry(tf, "aws_dynamodb_table");
      expect(onlyResource(tf, "aws_dynamodb_table_replica")).toMatchObject({
        provider: "aws.eu_west_1",
        global_table_arn: ref(tableAddress, "arn"),
        kms_key_arn: ref(`aws_kms_key.${replicaKey}`, "arn"),
        point_in_time_recovery: true,
        deletion_protection_enabled: true,
      });
      expect(table.replica).toBeUndefined();
      expect([table.stream_enabled, table.stream_view_type]).toEqual([true, "NEW_AND_OLD_IMAGES"]);
    });

    test("identity policies list every region's endpoint and table, resource policies their own region's endpoint; every region's policies wait for the replica", () => {
      const tf = withReplicas(SEED, [{ region: "eu-west-1" }]);
      const [table] = onlyEntry(tf, "aws_dynamodb_table");
      const [replica] = onlyEntry(tf, "aws_dynamodb_table_replica");
      const endpoints = Object.keys(resourcesOf(tf, "aws_vpc_endpoint")).map((n) => ref(`aws_vpc_endpoint.${n}`, "id"));
      const replicaArn = ref(replica, "arn");
      const guard = JSON.parse(onlyResource(tf, "aws_iam_policy").policy as string).Statement[0];
      expect([...guard.Condition.StringNotEquals["aws:SourceVpce"]].sort()).toEqual(endpoints.sort());
      // The guard names the table in every region, the replicas' included; grants name each region's table.
      expect(guard.Resource).toEqual(
        expect.arrayContaining([
          `arn:aws:dynamodb:*:${ref("data.aws_caller_identity.Isolation_Caller_935310A2", "account_id")}:table/BookCollection`,
        ]),
      );
      expect(JSON.stringify(guard)).not.toContain(ref(table, "arn"));
      const [described] = Object.keys(tf.data!.aws_dynamodb_table);
      const policies = Object.entries(resourcesOf(tf, "aws_dynamodb_resource_policy"));
      expect(policies.map(([, p]) => p.resource_arn)).toEqual(
        expect.arrayContaining([replicaArn, ref(`data.aws_dynamodb_table.${described}`, "stream_arn")]),
      );
      // A gateway endpoint reaches only its own region's tables.
      const [home, away] = Object.keys(resourcesOf(tf, "aws_vpc_endpoint")).map((n) => ref(`aws_vpc_endpoint.${n}`, "id"));
      for (const [name, p] of policies) {
        const own = name.startsWith("Isolation_Replicas_") ? away : home;
        expect([name, JSON.parse(p.policy as string).Statement[0].Condition.StringNotEquals["aws:SourceVpce"]]).toEqual([name, [own]]);
        expect([name, p.depends_on]).toEqual([name, [replica]]);
      }
    });

    test("a replica can use an existing VPC", () => {
      const tf = withReplicas(SEED, [{ region: "eu-west-1", network: { vpcId: "vpc-0a1b2c3d", routeTableIds: ["rtb-0a1b2c3d"] } }]);
      expect(Object.keys(resourcesOf(tf, "aws_vpc"))).toEqual(["Isolation_Network_3597FFDB"]);
      const endpoint = Object.entries(resourcesOf(tf, "aws_vpc_endpoint")).find(([n]) => n.startsWith("Isolation_Replicas_"))![1];
      expect([endpoint.vpc_id, endpoint.route_table_ids]).toEqual(["vpc-0a1b2c3d", ["rtb-0a1b2c3d"]]);
    });

    describe("throws", () => {
      const where = "test/Isolation";
      test.each([
        [
          "a replica is in the table's region",
          [{ region: "us-east-2" }],
          {},
          `${where}: replicas[0].region must differ from the table's region and from the other replicas' regions, got 'us-east-2'`,
        ],
        [
          "two replicas share a region",
          [{ region: "eu-west-1" }, { region: "eu-west-1" }],
          {},
          `${where}: replicas[1].region must differ from the table's region and from the other replicas' regions, got 'eu-west-1'`,
        ],
        [
          "a replica key is in another region",
          [{ region: "eu-west-1", kmsKeyArn: "arn:aws:kms:us-east-2:123456789012:key/k" }],
          {},
          `${where}: replicas[0].kmsKeyArn must be a key in the replica's region eu-west-1 (KMS keys are regional), got 'arn:aws:kms:us-east-2:123456789012:key/k'`,
        ],
        [
          "the stream view is not new and old images",
          [{ region: "eu-west-1" }],
          { streamViewType: "NEW_IMAGE" },
          `${where}: table.streamViewType must be NEW_AND_OLD_IMAGES (or unset) for a table with replicas, got 'NEW_IMAGE'`,
        ],
        [
          "a provisioned global table has no write scaling",
          [{ region: "eu-west-1" }],
          { autoScaling: { enabled: false } },
          `${where}: table.autoScaling.enabled must not be false for a provisioned table with replicas (global tables need write auto scaling), got false`,
        ],
        [
          "a replica network has no route tables",
          [{ region: "eu-west-1", network: { vpcId: "vpc-0a1b2c3d" } }],
          {},
          `${where}: replicas[0].network.routeTableIds must list every route table`,
        ],
      ] as Array<[string, Array<Omit<ReplicaProps, "provider">>, Record<string, unknown>, string]>)(
        "throws if %s",
        (_name, replicas, table, message) => {
          expect(() => withReplicas({ ...SEED, table: { ...SEED.table!, ...table } }, replicas)).toThrow(message);
        },
      );

      test("throws if a replica's provider is configured for another region, one line each", () => {
        const build = () =>
          synthScope((scope: Construct) => {
            const wrong = new AwsProvider(scope, "aws-eu", { region: "eu-west-2", alias: "eu_west_1" });
            const right = new AwsProvider(scope, "aws-ap", { region: "ap-southeast-2", alias: "ap_southeast_2" });
            new DynamoDbIsolation(scope, "Isolation", {
              ...SEED,
              resourcePolicy: { replicaManagers: { principalTag: "team:platform" } },
              replicas: [
                { region: "eu-west-1", provider: wrong },
                { region: "ap-southeast-2", provider: right },
              ],
            });
          });
        expect(build).toThrow(
          new ValidationError([
            {
              where,
              prop: "replicas[0].provider",
              rule: "must be configured for the replica's region 'eu-west-1': it creates the replica and its network there (provider 'eu_west_1' is configured for another region)",
              value: "eu-west-2",
            },
          ]).message,
        );
      });

      test("a provider whose region is left to the environment is not second-guessed", () => {
        expect(() =>
          synthScope((scope: Construct) => {
            const fromEnvironment = new AwsProvider(scope, "aws-eu", { alias: "eu_west_1" });
            new DynamoDbIsolation(scope, "Isolation", {
              ...SEED,
              resourcePolicy: { replicaManagers: { principalTag: "t" } },
              replicas: [{ region: "eu-west-1", provider: fromEnvironment }],
            });
          }),
        ).not.toThrow();
      });

      test("throws if replicas have no replica managers without the lock: adding one is a call from outside", () => {
        expect(() => withReplicas({ ...SEED, resourcePolicy: { controlPlane: { enabled: false } } }, [{ region: "eu-west-1" }])).toThrow(
          `${where}: resourcePolicy.replicaManagers is required with replicas when the control-plane lock is off: adding a replica is a call from outside the endpoints (CreateTableReplica), denied to everyone else; name the role that applies this stack, or a principal tag it carries, got nothing`,
        );
        // With the lock, its operators add the replicas.
        expect(() => withReplicas({ ...SEED, resourcePolicy: {} }, [{ region: "eu-west-1" }])).not.toThrow();
        // Without a resource policy nothing denies it, and nothing is needed.
        expect(() => withReplicas({ ...SEED, resourcePolicy: { enabled: false } }, [{ region: "eu-west-1" }])).not.toThrow();
      });

      test("throws if a replica has no provider", () => {
        expect(() => synth({ ...SEED, replicas: [{ region: "eu-west-1" } as ReplicaProps] })).toThrow(
          `${where}: replicas[0].provider is required: a provider configured for region eu-west-1, got nothing`,
        );
      });
    });
  });

  test("throws if the construct's region is not the stack's default provider's", () => {
    expect(() =>
      synthScope((scope) => new DynamoDbIsolation(scope, "Isolation", { ...SEED, region: "eu-central-1" }), "eu-west-2"),
    ).toThrow(
      "test/Isolation: region must be the region of the stack's default aws provider, 'eu-west-2': the tables, VPC and endpoint are created through it, got 'eu-central-1'",
    );
  });

  describe("adopting existing resources", () => {
    const existing = { network: { vpcId: "vpc-0c1d2e3f4a5b6c7d8", routeTableIds: ["rtb-0c1d2e3f4a5b6c7d8"] } };

    test("writes import blocks for the table, the endpoint and the guard", () => {
      const tf = synth({
        ...SEED,
        ...existing,
        imports: { table: true, vpcEndpointId: "vpce-0c1d2e3f4a5b6c7d8", guardPolicyArn: "arn:aws:iam::123456789012:policy/vpcepolicy" },
      });
      const [table] = onlyEntry(tf, "aws_dynamodb_table");
      const [endpoint] = onlyEntry(tf, "aws_vpc_endpoint");
      const [guard, policy] = onlyEntry(tf, "aws_iam_policy");
      expect(tf.import).toEqual(
        expect.arrayContaining([
          { to: table, id: "BookCollection" },
          { to: endpoint, id: "vpce-0c1d2e3f4a5b6c7d8" },
          { to: guard, id: "arn:aws:iam::123456789012:policy/vpcepolicy" },
        ]),
      );
      // IAM cannot change a description in place; an adopted policy keeps its own.
      expect(policy.lifecycle).toEqual({ ignore_changes: ["description"] });
    });

    describe("throws", () => {
      const where = "test/Isolation";
      test.each([
        [
          "an endpoint is adopted into a new VPC",
          { imports: { vpcEndpointId: "vpce-0c1d2e3f" } },
          `${where}: imports.vpcEndpointId needs network.vpcId: an existing endpoint lives in an existing VPC, got 'vpce-0c1d2e3f'`,
        ],
        [
          "the endpoint id is malformed",
          { ...existing, imports: { vpcEndpointId: "vpce-1" } },
          `${where}: imports.vpcEndpointId[0] must be 'vpce-' followed by 8 or 17 lowercase hex digits, got 'vpce-1'`,
        ],
        [
          "the policy ARN is not a policy ARN",
          { imports: { guardPolicyArn: "vpcepolicy" } },
          `${where}: imports.guardPolicyArn must be a customer-managed policy ARN such as 'arn:aws:iam::111122223333:policy/vpcepolicy', got 'vpcepolicy'`,
        ],
        [
          "the adopted policy has another name",
          { imports: { guardPolicyArn: "arn:aws:iam::123456789012:policy/other" } },
          `${where}: imports.guardPolicyArn must name the policy 'vpcepolicy' (guard.policyName): an import adopts, it does not rename, got 'arn:aws:iam::123456789012:policy/other'`,
        ],
      ] as Array<[string, Partial<DynamoDbIsolationProps>, string]>)("throws if %s", (_name, override, message) => {
        expect(() => synth({ ...SEED, ...override })).toThrow(message);
      });
    });
  });

  describe("throws before writing anything", () => {
    const where = "test/Isolation";
    const cases: Array<[string, Record<string, unknown>, string | RegExp]> = [
      [
        "the region is malformed",
        { region: "us-east" },
        `${where}: region must be an AWS region code such as 'us-east-2' or 'eu-central-1', got 'us-east'`,
      ],
      [
        "the table name is too short",
        { table: { tableName: "ab" } },
        `${where}: table.tableName must be 3 to 255 characters of A-Z a-z 0-9 _ . -, got 'ab'`,
      ],
      [
        "the table name has a bad character",
        { table: { tableName: "Book Collection" } },
        `${where}: table.tableName must be 3 to 255 characters of A-Z a-z 0-9 _ . -, got 'Book Collection'`,
      ],
      [
        "the table name is too long",
        { table: { tableName: "x".repeat(256) } },
        `${where}: table.tableName must be 3 to 255 characters of A-Z a-z 0-9 _ . -, got '${"x".repeat(256)}'`,
      ],
      [
        "the partition key is missing",
        { table: { partitionKey: undefined } },
        `${where}: table.partitionKey is required (an object with name and type), got nothing`,
      ],
      [
        "a key type is not S, N or B",
        { table: { partitionKey: { name: "Author", type: "BOOL" } } },
        `${where}: table.partitionKey.type must be one of S, N, B, got 'BOOL'`,
      ],
      [
        "the sort key repeats the partition key",
        { table: { sortKey: { name: "Author", type: "S" } } },
        `${where}: table.sortKey.name must differ from partitionKey.name, got 'Author'`,
      ],
      [
        "provisioned has no read capacity",
        { table: { readCapacity: undefined } },
        `${where}: table.readCapacity is required with billingMode PROVISIONED, got nothing`,
      ],
      [
        "provisioned has no write capacity",
        { table: { writeCapacity: undefined } },
        `${where}: table.writeCapacity is required with billingMode PROVISIONED, got nothing`,
      ],
      ["capacity is below 1", { table: { readCapacity: 0 } }, `${where}: table.readCapacity must be a whole number from 1 to 40000, got 0`],
      [
        "capacity is fractional",
        { table: { writeCapacity: 2.5 } },
        `${where}: table.writeCapacity must be a whole number from 1 to 40000, got 2.5`,
      ],
      [
        "on-demand has capacity",
        { table: { billingMode: "PAY_PER_REQUEST", writeCapacity: undefined } },
        `${where}: table.readCapacity must not be set with billingMode PAY_PER_REQUEST, got 5`,
      ],
      [
        "the billing mode is unknown",
        { table: { billingMode: "ON_DEMAND" } },
        `${where}: table.billingMode must be one of PAY_PER_REQUEST, PROVISIONED, got 'ON_DEMAND'`,
      ],
      [
        "the CIDR is malformed",
        { network: { cidrBlock: "10.0.0/16" } },
        `${where}: network.cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0/16'`,
      ],
      [
        "the CIDR has an octet over 255",
        { network: { cidrBlock: "10.0.256.0/24" } },
        `${where}: network.cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.256.0/24'`,
      ],
      [
        "the CIDR is larger than /16",
        { network: { cidrBlock: "10.0.0.0/8" } },
        `${where}: network.cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0.0/8'`,
      ],
      [
        "the CIDR is smaller than /28",
        { network: { cidrBlock: "10.0.0.0/29" } },
        `${where}: network.cidrBlock must be an IPv4 CIDR from /16 to /28, got '10.0.0.0/29'`,
      ],
      [
        "the CIDR has host bits",
        { network: { cidrBlock: "10.0.1.0/16" } },
        `${where}: network.cidrBlock must be a network address (host bits zero, e.g. '10.0.0.0/16'), got '10.0.1.0/16'`,
      ],
      [
        "a /28 leaves no room for two subnets",
        { network: { cidrBlock: "10.0.0.0/28" } },
        `${where}: network.cidrBlock must leave room for 2 subnets of at least /28 (one per zone), got '10.0.0.0/28'`,
      ],
      [
        "an existing VPC has no route tables",
        { network: { vpcId: "vpc-0a1b2c3d" } },
        `${where}: network.routeTableIds must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic, got nothing`,
      ],
      [
        "an existing VPC has an empty route table list",
        { network: { vpcId: "vpc-0a1b2c3d", routeTableIds: [] } },
        `${where}: network.routeTableIds must list every route table of the existing VPC's subnets that reach DynamoDB (at least one): without them the endpoint carries no traffic, got []`,
      ],
      [
        "an existing VPC id is malformed",
        { network: { vpcId: "vpc-xyz", routeTableIds: ["rtb-0a1b2c3d"] } },
        `${where}: network.vpcId must be 'vpc-' followed by 8 or 17 lowercase hex digits, got 'vpc-xyz'`,
      ],
      [
        "a route table id is malformed",
        { network: { vpcId: "vpc-0a1b2c3d", routeTableIds: ["rtb-1"] } },
        `${where}: network.routeTableIds[0] must be 'rtb-' followed by 8 or 17 lowercase hex digits, got 'rtb-1'`,
      ],
      [
        "route tables are given without a VPC",
        { network: { routeTableIds: ["rtb-0a1b2c3d"] } },
        `${where}: network.routeTableIds is only allowed with network.vpcId (a new VPC brings its own route tables), got ["rtb-0a1b2c3d"]`,
      ],
      [
        "an extra endpoint id is not vpce- + hex",
        { extraEndpointIds: ["vpce-12345"] },
        `${where}: extraEndpointIds[0] must be 'vpce-' followed by 8 or 17 lowercase hex digits, got 'vpce-12345'`,
      ],
      [
        "an extra endpoint id has 9 digits",
        { extraEndpointIds: ["vpce-0123456789"] },
        `${where}: extraEndpointIds[0] must be 'vpce-' followed by 8 or 17 lowercase hex digits, got 'vpce-0123456789'`,
      ],
      [
        "an extra endpoint id is repeated",
        { extraEndpointIds: ["vpce-0a1b2c3d", "vpce-0a1b2c3d"] },
        `${where}: extraEndpointIds[1] must not repeat an endpoint, got 'vpce-0a1b2c3d'`,
      ],
      [
        "a principal name is empty",
        { guard: { principals: { users: [""] } } },
        `${where}: guard.principals.users[0] must be an IAM user name of 1 to 64 characters of A-Z a-z 0-9 and + = , . @ _ -, got ''`,
      ],
      [
        "a principal name is repeated",
        { guard: { principals: { roles: ["dynarole", "DynaRole"] } } },
        `${where}: guard.principals.roles[1] must not repeat a name already listed, got 'DynaRole'`,
      ],
      [
        "a group name has a bad character",
        { guard: { principals: { groups: ["readers/all"] } } },
        `${where}: guard.principals.groups[0] must be an IAM group name of 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -, got 'readers/all'`,
      ],
      [
        "the policy name has a space",
        { guard: { policyName: "vpce policy" } },
        `${where}: guard.policyName must be 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -, got 'vpce policy'`,
      ],
      [
        "the policy name is too long",
        { guard: { policyName: "p".repeat(129) } },
        `${where}: guard.policyName must be 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -, got '${"p".repeat(129)}'`,
      ],
      [
        "flow logs are asked of an existing VPC",
        { network: { vpcId: "vpc-0a1b2c3d", routeTableIds: ["rtb-0a1b2c3d"], flowLogs: { destination: "none" } } },
        `${where}: network.flowLogs must not be set with network.vpcId (flow logs of an existing VPC belong to its owner), got {"destination":"none"}`,
      ],
      [
        "a flow log retention is not a CloudWatch value",
        { network: { flowLogs: { retentionInDays: 10 } } },
        `${where}: network.flowLogs.retentionInDays must be one of`,
      ],
      [
        "the table key is the AWS managed alias",
        { table: { encryption: { kmsKeyArn: "arn:aws:kms:us-east-2:123456789012:alias/aws/dynamodb" } } },
        `${where}: table.encryption.kmsKeyArn must name a customer-managed key`,
      ],
      [
        "a removed field is given: exemptDeployer",
        { resourcePolicy: { exemptDeployer: false } as ResourcePolicyOptions },
        `${where}: resourcePolicy.exemptDeployer was removed in 0.4.0: no policy depends on who runs Terraform any more. The control-plane deny (resourcePolicy.controlPlane, on by default since 1.0.0) exempts by principal tag or resourcePolicy.controlPlane.exemptPrincipalArns, got false`,
      ],
      [
        "a removed field is given: operatorPrincipalArns",
        { resourcePolicy: { operatorPrincipalArns: ["arn:aws:iam::123456789012:role/ops"] } as ResourcePolicyOptions },
        `${where}: resourcePolicy.operatorPrincipalArns was removed in 0.4.0: use resourcePolicy.controlPlane.exemptPrincipalArns (with resourcePolicy.controlPlane.enabled: true), got ["arn:aws:iam::123456789012:role/ops"]`,
      ],
      [
        "an exempt ARN is not an IAM ARN",
        { resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalArns: ["deployer"] } } },
        `${where}: resourcePolicy.controlPlane.exemptPrincipalArns[0] must be an IAM principal ARN of one account such as 'arn:aws:iam::111122223333:role/deployer' (wildcards allowed in the name), got 'deployer'`,
      ],
      [
        "an exempt ARN is a session, which aws:PrincipalArn never is",
        {
          resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalArns: ["arn:aws:sts::123456789012:assumed-role/deployer/ci"] } },
        },
        `${where}: resourcePolicy.controlPlane.exemptPrincipalArns[0] must be an IAM principal ARN of one account such as 'arn:aws:iam::111122223333:role/deployer' (wildcards allowed in the name), got 'arn:aws:sts::123456789012:assumed-role/deployer/ci'`,
      ],
      [
        "an exempt ARN has a wildcard account",
        { resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalArns: ["arn:aws:iam::*:role/ops"] } } },
        `${where}: resourcePolicy.controlPlane.exemptPrincipalArns[0] must be an IAM principal ARN of one account such as 'arn:aws:iam::111122223333:role/deployer' (wildcards allowed in the name), got 'arn:aws:iam::*:role/ops'`,
      ],
      [
        "an exempt ARN matches every principal",
        { resourcePolicy: { backupPrincipalArns: ["arn:aws:iam::123456789012:*"] } },
        `${where}: resourcePolicy.backupPrincipalArns[0] must not match every principal of the account: name the role or user, or a path (such as 'arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole'), got 'arn:aws:iam::123456789012:*'`,
      ],
      [
        "an exempt ARN matches every role",
        { resourcePolicy: { replicaManagers: { principalArns: ["arn:aws:iam::123456789012:role/*"] } } },
        `${where}: resourcePolicy.replicaManagers.principalArns[0] must not match every principal of the account: name the role or user, or a path (such as 'arn:aws:iam::111122223333:role/deployer'), got 'arn:aws:iam::123456789012:role/*'`,
      ],
      [
        "an exempt ARN has a wildcard before the name (role*)",
        { resourcePolicy: { replicaManagers: { principalArns: ["arn:aws:iam::123456789012:role*"] } } },
        `${where}: resourcePolicy.replicaManagers.principalArns[0] must not match every principal of the account: name the role or user, or a path (such as 'arn:aws:iam::111122223333:role/deployer'), got 'arn:aws:iam::123456789012:role*'`,
      ],
      [
        "an exempt ARN has a wildcard before the name (r*)",
        { resourcePolicy: { replicaManagers: { principalArns: ["arn:aws:iam::123456789012:r*"] } } },
        `${where}: resourcePolicy.replicaManagers.principalArns[0] must not match every principal of the account: name the role or user, or a path (such as 'arn:aws:iam::111122223333:role/deployer'), got 'arn:aws:iam::123456789012:r*'`,
      ],
      [
        "an exempt ARN has a wildcard before the name (*/deployer)",
        { resourcePolicy: { replicaManagers: { principalArns: ["arn:aws:iam::123456789012:*/deployer"] } } },
        `${where}: resourcePolicy.replicaManagers.principalArns[0] must not match every principal of the account: name the role or user, or a path (such as 'arn:aws:iam::111122223333:role/deployer'), got 'arn:aws:iam::123456789012:*/deployer'`,
      ],
      [
        "an exempt ARN repeats",
        {
          resourcePolicy: {
            controlPlane: { enabled: true, exemptPrincipalArns: ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/a"] },
          },
        },
        `${where}: resourcePolicy.controlPlane.exemptPrincipalArns[1] must not repeat an ARN, got 'arn:aws:iam::123456789012:role/a'`,
      ],
      [
        "the control-plane lock has no exemption",
        { resourcePolicy: { controlPlane: { exemptPrincipalTag: false } } },
        `${where}: resourcePolicy.controlPlane needs a stable exemption while the lock is on: a principal tag (exemptPrincipalTag) or exemptPrincipalArns; without one, Terraform's apply is denied from outside the endpoints, got {"exemptPrincipalTag":false}`,
      ],
      [
        "control-plane exemptions are given with the lock off",
        { resourcePolicy: { controlPlane: { enabled: false, exemptPrincipalArns: ["arn:aws:iam::123456789012:role/ops"] } } },
        `${where}: resourcePolicy.controlPlane sets exemptions but is off: remove enabled: false, or the exemptions`,
      ],
      [
        "a read-write grant under a prefix without the organization's SCP",
        { perimeter: { tableNamePrefix: "Book" }, grants: { readWrite: { roles: ["app"] } } },
        `${where}: grants.readWrite writes to every table whose name starts with perimeter.tableNamePrefix 'Book', so whoever can create one receives what the grantees write there. Attach the organization's SCP, which keeps CreateTable under the prefix to its admins (organization in the config file, perimeter.organizationScp in TypeScript), or accept it with perimeter.prefixGrantsWithoutScp: true, got {"roles":["app"]}`,
      ],
      [
        "an exemption tag key is not an IAM tag key",
        { resourcePolicy: { controlPlane: { enabled: true, exemptPrincipalTag: "aws:exclude" } } },
        `${where}: resourcePolicy.controlPlane.exemptPrincipalTag must be an IAM tag key: 1 to 128 letters, digits, spaces and _ . : / = + - @, not starting with 'aws:', got 'aws:exclude'`,
      ],
      [
        "a replica-manager tag key has a bad character",
        { resourcePolicy: { replicaManagers: { principalTag: "replicas*" } } },
        `${where}: resourcePolicy.replicaManagers.principalTag must be an IAM tag key`,
      ],
      [
        "replica managers name nobody",
        { resourcePolicy: { replicaManagers: {} } },
        `${where}: resourcePolicy.replicaManagers needs principalArns or principalTag, got {}`,
      ],
      [
        "a stream consumer ARN is malformed",
        { resourcePolicy: { streamConsumerPrincipalArns: ["arn:aws:lambda:us-east-2:123456789012:function:f"] } },
        `${where}: resourcePolicy.streamConsumerPrincipalArns[0] must be an IAM principal ARN of one account such as 'arn:aws:iam::111122223333:role/stream-reader' (wildcards allowed in the name), got 'arn:aws:lambda:us-east-2:123456789012:function:f'`,
      ],
      [
        "the endpoint policy scope is unknown",
        { endpointPolicy: { scope: "vpc" } },
        `${where}: endpointPolicy.scope must be one of account, managed-tables, got 'vpc'`,
      ],
      [
        "a grant principal repeats",
        { grants: { readOnly: { users: ["a", "a"] } } },
        `${where}: grants.readOnly.users[1] must not repeat a name already listed, got 'a'`,
      ],
      [
        "a grant policy name would be too long",
        { table: { tableName: "t".repeat(120) }, guard: { policyName: "g" }, grants: { readWrite: { roles: ["r"] } } },
        `${where}: grants.readWrite (policy name derived from table.tableName) must be 1 to 128 characters of A-Z a-z 0-9 and + = , . @ _ -, got '${"t".repeat(120)}-read-write'`,
      ],
      [
        "so many endpoints that the guard outgrows IAM's limit",
        { extraEndpointIds: Array.from({ length: 400 }, (_, i) => `vpce-${i.toString(16).padStart(8, "0")}`) },
        /^test\/Isolation: guard makes the guard policy 'vpcepolicy' up to (\d+) characters once applied, over the 6144-character limit \(fewer endpoints, replicas or exempt principals\), got '\1 characters'$/m,
      ],
      [
        "so many exempt principals that the resource policy outgrows 20 KB",
        {
          resourcePolicy: {
            controlPlane: {
              enabled: true,
              exemptPrincipalArns: Array.from(
                { length: 350 },
                (_, i) => `arn:aws:iam::123456789012:role/platform/operators/operator-number-${i}`,
              ),
            },
          },
        },
        /^test\/Isolation: resourcePolicy makes the table resource policy up to (\d+) characters once applied, over the 20480-character limit \(fewer endpoints, replicas or exempt principals\), got '\1 characters'$/,
      ],
      ["the guard scope is unknown", { guard: { scope: "reads" } }, `${where}: guard.scope must be one of all, data-plane, got 'reads'`],
    ];

    test.each(cases)("throws if %s", (_name, override, message) => {
      expect(() => synth(withProps(override))).toThrow(message);
    });

    test("reports every mistake at once, one line each, and a bad table name once, not again in the names derived from it", () => {
      const props = withProps({
        table: { tableName: "Book Collection", readCapacity: 0 },
        network: { cidrBlock: "10.0.0.0/8" },
        guard: { policyName: undefined, principals: { roles: ["r", "R"] } },
      });
      let error: unknown;
      try {
        synth(props);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((p) => p.prop)).toEqual([
        "table.tableName",
        "table.readCapacity",
        "network.cidrBlock",
        "guard.principals.roles[1]",
      ]);
      expect((error as Error).message.split("\n")).toHaveLength(4);
    });
  });
});
