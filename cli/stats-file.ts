import type { SimulateResult } from "../models/simulate";
import { writeJsonAtomic } from "../sim/io/atomic-file";

/**
 * The design run's statistics as gem5 writes stats.txt beside a run: every
 * unit's (busy time, jobs, waits), nested like the chip's components, each
 * group with its subtree's totals, and the resolved config they belong to.
 */
export function writeStats(path: string, result: SimulateResult): void {
  writeJsonAtomic(path, {
    model: result.model,
    simulatedCycles: result.run.sim.now,
    stats: result.run.sim.stats.toJSONWithTotals(),
    config: result.config,
  });
}
