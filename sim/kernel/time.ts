/**
 * Simulated time is an integer count of clock cycles, held in a `number`
 * (exact up to 2^53). The alias names the unit in signatures; conversions from
 * physical units (ns, Hz) happen once, at the config boundary, in `arch/`.
 */
export type Cycles = number;

/** Throws unless `value` is a whole, non-negative number of cycles. */
export function assertCycles(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a whole, non-negative number of cycles; got ${value}`);
  }
}
