import type { Hardware } from "../config/hardware";
import { crossbarUnitAreaUm2, crossbarUnitPowerMw } from "../crossbar/unit-area";
import { mbsaAreaUm2, mbsaPowerMw, type MbsaShape } from "../digital/mbsa";

/** One line of the chip's area and power breakdown. */
export interface CostLine {
  /** Dotted name: engine kind, then part (mvm.adc, fm.mbsa, tile.buffer, ...). */
  name: string;
  /** How many of the part the chip has. */
  count: number;
  areaUm2: number;
  /** Peak power with every unit active (MNSIM's convention), plus leakage where the table has one. */
  powerMw: number;
}

export interface ChipCost {
  lines: CostLine[];
  totalAreaUm2: number;
  totalPowerMw: number;
}

/**
 * The FM engine's MBSA squares one column sum per lane; a lane per crossbar
 * column, operands as wide as a column sum of 8-bit values over the rows.
 */
export function fmMbsaShape(hw: Hardware): MbsaShape {
  const bits = hw.config.precision.activationBits + Math.ceil(Math.log2(hw.config.crossbar.size));
  return { lanes: hw.config.crossbar.size, aBits: bits, bBits: bits };
}

/**
 * Area and peak power of the compute tiles of the configured chip (autorac
 * organisation): per tile, MVM and DP engines of crossbars with their
 * periphery, FM engines of transposed-write crossbars plus an MBSA, and the
 * tile's data buffer. Memory tiles are added by the chip model (issue 5).
 */
export function chipCost(hw: Hardware): ChipCost {
  const chip = { ...hw.config.chip, computeTiles: hw.config.chip.computeTiles ?? 1 };
  const lines: CostLine[] = [];
  const engines: Array<[string, number, boolean]> = [
    ["mvm", chip.mvmEnginesPerTile, false],
    ["dp", chip.dpEnginesPerTile, false],
    ["fm", chip.fmEnginesPerTile, true],
  ];
  const unitPower = crossbarUnitPowerMw(hw);
  for (const [kind, perTile, transposed] of engines) {
    const crossbars = chip.computeTiles * perTile * chip.crossbarsPerEngine;
    if (crossbars === 0) continue;
    const area = crossbarUnitAreaUm2(hw, transposed);
    for (const part of Object.keys(area)) {
      lines.push({
        name: `${kind}.${part}`,
        count: crossbars,
        areaUm2: area[part]! * crossbars,
        powerMw: unitPower[part]! * crossbars,
      });
    }
  }
  const fmEngines = chip.computeTiles * chip.fmEnginesPerTile;
  if (fmEngines > 0) {
    const shape = fmMbsaShape(hw);
    lines.push({
      name: "fm.mbsa",
      count: fmEngines,
      areaUm2: mbsaAreaUm2(shape) * fmEngines,
      powerMw: mbsaPowerMw(shape) * fmEngines,
    });
  }
  const tiles = chip.computeTiles;
  const accessPowerMw = (hw.buffer.readEnergyPj + hw.buffer.writeEnergyPj) / 2 / hw.buffer.cycleNs;
  lines.push({
    name: "tile.buffer",
    count: tiles,
    areaUm2: hw.buffer.areaUm2 * tiles,
    powerMw: (hw.buffer.leakageMw + accessPowerMw * hw.config.buffer.ports) * tiles,
  });
  return {
    lines,
    totalAreaUm2: lines.reduce((s, l) => s + l.areaUm2, 0),
    totalPowerMw: lines.reduce((s, l) => s + l.powerMw, 0),
  };
}
