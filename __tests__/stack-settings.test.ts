import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SEED_STACK_NAME, StackConfig, addBackend, parseConfig, requireProvider, seedConfig } from "../modules/app";
import { ValidationError } from "../modules";
import { constraintAdmits, deployersOf } from "../modules/app/stack-settings";
import { synthConfig } from "../test-support/synth";

const seed = seedConfig().stacks[SEED_STACK_NAME];
const synth = (stack: StackConfig) => synthConfig({ stacks: { [SEED_STACK_NAME]: stack } })[SEED_STACK_NAME];

describe("stack settings", () => {
  test("requires hashicorp/aws by full source and a 6.x range by default", () => {
    expect((synth(seed).terraform as Record<string, unknown>).required_providers).toEqual({
      aws: { source: "hashicorp/aws", version: ">= 6.25.0, < 7.0.0" },
    });
  });

  test("takes the version range from the config", () => {
    const tf = synth({ ...seed, provider: { versionConstraint: "~> 6.25" } });
    expect((tf.terraform as { required_providers: { aws: { version: string } } }).required_providers.aws.version).toBe("~> 6.25");
  });

  test("puts default tags on every provider, replicas' included", () => {
    const tf = synth({
      ...seed,
      replicas: [{ region: "eu-west-1" }],
      resourcePolicy: { replicaManagers: { principalTag: "team:platform" } },
      provider: { defaultTags: { team: "books" } },
    });
    expect(tf.provider?.aws).toEqual([
      { region: "us-east-2", default_tags: [{ tags: { team: "books" } }] },
      { alias: "eu_west_1", region: "eu-west-1", default_tags: [{ tags: { team: "books" } }] },
    ]);
  });

  test("keeps local state at the project root without the synthesizing machine's path", () => {
    const backend = (synth(seed).terraform as { backend: unknown }).backend;
    expect(backend).toEqual({ local: { path: `../../../terraform.${SEED_STACK_NAME}.tfstate` } });
    expect(JSON.stringify(backend)).not.toContain(process.cwd());
  });

  test("writes an encrypted S3 backend with S3-native locking", () => {
    const tf = synth({ ...seed, backend: { s3: { bucket: "acme-state", key: "dynamodb/prod.tfstate", region: "eu-central-1" } } });
    expect((tf.terraform as { backend: unknown }).backend).toEqual({
      s3: { bucket: "acme-state", key: "dynamodb/prod.tfstate", region: "eu-central-1", encrypt: true, use_lockfile: true },
    });
  });

  test.each([
    [">= 6.25.0, < 7.0.0", "6.25.0", true],
    [">= 6.25.0, < 7.0.0", "6.40.1", true],
    [">= 6.25.0, < 7.0.0", "7.0.0", false],
    ["~> 6.25", "6.99.0", true],
    ["~> 6.25", "7.0.0", false],
    ["~> 6.25.0", "6.26.0", false],
    ["6.25.0", "6.25.0", true],
    ["!= 6.25.0", "6.25.0", false],
    ["< 6", "6.25.0", false],
    ["latest", "6.25.0", undefined],
  ] as Array<[string, string, boolean | undefined]>)("constraint '%s' admits %s: %s", (constraint, version, expected) => {
    expect(constraintAdmits(constraint, version)).toBe(expected);
  });

  describe("throws naming the config field", () => {
    const text = (stack: unknown) => JSON.stringify({ stacks: { prod: stack } });
    test.each([
      [
        "the constraint is not a constraint",
        { provider: { versionConstraint: "six" } },
        "cfg.json: stacks.prod.provider.versionConstraint must be a Terraform version constraint such as '>= 6.25.0, < 7.0.0', got 'six'",
      ],
      [
        "the constraint excludes the bindings' provider",
        { provider: { versionConstraint: "< 6.0.0" } },
        "cfg.json: stacks.prod.provider.versionConstraint must admit 6.25.0, the provider version the bindings write for, got '< 6.0.0'",
      ],
      [
        "the bucket name has capitals",
        { backend: { s3: { bucket: "Acme", key: "k", region: "us-east-1" } } },
        "cfg.json: stacks.prod.backend.s3.bucket must be an S3 bucket name of 3 to 63 characters of a-z 0-9 . -, got 'Acme'",
      ],
      [
        "the key starts with a slash",
        { backend: { s3: { bucket: "acme", key: "/k", region: "us-east-1" } } },
        "cfg.json: stacks.prod.backend.s3.key must be an object key that neither starts nor ends with '/', got '/k'",
      ],
      [
        "the backend region is malformed",
        { backend: { s3: { bucket: "acme", key: "k", region: "useast1" } } },
        "cfg.json: stacks.prod.backend.s3.region must be an AWS region code such as 'us-east-2' or 'eu-central-1', got 'useast1'",
      ],
      [
        "the deprecated lock table is asked for",
        { backend: { s3: { bucket: "acme", key: "k", region: "us-east-1", dynamodbTable: "locks" } } },
        "cfg.json: stacks.prod.backend.s3.dynamodbTable is not a known field (known: bucket, key, region, encrypt, useLockfile, kmsKeyId), got 'dynamodbTable'",
      ],
    ])("throws if %s", (_name, override, message) => {
      expect(() => parseConfig(text({ ...seed, ...override }), "cfg.json")).toThrow(message);
    });
  });

  describe("in TypeScript, the same rules as the config file", () => {
    const stackIn = () => new TerraformStack(Testing.app(), "shop");
    const providers = (stack: TerraformStack) =>
      (JSON.parse(Testing.synth(stack)) as { provider: { aws: Array<Record<string, unknown>> } }).provider.aws;

    test("requireProvider puts its default tags on every AWS provider, made before or after it, under a provider's own", () => {
      const stack = stackIn();
      new AwsProvider(stack, "aws", { region: "us-east-2" });
      requireProvider(stack, { defaultTags: { team: "shop", cost: "perimeter" } });
      new AwsProvider(stack, "eu", { region: "eu-west-1", alias: "eu", defaultTags: [{ tags: { team: "shop-eu" } }] });
      expect(providers(stack)).toEqual([
        { region: "us-east-2", default_tags: [{ tags: { team: "shop", cost: "perimeter" } }] },
        { alias: "eu", region: "eu-west-1", default_tags: [{ tags: { team: "shop-eu", cost: "perimeter" } }] },
      ]);
    });

    test("requireProvider without default tags leaves the providers alone", () => {
      const stack = stackIn();
      new AwsProvider(stack, "aws", { region: "us-east-2" });
      requireProvider(stack);
      expect(providers(stack)).toEqual([{ region: "us-east-2" }]);
    });

    // What follows the field's name is the rule: one implementation, the same line in both paths.
    const rule = (message: string, field: string) => message.slice(message.indexOf(field) + field.length);
    const thrown = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as Error).message;
      }
      throw new Error("did not throw");
    };

    test("a range the config file refuses, requireProvider refuses with the same rule", () => {
      const range = ">= 5.100.0, < 6.0.0";
      const fromConfig = thrown(() =>
        parseConfig(JSON.stringify({ stacks: { prod: { ...seed, provider: { versionConstraint: range } } } }), "cfg.json"),
      );
      const fromCode = thrown(() => requireProvider(stackIn(), { versionConstraint: range }));
      expect(fromCode).toBe(
        "shop: provider.versionConstraint must admit 6.25.0, the provider version the bindings write for, got '>= 5.100.0, < 6.0.0'",
      );
      expect(rule(fromCode, "provider.versionConstraint")).toBe(rule(fromConfig, "provider.versionConstraint"));
    });

    test("a backend the config file refuses, addBackend refuses with the same rules, every one at once", () => {
      const s3 = { bucket: "Acme", key: "/k", region: "useast1" };
      const fromConfig = thrown(() => parseConfig(JSON.stringify({ stacks: { prod: { ...seed, backend: { s3 } } } }), "cfg.json"));
      const fromCode = thrown(() => addBackend(stackIn(), "shop", { s3 }));
      expect(fromCode.split("\n")).toEqual([
        "shop: backend.s3.bucket must be an S3 bucket name of 3 to 63 characters of a-z 0-9 . -, got 'Acme'",
        "shop: backend.s3.key must be an object key that neither starts nor ends with '/', got '/k'",
        "shop: backend.s3.region must be an AWS region code such as 'us-east-2' or 'eu-central-1', got 'useast1'",
      ]);
      expect(fromConfig.split("\n").map((l) => l.replace("cfg.json: stacks.prod.", ""))).toEqual(
        fromCode.split("\n").map((l) => l.replace("shop: ", "")),
      );
    });

    test("nothing is written for a refused setting", () => {
      const stack = stackIn();
      expect(() => addBackend(stack, "shop", { s3: { bucket: "Acme", key: "k", region: "us-east-1" } })).toThrow(ValidationError);
      expect(JSON.parse(Testing.synth(stack)).terraform?.backend).toBeUndefined();
    });
  });

  describe("accounts: the role a stack's providers assume, and the accounts it may run in", () => {
    const ROLE = "arn:aws:iam::111111111111:role/perimeter-deployer";
    const account = {
      assumeRole: { roleArn: ROLE, sessionName: "orders-prod", externalId: "dynamodb-perimeters" },
      allowedAccountIds: ["111111111111"],
    };

    test("every AWS provider of the stack, replicas' included, assumes the role and refuses other accounts", () => {
      const tf = synth({
        ...seed,
        replicas: [{ region: "eu-west-1" }],
        resourcePolicy: { replicaManagers: { principalTag: "team:platform" } },
        provider: account,
      });
      const expected = {
        assume_role: [{ role_arn: ROLE, session_name: "orders-prod", external_id: "dynamodb-perimeters" }],
        allowed_account_ids: ["111111111111"],
      };
      expect(tf.provider?.aws).toEqual([
        { region: "us-east-2", ...expected },
        { alias: "eu_west_1", region: "eu-west-1", ...expected },
      ]);
    });

    test("the role is an operator of the perimeter: the control-plane lock exempts it", () => {
      const tf = JSON.stringify(synth({ ...seed, provider: account }).resource?.aws_dynamodb_resource_policy);
      expect(tf).toContain(ROLE);
      expect(JSON.stringify(synth(seed).resource?.aws_dynamodb_resource_policy)).not.toContain(ROLE);
    });

    test("a provider with its own role or accounts keeps them", () => {
      const stack = new TerraformStack(Testing.app(), "shop");
      const own = "arn:aws:iam::222222222222:role/other";
      new AwsProvider(stack, "aws", { region: "us-east-2", assumeRole: [{ roleArn: own }], allowedAccountIds: ["222222222222"] });
      requireProvider(stack, account);
      const [aws] = (JSON.parse(Testing.synth(stack)) as { provider: { aws: Array<Record<string, unknown>> } }).provider.aws;
      expect([aws.assume_role, aws.allowed_account_ids]).toEqual([[{ role_arn: own }], ["222222222222"]]);
    });

    test("the organization's admins of other accounts are not the stack's operators; with no account known, all are", () => {
      const admins = ["arn:aws:iam::111111111111:role/admin", "arn:aws:iam::222222222222:role/admin"];
      expect(deployersOf(account, admins)).toEqual([admins[0], ROLE]);
      expect(deployersOf({ assumeRole: { roleArn: "arn:aws:iam::222222222222:role/deployer" } }, admins)).toEqual([
        admins[1],
        "arn:aws:iam::222222222222:role/deployer",
      ]);
      expect(deployersOf(undefined, admins)).toEqual(admins);
    });

    test("an allowed account's admin of another account is not an operator where the role's account is known", () => {
      const admins = ["arn:aws:iam::111111111111:role/admin", "arn:aws:iam::222222222222:role/admin"];
      expect(deployersOf({ assumeRole: { roleArn: ROLE }, allowedAccountIds: ["111111111111", "222222222222"] }, admins)).toEqual([
        admins[0],
        ROLE,
      ]);
      expect(deployersOf({ allowedAccountIds: ["111111111111", "222222222222"] }, admins)).toEqual(admins);
    });

    test.each([
      ["a path of IAM's characters", "arn:aws:iam::111111111111:role/team~a/ci/perimeter-deployer", true],
      ["China's partition", "arn:aws-cn:iam::111111111111:role/perimeter-deployer", true],
      ["GovCloud's partition", "arn:aws-us-gov:iam::111111111111:role/perimeter-deployer", true],
      ["a partition AWS does not have", "arn:aws-bogus:iam::111111111111:role/perimeter-deployer", false],
      ["a wildcard, which STS cannot assume", "arn:aws:iam::111111111111:role/*", false],
      ["a wildcard in the path", "arn:aws:iam::111111111111:role/ci*/perimeter-deployer", false],
    ])("a role ARN with %s is %s", (_name, roleArn, accepted) => {
      const parse = () => parseConfig(JSON.stringify({ stacks: { prod: { ...seed, provider: { assumeRole: { roleArn } } } } }), "cfg.json");
      if (accepted) expect(parse).not.toThrow();
      else expect(parse).toThrow(`cfg.json: stacks.prod.provider.assumeRole.roleArn must be an IAM role ARN`);
    });

    test("with an organization, a deploy role that is not one of its admins is refused: the SCP would deny its applies", () => {
      const config = (admins: string[]) => ({
        organization: { adminPrincipalArns: admins },
        stacks: { prod: { ...seed, provider: { assumeRole: { roleArn: ROLE } } } },
      });
      expect(() => synthConfig(config(["arn:aws:iam::111111111111:role/platform-admin"]))).toThrow(
        `test config: stacks.prod.provider.assumeRole.roleArn is not among organization.adminPrincipalArns: the organization's SCP would deny it the resource policy writes of every apply, got '${ROLE}'`,
      );
      expect(() => synthConfig(config([ROLE]))).not.toThrow();
      expect(() => synthConfig(config(["arn:aws:iam::111111111111:role/perimeter-*"]))).not.toThrow();
    });

    test("every mistake at once, naming the field, the value and what is allowed", () => {
      const bad = {
        assumeRole: { roleArn: "arn:aws:iam::1111:user/deployer", sessionName: "a", externalId: "has space" },
        allowedAccountIds: ["11111111111x", "222222222222"],
      };
      const message = (() => {
        try {
          parseConfig(JSON.stringify({ stacks: { prod: { ...seed, provider: bad } } }), "cfg.json");
        } catch (e) {
          return (e as Error).message;
        }
        return "did not throw";
      })();
      expect(message.split("\n")).toEqual([
        "cfg.json: stacks.prod.provider.assumeRole.roleArn must be an IAM role ARN such as 'arn:aws:iam::111122223333:role/deployer', got 'arn:aws:iam::1111:user/deployer'",
        "cfg.json: stacks.prod.provider.assumeRole.sessionName must be 2 to 64 characters of letters, digits and _+=,.@-, got 'a'",
        "cfg.json: stacks.prod.provider.assumeRole.externalId must be 2 to 1,224 characters of letters, digits and _+=,.@:/-, got 'has space'",
        "cfg.json: stacks.prod.provider.allowedAccountIds[0] must be an account id of 12 digits, got '11111111111x'",
      ]);
    });

    test.each([
      [
        "the role's account is not allowed",
        { assumeRole: { roleArn: ROLE }, allowedAccountIds: ["222222222222"] },
        "provider.assumeRole.roleArn is a role of account 111111111111, which provider.allowedAccountIds does not allow (222222222222): Terraform would refuse every plan",
      ],
      [
        "no account is allowed",
        { allowedAccountIds: [] },
        "provider.allowedAccountIds must name at least one account (leave it out to allow any)",
      ],
    ])("refuses, in the config file and in TypeScript alike, when %s", (_name, provider, rule) => {
      expect(() => parseConfig(JSON.stringify({ stacks: { prod: { ...seed, provider } } }), "cfg.json")).toThrow(
        `cfg.json: stacks.prod.${rule}`,
      );
      expect(() => requireProvider(new TerraformStack(Testing.app(), "shop"), provider)).toThrow(`shop: ${rule}`);
    });
  });
});
