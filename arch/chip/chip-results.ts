import type { Simulator } from "../../sim/kernel/simulator";
import type { Histogram, StatTotal } from "../../sim/kernel/stats";
import type { ChipUnits } from "./chip-units";

export interface ChipRunResult {
  completed: number;
  /** Cycle the first request entered and the last one left. */
  firstEntryCycle: number;
  lastExitCycle: number;
  latencyCycles: Histogram;
  queueingCycles: Histogram;
  /** Dynamic energy by part, pJ. */
  energyPj: Record<string, number>;
  /** Leakage power of the buffers, mW. */
  leakageMw: number;
  /** Busy fraction by unit kind (mean over the units of that kind). */
  utilisation: Record<string, number>;
  /** Every unit: its hardware path, what runs on it, its busy fraction and jobs. */
  units: Array<{
    path: string;
    name: string;
    kind: string;
    capacity: number;
    utilisation: number;
    jobs: number;
  }>;
  /** The chip's statistics rolled up its component tree (per tile, per memory tile, whole chip). */
  totals: Record<string, StatTotal>;
  bankConflicts: number[];
  /** Per table, per bank of its memory tile: reads that found that bank busy. */
  tableBankConflicts: number[][];
  lookups: number;
  /** Cycles during which two or more requests were in the chip at once. */
  overlappedRequestCycles: number;
  events: number;
  sim: Simulator;
}

type Counts = Omit<ChipRunResult, "utilisation" | "units" | "totals" | "events" | "sim">;

/** Each unit's busy fraction over the whole run, the mean per kind, and the tree's totals. */
export function summariseRun(sim: Simulator, units: ChipUnits, counts: Counts): ChipRunResult {
  const elapsed = Math.max(1, sim.now);
  const byKind: Record<string, { sum: number; n: number }> = {};
  const unitList = units.all.map((u) => {
    const s = u.server;
    const utilisation = s.busy.integral() / (s.capacity * elapsed);
    const k = (byKind[u.kind] ??= { sum: 0, n: 0 });
    k.sum += utilisation;
    k.n++;
    return {
      path: u.path,
      name: u.name,
      kind: u.kind,
      capacity: s.capacity,
      utilisation,
      jobs: s.jobs.value,
    };
  });
  const utilisation: Record<string, number> = {};
  for (const [kind, { sum, n }] of Object.entries(byKind)) utilisation[kind] = sum / n;
  return {
    ...counts,
    utilisation,
    units: unitList,
    totals: sim.stats.group("chip")?.totals() ?? {},
    events: sim.eventsFired,
    sim,
  };
}
