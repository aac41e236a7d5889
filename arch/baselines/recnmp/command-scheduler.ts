import type { DdrOrganization, DdrTiming } from "./ddr4-timing";
import { NO_OWNER, NO_ROW, RankState } from "./rank-state";

/** Math.max held locally: a global lookup per call is costly in some VM contexts (jest). */
const max = Math.max;

/** Closed page: every access ends with a read with auto-precharge; open page: rows stay open. */
export type PagePolicy = "closed" | "open";

/** One vector's (or part of a vector's) read: `bursts` consecutive bursts of one row. */
export interface DramAccess {
  /** Rank index within this scheduler's ranks. */
  rank: number;
  bankGroup: number;
  bank: number;
  row: number;
  bursts: number;
  /** The access reaches the controller's queue at this cycle. */
  readyCycle: number;
}

export interface SchedulerConfig {
  timing: DdrTiming;
  organization: DdrOrganization;
  pagePolicy: PagePolicy;
  /** How many of the oldest waiting accesses the scheduler may choose among. */
  queueDepth: number;
  /** Ranks behind this controller. */
  ranks: number;
  /** True when the ranks share one data bus (the host channel): rank switches cost tRTRS. */
  sharedDataBus: boolean;
}

export interface CommandCounts {
  activates: number;
  precharges: number;
  readBursts: number;
}

/**
 * A candidate command as one number, cycle x 4 + kind, so that the smallest
 * is the earliest and, on a tie, a read (row hit) before an ACT before a PRE
 * (FR-FCFS); cycles are integers far below 2^50, so the key is exact.
 */
const READ = 0;
const ACTIVATE = 1;
const PRECHARGE = 2;
const KINDS = 4;
const BLOCKED = Infinity;

/**
 * A DDR4 command scheduler for one controller (the host's channel controller,
 * or one rank-NMP's): among the `queueDepth` oldest waiting accesses it issues
 * the command that can go earliest, a row-hit read before an ACT before a PRE
 * on ties, the oldest access on further ties (FR-FCFS). Commands are issued
 * at non-decreasing cycles, one per cycle on the command bus. An access holds
 * its bank from its ACT (or first row-hit read) to its last read, so no other
 * access closes the row under it.
 */
export class CommandScheduler {
  readonly ranks: RankState[];
  readonly counts: CommandCounts = { activates: 0, precharges: 0, readBursts: 0 };
  private nowCycle = 0;
  private commandBusFreeCycle = 0;
  private lastBusReadRank = -1;
  private lastBusReadCycle = -1e15;
  private nextOwnerId = 0;

  constructor(private readonly config: SchedulerConfig) {
    this.ranks = Array.from(
      { length: config.ranks },
      () => new RankState(config.organization, config.timing),
    );
  }

  /** The cycle of the last command issued so far. */
  get lastCommandCycle(): number {
    return this.nowCycle;
  }

  /** Serves `accesses` (in arrival order); returns, per access, the cycle its last data beat ends. */
  serve(accesses: readonly DramAccess[]): number[] {
    const doneCycles = new Array<number>(accesses.length).fill(0);
    const burstsIssued = new Array<number>(accesses.length).fill(0);
    const ownerBase = this.nextOwnerId;
    this.nextOwnerId += accesses.length;
    const active: number[] = [];
    let next = 0;
    const refill = (): void => {
      while (next < accesses.length && active.length < this.config.queueDepth) active.push(next++);
    };
    refill();
    while (active.length > 0) {
      let bestPosition = -1;
      let best = BLOCKED;
      for (let position = 0; position < active.length; position++) {
        const index = active[position]!;
        const key = this.nextCommand(accesses[index]!, ownerBase + index);
        // Strictly smaller: on a full tie the older access (earlier position) keeps it.
        if (key < best) {
          best = key;
          bestPosition = position;
        }
      }
      if (bestPosition < 0) throw new Error("DDR4 scheduler: every queued access is blocked");
      const index = active[bestPosition]!;
      const finished = this.issue(accesses[index]!, ownerBase + index, best, burstsIssued, index);
      if (finished !== null) {
        doneCycles[index] = finished;
        active.splice(bestPosition, 1);
        refill();
      }
    }
    return doneCycles;
  }

  /** Closes rows left open (open page) at `endCycle`, counting their precharges. */
  finish(endCycle: number): void {
    for (const rank of this.ranks) this.counts.precharges += rank.closeOpenRowsAt(endCycle);
  }

  /** The access's next command as a key (cycle x 4 + kind), BLOCKED if another access holds its bank. */
  private nextCommand(access: DramAccess, owner: number): number {
    const rank = this.ranks[access.rank]!;
    const bank = rank.bank(access.bankGroup, access.bank);
    if (bank.owner !== NO_OWNER && bank.owner !== owner) return BLOCKED;
    const floor = max(this.nowCycle, this.commandBusFreeCycle, access.readyCycle);
    if (bank.openRow === access.row) {
      let cycle = max(floor, rank.earliestRead(access.bankGroup, bank));
      const otherRank = this.lastBusReadRank >= 0 && this.lastBusReadRank !== access.rank;
      if (this.config.sharedDataBus && otherRank) {
        const t = this.config.timing;
        cycle = max(cycle, this.lastBusReadCycle + t.tBurstCycles + t.tRtrsCycles);
      }
      return cycle * KINDS + READ;
    }
    if (bank.openRow === NO_ROW) {
      const cycle = max(floor, rank.earliestActivate(access.bankGroup, bank));
      return cycle * KINDS + ACTIVATE;
    }
    return max(floor, rank.earliestPrecharge(bank)) * KINDS + PRECHARGE;
  }

  /** Issues the command `key` for the access; returns its completion cycle if that was its last burst. */
  private issue(
    access: DramAccess,
    owner: number,
    key: number,
    burstsIssued: number[],
    index: number,
  ): number | null {
    const rank = this.ranks[access.rank]!;
    const bank = rank.bank(access.bankGroup, access.bank);
    const kind = key % KINDS;
    const cycle = (key - kind) / KINDS;
    this.nowCycle = cycle;
    this.commandBusFreeCycle = cycle + 1;
    if (kind === ACTIVATE) {
      rank.activate(access.bankGroup, bank, access.row, owner, cycle);
      this.counts.activates++;
      return null;
    }
    if (kind === PRECHARGE) {
      rank.precharge(bank, cycle);
      this.counts.precharges++;
      return null;
    }
    bank.owner = owner;
    rank.read(access.bankGroup, bank, cycle);
    this.counts.readBursts++;
    this.lastBusReadRank = access.rank;
    this.lastBusReadCycle = cycle;
    burstsIssued[index] = burstsIssued[index]! + 1;
    if (burstsIssued[index]! < access.bursts) return null;
    if (this.config.pagePolicy === "closed") {
      rank.autoPrecharge(bank, cycle);
      this.counts.precharges++;
    } else {
      bank.owner = NO_OWNER;
    }
    const t = this.config.timing;
    return cycle + t.tClCycles + t.tBurstCycles;
  }
}
