import { appendFileSync, existsSync, statSync } from "node:fs";
import { writeFileAtomic } from "../../sim/io/atomic-file";
import { checkJsonValue } from "../../sim/io/json-file";
import { InputError } from "../../sim/kernel/input-error";
import { readLines } from "../../traces/line-reader";
import type { Measured } from "./evolution";

export const JOURNAL_FORMAT = "autorac.search-journal.v2";

/**
 * The search's journal: a JSON Lines file with the settings, then one line
 * per finished evaluation (candidate key, loss, metrics), appended the moment
 * it finishes. A search killed at any point loses nothing it finished: run it
 * again with the journal and it replays the same seeded algorithm, taking
 * every evaluation it already has from the journal, so it continues to the
 * same result as an uninterrupted run.
 */
export class SearchJournal {
  private readonly done = new Map<string, Measured>();
  /** Evaluations read from an earlier run. */
  readonly resumed: number;

  private constructor(
    readonly path: string,
    settings: unknown,
    resume: boolean,
  ) {
    const header = JSON.stringify({ format: JOURNAL_FORMAT, settings });
    if (existsSync(path) && !statSync(path).isFile()) {
      throw new InputError(`${path}: not a file: expected a search journal (a JSON Lines file)`);
    }
    if (!resume || !existsSync(path)) {
      if (existsSync(path)) {
        throw new InputError(
          `${path}: a journal exists already: resume it (--resume) or choose another file`,
        );
      }
      appendFileSync(path, header + "\n");
      this.resumed = 0;
      return;
    }
    let cut: number | null = null;
    let headerSeen = false;
    for (const { line, lineNumber } of readLines(path)) {
      if (line.trim() === "") continue;
      if (cut !== null)
        throw new InputError(
          `${path}:${cut}: a damaged line before the end; the journal cannot be trusted`,
        );
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        // The last line of a killed run may be cut short: it is dropped (evaluated again). A cut
        // header is the start of this one; anything else is not a journal.
        if (!headerSeen && !header.startsWith(line)) throw notAJournal(path, lineNumber, header);
        cut = lineNumber;
        continue;
      }
      checkJsonValue(value, `${path}:${lineNumber}`);
      if (!headerSeen) {
        checkHeader(value, header, `${path}:${lineNumber}`);
        headerSeen = true;
        continue;
      }
      const { key, ...measured } = journalRecord(value, `${path}:${lineNumber}`);
      this.done.set(key, measured);
    }
    // Rewritten whole (atomically): without a line cut short, each record
    // once, and ending in a newline so that new records start a line.
    const entries = [...this.done].map(([key, m]) => JSON.stringify({ key, ...m }));
    writeFileAtomic(path, [header, ...entries].join("\n") + "\n");
    this.resumed = this.done.size;
  }

  static open(path: string, settings: unknown, resume: boolean): SearchJournal {
    return new SearchJournal(path, settings, resume);
  }

  get(key: string): Measured | undefined {
    return this.done.get(key);
  }

  record(key: string, measured: Measured): void {
    this.done.set(key, measured);
    appendFileSync(this.path, JSON.stringify({ key, ...measured }) + "\n");
  }
}

function notAJournal(path: string, lineNumber: number, header: string): InputError {
  return new InputError(
    `${path}:${lineNumber}: not a search journal: expected its first line to be ` +
      `${header.slice(0, 50)}... (choose another --journal, or remove this file)`,
  );
}

/** Checks a parsed header line against this run's (`header`, as written). */
function checkHeader(value: unknown, header: string, where: string): void {
  if (JSON.stringify(value) === header) return;
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== JOURNAL_FORMAT) {
    throw new InputError(
      `${where}: not a search journal of this autorac: format ${JSON.stringify(format)}, expected ` +
        `${JSON.stringify(JOURNAL_FORMAT)} (choose another --journal, or start a new one)`,
    );
  }
  throw new InputError(
    `${where}: this journal was written with other settings (${differences(value, JSON.parse(header))}); start a new one`,
  );
}

/**
 * The figures a record holds: every OracleMetrics field, no other (the
 * `satisfies` keeps this list and the interface the same).
 */
const metricKeys = Object.keys({
  latencyNs: true,
  throughput: true,
  areaMm2: true,
  powerW: true,
  energyPerInferencePj: true,
  unloadedLatencyNs: true,
  inFlight: true,
} satisfies Record<keyof Measured["metrics"], true>);

/**
 * A record line, checked: `{"key": string, "loss": number, "metrics": {...}}`,
 * each figure a number. JSON has no NaN: a NaN the search measured was
 * written as null, and is read back as NaN. Anything else is an InputError
 * naming the line and the field (a line that parses is not therefore a
 * result).
 */
function journalRecord(value: unknown, where: string): Measured & { key: string } {
  const record = asObject(value, where, "/");
  checkKeys(record, ["key", "loss", "metrics"], where, "");
  if (typeof record.key !== "string" || record.key === "") {
    throw new InputError(`${where}: /key = ${show(record.key)}: expected a candidate key`);
  }
  const metrics = asObject(record.metrics, where, "/metrics");
  checkKeys(metrics, metricKeys, where, "/metrics");
  const figure = (v: unknown, pointer: string): number => {
    if (v === null) return NaN;
    if (typeof v === "number") return v;
    throw new InputError(`${where}: ${pointer} = ${show(v)}: expected a number`);
  };
  return {
    key: record.key,
    loss: figure(record.loss, "/loss"),
    metrics: Object.fromEntries(
      metricKeys.map((k) => [k, figure(metrics[k], `/metrics/${k}`)]),
    ) as unknown as Measured["metrics"],
  };
}

function asObject(value: unknown, where: string, pointer: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError(
      `${where}: ${pointer} = ${show(value)}: expected an object (a journal record)`,
    );
  }
  return value as Record<string, unknown>;
}

/** Every one of `keys` present, no other. */
function checkKeys(
  object: Record<string, unknown>,
  keys: readonly string[],
  where: string,
  pointer: string,
): void {
  const missing = keys.find((k) => !Object.hasOwn(object, k));
  if (missing !== undefined) throw new InputError(`${where}: ${pointer}/${missing}: missing`);
  const unknown = Object.keys(object).find((k) => !keys.includes(k));
  if (unknown !== undefined) throw new InputError(`${where}: ${pointer}/${unknown}: unknown key`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The settings that differ between two journal headers, by path, for the error message. */
function differences(found: unknown, expected: unknown, path = ""): string {
  const diffs: string[] = [];
  const walk = (a: unknown, b: unknown, at: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys)
        walk(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
          at ? `${at}.${k}` : k,
        );
      return;
    }
    diffs.push(`${at}: ${JSON.stringify(a)} in the journal, ${JSON.stringify(b)} now`);
  };
  walk(found, expected, path);
  return diffs.slice(0, 4).join("; ") + (diffs.length > 4 ? `; and ${diffs.length - 4} more` : "");
}
