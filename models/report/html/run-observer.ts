import type { ChipUnit } from "../../../arch/chip/chip-units";
import type { ChipRunResult } from "../../../arch/chip/chip-results";

/** What a run's report draws beyond its metrics. */
export interface RunObservations {
  nsPerCycle: number;
  /** Busy fraction of each unit kind per time bin: busy unit-cycles / (units x bin). */
  busyOverTime: { binNs: number; kinds: Record<string, number[]> };
  /** The busy intervals of the first requests, per unit (the timeline's window). */
  gantt: {
    requests: number;
    bars: Array<{ lane: string; startNs: number; endNs: number; request: number; step: string }>;
    /** Bars left out past the cap (a long window on a big chip). */
    dropped: number;
  };
  /** The latency histogram's bins, ns (exact counts; each bin's extent). */
  latencyBins: Array<{ lowNs: number; highNs: number; count: number }>;
  /** Per table, per bank of its memory tile: reads that found the bank busy. */
  tableBankConflicts: number[][];
}

/** Time bins kept per kind: past this the bins double in width. */
const MAX_BINS = 96;
/** Gantt bars kept (a few requests on a large chip): keeps the page small. */
const MAX_BARS = 4000;

/**
 * Listens to a chip run's busy intervals (simulate's recordUnits/onInterval
 * hooks) and keeps bounded summaries: busy time per unit kind in time bins
 * that double in width as the run grows, and the intervals of the first
 * `ganttRequests` requests.
 */
export class RunObserver {
  private binCycles = 64;
  private readonly busy = new Map<string, number[]>();
  private readonly bars: RunObservations["gantt"]["bars"] = [];
  private barsDropped = 0;
  private lastCycle = 0;

  constructor(private readonly ganttRequests = 6) {}

  /** Every unit but the tile buffers (their ports serve every operation and would flood the view). */
  readonly recordUnits = (unit: ChipUnit): boolean => unit.kind !== "buffer";

  readonly onInterval = (
    unit: ChipUnit,
    start: number,
    end: number,
    request: number,
    step: string,
  ): void => {
    if (end > this.lastCycle) this.lastCycle = end;
    while (end > MAX_BINS * this.binCycles) this.widen();
    const bins = this.busy.get(unit.kind) ?? this.newKind(unit.kind);
    let from = start;
    while (from < end) {
      const bin = Math.floor(from / this.binCycles);
      const to = Math.min(end, (bin + 1) * this.binCycles);
      bins[bin]! += to - from;
      from = to;
    }
    if (request < this.ganttRequests) {
      if (this.bars.length >= MAX_BARS) this.barsDropped++;
      else {
        const lane = unit.kind === "bank" ? `memory${unit.tile}.banks` : unit.name;
        this.bars.push({ lane, startNs: start, endNs: end, request, step });
      }
    }
  };

  /** The summaries, scaled to ns (`ns` per cycle) and normalised by each kind's units. */
  observations(run: ChipRunResult, ns: number): RunObservations {
    const units = new Map<string, number>();
    for (const u of run.units) units.set(u.kind, (units.get(u.kind) ?? 0) + u.capacity);
    const usedBins = Math.max(1, Math.ceil(this.lastCycle / this.binCycles));
    const kinds: Record<string, number[]> = {};
    for (const [kind, bins] of [...this.busy.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const capacity = units.get(kind) ?? 1;
      kinds[kind] = bins.slice(0, usedBins).map((b, i) => {
        const width = Math.min(this.binCycles, this.lastCycle - i * this.binCycles);
        return width > 0 ? b / (capacity * width) : 0;
      });
    }
    return {
      nsPerCycle: ns,
      busyOverTime: { binNs: this.binCycles * ns, kinds },
      gantt: {
        requests: this.ganttRequests,
        bars: this.bars.map((b) => ({ ...b, startNs: b.startNs * ns, endNs: b.endNs * ns })),
        dropped: this.barsDropped,
      },
      latencyBins: run.latencyCycles.bins().map((b) => ({
        lowNs: b.low * ns,
        highNs: b.high * ns,
        count: b.count,
      })),
      tableBankConflicts: run.tableBankConflicts,
    };
  }

  private newKind(kind: string): number[] {
    const bins = new Array<number>(MAX_BINS).fill(0);
    this.busy.set(kind, bins);
    return bins;
  }

  /** Doubles the bin width: pairs of bins merge. */
  private widen(): void {
    for (const bins of this.busy.values()) {
      for (let i = 0; i < MAX_BINS; i++)
        bins[i] = i < MAX_BINS / 2 ? bins[2 * i]! + bins[2 * i + 1]! : 0;
    }
    this.binCycles *= 2;
  }
}
