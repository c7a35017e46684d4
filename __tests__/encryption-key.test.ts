import { EncryptionKey, EncryptionKeyProps } from "../modules";
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
});
