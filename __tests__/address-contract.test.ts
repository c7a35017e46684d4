import { SEED_STACK_NAME, StackConfig, seedConfig } from "../modules/app";
import { CONTRACT, VARIANTS } from "../test-support/address-contract";
import { allDocs, quoted } from "../test-support/docs";
import { TerraformJson, addressesOf, synthConfig } from "../test-support/synth";

const seed = seedConfig().stacks[SEED_STACK_NAME];
/** Each config synthesized once, however many tests read it. */
const synthesized = new Map<StackConfig, TerraformJson>();
const synth = (stack: StackConfig): TerraformJson =>
  synthesized.get(stack) ?? synthesized.set(stack, synthConfig({ stacks: { [SEED_STACK_NAME]: stack } })[SEED_STACK_NAME]).get(stack)!;
const addresses = (stack: StackConfig) => addressesOf(synth(stack));

describe("address contract", () => {
  test("the default config has exactly the contracted addresses", () => {
    expect(addresses(seed)).toEqual(CONTRACT);
  });

  test.each(VARIANTS)("%s moves no address", (_change, stack, removedOnPurpose) => {
    const after = addresses(stack);
    // Every contracted address is still there, unless the change removes it on purpose ...
    expect(CONTRACT.filter((a) => !removedOnPurpose.includes(a) && !after.includes(a))).toEqual([]);
    // ... and what it removes is really gone (the list above is not stale).
    expect(removedOnPurpose.filter((a) => after.includes(a))).toEqual([]);
  });

  test("the table keeps its address and refuses to be destroyed in every variant", () => {
    for (const [, stack] of VARIANTS) {
      const table = synth(stack).resource!.aws_dynamodb_table.Isolation_Table_F283C2B4;
      expect(table).toBeDefined();
      expect((table.lifecycle as Record<string, unknown>).prevent_destroy).toBe(true);
    }
  });

  test("prevent_destroy is an explicit opt-out", () => {
    const tf = synthConfig({ stacks: { [SEED_STACK_NAME]: { ...seed, table: { ...seed.table!, preventDestroy: false } } } })[
      SEED_STACK_NAME
    ];
    expect((tf.resource!.aws_dynamodb_table.Isolation_Table_F283C2B4.lifecycle as Record<string, unknown>).prevent_destroy).toBe(false);
  });

  test("the README quotes the contract's size", () => {
    expect(quoted(allDocs(), /holds the (\d+) addresses/g)).toEqual([CONTRACT.length]);
  });
});
