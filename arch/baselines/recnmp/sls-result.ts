import { latencySummary } from "../latency-summary";
import type { CommandCounts } from "./command-scheduler";
import type { RankCommandEnergy } from "./ddr4-energy";
import type { RankState } from "./rank-state";

export interface SlsRunResult {
  requests: number;
  lookups: number;
  /** Memory-side time to serve each request's SLS (all its tables), ns. */
  latencyNs: { mean: number; p50: number; p99: number };
  /** Requests per second the memory side sustains (batches served back to back). */
  throughputPerSec: number;
  /** DRAM (+ NMP logic + RankCache) energy, pJ, total and per request. */
  energyPj: number;
  energyPerRequestPj: number;
  /** Average power over the run, W. */
  powerW: number;
  /** Lookups served wholly from a RankCache, over all lookups (0 for the DRAM baseline). */
  cacheHitRate: number;
  /** Per rank, the fraction of the run its data pins carry read bursts. */
  rankBusyFraction: number[];
  notes: string[];
}

/** DRAM command and standby energy of `ranks` over a run of `runCycles`. */
export function dramCoreEnergyPj(
  counts: CommandCounts,
  ranks: readonly RankState[],
  energy: RankCommandEnergy,
  runCycles: number,
  tCkNs: number,
): number {
  const commands =
    counts.activates * energy.activatePj +
    counts.precharges * energy.prechargePj +
    counts.readBursts * energy.readBurstPj;
  let standby = 0;
  for (const rank of ranks) {
    const openCycles = Math.min(rank.openCycles, runCycles);
    standby +=
      energy.prechargedStandbyMw * runCycles * tCkNs +
      energy.activeStandbyExtraMw * openCycles * tCkNs;
  }
  return commands + standby;
}

/** Energy of moving `bits` over DQ pins, with termination when other ranks share the pins. */
export function dqEnergyPj(bits: number, energy: RankCommandEnergy, terminated: boolean): number {
  return bits * (energy.ioPjPerBit + (terminated ? energy.readTerminationPjPerBit : 0));
}

export interface RunTotals {
  requests: number;
  lookups: number;
  latenciesCycles: number[];
  runCycles: number;
  energyPj: number;
  cacheHits: number;
  rankBurstCycles: number[];
  tCkNs: number;
  notes: string[];
}

/** The public result from a run's totals (cycles converted to ns once, here). */
export function finishResult(totals: RunTotals): SlsRunResult {
  const { requests, runCycles, energyPj, tCkNs } = totals;
  const runNs = runCycles * tCkNs;
  return {
    requests,
    lookups: totals.lookups,
    latencyNs: latencySummary(totals.latenciesCycles.map((c) => c * tCkNs)),
    throughputPerSec: runNs > 0 ? requests / (runNs * 1e-9) : 0,
    energyPj,
    energyPerRequestPj: requests > 0 ? energyPj / requests : 0,
    powerW: runNs > 0 ? (energyPj * 1e-12) / (runNs * 1e-9) : 0,
    cacheHitRate: totals.lookups > 0 ? totals.cacheHits / totals.lookups : 0,
    rankBusyFraction: totals.rankBurstCycles.map((c) => (runCycles > 0 ? c / runCycles : 0)),
    notes: totals.notes,
  };
}
