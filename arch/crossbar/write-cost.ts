import type { Cycles } from "../../sim/kernel/time";
import type { Hardware } from "../config/hardware";
import { tech } from "../tech/tables";

/**
 * Programming a crossbar at inference time (the DP and FM engines write
 * activations): one line (a row, or a column of a transposed-write array)
 * is written at once and takes the device write latency (MNSIM: write
 * latency x rows written); each written cell costs the device write power
 * for that time.
 */
export function programCycles(hw: Hardware, lines: number): Cycles {
  return lines * hw.cycles.lineWrite;
}

export function programEnergyPj(cells: number): number {
  return cells * tech.reram.writePowerPerCellW * 1e3 * tech.reram.device.writeLatencyNs;
}
