// The core library: constructs, their props, and the pure policy documents.
// App-level helpers (config file, backend, provider range) are in "./app".
export * from "./validation-error";
export * from "./dynamodb/table-options";
export * from "./dynamodb/table";
export * from "./dynamodb/table-resource-policy";
export * from "./network/flow-log-options";
export * from "./network/private-vpc-options";
export * from "./network/network-options";
export * from "./network/private-vpc";
export * from "./network/gateway-endpoint";
export * from "./network/vpc-flow-log";
export * from "./kms/encryption-key";
export * from "./iam/policy-attachments";
export * from "./iam/managed-policy";
export * from "./iam/guard-policy";
export * from "./iam/access-grant";
export * from "./policies/document";
export * from "./policies/actions";
export * from "./policies/identity-policies";
export * from "./policies/endpoint-policy";
export * from "./policies/resource-policies";
export * from "./policies/organization-policy";
export * from "./policies/key-policy";
export * from "./policies/flow-log-policies";
export * from "./isolation/props";
export * from "./isolation/dynamodb-isolation";
