import type { Hardware } from "../config/hardware";
import { ENGINE_KINDS, type CostLine } from "../engines/engine-kinds";

export type { CostLine } from "../engines/engine-kinds";

export interface ChipCost {
  lines: CostLine[];
  totalAreaUm2: number;
  totalPowerMw: number;
}

/**
 * Area and peak power of the compute tiles of the configured chip (autorac
 * organisation): per tile, the engines of each kind with their crossbars
 * and periphery (arch/engines/engine-kinds.ts), and the tile's data buffer.
 * Memory tiles are priced by the memory model (arch/memory).
 */
export function chipCost(hw: Hardware): ChipCost {
  const chip = { ...hw.config.chip, computeTiles: hw.config.chip.computeTiles ?? 1 };
  const lines: CostLine[] = [];
  for (const kind of ENGINE_KINDS) {
    const engines = chip.computeTiles * chip[kind.perTile];
    const crossbars = engines * chip.crossbarsPerEngine;
    if (crossbars > 0) lines.push(...kind.costLines(hw, { engines, crossbars }));
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
