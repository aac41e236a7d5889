import { renameSync, writeFileSync } from "node:fs";

/**
 * Writes JSON to `path` through a temporary file renamed into place, so an
 * interrupted run never leaves half a file and never destroys the old one.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2) + "\n");
  renameSync(temporary, path);
}
