import { accessSync, constants, readdirSync, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import { InputError } from "../kernel/input-error";

/**
 * Output paths checked before the work starts, so that a run of an hour
 * does not end in "ENOENT" with nothing written: the folder must exist and
 * be writable, and the path must not be a directory.
 */
export function checkOutputFile(path: string | undefined, flag: string): void {
  if (path === undefined) return;
  if (statOf(path)?.isDirectory() === true)
    throw new InputError(`${flag} ${path}: is a directory; expected a file name`);
  checkWritableFolder(dirname(path), `${flag} ${path}`);
}

/**
 * An output folder (created by the run if missing): its parent must exist
 * and be writable, and the path must not be a file. Results already there
 * are refused unless `overwrite` (a --force or --resume) allows them.
 */
export function checkOutputFolder(
  path: string,
  flag: string,
  keep: { overwrite: boolean; results: readonly string[]; allow: string },
): void {
  const stats = statOf(path);
  if (stats === null) return checkWritableFolder(dirname(path), `${flag} ${path}`);
  if (!stats.isDirectory()) throw new InputError(`${flag} ${path}: is a file; expected a folder`);
  checkWritableFolder(path, `${flag} ${path}`);
  const found = readdirSync(path).filter((f) => keep.results.includes(f));
  if (found.length > 0 && !keep.overwrite) {
    throw new InputError(
      `${flag} ${path}: holds the results of an earlier run (${found.join(", ")}); ${keep.allow}, or choose another folder`,
    );
  }
}

function checkWritableFolder(folder: string, what: string): void {
  const stats = statOf(folder);
  if (stats === null || !stats.isDirectory())
    throw new InputError(`${what}: the folder ${folder} does not exist`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new InputError(`${what}: the folder ${folder} is not writable`);
  }
}

function statOf(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
