import type { Hardware } from "../../arch/config/hardware";
import type { TablePlacement } from "../../arch/chip/program";
import type { DatasetDescriptor } from "../../traces/datasets";

/**
 * Spreads the embedding tables over the memory tiles, table t on tile
 * t mod memoryTiles; each stores min(rows, memory.maxRowsPerTable) rows, a
 * larger table being hashed into them (id mod stored rows).
 */
export function placeTables(dataset: DatasetDescriptor, hw: Hardware): TablePlacement[] {
  return dataset.tableRows.map((rows, feature) => ({
    feature,
    memoryTile: feature % hw.config.chip.memoryTiles,
    storedRows: Math.min(rows, hw.config.memory.maxRowsPerTable),
  }));
}
