import type { Hardware } from "../../arch/config/hardware";
import { ENGINE_KINDS } from "../../arch/engines/engine-kinds";
import type { EngineKindName, EngineUnit } from "../../arch/engines/engine-unit";
import { InputError } from "../../sim/kernel/input-error";

/**
 * Puts every layer and engine on a compute tile, first fit in program
 * order, kind by kind (arch/engines/engine-kinds.ts): a tile offers
 * chip.<kind>EnginesPerTile engines of each kind, each of crossbarsPerEngine
 * crossbars; a unit needing more crossbars takes several consecutive
 * engines. Sets each unit's `tile` (the tile of its first engine, whose
 * buffer it uses) and `lastTile`, and returns the number of tiles and the
 * engines used of each kind. With chip.computeTiles set, a model that
 * needs more tiles is refused.
 */
export function placeOnTiles(
  hw: Hardware,
  units: Readonly<Record<EngineKindName, readonly EngineUnit[]>>,
): { tiles: number; engines: Record<EngineKindName, number> } {
  const chip = hw.config.chip;
  let tiles = 1;
  const needs: string[] = [];
  const engines = { mvm: 0, dp: 0, fm: 0 };
  for (const kind of ENGINE_KINDS) {
    const list = units[kind.kind];
    const perTile = chip[kind.perTile];
    if (list.length === 0) continue;
    if (perTile === 0) {
      throw new InputError(
        `the model needs ${kind.title} engines (${list[0]!.name}), but chip.${kind.perTile} is 0`,
      );
    }
    let slot = 0;
    for (const unit of list) {
      const engines = Math.max(
        1,
        Math.ceil((unit.crossbars * unit.copies) / chip.crossbarsPerEngine),
      );
      unit.tile = Math.floor(slot / perTile);
      unit.lastTile = Math.floor((slot + engines - 1) / perTile);
      slot += engines;
    }
    engines[kind.kind] = slot;
    const used = Math.ceil(slot / perTile);
    needs.push(`${slot} ${kind.title} engines (${perTile} per tile: ${used} tiles)`);
    tiles = Math.max(tiles, used);
  }
  if (chip.computeTiles !== null && chip.computeTiles < tiles) {
    throw new InputError(
      `the model needs ${tiles} compute tiles (${needs.join(", ")}) but chip.computeTiles is ${chip.computeTiles}; ` +
        "raise it, or leave it null to size the chip to the model",
    );
  }
  return { tiles: chip.computeTiles ?? tiles, engines };
}
