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
 * 3.2): the n vectors are written into the columns of a transposed-write
 * crossbar; a ones read gives the column sums, which the MBSA squares; the
 * sum of squares comes from driving each column's own values. Offsets are
 * removed digitally: with x' = x + B over n rows,
 *   sum x = sum x' - n B,   sum x^2 = sum x'^2 - 2 B sum x' + n B^2.
 */
export function fmValues(hw: Hardware, vectors: readonly number[][], valueBits: number): FmValues {
  const n = vectors.length;
  const dims = n === 0 ? 0 : vectors[0]!.length;
  const { size, cellBits } = hw.config.crossbar;
  const array = new TransposedCrossbar({ size, cellBits }, valueBits);
  if (n > size || dims > array.capacity) {
    throw new RangeError(
      `${n} vectors of ${dims} elements need ${n} rows and ${dims} value columns; one ${size}x${size} ` +
        `transposed array has ${size} rows and ${array.capacity} value columns of ${valueBits}-bit values`,
    );
  }
  for (let d = 0; d < dims; d++)
    array.programColumn(
      d,
      vectors.map((v) => v[d]!),
    );
  const settings = {
    dacBits: hw.config.dac.bits,
    rowsPerRead: hw.rowsPerRead,
    adcBits: hw.config.adc.bits,
  };
  const B = offsetOf(valueBits);
  const sumsRead = array.columnSums(n, dims, settings);
  let conversions = sumsRead.conversions;
  let clipped = sumsRead.clipped;
  const sums: number[] = [];
  const squareSums: number[] = [];
  for (let d = 0; d < dims; d++) {
    const offsetSum = sumsRead.sums[d]!;
    sums.push(offsetSum - n * B);
    const squares = array.sumOfSquares(d, n, settings);
    conversions += squares.conversions;
    clipped += squares.clipped;
    squareSums.push(squares.sums[0]! - 2 * B * offsetSum + n * B * B);
  }
  const magnitudes = sums.map(Math.abs);
  const magnitudeBits = Math.max(1, Math.ceil(Math.log2(Math.max(1, ...magnitudes) + 1)));
  const squared = mbsaMultiply(hw, magnitudes, magnitudes, magnitudeBits).products;
  return { interaction: squared.map((sq, d) => sq - squareSums[d]!), conversions, clipped };
}
