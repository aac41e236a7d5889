import type { Hardware } from "../config/hardware";
import { ENGINE_KINDS, type CostLine } from "../engines/engine-kinds";
import type { EngineKindName } from "../engines/engine-unit";

export type { CostLine } from "../engines/engine-kinds";

export interface ChipCost {
  lines: CostLine[];
  totalAreaUm2: number;
  totalPowerMw: number;
}

/** What a chip is built with: its compute tiles and the engines of each kind over all of them. */
export interface BuiltChip {
  tiles: number;
  engines: Record<EngineKindName, number>;
}

/** The chip the config describes: computeTiles (1 when sized to a model) tiles, every engine slot filled. */
export function configuredChip(hw: Hardware): BuiltChip {
  const chip = hw.config.chip;
  const tiles = chip.computeTiles ?? 1;
  const engines = {} as Record<EngineKindName, number>;
  for (const kind of ENGINE_KINDS) engines[kind.kind] = tiles * chip[kind.perTile];
  return { tiles, engines };
}

/**
 * Area and peak power of a chip's compute tiles (autorac organisation): the
 * engines of each kind with their crossbars and periphery
 * (arch/engines/engine-kinds.ts), and each tile's data buffer. By default
 * the chip the config describes; `built` gives another (the engines a
 * mapping uses). Memory tiles are priced by the memory model (arch/memory).
 */
export function chipCost(hw: Hardware, built: BuiltChip = configuredChip(hw)): ChipCost {
  const lines: CostLine[] = [];
  for (const kind of ENGINE_KINDS) {
    const engines = built.engines[kind.kind];
    const crossbars = engines * hw.config.chip.crossbarsPerEngine;
    if (crossbars > 0) lines.push(...kind.costLines(hw, { engines, crossbars }));
  }
  const tiles = built.tiles;
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
