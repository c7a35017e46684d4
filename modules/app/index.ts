/**
 * The app entry, for a cdktf app's `main.ts`: the config file (`loadConfig`, `parseConfig`) and the
 * stack settings (`addBackend`, `requireProvider`).
 *
 * @packageDocumentation
 * @module dynamodb-network-isolation/app
 */
// The app entry's public API, for a cdktf app's main.ts: the config file and the stack settings
// (backend, provider range). api/app.api.md records this surface. The config's schema, its rules,
// the organization's SCPs and the checks across stacks are internal.
export { CONFIG_ENV, DEFAULT_CONFIG_FILE, SEED_STACK_NAME, loadConfig, parseConfig, seedConfig } from "./config";
export type { IsolationConfig, LoadedConfig, OrganizationConfig, ReplicaConfig, StackConfig } from "./config";
export { BINDINGS_PROVIDER_VERSION, DEFAULT_PROVIDER_CONSTRAINT, addBackend, requireProvider } from "./stack-settings";
export type { AssumeRoleSettings, BackendSettings, ProviderSettings, S3BackendSettings } from "./stack-settings";
