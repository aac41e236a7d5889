import type { Hardware } from "../config/hardware";
import { adcTop } from "./crossbar-array";
import { digitCount, offsetOf } from "./offset-encoding";

export interface FmBatchValues {
  /** batch x e: per element d, (sum_i x_i[d])^2 - sum_i x_i[d]^2. */
  interaction: Float64Array;
  conversions: number;
  clipped: number;
}

/**
 * The FM engine's values for a batch, as fmValues (fm-values.ts) computes
 * them example by example, without programming arrays: the reads' sums
 * are formed from the stored digits directly. Per tile of `size` rows and
 * per read of rowsPerRead rows, element d's column (offset values x',
 * split into cell digits of cellBits) is read twice:
 * - with ones on the word lines (one 1-bit digit): each cell slice s sums
 *   its digits, the ADC saturates the sum at 2^ADC - 1, shift-add by
 *   2^(cellBits s): sum x';
 * - with x' itself driven in DAC digits t: slice s sums digit_t(x') cell_s(x'),
 *   saturated, shift-added by 2^(cellBits s + dacBits t): sum x'^2.
 * The offsets are removed digitally, the sum squared by the MBSA (exact).
 * `y` holds the batch's rows as [batch, e, n] (rows last).
 */
export function fmBatchValues(
  hw: Hardware,
  y: ArrayLike<number>,
  batch: number,
  e: number,
  n: number,
  valueBits: number,
): FmBatchValues {
  const { size, cellBits } = hw.config.crossbar;
  const dacBits = hw.config.dac.bits;
  const slices = digitCount(valueBits, cellBits);
  const digits = digitCount(valueBits, dacBits);
  const cellMask = 2 ** cellBits - 1;
  const dacMask = 2 ** dacBits - 1;
  const top = adcTop(hw.config.adc.bits);
  const perRead = hw.rowsPerRead;
  const B = offsetOf(valueBits);
  const interaction = new Float64Array(batch * e);
  let clipped = 0;
  const convert = (raw: number) => {
    if (raw <= top) return raw;
    clipped++;
    return top;
  };
  for (let line = 0; line < batch * e; line++) {
    const at = line * n;
    let sum = 0; // sum of x' as converted
    let squares = 0; // sum of x'^2 as converted
    for (let r0 = 0; r0 < n; r0 += size) {
      const tileEnd = Math.min(n, r0 + size);
      for (let g0 = r0; g0 < tileEnd; g0 += perRead) {
        const g1 = Math.min(tileEnd, g0 + perRead);
        for (let s = 0; s < slices; s++) {
          let ones = 0;
          for (let r = g0; r < g1; r++) ones += ((y[at + r]! + B) >>> (cellBits * s)) & cellMask;
          sum += convert(ones) * 2 ** (cellBits * s);
          for (let t = 0; t < digits; t++) {
            let driven = 0;
            for (let r = g0; r < g1; r++) {
              const v = y[at + r]! + B;
              driven += ((v >>> (dacBits * t)) & dacMask) * ((v >>> (cellBits * s)) & cellMask);
            }
            squares += convert(driven) * 2 ** (cellBits * s + dacBits * t);
          }
        }
      }
    }
    const total = sum - n * B;
    const squareSum = squares - 2 * B * sum + n * B * B;
    interaction[line] = total * total - squareSum; // the MBSA squares |total| exactly
  }
  const conversions = batch * fmConversionsPerExample(hw, e, n, valueBits);
  return { interaction, conversions, clipped };
}

/**
 * ADC conversions of one FM of n rows of e elements: each read (a tile's
 * group of rowsPerRead rows) converts every element's cell slices once for
 * the ones read and once per DAC digit for the sum of squares.
 */
export function fmConversionsPerExample(
  hw: Hardware,
  e: number,
  n: number,
  valueBits: number,
): number {
  const { size, cellBits } = hw.config.crossbar;
  let groups = 0;
  for (let r0 = 0; r0 < n; r0 += size) groups += Math.ceil(Math.min(size, n - r0) / hw.rowsPerRead);
  const slices = digitCount(valueBits, cellBits);
  return groups * e * slices * (1 + digitCount(valueBits, hw.config.dac.bits));
}
