import type { TablePlacement } from "../chip/program";
import type { Hardware } from "../config/hardware";

/**
 * Spreads the embedding tables over the memory tiles, table t on tile
 * t mod memoryTiles; each stores min(rows, cap) rows (memory.maxRowsPerTable
 * unless told), a larger table being hashed into them (id mod stored rows).
 */
export function placeTables(
  tableRows: readonly number[],
  hw: Hardware,
  cap = hw.config.memory.maxRowsPerTable,
): TablePlacement[] {
  return tableRows.map((rows, feature) => ({
    feature,
    memoryTile: feature % hw.config.chip.memoryTiles,
    storedRows: Math.min(rows, cap),
  }));
}
