// Lint rules for the library, its app entry, tests and scripts: typescript-eslint's recommended
// rules, no import cycles, and functions short enough to read at once.
import tseslint from "typescript-eslint";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

export default tseslint.config(
  {
    ignores: ["lib/**", "cdktf.out/**", "node_modules/**", "coverage/**", "reports/**", ".stryker-tmp/**", "**/*.d.ts", "bench/results/**"],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })] },
    rules: {
      // Type-only imports count: a cycle of types is still two files that cannot be read apart.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Loaded with `node -r` before any TypeScript runs, so CommonJS by necessity.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // A test's describe block holds its cases; the length limit is for the code under test.
    files: ["__tests__/**/*.ts", "test-support/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: { "max-lines-per-function": "off" },
  },
);
