import { readFileSync } from "node:fs";
import { InputError } from "../kernel/input-error";

/**
 * Reads and parses a JSON file. A missing file or malformed JSON is an
 * InputError naming the file and, for a syntax error, the line and column.
 */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read (${code ?? String(error)})`);
  }
  return parseJson(text, path);
}

/** Parses JSON text; `where` names its origin in errors. */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    if (at === null) throw new InputError(`${where}: invalid JSON (${message})`);
    const offset = Number(at[1]);
    const before = text.slice(0, offset).split("\n");
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    throw new InputError(
      `${where}:${line}:${column}: invalid JSON (${message.replace(/ in JSON at position \d+.*/, "")})`,
    );
  }
}
