// App-level helpers, for a cdktf app's main.ts: the config file, stack settings (backend, provider range).
export * from "./config";
export * from "./config-schema";
export * from "./stack-settings";
export * from "./organization";
export * from "./route-tables";
export * from "./shared-endpoints";
