import { appendFileSync, existsSync } from "node:fs";
import { writeFileAtomic } from "../../sim/io/atomic-file";
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
        cut = lineNumber; // the last line of a killed run may be cut short: it is dropped (evaluated again)
        continue;
      }
      if (lineNumber === 1) {
        if (JSON.stringify(value) !== header) {
          throw new InputError(
            `${path}:1: this journal was written with other settings (${differences(value, JSON.parse(header))}); start a new one`,
          );
        }
        continue;
      }
      const entry = value as { key: string; loss: number; metrics: Measured["metrics"] };
      this.done.set(entry.key, { loss: entry.loss, metrics: entry.metrics });
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
