import { InputError } from "../sim/kernel/input-error";
import type { InferenceRequest } from "./request";

/** The saved form: per table, rows in rank order and their counts, as two parallel arrays. */
export interface AccessProfileJson {
  format: typeof PROFILE_FORMAT;
  tables: Array<{ rows: number[]; counts: number[] }>;
}

/** Names the format and its version, so a profile file is recognised and a later change is not misread. */
export const PROFILE_FORMAT = "autorac.access-profile.v1";

/**
 * How often each embedding row was read, per table: the input to a
 * frequency-ordered row placement (DESIGN.md, "Memory tiles"). Only rows seen
 * are stored, so memory grows with the distinct rows, not the table sizes.
 * A multi-hot feature counts every id it lists, repeats included.
 */
export class AccessProfile {
  private readonly counts: Map<number, number>[];
  private readonly totals: number[];

  constructor(readonly tableCount: number) {
    if (!(Number.isInteger(tableCount) && tableCount >= 0)) {
      throw new RangeError(`table count must be an integer >= 0; got ${tableCount}`);
    }
    this.counts = Array.from({ length: tableCount }, () => new Map<number, number>());
    this.totals = new Array<number>(tableCount).fill(0);
  }

  /** Counts `accesses` reads of one row. */
  record(table: number, row: number, accesses = 1): void {
    const counts = this.table(table);
    if (!isCount(row, 0)) {
      throw new InputError(`access profile: table ${table}: row id ${row} is not an integer >= 0`);
    }
    if (!isCount(accesses, 1)) {
      throw new RangeError(`access count must be an integer >= 1; got ${accesses}`);
    }
    counts.set(row, (counts.get(row) ?? 0) + accesses);
    this.totals[table]! += accesses;
  }

  /** Counts every sparse id of one request. */
  recordRequest(request: InferenceRequest): void {
    if (request.sparse.length !== this.tableCount) {
      throw new InputError(
        `request ${request.id}: ${request.sparse.length} sparse features; expected ${this.tableCount}`,
      );
    }
    request.sparse.forEach((rows, table) => rows.forEach((row) => this.record(table, row)));
  }

  /** Row id -> access count, for the rows of `table` seen at least once. */
  rowCounts(table: number): ReadonlyMap<number, number> {
    return this.table(table);
  }

  count(table: number, row: number): number {
    return this.table(table).get(row) ?? 0;
  }

  /** Reads of `table`, summed over its rows. */
  totalAccesses(table: number): number {
    this.table(table);
    return this.totals[table]!;
  }

  /** The rows seen, most read first; ties go to the smaller row id so the order is deterministic. */
  rankedRows(table: number): number[] {
    const counts = this.table(table);
    return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  }

  toJSON(): AccessProfileJson {
    const tables = this.counts.map((counts, t) => {
      const rows = this.rankedRows(t);
      return { rows, counts: rows.map((row) => counts.get(row)!) };
    });
    return { format: PROFILE_FORMAT, tables };
  }

  /** Reads a saved profile; `where` (a file name) prefixes any error. */
  static fromJSON(json: unknown, where = "access profile"): AccessProfile {
    const error = (path: string, expected: string) =>
      new InputError(`${where}: ${path}: expected ${expected}`);
    if (!isRecord(json) || json.format !== PROFILE_FORMAT) {
      throw error("format", `"${PROFILE_FORMAT}"`);
    }
    const { tables } = json;
    if (!Array.isArray(tables)) throw error("tables", "an array (one entry per table)");
    const profile = new AccessProfile(tables.length);
    tables.forEach((entry: unknown, t) => {
      if (!isRecord(entry)) throw error(`tables[${t}]`, "an object { rows, counts }");
      const { rows, counts } = entry;
      if (!Array.isArray(rows) || !Array.isArray(counts) || rows.length !== counts.length) {
        throw error(`tables[${t}]`, "rows and counts, arrays of equal length");
      }
      rows.forEach((row: unknown, i) => {
        const accesses: unknown = counts[i];
        if (!isCount(row, 0)) {
          throw error(`tables[${t}].rows[${i}] = ${String(row)}`, "a row id, an integer >= 0");
        }
        if (!isCount(accesses, 1)) {
          const at = `tables[${t}].counts[${i}] = ${String(accesses)}`;
          throw error(at, "an access count, an integer >= 1");
        }
        if (profile.count(t, row) > 0) {
          throw error(`tables[${t}].rows[${i}] = ${row}`, "each row listed once");
        }
        profile.record(t, row, accesses);
      });
    });
    return profile;
  }

  private table(table: number): Map<number, number> {
    const counts = this.counts[table];
    if (counts === undefined || !Number.isInteger(table)) {
      throw new RangeError(`table ${table} is not in [0, ${this.tableCount})`);
    }
    return counts;
  }
}

/** Profiles every request of `requests` (read once, lazily) over `tables` sparse features. */
export function profileFromRequests(
  requests: Iterable<InferenceRequest>,
  tables: number,
): AccessProfile {
  const profile = new AccessProfile(tables);
  for (const request of requests) profile.recordRequest(request);
  return profile;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A safe integer >= min: row ids and access counts. */
function isCount(value: unknown, min: number): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min;
}
