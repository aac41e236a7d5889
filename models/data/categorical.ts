import { InputError } from "../../sim/kernel/input-error";
import { lineError, type FieldPlace } from "./ctr-example";

/**
 * NASRec's preprocessing of CTR features (facebookresearch/NasRec,
 * nasrec/tools/autoctr_split_data_*.py and nasrec/utils/data_pipes.py; see
 * ../shared/data/README.md):
 * - dense: missing -> 0, then log(max(0, x) + 1);
 * - categorical: the value x as an integer (missing -> -1), row =
 *   fmod(x, N_f - 1) + 1, so a missing value lands in row 0 and every value
 *   in rows 1..N_f - 1 of a table of N_f rows.
 * NASRec keeps every id (no rare-id threshold): ids beyond a table's size
 * share rows by the modulo, which is also how a capped table folds its ids.
 */
export function denseTransform(value: number): number {
  return Math.log(Math.max(0, value) + 1);
}

/** Avazu's and KDD's values are reduced modulo 2^31 - 1 before indexing (NASRec). */
export const NASREC_HASH_MODULUS = 2147483647;
const MODULUS = BigInt(NASREC_HASH_MODULUS);

/** The row of a present value x >= 0 in a table of `tableRows` rows: fmod(x, N - 1) + 1. */
export function categoricalRow(value: number | bigint, tableRows: number): number {
  const m = tableRows - 1;
  if (typeof value === "bigint") return Number(value % BigInt(m)) + 1;
  return (value % m) + 1;
}

/** The row of a missing value: fmod(-1, N - 1) + 1 = 0. */
export const MISSING_ROW = 0;

/** Checks a list of table sizes: NASRec's rule needs at least 2 rows (row 0 is "missing"). */
export function checkTableRows(tableRows: readonly number[], count: number, what: string): void {
  if (tableRows.length !== count) {
    throw new InputError(`${what}: ${tableRows.length} table sizes, expected ${count}`);
  }
  tableRows.forEach((rows, f) => {
    if (!Number.isSafeInteger(rows) || rows < 2) {
      throw new InputError(
        `${what}: tableRows[${f}] = ${rows}: expected an integer >= 2 (row 0 holds missing values)`,
      );
    }
  });
}

const HEX = /^[0-9a-fA-F]+$/;
const DECIMAL = /^-?[0-9]+$/;

/** A hashed categorical written in hex (Criteo's 8 digits); 13 digits and more go through BigInt. */
export function parseHexId(text: string, at: FieldPlace, field: string): number | bigint {
  if (!HEX.test(text)) {
    throw lineError(at, `${JSON.stringify(text)}: expected a hex id or an empty field`, field);
  }
  return text.length <= 13 ? parseInt(text, 16) : BigInt(`0x${text}`);
}

/** Python's x % m for m > 0: never negative. */
function floorMod(value: bigint): bigint {
  const r = value % MODULUS;
  return r < 0n ? r + MODULUS : r;
}

/**
 * Avazu's rule: int(v, 10) % 2147483647, or int(v, 16) % 2147483647 when v
 * is not decimal (Python's modulo, so -1 becomes 2147483646). Ids exceed
 * 2^53 (and 2^63), so this goes through BigInt.
 */
export function parseAvazuValue(text: string, at: FieldPlace, field: string): number {
  if (DECIMAL.test(text)) return Number(floorMod(BigInt(text)));
  if (HEX.test(text)) return Number(floorMod(BigInt(`0x${text}`)));
  throw lineError(at, `${JSON.stringify(text)}: expected a decimal or hex id`, field);
}

/** KDD's rule: int(v) % 2147483647 on a decimal id (DisplayURL exceeds 2^63). */
export function parseDecimalId(text: string, at: FieldPlace, field: string): number {
  if (!DECIMAL.test(text)) {
    throw lineError(at, `${JSON.stringify(text)}: expected a decimal id`, field);
  }
  return text.length <= 15 ? floorModNumber(Number(text)) : Number(floorMod(BigInt(text)));
}

function floorModNumber(value: number): number {
  const r = value % NASREC_HASH_MODULUS;
  return r < 0 ? r + NASREC_HASH_MODULUS : r;
}
