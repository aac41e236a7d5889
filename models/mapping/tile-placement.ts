import type { Hardware } from "../../arch/config/hardware";
import type { DpEngine, FmEngine, MvmLayer } from "../../arch/chip/program";
import { InputError } from "../../sim/kernel/input-error";

/**
 * Puts every layer and engine on a compute tile, first fit in program
 * order: a tile offers mvmEnginesPerTile MVM engines, dpEnginesPerTile DP and
 * fmEnginesPerTile FM engines, each of crossbarsPerEngine crossbars; a layer
 * or engine needing more crossbars takes several consecutive engines. Sets
 * each one's `tile` (the tile of its first engine, whose buffer it uses) and
 * returns the number of tiles used. With chip.computeTiles set, a model that
 * needs more tiles is refused.
 */
export function placeOnTiles(
  hw: Hardware,
  layers: MvmLayer[],
  dp: DpEngine[],
  fm: FmEngine[],
): number {
  const chip = hw.config.chip;
  const kinds: Array<
    [string, number, Array<{ tile: number; lastTile: number; crossbars: number; name: string }>]
  > = [
    ["MVM", chip.mvmEnginesPerTile, layers],
    ["DP", chip.dpEnginesPerTile, dp],
    ["FM", chip.fmEnginesPerTile, fm],
  ];
  let tiles = 1;
  const needs: string[] = [];
  for (const [kind, perTile, units] of kinds) {
    if (units.length === 0) continue;
    if (perTile === 0) {
      throw new InputError(
        `the model needs ${kind} engines (${units[0]!.name}), but chip.${kind.toLowerCase()}EnginesPerTile is 0`,
      );
    }
    let slot = 0;
    for (const unit of units) {
      const engines = Math.max(1, Math.ceil(unit.crossbars / chip.crossbarsPerEngine));
      unit.tile = Math.floor(slot / perTile);
      unit.lastTile = Math.floor((slot + engines - 1) / perTile);
      slot += engines;
    }
    const used = Math.ceil(slot / perTile);
    needs.push(`${slot} ${kind} engines (${perTile} per tile: ${used} tiles)`);
    tiles = Math.max(tiles, used);
  }
  if (chip.computeTiles !== null && chip.computeTiles < tiles) {
    throw new InputError(
      `the model needs ${tiles} compute tiles (${needs.join(", ")}) but chip.computeTiles is ${chip.computeTiles}; ` +
        "raise it, or leave it null to size the chip to the model",
    );
  }
  return chip.computeTiles ?? tiles;
}
