import type { Hardware } from "../config/hardware";
import { mbsaAreaUm2, mbsaPowerMw, type MbsaShape } from "../digital/mbsa";
import type { OpCost } from "./engine-unit";
import type { FmEngine } from "./fm";

/**
 * The MBSA of an FM engine (paper figure 4e), a unit of its own: it squares
 * the column sums while the array computes the sums of squares (the
 * fmConcurrentHalves overlap), so it has its own queue and busy time.
 */
export interface FmSquareOperation {
  kind: "fmSquare";
  engine: number;
  deps: number[];
}

export function mbsaCost(f: FmEngine, labels: boolean): OpCost {
  void labels; // labelled on every run, a timeline or not
  return {
    unit: { kind: "mbsa", index: f.id },
    tile: f.tile,
    readBits: 0,
    computeCycles: f.mbsaCycles,
    writeBits: 0,
    energyPj: f.mbsaEnergyPj,
    endsSession: false,
    label: "square of sum",
  };
}

/**
 * The FM engine's MBSA as built: one lane per crossbar column, operands as
 * wide as a column sum of activations over the rows.
 */
export function fmMbsaShape(hw: Hardware): MbsaShape {
  const bits = hw.config.precision.activationBits + Math.ceil(Math.log2(hw.config.crossbar.size));
  return { lanes: hw.config.crossbar.size, aBits: bits, bBits: bits };
}

/** Area and peak power of `count` MBSAs, one cost line. */
export function mbsaCostLine(hw: Hardware, count: number) {
  const shape = fmMbsaShape(hw);
  return {
    name: "fm.mbsa",
    count,
    areaUm2: mbsaAreaUm2(shape) * count,
    powerMw: mbsaPowerMw(shape) * count,
  };
}
