import {
  banksPerRank,
  burstBytes,
  rowBytes,
  type DdrOrganization,
  type DdrTiming,
} from "./ddr4-timing";

/** Where one embedding vector lives. */
export interface VectorLocation {
  dimm: number;
  /** Rank index over the whole channel (DIMM-major: rank = dimm x ranksPerDimm + rank in DIMM). */
  rank: number;
  bankGroup: number;
  /** Bank within its bank group. */
  bank: number;
  row: number;
  /** First column slot (in vector slots) of the vector in its row. */
  slot: number;
  /** Index of the vector's first 64 B line among the lines of its rank (RankCache key). */
  rankLine: number;
}

export interface AddressMapShape {
  dimms: number;
  ranksPerDimm: number;
  organization: DdrOrganization;
  timing: DdrTiming;
  vectorBytes: number;
  tableRows: number[];
}

/**
 * Vector-granular interleaving, so that one vector lies within one rank (as
 * RecNMP places embeddings): tables are laid end to end in one vector index
 * space g = (rows of the tables before t) + row; rank = g mod ranks; within
 * the rank, consecutive vectors go to consecutive bank groups, then banks,
 * then column slots of a row, then rows. A vector takes ceil(vectorBytes /
 * burst) bursts, all in one row.
 */
export class AddressMap {
  readonly totalRanks: number;
  readonly burstsPerVector: number;
  readonly slotsPerRow: number;
  private readonly tableBase: number[];
  private readonly shape: AddressMapShape;

  constructor(shape: AddressMapShape) {
    this.shape = shape;
    const { organization, timing, vectorBytes } = shape;
    this.totalRanks = shape.dimms * shape.ranksPerDimm;
    const burst = burstBytes(organization, timing);
    this.burstsPerVector = Math.ceil(vectorBytes / burst);
    this.slotsPerRow = Math.floor(rowBytes(organization) / (this.burstsPerVector * burst));
    if (this.slotsPerRow < 1) {
      throw new Error(
        `workload.vectorBytes = ${vectorBytes}: a vector must fit in one DRAM row of ` +
          `${rowBytes(organization)} B`,
      );
    }
    this.tableBase = [];
    let base = 0;
    for (const rows of shape.tableRows) {
      this.tableBase.push(base);
      base += rows;
    }
    const perRank = banksPerRank(organization) * organization.rowsPerBank * this.slotsPerRow;
    const capacity = perRank * this.totalRanks;
    if (base > capacity) {
      throw new Error(
        `workload.tableRows: ${base} vectors of ${vectorBytes} B exceed the capacity of ` +
          `${this.totalRanks} ranks (${capacity} vectors)`,
      );
    }
  }

  /** The location of row `row` of table `table`; throws naming the table and id if out of range. */
  locate(table: number, row: number): VectorLocation {
    const rows = this.shape.tableRows[table];
    if (rows === undefined) {
      throw new Error(
        `sparse feature ${table}: no such table (workload has ${this.tableBase.length})`,
      );
    }
    if (!(Number.isInteger(row) && row >= 0 && row < rows)) {
      throw new Error(`table ${table}: row id ${row} out of range [0, ${rows})`);
    }
    const { organization, ranksPerDimm } = this.shape;
    const g = this.tableBase[table]! + row;
    const rank = g % this.totalRanks;
    const local = Math.floor(g / this.totalRanks);
    const bankGroup = local % organization.bankGroupsPerRank;
    const afterGroup = Math.floor(local / organization.bankGroupsPerRank);
    const bank = afterGroup % organization.banksPerBankGroup;
    const afterBank = Math.floor(afterGroup / organization.banksPerBankGroup);
    return {
      dimm: Math.floor(rank / ranksPerDimm),
      rank,
      bankGroup,
      bank,
      row: Math.floor(afterBank / this.slotsPerRow),
      slot: afterBank % this.slotsPerRow,
      rankLine: local * this.burstsPerVector,
    };
  }
}
