import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { InputError } from "../../sim/kernel/input-error";

/**
 * The fuzzing suite's property (issue 16): a reader given anything either
 * parses it or throws the project's InputError with a location (the file,
 * the line or the JSON path in the message); never any other exception, and
 * never more than MEMORY_FACTOR x the input in memory.
 */

/** Every property runs with this seed, so a failure is the same on every machine. */
export const SEED = 20261204;

/** A reader may hold this many times its input's size (or MEMORY_FLOOR_BYTES, if more). */
export const MEMORY_FACTOR = 50;
/** Below this, memory growth is noise (caches, compiled code, ajv's first use). */
export const MEMORY_FLOOR_BYTES = 32 * 2 ** 20;

/** The options of every fc.assert: the fixed seed and the number of cases. */
export function runs(numRuns: number): { seed: number; numRuns: number; endOnFailure: boolean } {
  // endOnFailure: shrinking re-runs the reader hundreds of times; the first counterexample is enough
  return { seed: SEED, numRuns, endOnFailure: true };
}

/** What an error must name: a string it contains, or a pattern it matches. */
export type Location = string | RegExp;

/**
 * Counts the cases a reader was given and how each ended, and checks each
 * ending: a result, or an InputError whose message names `location`.
 * Anything else is rethrown (with the original as its cause), which fails
 * the property.
 */
export class Tally {
  parsed = 0;
  refused = 0;
  private readonly extra: string[] = [];

  constructor(readonly reader: string) {}

  /** Runs `read`; returns its result, or undefined when it refused the input as it should. */
  check<T>(read: () => T, location: Location): T | undefined {
    try {
      const result = read();
      this.parsed++;
      return result;
    } catch (error) {
      this.refusal(error, location);
      return undefined;
    }
  }

  /** `check` for an asynchronous reader. */
  async checkAsync<T>(read: () => Promise<T>, location: Location): Promise<T | undefined> {
    try {
      const result = await read();
      this.parsed++;
      return result;
    } catch (error) {
      this.refusal(error, location);
      return undefined;
    }
  }

  /** Adds a line to the summary (e.g. the memory cases). */
  note(line: string): void {
    this.extra.push(line);
  }

  /** One line per reader in the test output. */
  report(): void {
    const cases = this.parsed + this.refused;
    const lines = [
      `fuzz ${this.reader}: ${cases} cases (seed ${SEED}): ${this.parsed} parsed, ` +
        `${this.refused} refused with a located InputError`,
      ...this.extra.map((line) => `  ${line}`),
    ];
    console.log(lines.join("\n"));
  }

  private refusal(error: unknown, location: Location): void {
    if (!(error instanceof InputError)) {
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(`${this.reader}: not an InputError: ${what.slice(0, 500)}`, { cause: error });
    }
    const located =
      typeof location === "string"
        ? error.message.includes(location)
        : location.test(error.message);
    if (!located) {
      throw new Error(
        `${this.reader}: an InputError without its location (${String(location)}): ` +
          error.message.slice(0, 500),
      );
    }
    this.refused++;
  }
}

/** A regular expression matching `text` literally. */
export function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A piece of JSON text already written, on jsonText's stack. */
class Token {
  constructor(readonly text: string) {}
}

/**
 * JSON.stringify, without recursion for values nested too deeply for it
 * (then undefined and functions are written as null, even as values of keys).
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null"; // fast, when the stack allows
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Token) {
      out.push(item.text);
    } else if (Array.isArray(item)) {
      stack.push(new Token("]"));
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i], new Token(i > 0 ? "," : ""));
      stack.push(new Token("["));
    } else if (item !== null && typeof item === "object") {
      const entries = Object.entries(item).reverse();
      stack.push(new Token("}"));
      entries.forEach(([key, child], i) => {
        stack.push(child, new Token(`${i < entries.length - 1 ? "," : ""}${JSON.stringify(key)}:`));
      });
      stack.push(new Token("{"));
    } else {
      out.push(JSON.stringify(item) ?? "null");
    }
  }
  return out.join("");
}

let collect: (() => void) | null | undefined;

/** V8's garbage collector, exposed for this process (a coarse measure needs a clean start). */
function gc(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = null; // without it the measure is coarser still, and the floor absorbs it
    }
  }
  collect?.();
}

/** The JavaScript heap in use plus the memory of ArrayBuffers (typed arrays, Buffers). */
function memoryInUse(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Memory growth while `read` runs, with its result kept alive: the heap and
 * the ArrayBuffers after a collection, then (sampled while an asynchronous
 * reader awaits) until the reader has returned, without collecting, so its
 * garbage counts too. Coarse, but an allocation of many times the
 * input shows. The reader's ending is checked by `tally` as in any case.
 */
export async function memoryGrowth(
  tally: Tally,
  read: () => unknown,
  location: Location,
): Promise<number> {
  gc();
  const before = memoryInUse();
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, memoryInUse());
  }, 5);
  try {
    const result: unknown = await tally.checkAsync(async () => read(), location);
    peak = Math.max(peak, memoryInUse());
    void result;
  } finally {
    clearInterval(sample);
  }
  return peak - before;
}

/** The memory a reader may take for an input of `bytes`. */
export function memoryLimit(bytes: number): number {
  return Math.max(MEMORY_FACTOR * bytes, MEMORY_FLOOR_BYTES);
}

/**
 * Runs each large input through the reader and expects its memory growth
 * within the limit; notes every case in the tally's summary.
 */
export async function expectBoundedMemory(
  tally: Tally,
  cases: ReadonlyArray<{ name: string; bytes: number; read: () => unknown; location: Location }>,
): Promise<void> {
  const over: string[] = [];
  for (const c of cases) {
    const growth = await memoryGrowth(tally, c.read, c.location);
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    tally.note(
      `memory: ${c.name}: ${mb(c.bytes)} MB in, memory +${mb(growth)} MB (limit ${mb(memoryLimit(c.bytes))} MB)`,
    );
    if (growth > memoryLimit(c.bytes)) over.push(`${c.name}: +${mb(growth)} MB`);
  }
  expect(over).toEqual([]);
}

/** A temporary folder for a suite's files, removed after the suite, whose tally is then reported. */
export function suiteFolder(name: string, tally: { report(): void }): string {
  const dir = mkdtempSync(join(tmpdir(), `autorac-fuzz-${name}-`));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    tally.report();
  });
  return dir;
}
