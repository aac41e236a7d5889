/**
 * The integer semantics of a quantised model, shared by the integer
 * reference and the simulated chip so that the two can be compared bit for
 * bit: activations are signed `bits`-bit integers; a layer's integer sum is
 * brought back to activation range by an arithmetic right shift with
 * round-half-up, then saturated.
 */
export function requantise(sum: number, shift: number, bits: number): number {
  const rounded = shift === 0 ? sum : Math.floor((sum + 2 ** (shift - 1)) / 2 ** shift);
  return saturate(rounded, bits);
}

export function saturate(value: number, bits: number): number {
  const top = 2 ** (bits - 1) - 1;
  return value > top ? top : value < -top - 1 ? -top - 1 : value;
}

/**
 * The shift of a layer with `fanIn` inputs and `weightBits` weights: the
 * weight's magnitude bits plus half the bits of the fan-in, since a sum of
 * n random-signed products grows as sqrt(n). Synthetic weights are random;
 * this keeps activations in range without a calibration pass.
 */
export function layerShift(fanIn: number, weightBits: number): number {
  return weightBits - 1 + Math.ceil(Math.log2(Math.max(1, fanIn)) / 2);
}

/** Dense feature x (a count, >= 0) -> an activation: log(1 + x) (NASRec's transform) in steps of 1/16, saturated. */
export function quantiseDense(value: number, bits: number): number {
  return saturate(Math.round(Math.log1p(Math.max(0, value)) * 16), bits);
}

export const relu = (v: number): number => (v > 0 ? v : 0);
