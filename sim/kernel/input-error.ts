/**
 * An error in what the user gave (a parameter, a config file, a trace line),
 * as opposed to a bug. Its message names the place (component path, JSON
 * path, file and line) and what was expected; the CLI prints it without a
 * stack trace and exits with status 2.
 */
export class InputError extends Error {
  override name = "InputError";
}
