import type { Placement } from "./placement";

/**
 * The busy state of the embedding engines, in cycles, advanced job by job in
 * request order (first come, first served; a job never fills an idle gap
 * left before an earlier-scheduled job, so runs are deterministic).
 *
 * - A crossbar runs one inner product at a time: its rows carry one driving
 *   vector, and blocks of one crossbar share its columns.
 * - In an engine pool, a job also holds `adcsUsed` of the engine's ADCs for
 *   its duration, the earliest-free ones (any crossbar reaches any ADC); with
 *   per-crossbar ADCs the crossbar's own ADCs are free whenever it is.
 * - Each engine has one lookup bank (the digital copy of its vectors), which
 *   serves one lookup at a time.
 */
export class EngineState {
  private readonly crossbarFree: Float64Array;
  private readonly bankFree: Float64Array;
  /** Per engine, its ADCs' free times in ascending order (engine e: [e A, (e + 1) A)). */
  private readonly adcFree: Float64Array | null;
  /** Per engine, job cycles summed over its crossbars. */
  readonly busyCycles: Float64Array;

  constructor(
    private readonly placement: Placement,
    private readonly adcsPerEngine: number | null,
    private readonly jobCycles: number,
    private readonly adcsUsed: number,
  ) {
    this.crossbarFree = new Float64Array(placement.crossbars);
    this.bankFree = new Float64Array(placement.engines);
    this.busyCycles = new Float64Array(placement.engines);
    this.adcFree =
      adcsPerEngine === null ? null : new Float64Array(placement.engines * adcsPerEngine);
  }

  // The hot paths avoid Math.*: global lookups are slow inside jest's vm contexts.
  engineOf(crossbar: number): number {
    return (crossbar / this.placement.crossbarsPerEngine) | 0;
  }

  /** The earliest cycle a job ready at `ready` can start on `crossbar`. */
  earliestStart(crossbar: number, ready: number): number {
    const free = this.crossbarFree[crossbar]!;
    let start = free > ready ? free : ready;
    if (this.adcFree !== null) {
      const adc = this.adcFree[this.engineOf(crossbar) * this.adcsPerEngine! + this.adcsUsed - 1]!;
      if (adc > start) start = adc;
    }
    return start;
  }

  /** Books a job on `crossbar` from `start` (as earliestStart gave it); returns its end. */
  commit(crossbar: number, start: number): number {
    const end = start + this.jobCycles;
    this.crossbarFree[crossbar] = end;
    const engine = this.engineOf(crossbar);
    this.busyCycles[engine]! += this.jobCycles;
    if (this.adcFree !== null) this.holdAdcs(engine, end);
    return end;
  }

  /** The `adcsUsed` earliest-free ADCs of `engine` become busy until `end`; the order is kept. */
  private holdAdcs(engine: number, end: number): void {
    const adc = this.adcFree!;
    const base = engine * this.adcsPerEngine!;
    const last = base + this.adcsPerEngine!;
    // In place: the held ADCs were the first adcsUsed; later ones free before `end` move left.
    let i = base;
    let r = base + this.adcsUsed;
    while (r < last && adc[r]! <= end) adc[i++] = adc[r++]!;
    while (i < r) adc[i++] = end;
  }

  /** Earliest cycle the lookup bank of `engine` can start a read ready at `ready`. */
  lookupStart(engine: number, ready: number): number {
    const free = this.bankFree[engine]!;
    return free > ready ? free : ready;
  }

  commitLookup(engine: number, start: number, cycles: number): number {
    const end = start + cycles;
    this.bankFree[engine] = end;
    return end;
  }
}
