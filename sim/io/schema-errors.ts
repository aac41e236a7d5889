import type { ErrorObject } from "ajv";

/** At most this many problems are listed; the rest are counted ("and 40 more"). */
export const MAX_LISTED_ERRORS = 10;

/**
 * Past this many nodes (checkJsonValue counts them) a value is validated for
 * its first problem only. With every error, ajv keeps an error object per
 * bad node, hundreds of bytes for the two bytes of a `1,` in a list: a
 * large bad file would cost hundreds of times its size.
 */
export const EVERY_ERROR_MAX_NODES = 10_000;

/** Of two compiled validators, the one for a value of `nodes` nodes: every error, or the first. */
export function validatorFor<V>(nodes: number, everyError: V, firstError: V): V {
  return nodes <= EVERY_ERROR_MAX_NODES ? everyError : firstError;
}

/**
 * Turns ajv's errors into one line each: the JSON path, the value found and
 * what was expected (`/crossbar/size = 48: expected one of 16, 32, 64`).
 * At most MAX_LISTED_ERRORS lines; a last line counts the others.
 */
export function describeSchemaErrors(errors: ErrorObject[], data: unknown): string[] {
  const lines = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "if") continue; // its branch reports the real problem
    const path = e.instancePath === "" ? "/" : e.instancePath;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case "additionalProperties":
        lines.add(`${join(path, String(p.additionalProperty))}: unknown key`);
        break;
      case "required":
        lines.add(`${join(path, String(p.missingProperty))}: missing`);
        break;
      default:
        lines.add(`${path} = ${show(valueAt(data, e.instancePath))}: expected ${expected(e)}`);
    }
  }
  const all = [...lines];
  if (all.length <= MAX_LISTED_ERRORS) return all;
  return [...all.slice(0, MAX_LISTED_ERRORS), `and ${all.length - MAX_LISTED_ERRORS} more`];
}

function expected(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "enum":
      return `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "type":
      return `${String(p.type)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${String(p.comparison)} ${String(p.limit)}`;
    default:
      return e.message ?? e.keyword;
  }
}

function join(path: string, key: string): string {
  return path === "/" ? `/${key}` : `${path}/${key}`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function show(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let s: string | undefined;
  try {
    s = JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? "[...]" : "{...}"; // nested too deeply to print (a RangeError)
  }
  return s === undefined ? "undefined" : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
