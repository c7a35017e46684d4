import { realpathSync } from "fs";
import { createRequire } from "module";
import { dirname, join, relative } from "path";

/**
 * Whether an app loads one copy of its framework: the library's
 * `require("cdktf")` and `require("@cdktf/provider-aws/lib/...")` must land
 * on the files the app's own imports load. Two copies synthesize the same
 * JSON (tokens live in a process-wide map) but break `instanceof` across
 * them: the library would no longer recognise the app's providers.
 */

/** The package names an app imports its framework by. */
export interface Framework {
  readonly core: string;
  readonly provider: string;
}

export const CDKTF: Framework = { core: "cdktf", provider: "@cdktf/provider-aws" };
export const CDKTN: Framework = { core: "cdktn", provider: "@cdktn/provider-aws" };

export const LIBRARY = "dynamodb-network-isolation";
/** A provider class every app uses, and the base class the library checks it against. */
const PROVIDER_MODULE = "lib/provider";

export interface OneCopy {
  readonly problems: string[];
  readonly notes: string[];
}

export function checkOneCopy(appDir: string, framework: Framework): OneCopy {
  const problems: string[] = [];
  const notes: string[] = [];
  let unresolved = false;
  const fromApp = createRequire(join(appDir, "package.json"));
  const libraryDir = dirname(realpathSync(fromApp.resolve(`${LIBRARY}/package.json`)));
  const fromLibrary = createRequire(join(libraryDir, "package.json"));
  const where = (path: string) => relative(appDir, path);
  const real = (req: NodeRequire, request: string): string | undefined => {
    try {
      return realpathSync(req.resolve(request));
    } catch (e) {
      unresolved = true;
      problems.push(`cannot resolve '${request}': ${(e as Error).message.split("\n")[0]}`);
      return undefined;
    }
  };
  const same = (a: [NodeRequire, string, string], b: [NodeRequire, string, string]) => {
    const [pathA, pathB] = [real(a[0], a[1]), real(b[0], b[1])];
    if (pathA === undefined || pathB === undefined) return;
    if (pathA === pathB) notes.push(`${a[2]} '${a[1]}' and ${b[2]} '${b[1]}' load ${where(pathA)}`);
    else problems.push(`${a[2]} '${a[1]}' loads ${where(pathA)} but ${b[2]} '${b[1]}' loads ${where(pathB)}: two copies`);
  };

  // What the library requires is what the app's own imports load.
  same([fromLibrary, CDKTF.core, "the library's"], [fromApp, framework.core, "the app's"]);
  same(
    [fromLibrary, `${CDKTF.provider}/${PROVIDER_MODULE}`, "the library's"],
    [fromApp, `${framework.provider}/${PROVIDER_MODULE}`, "the app's"],
  );
  same([fromLibrary, "constructs", "the library's"], [fromApp, "constructs", "the app's"]);
  // Code written for the other name (the docs' samples import cdktf) loads the same copy too.
  if (framework !== CDKTF) {
    same([fromApp, CDKTF.core, "the app's"], [fromApp, framework.core, "the app's"]);
    same(
      [fromApp, `${CDKTF.provider}/${PROVIDER_MODULE}`, "the app's"],
      [fromApp, `${framework.provider}/${PROVIDER_MODULE}`, "the app's"],
    );
  }
  if (unresolved) return { problems, notes };

  // The check the library itself makes: the app's provider is a TerraformProvider of the library's framework.
  const { TerraformProvider } = fromLibrary(CDKTF.core) as { TerraformProvider: abstract new (...args: never[]) => unknown };
  const { AwsProvider } = fromApp(`${framework.provider}/${PROVIDER_MODULE}`) as {
    AwsProvider: abstract new (...args: never[]) => unknown;
  };
  if (AwsProvider.prototype instanceof TerraformProvider)
    notes.push(`the app's AwsProvider is an instance of the library's TerraformProvider`);
  else problems.push(`the app's AwsProvider (${framework.provider}) is not an instance of the library's TerraformProvider: two copies`);
  return { problems, notes };
}
