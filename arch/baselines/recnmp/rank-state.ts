import type { DdrOrganization, DdrTiming } from "./ddr4-timing";

/** Math.max held locally: a global lookup per call is costly in some VM contexts (jest). */
const max = Math.max;

/** No row open in a bank. */
export const NO_ROW = -1;
/** A bank no access holds. */
export const NO_OWNER = -1;
/** A time before any command: constraints against it never bind. */
const NEVER = -1e15;

/** One bank: its open row and the times its next commands depend on. */
export class BankState {
  openRow = NO_ROW;
  /** The access whose bursts are still to come from the open row (it keeps others out). */
  owner = NO_OWNER;
  actCycle = NEVER;
  lastReadCycle = NEVER;
  /** Earliest ACT: the precharge (explicit or automatic) has completed tRP. */
  actAllowedCycle = 0;
}

/**
 * One rank's command-timing state (bank, bank-group and rank constraints of
 * DDR4). Channel constraints (shared data bus, command bus) live in the
 * scheduler; this class answers "when may this command go" and records
 * what was issued.
 */
export class RankState {
  readonly banks: BankState[];
  private lastActCycle = NEVER;
  private readonly lastActInGroup: number[];
  /** The last four ACTs, oldest first (tFAW). */
  private readonly actWindow: number[] = [NEVER, NEVER, NEVER, NEVER];
  private lastReadCycle = NEVER;
  private readonly lastReadInGroup: number[];
  /** Cycles with a row open, summed over ACTs (active standby, approximated by the sum). */
  openCycles = 0;
  /** Cycles of read data on this rank's data pins. */
  burstCycles = 0;

  constructor(
    private readonly organization: DdrOrganization,
    private readonly timing: DdrTiming,
  ) {
    const banks = organization.bankGroupsPerRank * organization.banksPerBankGroup;
    this.banks = Array.from({ length: banks }, () => new BankState());
    this.lastActInGroup = new Array<number>(organization.bankGroupsPerRank).fill(NEVER);
    this.lastReadInGroup = new Array<number>(organization.bankGroupsPerRank).fill(NEVER);
  }

  bank(bankGroup: number, bank: number): BankState {
    return this.banks[bankGroup * this.organization.banksPerBankGroup + bank]!;
  }

  /** Earliest ACT to a closed bank: tRP after its precharge, tRRD_S/L and tFAW. */
  earliestActivate(bankGroup: number, bank: BankState): number {
    const t = this.timing;
    return max(
      bank.actAllowedCycle,
      this.lastActCycle + t.tRrdSCycles,
      this.lastActInGroup[bankGroup]! + t.tRrdLCycles,
      this.actWindow[0]! + t.tFawCycles,
    );
  }

  /** Earliest RD from an open row: tRCD after its ACT, tCCD_S/L after the rank's reads. */
  earliestRead(bankGroup: number, bank: BankState): number {
    const t = this.timing;
    return max(
      bank.actCycle + t.tRcdCycles,
      this.lastReadCycle + t.tCcdSCycles,
      this.lastReadInGroup[bankGroup]! + t.tCcdLCycles,
    );
  }

  /** Earliest PRE of an open row: tRAS after its ACT and tRTP after its last read. */
  earliestPrecharge(bank: BankState): number {
    const t = this.timing;
    return max(bank.actCycle + t.tRasCycles, bank.lastReadCycle + t.tRtpCycles);
  }

  activate(bankGroup: number, bank: BankState, row: number, owner: number, cycle: number): void {
    bank.openRow = row;
    bank.owner = owner;
    bank.actCycle = cycle;
    this.lastActCycle = cycle;
    this.lastActInGroup[bankGroup] = cycle;
    this.actWindow.shift();
    this.actWindow.push(cycle);
  }

  read(bankGroup: number, bank: BankState, cycle: number): void {
    bank.lastReadCycle = cycle;
    this.lastReadCycle = cycle;
    this.lastReadInGroup[bankGroup] = cycle;
    this.burstCycles += this.timing.tBurstCycles;
  }

  /** Closes the bank's row at `cycle` (an explicit PRE, or the automatic one of RDA). */
  precharge(bank: BankState, cycle: number): void {
    this.openCycles += cycle - bank.actCycle;
    bank.openRow = NO_ROW;
    bank.owner = NO_OWNER;
    bank.actAllowedCycle = cycle + this.timing.tRpCycles;
  }

  /** The automatic precharge of a read with auto-precharge (RDA) issued at `readCycle`. */
  autoPrecharge(bank: BankState, readCycle: number): number {
    const t = this.timing;
    const cycle = max(readCycle + t.tRtpCycles, bank.actCycle + t.tRasCycles);
    this.precharge(bank, cycle);
    return cycle;
  }

  /** Rows still open at `endCycle` (open-page): their open time up to the end; returns how many. */
  closeOpenRowsAt(endCycle: number): number {
    let open = 0;
    for (const bank of this.banks) {
      if (bank.openRow === NO_ROW) continue;
      this.openCycles += max(0, endCycle - bank.actCycle);
      bank.openRow = NO_ROW;
      bank.owner = NO_OWNER;
      open++;
    }
    return open;
  }
}
