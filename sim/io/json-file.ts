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

/**
 * Parses JSON text; `where` names its origin in errors. A byte-order mark
 * (which some editors write) is skipped; the value is checked by
 * checkJsonValue.
 */
export function parseJson(text: string, where: string): unknown {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    if (at === null) throw new InputError(`${where}: invalid JSON (${message})`);
    const offset = Number(at[1]);
    const before = body.slice(0, offset).split("\n");
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    throw new InputError(
      `${where}:${line}:${column}: invalid JSON (${message.replace(/ in JSON at position \d+.*/, "")})`,
    );
  }
  checkJsonValue(value, where);
  return value;
}

/**
 * How deep a JSON value may nest. autorac's files nest a few levels; a value
 * nested thousands deep overflows the stack of whatever copies, validates or
 * prints it (structuredClone, JSON.stringify) with a RangeError.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Checks what every JSON reader assumes of a value before it copies or
 * validates it: nesting at most MAX_JSON_DEPTH deep, and every number finite
 * (JSON text gives Infinity for `1e999`; a value built in code may hold
 * NaN). A violation is an InputError naming `where` and the JSON path.
 * Iterative, holding one frame per level, so any value can be checked in
 * little memory. Returns the number of nodes.
 */
export function checkJsonValue(value: unknown, where: string): number {
  checkNumber(value, where, []);
  if (!isContainer(value)) return 1;
  let nodes = 1;
  const stack: Frame[] = [frame(value, "")];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.length) {
      stack.pop();
      continue;
    }
    const index = top.next++;
    const key = top.keys === null ? String(index) : top.keys[index]!;
    const child = (top.node as Record<string, unknown>)[key];
    nodes++;
    checkNumber(child, where, stack, key);
    if (!isContainer(child)) continue;
    if (stack.length >= MAX_JSON_DEPTH) {
      throw new InputError(
        `${where}: ${jsonPointer(stack, key)}: nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
    stack.push(frame(child, key));
  }
  return nodes;
}

/** An array or object being walked: its keys (null for an array's indices) and the next to visit. */
interface Frame {
  node: object;
  keys: readonly string[] | null;
  length: number;
  next: number;
  key: string;
}

function frame(node: object, key: string): Frame {
  if (Array.isArray(node)) return { node, keys: null, length: node.length, next: 0, key };
  const keys = Object.keys(node);
  return { node, keys, length: keys.length, next: 0, key };
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === "object";
}

function checkNumber(value: unknown, where: string, stack: readonly Frame[], key?: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new InputError(
      `${where}: ${jsonPointer(stack, key)} = ${value}: expected a finite number`,
    );
  }
}

/** The JSON Pointer of the child `key` of the innermost frame ("/" for the root). */
function jsonPointer(stack: readonly Frame[], key: string | undefined): string {
  const keys = [...stack.slice(1).map((f) => f.key), ...(key === undefined ? [] : [key])];
  if (keys.length === 0) return "/";
  return keys.map((k) => `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
