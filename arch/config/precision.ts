/**
 * The paper's rule that "combinations of DAC and memristor precision fall
 * within the ADC resolution" (section 3.1), made exact.
 *
 * One crossbar read drives R rows with DAC digits of d bits (at most
 * 2^d - 1) into cells holding c-bit digits (at most 2^c - 1). A column then
 * sums at most R (2^d - 1)(2^c - 1), which takes
 *
 *     need = ceil(log2(R (2^d - 1)(2^c - 1) + 1)) bits,
 *
 * and the conversion is lossless exactly when need <= ADC bits, that is
 * R (2^d - 1)(2^c - 1) <= 2^ADC - 1. A lossy configuration saturates the
 * ADC at 2^ADC - 1 and can lose need - ADC bits of each partial sum.
 */
export interface PrecisionInputs {
  crossbar: { size: number; cellBits: number; rowsPerRead: number | null };
  dac: { bits: number };
  adc: { bits: number };
}

export interface ConversionPrecision {
  rowsPerRead: number;
  maxPartialSum: number;
  neededBits: number;
  adcBits: number;
  /** Bits a conversion can lose; 0 when lossless. */
  bitsLost: number;
  /** Most rows one read may drive without loss. */
  maxLosslessRows: number;
  explanation: string;
}

/** The largest sum one column can carry in one read. */
export function maxPartialSum(rows: number, dacBits: number, cellBits: number): number {
  return rows * (2 ** dacBits - 1) * (2 ** cellBits - 1);
}

/** Bits needed to hold the largest partial sum. */
export function partialSumBits(rows: number, dacBits: number, cellBits: number): number {
  return Math.ceil(Math.log2(maxPartialSum(rows, dacBits, cellBits) + 1));
}

export function conversionPrecision(hw: PrecisionInputs): ConversionPrecision {
  const rows = hw.crossbar.rowsPerRead ?? hw.crossbar.size;
  const d = hw.dac.bits;
  const c = hw.crossbar.cellBits;
  const max = maxPartialSum(rows, d, c);
  const neededBits = partialSumBits(rows, d, c);
  const adcBits = hw.adc.bits;
  const bitsLost = Math.max(0, neededBits - adcBits);
  const maxLosslessRows = Math.floor((2 ** adcBits - 1) / ((2 ** d - 1) * (2 ** c - 1)));
  const explanation =
    bitsLost === 0
      ? `a ${rows}-row read sums at most ${max}, which fits the ${adcBits}-bit ADC`
      : `a ${rows}-row read of ${c}-bit cells with a ${d}-bit DAC sums up to ${rows}*${2 ** d - 1}*${2 ** c - 1} = ${max}, ` +
        `which needs ${neededBits} bits, but the ADC has ${adcBits} (the rule is rows*(2^dac-1)*(2^cell-1) <= 2^adc-1). ` +
        `Drive at most ${maxLosslessRows} rows per read (crossbar.rowsPerRead), use a wider ADC or fewer DAC/cell bits, ` +
        `or allow the loss with "lossy": true (--lossy)`;
  return {
    rowsPerRead: rows,
    maxPartialSum: max,
    neededBits,
    adcBits,
    bitsLost,
    maxLosslessRows,
    explanation,
  };
}
