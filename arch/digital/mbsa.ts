import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import { tech } from "../tech/tables";

/**
 * The MBSA (paper figure 4e): element-wise multiplication of a held vector
 * A by a vector B supplied bit-serially. Each cycle, bit j of every element
 * of B goes in parallel to the AND gates of its lane, which form A_i AND b_ij
 * (A_i where the bit is set); a shift-and-add accumulates it at weight 2^j.
 * After bBits cycles each lane holds A_i * B_i. The FM engine uses it to
 * square the column-sum vector (A = B = the sums).
 *
 * Operands are magnitudes: a signed operand's sign is handled outside (for a
 * square it does not matter).
 */
export interface MbsaShape {
  lanes: number;
  aBits: number;
  bBits: number;
}

export interface MbsaResult {
  products: number[];
  cycles: Cycles;
}

/** Multiplies lane by lane, bit by bit, as the hardware does. */
export function mbsaMultiply(
  hw: Hardware,
  a: readonly number[],
  b: readonly number[],
  bBits: number,
): MbsaResult {
  if (a.length !== b.length) throw new RangeError(`MBSA lanes differ: ${a.length} and ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < 0 || b[i]! < 0 || b[i]! >= 2 ** bBits) {
      throw new RangeError(
        `MBSA lane ${i}: operands ${a[i]}, ${b[i]} must be magnitudes, b below 2^${bBits}`,
      );
    }
  }
  const products = a.map(() => 0);
  for (let j = 0; j < bBits; j++) {
    for (let i = 0; i < a.length; i++) {
      const bit = Math.floor(b[i]! / 2 ** j) % 2;
      const anded = bit === 1 ? a[i]! : 0; // the AND gates of lane i
      products[i]! += anded * 2 ** j; // shift-and-add
    }
  }
  return { products, cycles: mbsaCycles(hw, bBits) };
}

/** One digital step per bit of B. */
export function mbsaCycles(hw: Hardware, bBits: number): Cycles {
  return bBits * hw.cycles.digitalStep;
}

/** Power with every lane active: per lane aBits AND gates, an adder of aBits + bBits bits, the accumulator register. */
export function mbsaPowerMw(shape: MbsaShape): number {
  const { andGate, adder, register } = tech.digital;
  return (
    shape.lanes *
    (shape.aBits * andGate.powerMw +
      (shape.aBits + shape.bBits) * adder.powerMwPerBit +
      register.powerMw)
  );
}

/** Energy of one multiplication of every lane: bBits cycles at full power. */
export function mbsaEnergyPj(hw: Hardware, shape: MbsaShape): number {
  return mbsaPowerMw(shape) * mbsaCycles(hw, shape.bBits) * hw.nsPerCycle;
}

/** Per lane: the AND gates, the adder, and two registers (A and the accumulator). */
export function mbsaAreaUm2(shape: MbsaShape): number {
  const { andGate, adder, register } = tech.digital;
  return (
    shape.lanes *
    (shape.aBits * andGate.areaUm2 +
      (shape.aBits + shape.bBits) * adder.areaUm2PerBit +
      2 * register.areaUm2)
  );
}
