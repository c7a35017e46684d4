import { join } from "path";
import * as ts from "typescript";

/**
 * Type-checks several tsconfig projects in one process, as `tsc --noEmit
 * --incremental` would each (build info under node_modules/.cache/tsc, so only
 * what changed is checked again), with each source file parsed once and
 * shared by every program: the provider bindings' declaration files are most
 * of the work, and every project reads them.
 *
 * Usage: node -r ./scripts/register-ts.cjs test-support/typecheck-projects.ts <tsconfig>...
 * Prints a JSON object: each project's diagnostics as tsc formats them, "" when there are none.
 */
const ROOT = join(__dirname, "..");
const shared = new Map<string, ts.SourceFile | undefined>();
const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };

function check(project: string): string {
  const buildInfo = join(ROOT, "node_modules", ".cache", "tsc", `${project}.tsbuildinfo`);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, project),
    { noEmit: true, incremental: true, tsBuildInfoFile: buildInfo },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${project}`);
  const host = ts.createIncrementalCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!shared.has(key)) shared.set(key, read(fileName, languageVersion, onError, shouldCreate));
    return shared.get(key);
  };
  const program = ts.createIncrementalProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    host,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
  });
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  // With noEmit, this writes only the build info.
  program.emit();
  return ts.formatDiagnostics(diagnostics, formatHost);
}

const projects = process.argv.slice(2);
if (projects.length === 0) throw new Error("usage: typecheck-projects.ts <tsconfig>...");
console.log(JSON.stringify(Object.fromEntries(projects.map((p) => [p, check(p)]))));
