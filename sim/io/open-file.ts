import { openSync } from "node:fs";
import { InputError } from "../kernel/input-error";

/** Opens a file for reading; a missing or unreadable file is an InputError naming it and the reason. */
export function openForReading(path: string): number {
  try {
    return openSync(path, "r");
  } catch (error) {
    throw new InputError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}
