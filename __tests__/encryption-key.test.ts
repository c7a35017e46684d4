import { EncryptionKey, EncryptionKeyProps, KEY_TAMPERING_ACTIONS } from "../modules";
import { onlyEntry, onlyResource, ref, synthScope } from "../test-support/synth";

const BASE: EncryptionKeyProps = {
  region: "us-east-2",
  accountId: "123456789012",
  description: "Encrypts DynamoDB table BookCollection",
  aliasName: "dynamodb/BookCollection",
};

function synth(props: Partial<EncryptionKeyProps> = {}) {
  return synthScope((scope) => new EncryptionKey(scope, "Key", { ...BASE, ...props }));
}

describe("EncryptionKey", () => {
  test("matches the snapshot", () => {
    expect(synth()).toMatchSnapshot();
  });

  test("rotates yearly and gives kms:* to the account root only", () => {
    const key = onlyResource(synth(), "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(JSON.parse(key.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministersKeyThroughIam",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    });
  });

  test("has an alias pointing at it", () => {
    const tf = synth();
    const [key] = onlyEntry(tf, "aws_kms_key");
    expect(onlyResource(tf, "aws_kms_alias")).toEqual({ name: "alias/dynamodb/BookCollection", target_key_id: ref(key, "key_id") });
  });

  test("uses the partition of the region in the root principal", () => {
    const policy = JSON.parse(onlyResource(synth({ region: "us-gov-west-1" }), "aws_kms_key").policy as string);
    expect(policy.Statement[0].Principal).toEqual({ AWS: "arn:aws-us-gov:iam::123456789012:root" });
  });

  test("throws if the alias has a character KMS refuses", () => {
    expect(() => synth({ aliasName: "dynamodb/Book.Collection" })).toThrow(
      "test/Key: aliasName must be 1 to 250 characters of A-Z a-z 0-9 / _ -, got 'dynamodb/Book.Collection'",
    );
  });

  test("with operators, denies tampering and grants to anyone else, account root included", () => {
    const operators = { principalArns: ["arn:aws:iam::123456789012:role/platform-deployer"], principalTag: "dp:exclude:network" };
    const key = onlyResource(synth({ operators, preventDestroy: true }), "aws_kms_key");
    const [, tampering, grants] = JSON.parse(key.policy as string).Statement;
    const except = {
      ArnNotLikeIfExists: { "aws:PrincipalArn": operators.principalArns },
      StringNotEqualsIgnoreCaseIfExists: { "aws:PrincipalTag/dp:exclude:network": "true" },
    };
    expect(tampering).toEqual({
      Sid: "DenyKeyTamperingExceptOperators",
      Effect: "Deny",
      Principal: "*",
      Action: [...KEY_TAMPERING_ACTIONS],
      Resource: "*",
      Condition: except,
    });
    // A grant DynamoDB creates for a table carries kms:GrantIsForAWSResource true; a direct one does not.
    expect(grants.Condition).toEqual({ BoolIfExists: { "kms:GrantIsForAWSResource": "false" }, ...except });
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("without operators, no lock and no lifecycle block: as before", () => {
    const key = onlyResource(synth(), "aws_kms_key");
    expect(JSON.parse(key.policy as string).Statement).toHaveLength(1);
    expect(key.lifecycle).toBeUndefined();
  });

  test("throws if the lock names nobody: KMS would refuse a policy its writer cannot write again", () => {
    expect(() => synth({ operators: { principalArns: [] } })).toThrow(
      "test/Key: operators must name at least one principal ARN or a principal tag",
    );
  });
});
