import type { Cycles } from "../../sim/kernel/time";
import type { TablePlacement } from "../chip/program";
import type { Hardware } from "../config/hardware";
import { nsToCycles } from "../config/hardware";
import { digitCount } from "../crossbar/offset-encoding";
import { tech } from "../tech/tables";

/**
 * The memory tiles (paper section 3.3): embedding tables held read-only in
 * ReRAM banks. A lookup reads one row (the e activations of one embedding)
 * from one bank: the cells of the row are sensed at once (one sense
 * amplifier per cell column), then the row leaves the tile on its port,
 * one bus word per cycle. A bank serves one read at a time, so two lookups
 * on one bank serialise: a bank conflict.
 */
export interface MemoryCosts {
  cellsPerRow: number;
  bankReadCycles: Cycles;
  /** Cycles a row occupies the memory tile's port. */
  transferCycles: Cycles;
  lookupEnergyPj: number;
  /** Cells and sense amplifiers of every stored row and bank. */
  areaUm2: number;
}

export function memoryCosts(
  hw: Hardware,
  embeddingDim: number,
  tables: TablePlacement[],
): MemoryCosts {
  const bits = embeddingDim * hw.config.precision.activationBits;
  const cellsPerRow = digitCount(bits, hw.config.crossbar.cellBits);
  const { reram, converters } = tech;
  const readNs = reram.device.readLatencyNs + converters.senseAmp.latencyNs;
  const storedRows = tables.reduce((s, t) => s + t.storedRows, 0);
  const banks = hw.config.chip.memoryTiles * hw.config.chip.banksPerMemoryTile;
  return {
    cellsPerRow,
    bankReadCycles: nsToCycles(readNs, hw.nsPerCycle),
    transferCycles: Math.ceil(bits / hw.config.buffer.busBits),
    lookupEnergyPj:
      cellsPerRow * (reram.readPowerPerCellW * 1e3 * reram.device.readLatencyNs) +
      cellsPerRow * converters.senseAmp.powerMw * converters.senseAmp.latencyNs,
    areaUm2:
      storedRows * cellsPerRow * reram.device.cellAreaUm2 +
      banks * cellsPerRow * converters.senseAmp.areaUm2,
  };
}

/** Access counts per stored row, one map per sparse feature (a profile of a trace or data set). */
export type RowCounts = ReadonlyArray<ReadonlyMap<number, number>>;

/**
 * Where each embedding row lives. Frequency placement (the paper's offline
 * access-aware reorganisation): on each memory tile, the profiled rows of all
 * its tables are ranked by access count (ties: feature, then row) and dealt
 * round-robin over the banks, so the hottest rows sit on different banks.
 * Row-id placement (naive): row r on bank r mod banks. Rows the profile never
 * saw are spread by a hash of (feature, row).
 */
export class BankMap {
  private readonly hot: Array<Map<number, number>>;

  constructor(
    private readonly tables: TablePlacement[],
    readonly banksPerTile: number,
    readonly frequency: boolean,
    profile?: RowCounts,
  ) {
    this.hot = tables.map(() => new Map<number, number>());
    if (!frequency || profile === undefined) return;
    const byTile = new Map<number, Array<{ feature: number; row: number; count: number }>>();
    tables.forEach((t) => {
      const entries = byTile.get(t.memoryTile) ?? [];
      for (const [row, count] of profile[t.feature] ?? [])
        entries.push({ feature: t.feature, row, count });
      byTile.set(t.memoryTile, entries);
    });
    for (const entries of byTile.values()) {
      entries.sort((x, y) => y.count - x.count || x.feature - y.feature || x.row - y.row);
      entries.forEach((entry, rank) =>
        this.hot[entry.feature]!.set(entry.row, rank % banksPerTile),
      );
    }
  }

  /** The stored row an id lands on (tables larger than their storage are hashed). */
  storedRow(feature: number, id: number): number {
    return id % this.tables[feature]!.storedRows;
  }

  /** Global bank index (memory tile x banks + bank) of a stored row. */
  bankOf(feature: number, row: number): number {
    const tile = this.tables[feature]!.memoryTile;
    const local = this.frequency
      ? (this.hot[feature]!.get(row) ?? hashBank(feature, row, this.banksPerTile))
      : row % this.banksPerTile;
    return tile * this.banksPerTile + local;
  }
}

function hashBank(feature: number, row: number, banks: number): number {
  let h = Math.imul(row ^ (feature << 20), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % banks;
}
