import { adcTop, type CrossbarArray } from "./crossbar-array";
import { digitCount } from "./offset-encoding";

export interface BitSerialRead {
  /** Unsigned value driven into each row (offset-encoded operands). */
  drive: ArrayLike<number>;
  /** Rows driven: [0, rows). */
  rows: number;
  inputBits: number;
  dacBits: number;
  rowsPerRead: number;
  adcBits: number;
  /** Value columns read: [fromColumn, toColumn), each `slices` physical columns wide. */
  fromColumn: number;
  toColumn: number;
  slices: number;
}

export interface ReadResult {
  /** Per value column read: sum over rows of drive x stored value, after conversion. */
  sums: Float64Array;
  conversions: number;
  /** Conversions whose column sum exceeded the ADC range and saturated. */
  clipped: number;
}

/**
 * How every crossbar computes: the driven values go in DAC-sized digits,
 * least significant first; each digit drives the rows in groups of
 * rowsPerRead; every physical column of every read is converted by the ADC
 * and shifted into place. A value column d with cell slices s accumulates
 *
 *     sum over digits t, slices s, row groups of ADC(partial) * 2^(dac*t + cell*s),
 *
 * which is the exact integer product when no conversion saturates.
 */
export function bitSerialRead(array: CrossbarArray, r: BitSerialRead): ReadResult {
  const inputDigits = digitCount(r.inputBits, r.dacBits);
  const base = 2 ** r.dacBits;
  const digit = new Array<number>(r.rows);
  const columnSums = new Float64Array(array.size);
  const sums = new Float64Array(r.toColumn - r.fromColumn);
  const firstPhysical = r.fromColumn * r.slices;
  const endPhysical = r.toColumn * r.slices;
  const top = adcTop(r.adcBits);
  // each cell slice s weighs 2^(cellBits s); each input digit t, 2^(dacBits t) (= place)
  const placeOf = Array.from({ length: r.slices }, (_, s) => 2 ** (array.cellBits * s));
  let conversions = 0;
  let clipped = 0;
  for (let t = 0; t < inputDigits; t++) {
    // digit t of each row's drive, least significant first (offset-encoding.ts digitsOf)
    const place = base ** t;
    for (let row = 0; row < r.rows; row++) digit[row] = Math.floor(r.drive[row]! / place) % base;
    for (let from = 0; from < r.rows; from += r.rowsPerRead) {
      const to = Math.min(r.rows, from + r.rowsPerRead);
      array.read(digit, from, to, columnSums, firstPhysical, endPhysical);
      for (let d = r.fromColumn; d < r.toColumn; d++) {
        for (let s = 0; s < r.slices; s++) {
          const raw = columnSums[d * r.slices + s]!;
          // convert(raw, adcBits), inlined: this is the functional model's hottest line
          const converted = raw > top ? top : raw;
          if (converted !== raw) clipped++;
          sums[d - r.fromColumn]! += converted * placeOf[s]! * place;
        }
      }
      conversions += (r.toColumn - r.fromColumn) * r.slices;
    }
  }
  return { sums, conversions, clipped };
}
