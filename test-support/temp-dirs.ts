import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/**
 * Temporary directories a test file makes, removed together by the file's
 * `afterAll(dirs.remove)`: a test run leaves nothing behind in the system's
 * temporary directory.
 */
export function tempDirs(): { make(prefix: string): string; keep(dir: string): string; remove(): void } {
  const made: string[] = [];
  return {
    make: (prefix) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    keep: (dir) => {
      made.push(dir);
      return dir;
    },
    remove: () => {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
