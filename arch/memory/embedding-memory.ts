import type { Cycles } from "../../sim/kernel/time";
import type { TablePlacement } from "../chip/program";
import type { Hardware } from "../config/hardware";
import { nsToCycles } from "../config/hardware";
import {
  ARRAY_PARTS,
  groupAreaUm2,
  readEnergyPj,
  readLatencyNs,
  rowLayout,
  total,
  transferEnergyPjPerBit,
  type ArrayPart,
  type LookupPart,
} from "./array-model";
import { bankOrganisation, type BankOrganisation } from "./memory-banks";

/**
 * The memory tiles (paper section 3.3): embedding tables held read-only in
 * ReRAM banks. A lookup reads one row (the e activations of one embedding)
 * from one bank: the row's cells are opened by the row decoder and word-line
 * driver and sensed at once (array-model.ts), then the row leaves the tile
 * on its port, one bus word per cycle, over the wire to a compute tile. A
 * bank serves one read at a time, so two lookups on one bank serialise: a
 * bank conflict. docs/memory.md derives every figure.
 *
 * Timing rule: the array's parts act in series, so a bank read takes
 * nsToCycles(sum of their delays) cycles (ceil, at least one; see
 * arch/config/hardware.ts). The port carries buffer.busBits bits a cycle,
 * so a row occupies it ceil(bits / busBits) cycles.
 */
export interface MemoryCosts {
  cellsPerRow: number;
  bankReadCycles: Cycles;
  /** Cycles a row occupies the memory tile's port. */
  transferCycles: Cycles;
  /** Energy of one lookup: the array's read and the row's transfer to a compute tile. */
  lookupEnergyPj: number;
  /** Every subarray the memory tiles build, with its periphery (areaBreakdownUm2 summed). */
  areaUm2: number;
  /** Bits one lookup returns: e x activation bits. */
  bitsPerLookup: number;
  /** lookupEnergyPj / bitsPerLookup. */
  lookupEnergyPjPerBit: number;
  lookupEnergyBreakdownPj: Record<LookupPart, number>;
  areaBreakdownUm2: Record<ArrayPart, number>;
  /** The bank read's delay, ns (its parts summed), before rounding to cycles. */
  bankReadNs: number;
  bankReadBreakdownNs: Record<ArrayPart, number>;
  /** Rows x columns of the subarrays, and how the banks and tables spread over them. */
  organisation: BankOrganisation;
}

export function memoryCosts(
  hw: Hardware,
  embeddingDim: number,
  tables: TablePlacement[],
): MemoryCosts {
  const layout = rowLayout(hw, embeddingDim);
  const organisation = bankOrganisation(hw, layout, tables);
  const bits = layout.bitsPerRow;
  const lookupEnergyBreakdownPj: Record<LookupPart, number> = {
    ...readEnergyPj(layout),
    transfer: bits * transferEnergyPjPerBit(),
  };
  const group = groupAreaUm2(layout);
  const areaBreakdownUm2 = { ...group };
  for (const part of ARRAY_PARTS) areaBreakdownUm2[part] = group[part] * organisation.groups;
  const bankReadBreakdownNs = readLatencyNs(layout);
  const bankReadNs = total(bankReadBreakdownNs);
  const lookupEnergyPj = total(lookupEnergyBreakdownPj);
  return {
    cellsPerRow: layout.cellsPerRow,
    bankReadCycles: nsToCycles(bankReadNs, hw.nsPerCycle),
    transferCycles: Math.ceil(bits / hw.config.buffer.busBits),
    lookupEnergyPj,
    areaUm2: total(areaBreakdownUm2),
    bitsPerLookup: bits,
    lookupEnergyPjPerBit: lookupEnergyPj / bits,
    lookupEnergyBreakdownPj,
    areaBreakdownUm2,
    bankReadNs,
    bankReadBreakdownNs,
    organisation,
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
