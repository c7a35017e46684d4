import { Principals } from "../iam/policy-attachments";

/** An IAM user, role or group of the app (`IamUser`, `IamRole`, `IamGroup`): anything with a `name`. */
export interface INamedPrincipal {
  /** The principal's name, usually a reference to the resource's `name` attribute. */
  readonly name: string;
}

/** Principals by name, or the app's own IAM resources. */
export interface PrincipalRefs {
  /** @default - none */
  readonly users?: ReadonlyArray<string | INamedPrincipal>;
  /** @default - none */
  readonly roles?: ReadonlyArray<string | INamedPrincipal>;
  /** @default - none */
  readonly groups?: ReadonlyArray<string | INamedPrincipal>;
}

/** The names of the principals; a resource's name is a reference, never a construct id (`PolicyAttachments`). */
export function principalNames(refs: PrincipalRefs): Principals {
  const names = (list?: ReadonlyArray<string | INamedPrincipal>) => list?.map((p) => (typeof p === "string" ? p : p.name));
  return { users: names(refs.users), roles: names(refs.roles), groups: names(refs.groups) };
}
