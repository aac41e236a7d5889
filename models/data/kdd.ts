import { datasets } from "../../traces/datasets";
import { categoricalRow, parseDecimalId } from "./categorical";
import {
  checkFieldCount,
  lineError,
  parseDense,
  splitFields,
  type CtrExample,
  type FieldPlace,
} from "./ctr-example";
import { readLines } from "./line-reader";

/** KDD Cup 2012 track 2 `training.txt`: 12 tab-separated columns, no header. */
export const KDD_COLUMNS: readonly string[] = [
  "Click",
  "Impression",
  "DisplayURL",
  "AdID",
  "AdvertiserID",
  "Depth",
  "Position",
  "QueryID",
  "KeywordID",
  "TitleID",
  "DescriptionID",
  "UserID",
];

/** NASRec's dense features: [Impression, Depth, Position]. */
const DENSE_COLUMNS = [1, 5, 6];
/** NASRec's first 8 categoricals; Gender and Age (from the user profile) follow. */
const SPARSE_COLUMNS = [2, 3, 4, 7, 8, 9, 10, 11];
const USER_COLUMN = 11;
/** The typed array of profiles spans at most this many ids per user read (plus 1024). */
const DENSE_SPAN = 8;

/**
 * Gender and age by UserID, from `userid_profile.txt` (`UserID \t Gender \t
 * Age`). The 23.7 M users are kept in a typed array indexed by id (two bytes
 * each), not in a Map, so the whole file fits in about 50 MB. The array
 * grows only as far as the users read so far fill it (ids below
 * DENSE_SPAN x (users + 1024)); a sparse id goes to a Map, so a file of a
 * few lines with ids near 2^28 does not cost 512 MB.
 */
export class UserProfiles {
  /** 0 = unknown user; otherwise 1 + gender * 256 + age. */
  private codes = new Uint16Array(1024);
  /** Users whose ids are past the array. */
  private readonly large = new Map<number, number>();
  size = 0;

  set(userId: number, gender: number, age: number): void {
    const code = 1 + gender * 256 + age;
    if (userId >= this.codes.length && userId < DENSE_SPAN * (this.size + 1024)) {
      this.grow(userId);
    }
    if (userId < this.codes.length) {
      if (this.codes[userId] === 0) this.size++;
      this.codes[userId] = code;
    } else {
      if (!this.large.has(userId)) this.size++;
      this.large.set(userId, code);
    }
  }

  /** [gender, age], or undefined for a user absent from the profile file. */
  get(userId: number): [number, number] | undefined {
    const code = userId < this.codes.length ? this.codes[userId]! : (this.large.get(userId) ?? 0);
    if (code === 0) return undefined;
    return [Math.floor((code - 1) / 256), (code - 1) % 256];
  }

  /** Doubles the array past `userId`, moving in the users of the Map it now covers. */
  private grow(userId: number): void {
    let length = this.codes.length;
    while (length <= userId) length *= 2;
    const grown = new Uint16Array(length);
    grown.set(this.codes);
    this.codes = grown;
    for (const [id, code] of this.large) {
      if (id < length) {
        this.codes[id] = code;
        this.large.delete(id);
      }
    }
  }

  /** Reads a profile file in a stream; a malformed line is an InputError naming file and line. */
  static async load(file: string): Promise<UserProfiles> {
    const profiles = new UserProfiles();
    for await (const { line, lineNumber } of readLines(file)) {
      if (line === "") continue;
      const at: FieldPlace = { file, lineNumber };
      const fields = splitFields(line, "\t");
      checkFieldCount(fields, 3, at, "UserID, Gender, Age");
      const [user, gender, age] = fields.map((text, i) =>
        smallInt(text, at, ["UserID", "Gender", "Age"][i]!, i === 0 ? 2 ** 40 : 255),
      ) as [number, number, number];
      profiles.set(user, gender, age);
    }
    return profiles;
  }
}

function smallInt(text: string, at: FieldPlace, field: string, max: number): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(value <= max)) {
    throw lineError(at, `${JSON.stringify(text)}: expected an integer in 0..${max}`, field);
  }
  return value;
}

export interface KddLineOptions {
  /** Rows per embedding table (default: NASRec's, traces/datasets.ts). */
  tableRows?: readonly number[];
  /** Gender and age by user; without it every user is unknown (gender 0, age 0). */
  profiles?: UserProfiles;
}

/**
 * One line of KDD Cup 2012 track 2's `training.txt`, as NASRec reads it:
 * label = Click > 0; dense [Impression, Depth, Position] (raw); 10
 * categoricals [DisplayURL, AdID, AdvertiserID, QueryID, KeywordID, TitleID,
 * DescriptionID, UserID, Gender, Age], each `int(v) % 2147483647` and then
 * indexed as for Criteo. A user missing from the profile gets gender 0 and
 * age 0 (values, not missing fields, so they index to row 1 as NASRec's do).
 */
export function parseKddLine(
  line: string,
  lineNumber: number,
  file: string,
  options: KddLineOptions = {},
): CtrExample {
  const at: FieldPlace = { file, lineNumber };
  const tableRows = options.tableRows ?? datasets.kdd.tableRows;
  const fields = splitFields(line, "\t");
  checkFieldCount(fields, KDD_COLUMNS.length, at, KDD_COLUMNS.join(", "));
  const clicks = smallInt(fields[0]!, at, "Click (column 1)", Number.MAX_SAFE_INTEGER);
  const dense = DENSE_COLUMNS.map((c) => parseDense(fields[c]!, at, name(c)));
  const ids = SPARSE_COLUMNS.map((c) => parseDecimalId(fields[c]!, at, name(c)));
  const profile = options.profiles?.get(ids[SPARSE_COLUMNS.indexOf(USER_COLUMN)]!);
  ids.push(profile?.[0] ?? 0, profile?.[1] ?? 0);
  const sparse = ids.map((id, f) => categoricalRow(id, tableRows[f]!));
  return { label: clicks > 0 ? 1 : 0, dense, sparse };
}

function name(column: number): string {
  return `${KDD_COLUMNS[column]} (column ${column + 1})`;
}
