/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Only files named *.test.ts are tests; helpers live in test-support/.
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  // tsconfig sets isolatedModules, so ts-jest only transpiles; `tsc --noEmit`
  // runs once as its own test instead of in every worker.
  transform: { "^.+\\.ts$": "ts-jest" },
  // The plan gate runs Terraform in child processes; a second worker runs
  // the other suites meanwhile (on 2 cores jest would default to one).
  maxWorkers: 2,
  // Makes cdktf's token creation stacks cheap under jest (see the file).
  setupFiles: ["<rootDir>/test-support/jest-setup.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/cdktf.out/", "<rootDir>/.stryker-tmp/"],
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out/", "<rootDir>/.stryker-tmp/"],
};
