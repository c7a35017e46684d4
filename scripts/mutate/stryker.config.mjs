// `npm run mutate`: Stryker over the policy builders and the validation rules.
// Kept out of `npm test` (it runs the behaviour suites once per mutant); the
// score and the surviving mutants are printed and written to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "jest",
  jest: { configFile: "scripts/mutate/jest.config.cjs", enableFindRelatedTests: false },
  // perTest runs each mutant against the tests that executed it. Code a suite runs while it loads
  // (access-matrix.test.ts builds its world at the top) is not counted for that suite when a test
  // elsewhere also executes it, so a survivor may be a false one: confirm it against every suite,
  // e.g. STRYKER_MUTATE=modules/policies/key-policy.ts:73-81 npm run mutate -- --coverageAnalysis all
  coverageAnalysis: "perTest",
  // Code that runs while test files load (module constants, describe bodies)
  // is "static" to Stryker: each such mutant reruns every suite (about 30 s).
  // They are reported as ignored, never as killed; `npm run mutate --
  // --ignoreStatic false` runs them too (hours on 2 cores).
  ignoreStatic: true,
  // STRYKER_MUTATE=<file>[,<file>] narrows a run, e.g. to one file at a time.
  mutate: process.env.STRYKER_MUTATE?.split(",") ?? [
    "modules/policies/**/*.ts",
    "modules/dynamodb/table-rules.ts",
    "modules/dynamodb/table-feature-rules.ts",
    "modules/isolation/validate.ts",
    "modules/isolation/validate-resource-policy.ts",
    "modules/isolation/size-budget.ts",
  ],
  ignorePatterns: ["cdktf.out", "lib", "reports", "bench/standard-template", "**/.terraform"],
  concurrency: 2,
  timeoutMS: 60000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: `reports/mutation/${process.env.STRYKER_REPORT ?? "mutation"}.json` },
  htmlReporter: { fileName: `reports/mutation/${process.env.STRYKER_REPORT ?? "mutation"}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
