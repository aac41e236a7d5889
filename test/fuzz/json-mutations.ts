import fc from "fast-check";

/**
 * Mutations of a valid JSON value: a field deleted, retyped, made huge or
 * negative, a number given as a string ("NaN", "1e999"), a list grown or
 * emptied, a key renamed or added (`__proto__` included), a value nested
 * deeply. Each case applies one to four of them at nodes picked by index
 * among all the value's nodes, so every field of the example gets its turn.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Key = string | number;

/** `[[[...]]]`, `depth` levels: deeper than any reader's recursion should go. */
export function nested(depth: number): Json {
  let value: Json = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Values that break readers: wrong types, extremes, numbers as strings, huge and deep ones. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, -0, 0.5, 1.5, 3) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      1e308,
      -1e308,
      2 ** 53 + 1,
      2 ** 31,
      2 ** 32,
      1e9,
      -(2 ** 31),
      Number.MAX_SAFE_INTEGER,
      NaN,
      Infinity,
      -Infinity,
    ),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      "",
      "NaN",
      "Infinity",
      "-Infinity",
      "1e999",
      "8",
      "-1",
      "0x10",
      "null",
      "\u0000",
      "\uFEFF",
      "__proto__",
      "constructor",
      "../../etc/passwd",
    ),
  },
  { weight: 3, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.double() },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [[]], [null], { "": {} }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map((n) => "x".repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => nested(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 10_000 }).map((n) => new Array(n).fill(0)) },
);

/** A grown list stops at about this many items (the large inputs are the memory test's). */
const MAX_GROWN = 10_000;

const kinds = ["delete", "replace", "replace", "grow", "empty", "wrap", "addKey", "renameKey"];

export interface JsonMutation {
  /** The node: an index into all the value's nodes (taken modulo their count). */
  at: number;
  kind: string;
  value: unknown;
  /** Repetitions for `grow`; a key for `addKey`. */
  times: number;
  key: string;
}

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom(...kinds),
  value: nastyValue,
  times: fc.integer({ min: 2, max: 40 }),
  key: fc.oneof(
    fc.constantFrom("__proto__", "constructor", "", "Dim", "weightbits", "x"),
    fc.string({ maxLength: 8 }),
  ),
});

/** Paths to the nodes of `value`, root first, at most `limit` and `depth` deep (values may be huge). */
function nodePaths(value: unknown, limit = 10_000, depth = 32): Key[][] {
  const out: Key[][] = [];
  const stack: Array<[unknown, Key[]]> = [[value, []]];
  while (stack.length > 0 && out.length < limit) {
    const [node, path] = stack.pop()!;
    out.push(path);
    if (path.length >= depth) continue;
    if (Array.isArray(node)) node.forEach((child, i) => stack.push([child, [...path, i]]));
    else if (node !== null && typeof node === "object") {
      for (const [k, child] of Object.entries(node)) stack.push([child, [...path, k]]);
    }
  }
  return out;
}

/** The nodes under `value` (itself included), counted up to `limit`. */
function nodeCount(value: unknown, limit = MAX_GROWN): number {
  let count = 0;
  const stack = [value];
  while (stack.length > 0 && count < limit) {
    const node = stack.pop();
    count++;
    if (node !== null && typeof node === "object") stack.push(...Object.values(node));
  }
  return count;
}

type Container = Record<Key, unknown>;

function set(parent: Container, key: Key, value: unknown): void {
  // defineProperty: a key "__proto__" becomes an own key, as JSON.parse makes it
  Object.defineProperty(parent, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** Applies one mutation; returns the new root (the root itself may be replaced). */
function applyOne(root: unknown, m: JsonMutation): unknown {
  const paths = nodePaths(root);
  const path = paths[m.at % paths.length]!;
  let parent: Container | undefined;
  let node = root;
  for (const key of path) {
    parent = node as Container;
    node = parent[key];
  }
  const key = path[path.length - 1];
  const replace = (value: unknown): unknown => {
    if (parent === undefined || key === undefined) return value;
    set(parent, key, value);
    return root;
  };
  switch (m.kind) {
    case "delete":
      if (parent === undefined || key === undefined) return m.value;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return root;
    case "grow": {
      // Copies are shared, not cloned (a node may be nested too deeply to clone), and stop at
      // about MAX_GROWN nodes in all.
      const times = Math.max(2, Math.min(m.times, Math.floor(MAX_GROWN / nodeCount(node))));
      if (!Array.isArray(node)) return replace(new Array<unknown>(times).fill(node));
      const copy = [...node];
      for (let i = 1; i < times; i++) for (const item of copy) node.push(item);
      return root;
    }
    case "empty":
      return replace(Array.isArray(node) ? [] : typeof node === "string" ? "" : {});
    case "wrap":
      return replace(m.times % 2 === 0 ? [node] : { [m.key]: node });
    case "addKey":
      if (node !== null && typeof node === "object" && !Array.isArray(node)) {
        set(node as Container, m.key, m.value);
        return root;
      }
      return replace(m.value);
    case "renameKey":
      if (parent !== undefined && typeof key === "string") {
        delete parent[key];
        set(parent, key.toUpperCase() === key ? `${key} ` : key.toUpperCase(), node);
        return root;
      }
      return replace(m.value);
    default:
      return replace(m.value);
  }
}

/** A valid example with one to four mutations applied (the example is not modified). */
export function mutatedJson(example: unknown): fc.Arbitrary<unknown> {
  return fc
    .array(jsonMutation, { minLength: 1, maxLength: 4 })
    .map((mutations) => mutations.reduce(applyOne, structuredClone(example)));
}

/** Some of the examples verbatim, most of them mutated. */
export function jsonCases(examples: readonly unknown[]): fc.Arbitrary<unknown> {
  const example = fc.constantFrom(...examples);
  return fc.oneof(
    { weight: 1, arbitrary: example },
    { weight: 12, arbitrary: example.chain(mutatedJson) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  );
}
