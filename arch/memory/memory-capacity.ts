import type { TablePlacement } from "../chip/program";
import type { Hardware } from "../config/hardware";
import { tech } from "../tech/tables";
import type { DatasetDescriptor } from "../../traces/datasets";
import { memoryCosts } from "./embedding-memory";
import { memoryArrayTable } from "./memory-array-table";
import { placeTables } from "./table-placement";

/**
 * What a data set's embedding tables need in the memory tiles, beside what
 * the simulated chip holds. The simulated chip stores at most
 * `memory.maxRowsPerTable` rows per table (a larger table is hashed into
 * them); the real tables are every row NASRec's preprocessing keeps
 * (traces/datasets.ts). Both are priced with the same array model, at the
 * config's activation bits, cell bits and tile organisation.
 */
export interface StoreSize {
  rows: number;
  /** rows x e x activation bits. */
  bits: number;
  /** rows x ceil(e x activation bits / cell bits). */
  cells: number;
  /** The cells alone at MNSIM's cell area (1.44 um^2 at 130 nm). */
  cellAreaUm2: number;
  /** The subarrays built for them with every peripheral part (memoryCosts' areaUm2). */
  areaUm2: number;
  subarrays: number;
}

export interface MemoryCapacity {
  dataset: string;
  embeddingDim: number;
  /** Every row of every table. */
  real: StoreSize & {
    /** Memory tiles of `tileCapacityRows` rows needed: ceil(rows / tileCapacityRows). */
    memoryTiles: number;
    /** Dies of `chip.dieAreaMm2` needed for `areaUm2`: ceil(area / die area). */
    chips: number;
    /** Dies needed at the published die's own density: ceil(bits / (capacityGbit x 2^30)). */
    chipsAtPublishedDensity: number;
  };
  /** What the simulated chip stores under its cap. */
  simulated: StoreSize & { maxRowsPerTable: number; tablesCapped: number };
  /**
   * Rows one memory tile holds at most under the config: ceil(tables /
   * memoryTiles) tables (tables sit on tile t mod memoryTiles) of
   * maxRowsPerTable rows each.
   */
  tileCapacityRows: number;
  /** Area of one memory tile built for tileCapacityRows rows over its banks. */
  tileAreaUm2: number;
  chip: { dieAreaMm2: number; capacityGbit: number; source: string };
}

function storeSize(hw: Hardware, embeddingDim: number, tables: TablePlacement[]): StoreSize {
  const costs = memoryCosts(hw, embeddingDim, tables);
  const rows = tables.reduce((s, t) => s + t.storedRows, 0);
  const cells = rows * costs.cellsPerRow;
  return {
    rows,
    bits: rows * costs.bitsPerLookup,
    cells,
    cellAreaUm2: cells * tech.reram.device.cellAreaUm2,
    areaUm2: costs.areaUm2,
    subarrays: costs.organisation.subarrays,
  };
}

/** The capacity report of a data set's tables at embedding dimension e on the config's memory tiles. */
export function memoryCapacity(
  dataset: Pick<DatasetDescriptor, "name" | "tableRows">,
  embeddingDim: number,
  hw: Hardware,
): MemoryCapacity {
  const cap = hw.config.memory.maxRowsPerTable;
  const chip = memoryArrayTable.chip;
  const real = storeSize(hw, embeddingDim, placeTables(dataset.tableRows, hw, Infinity));
  const tablesPerTile = Math.ceil(dataset.tableRows.length / hw.config.chip.memoryTiles);
  const tileCapacityRows = tablesPerTile * cap;
  const oneTile = { ...hw, config: { ...hw.config, chip: { ...hw.config.chip, memoryTiles: 1 } } };
  const tile = memoryCosts(oneTile, embeddingDim, [
    { feature: 0, memoryTile: 0, storedRows: tileCapacityRows },
  ]);
  return {
    dataset: dataset.name,
    embeddingDim,
    real: {
      ...real,
      memoryTiles: Math.ceil(real.rows / tileCapacityRows),
      chips: Math.ceil(real.areaUm2 / (chip.dieAreaMm2 * 1e6)),
      chipsAtPublishedDensity: Math.ceil(real.bits / (chip.capacityGbit * 2 ** 30)),
    },
    simulated: {
      ...storeSize(hw, embeddingDim, placeTables(dataset.tableRows, hw, cap)),
      maxRowsPerTable: cap,
      tablesCapped: dataset.tableRows.filter((rows) => rows > cap).length,
    },
    tileCapacityRows,
    tileAreaUm2: tile.areaUm2,
    chip: { dieAreaMm2: chip.dieAreaMm2, capacityGbit: chip.capacityGbit, source: chip.source },
  };
}
