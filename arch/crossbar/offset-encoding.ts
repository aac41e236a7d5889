/**
 * Signed integers on unsigned hardware. A crossbar cell holds a conductance
 * level and a DAC drives a non-negative voltage, so a signed b-bit value v
 * is stored as v + 2^(b-1), in [0, 2^b) (offset binary, ISAAC's biased
 * encoding). With x' = x + Bx and w' = w + Bw over n rows,
 *
 *     sum(w x) = sum(w' x') - Bx sum(w') - Bw sum(x') + n Bw Bx,
 *
 * where sum(w') per column is fixed when the weights are programmed and
 * sum(x') is one adder-tree sum per input vector: the correction is digital
 * and exact.
 */
export function offsetOf(bits: number): number {
  return 2 ** (bits - 1);
}

/** v + 2^(bits-1); throws unless v is a signed `bits`-bit integer. */
export function toOffset(value: number, bits: number): number {
  const half = offsetOf(bits);
  if (!Number.isInteger(value) || value < -half || value >= half) {
    throw new RangeError(
      `${value} is not a signed ${bits}-bit integer (range ${-half}..${half - 1})`,
    );
  }
  return value + half;
}

/** The unsigned value's digits of `digitBits` bits, least significant first. */
export function digitsOf(unsigned: number, digitBits: number, count: number): number[] {
  const digits: number[] = [];
  const base = 2 ** digitBits;
  let rest = unsigned;
  for (let i = 0; i < count; i++) {
    digits.push(rest % base);
    rest = Math.floor(rest / base);
  }
  return digits;
}

/** Number of digits of `digitBits` bits that hold `bits` bits. */
export function digitCount(bits: number, digitBits: number): number {
  return Math.ceil(bits / digitBits);
}
