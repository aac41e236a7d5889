import type { ErrorObject } from "ajv";

/**
 * Turns ajv's errors into one line each: the JSON path, the value found and
 * what was expected (`/crossbar/size = 48: expected one of 16, 32, 64`).
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
  return [...lines];
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
  const s = JSON.stringify(value);
  return s === undefined ? "undefined" : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
