import { existsSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "../../sim/kernel/input-error";

/**
 * The files a queue job may name, and how a name becomes a path on a worker.
 *
 * A job comes from whoever can write to the Redis queue, so it names files
 * only relative to the directories the worker was started with (`autorac
 * worker --data-dir D`): a relative name without "..", resolved under each
 * directory in turn, whose real path (symbolic links followed) must stay
 * inside that directory's real path and be a regular file. Every refusal
 * says the same thing, so a job learns nothing about what exists on the
 * worker; nothing is opened before the name has passed.
 */

/** The longest name a job may give (PATH_MAX on Linux). */
const MAX_NAME = 4096;

/** `name` (what the job calls it, e.g. "checkpoint") resolved under one of `dirs`. */
export function resolveJobFile(name: unknown, dirs: readonly string[], what: string): string {
  const refused = () =>
    new InputError(
      `job payload: /loss/${what}: not a file under the worker's --data-dir (expected a relative name without "..", no link out of the directory)`,
    );
  if (!isPlainRelativeName(name)) throw refused();
  for (const dir of dirs) {
    const root = realpathSync(dir);
    const candidate = join(root, name);
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (!real.startsWith(root + sep) || !statSync(real).isFile()) throw refused();
    return real;
  }
  throw refused();
}

function isPlainRelativeName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name.length > 0 &&
    name.length <= MAX_NAME &&
    !name.includes("\0") &&
    !name.includes("\\") &&
    !isAbsolute(name) &&
    !name.split("/").includes("..")
  );
}

/** A worker's --data-dir list, checked: each an existing directory, kept as its real path. */
export function checkDataDirs(dirs: readonly string[]): string[] {
  return dirs.map((dir) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new InputError(`--data-dir ${dir}: not a directory`);
    return realpathSync(dir);
  });
}

/**
 * The search's side: `path` as the name a worker resolves, relative to
 * `dataDir` (the search's --data-dir, the directory every worker was given).
 */
export function nameUnder(path: string, dataDir: string, flag: string): string {
  const name = relative(resolve(dataDir), resolve(path)).split(sep).join("/");
  if (name === "" || name === ".." || name.startsWith("../") || isAbsolute(name)) {
    throw new InputError(
      `${flag} ${path}: not under --data-dir ${dataDir}; queue workers read only files under their --data-dir, named relative to it`,
    );
  }
  return name;
}
