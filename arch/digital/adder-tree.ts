import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import { tech } from "../tech/tables";

/**
 * A pipelined adder tree merging `inputs` partial sums per output (the row
 * tiles of a layer): ceil(log2(inputs)) levels of one digital step each,
 * inputs - 1 additions per output at `widthBits`.
 */
export function adderTreeCycles(hw: Hardware, inputs: number): Cycles {
  return inputs <= 1 ? 0 : Math.ceil(Math.log2(inputs)) * hw.cycles.digitalStep;
}

export function adderTreeEnergyPj(
  hw: Hardware,
  inputs: number,
  outputs: number,
  widthBits: number,
): number {
  const adds = Math.max(0, inputs - 1) * outputs;
  return adds * widthBits * tech.digital.adder.powerMwPerBit * hw.nsPerCycle;
}

export function adderTreeAreaUm2(inputs: number, outputs: number, widthBits: number): number {
  return Math.max(0, inputs - 1) * outputs * widthBits * tech.digital.adder.areaUm2PerBit;
}
