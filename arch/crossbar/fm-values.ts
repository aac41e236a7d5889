import type { Hardware } from "../config/hardware";
import { mbsaMultiply } from "../digital/mbsa";
import { offsetOf } from "./offset-encoding";
import { TransposedCrossbar } from "./transposed-crossbar";

export interface FmValues {
  /** Per embedding element d: (sum_i x_i[d])^2 - sum_i x_i[d]^2. */
  interaction: number[];
  conversions: number;
  clipped: number;
}

/**
 * The FM interaction computed the way the FM engine does (paper section
 * 3.2): the n vectors are written into the columns of transposed-write
 * crossbars (as many as the rows and elements need; their sums add); a ones
 * read gives the column sums, which the MBSA squares; the sum of squares
 * comes from driving each column's own values. Offsets are removed
 * digitally: with x' = x + B over n rows,
 *   sum x = sum x' - n B,   sum x^2 = sum x'^2 - 2 B sum x' + n B^2.
 */
export function fmValues(hw: Hardware, vectors: readonly number[][], valueBits: number): FmValues {
  const n = vectors.length;
  const dims = n === 0 ? 0 : vectors[0]!.length;
  const { size, cellBits } = hw.config.crossbar;
  const settings = {
    dacBits: hw.config.dac.bits,
    rowsPerRead: hw.rowsPerRead,
    adcBits: hw.config.adc.bits,
  };
  const capacity = new TransposedCrossbar({ size, cellBits }, valueBits).capacity;
  const offsetSums = new Array<number>(dims).fill(0); // sum of x' over all rows
  const offsetSquares = new Array<number>(dims).fill(0); // sum of x'^2 over all rows
  let conversions = 0;
  let clipped = 0;
  for (let r0 = 0; r0 < n; r0 += size) {
    const rows = vectors.slice(r0, r0 + size);
    for (let d0 = 0; d0 < dims; d0 += capacity) {
      const width = Math.min(capacity, dims - d0);
      const array = new TransposedCrossbar({ size, cellBits }, valueBits);
      for (let d = 0; d < width; d++)
        array.programColumn(
          d,
          rows.map((v) => v[d0 + d]!),
        );
      const sums = array.columnSums(rows.length, width, settings);
      conversions += sums.conversions;
      clipped += sums.clipped;
      for (let d = 0; d < width; d++) {
        offsetSums[d0 + d]! += sums.sums[d]!;
        const squares = array.sumOfSquares(d, rows.length, settings);
        conversions += squares.conversions;
        clipped += squares.clipped;
        offsetSquares[d0 + d]! += squares.sums[0]!;
      }
    }
  }
  const B = offsetOf(valueBits);
  const sums = offsetSums.map((s) => s - n * B);
  const squareSums = offsetSquares.map((q, d) => q - 2 * B * offsetSums[d]! + n * B * B);
  const magnitudes = sums.map(Math.abs);
  const magnitudeBits = Math.max(1, Math.ceil(Math.log2(Math.max(1, ...magnitudes) + 1)));
  const squared = mbsaMultiply(hw, magnitudes, magnitudes, magnitudeBits).products;
  return { interaction: squared.map((sq, d) => sq - squareSums[d]!), conversions, clipped };
}
