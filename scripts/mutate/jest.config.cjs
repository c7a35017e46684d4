/**
 * The jest configuration `npm run mutate` runs each mutant against.
 *
 * Snapshot matchers always pass here, so a mutant counts as killed only when a
 * behaviour test notices it: a snapshot shows that output changed, not that
 * the change is wrong. Suites that run Terraform, the TypeScript compiler or
 * the cdktf CLI are left out: they test the tools' integration, cost most of
 * `npm test`'s time and are not where a policy rule is checked.
 */
const base = require("../../jest.config.js");

module.exports = {
  ...base,
  rootDir: "../..",
  setupFilesAfterEnv: ["<rootDir>/scripts/mutate/snapshots-pass.ts"],
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    "/__tests__/plan-gate\\.test\\.ts$",
    "/__tests__/hcl-output\\.test\\.ts$",
    "/__tests__/typecheck\\.test\\.ts$",
    "/__tests__/readme-samples\\.test\\.ts$",
    "/__tests__/package-check-compare\\.test\\.ts$",
    "/__tests__/import-cycles\\.test\\.ts$",
    "/__tests__/no-barrel-import\\.test\\.ts$",
  ],
};
