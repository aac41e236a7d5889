import type { TablePlacement } from "../chip/program";
import type { Hardware } from "../config/hardware";
import type { RowLayout } from "./array-model";

/**
 * How the memory tiles are organised around the stored rows. Each memory
 * tile has `chip.banksPerMemoryTile` banks; the rows of the tables placed on
 * it are dealt over them (BankMap decides which row goes where), so every
 * bank of a tile is built for an even share, ceil(tile rows / banks) rows.
 * A bank is a column of subarray groups: a group is `subarraysPerRead`
 * subarrays side by side, read together, holding `rowsPerGroup` embedding
 * rows; a bank has ceil(bank rows / rowsPerGroup) groups. A read opens one
 * group of one bank, so the bank's size changes its area and not the
 * energy or latency of a read (MNSIM prices no subarray-select decoder).
 */
export interface TileOrganisation {
  memoryTile: number;
  /** Features whose tables the tile holds. */
  features: number[];
  /** Rows stored on the tile. */
  rows: number;
  /** Rows each bank is built for: ceil(rows / banks). */
  rowsPerBank: number;
  /** Subarray groups per bank: ceil(rowsPerBank / rowsPerGroup). */
  groupsPerBank: number;
  subarraysPerBank: number;
}

/** The banks and subarrays one table's rows reach. */
export interface TableSpan {
  feature: number;
  memoryTile: number;
  storedRows: number;
  /** Banks its rows are dealt over: min(stored rows, banks per tile). */
  banks: number;
  /** Subarrays its share of each bank reaches, summed over those banks. */
  subarrays: number;
}

export interface BankOrganisation {
  layout: RowLayout;
  banksPerTile: number;
  tiles: TileOrganisation[];
  tables: TableSpan[];
  /** Subarray groups built over every bank of every memory tile. */
  groups: number;
  /** Subarrays built: groups x subarraysPerRead. */
  subarrays: number;
}

/** The memory tiles' banks and subarrays for the given tables, on the config's tiles. */
export function bankOrganisation(
  hw: Hardware,
  layout: RowLayout,
  tables: readonly TablePlacement[],
): BankOrganisation {
  const banks = hw.config.chip.banksPerMemoryTile;
  const tileCount = hw.config.chip.memoryTiles;
  const perTile = Array.from({ length: tileCount }, () => ({ rows: 0, features: [] as number[] }));
  for (const t of tables) {
    const tile = perTile[t.memoryTile];
    if (tile === undefined) {
      throw new Error(`table ${t.feature} sits on memory tile ${t.memoryTile} of ${tileCount}`);
    }
    tile.rows += t.storedRows;
    tile.features.push(t.feature);
  }
  const tiles = perTile.map(({ rows, features }, memoryTile): TileOrganisation => {
    const rowsPerBank = Math.ceil(rows / banks);
    const groupsPerBank = Math.ceil(rowsPerBank / layout.rowsPerGroup);
    return {
      memoryTile,
      features,
      rows,
      rowsPerBank,
      groupsPerBank,
      subarraysPerBank: groupsPerBank * layout.subarraysPerRead,
    };
  });
  const groups = tiles.reduce((s, t) => s + t.groupsPerBank * banks, 0);
  return {
    layout,
    banksPerTile: banks,
    tiles,
    tables: tables.map((t) => tableSpan(t, banks, layout)),
    groups,
    subarrays: groups * layout.subarraysPerRead,
  };
}

function tableSpan(t: TablePlacement, banksPerTile: number, layout: RowLayout): TableSpan {
  const banks = Math.min(t.storedRows, banksPerTile);
  const share = banks === 0 ? 0 : Math.ceil(t.storedRows / banks);
  const groups = Math.ceil(share / layout.rowsPerGroup);
  return {
    feature: t.feature,
    memoryTile: t.memoryTile,
    storedRows: t.storedRows,
    banks,
    subarrays: banks * groups * layout.subarraysPerRead,
  };
}
