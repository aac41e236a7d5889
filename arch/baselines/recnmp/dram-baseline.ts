import type { InferenceRequest } from "../../../traces/request";
import { AddressMap } from "./address-map";
import { CommandScheduler, type DramAccess } from "./command-scheduler";
import { rankCommandEnergy } from "./ddr4-energy";
import { burstBytes } from "./ddr4-timing";
import { orderLookups, requestBatches } from "./packet-schedule";
import {
  validateRecNmpConfig,
  validateSlsWorkload,
  type RecNmpConfig,
  type SlsWorkload,
} from "./recnmp-config";
import { dqEnergyPj, dramCoreEnergyPj, finishResult, type SlsRunResult } from "./sls-result";

export const BASELINE_NOTES = [
  "DRAM baseline: the host's memory controller reads every vector over the one DDR4 channel " +
    "the DIMMs share; the CPU sums them (compute not modelled).",
  "One FR-FCFS controller for the channel: one command per cycle on the C/A bus, bursts of " +
    "different ranks separated by tBurst + tRTRS on the data bus, per-rank tRRD/tFAW/tCCD and " +
    "per-bank tRCD/tRAS/tRTP/tRP.",
  "Requests are served in batches of config.batchRequests (one SLS operator call per table), a " +
    "batch starting when the previous one has returned all its data (closed loop); a request's " +
    "latency is its batch's (the operators return together); arrivalCycle is ignored.",
  "Energy: ACT/PRE/read-burst energies and standby power of every rank (DRAMPower formulas), " +
    "DQ driver and other-rank termination energy for every bit on the channel; refresh not modelled.",
];

/** Both systems' address map for `config` and `workload` (validates both). */
export function prepare(config: RecNmpConfig, workload: SlsWorkload): AddressMap {
  validateRecNmpConfig(config);
  validateSlsWorkload(workload, config, burstBytes(config.organization, config.timing));
  return new AddressMap({
    ...config,
    vectorBytes: workload.vectorBytes,
    tableRows: workload.tableRows,
  });
}

/**
 * The "highly optimized baseline" RecNMP compares against: the same DIMMs,
 * read by the host over the channel, every vector a DRAM access.
 */
export function runDramBaseline(
  config: RecNmpConfig,
  workload: SlsWorkload,
  requests: Iterable<InferenceRequest>,
): SlsRunResult {
  const map = prepare(config, workload);
  const scheduler = new CommandScheduler({
    timing: config.timing,
    organization: config.organization,
    pagePolicy: config.pagePolicy,
    queueDepth: config.schedulerQueueDepth,
    ranks: map.totalRanks,
    sharedDataBus: true,
  });
  const latenciesCycles: number[] = [];
  let lookupCount = 0;
  let batchStart = 0;
  const tables = workload.tableRows.length;
  for (const batch of requestBatches(requests, config.batchRequests, tables)) {
    const lookups = orderLookups(batch, false);
    const accesses: DramAccess[] = lookups.map(({ table, row }) => {
      const at = map.locate(table, row);
      const { rank, bankGroup, bank } = at;
      return {
        rank,
        bankGroup,
        bank,
        row: at.row,
        bursts: map.burstsPerVector,
        readyCycle: batchStart,
      };
    });
    const done = scheduler.serve(accesses);
    const batchEnd = done.reduce((a, b) => Math.max(a, b), batchStart);
    // The batch's SLS operators return together: every request waits for the batch.
    for (let r = 0; r < batch.length; r++) latenciesCycles.push(batchEnd - batchStart);
    batchStart = batchEnd;
    lookupCount += lookups.length;
  }
  const runCycles = batchStart;
  scheduler.finish(runCycles);
  const energy = rankCommandEnergy(config.power, config.timing, config.organization.devicesPerRank);
  const bitsPerBurst = burstBytes(config.organization, config.timing) * 8;
  const core = dramCoreEnergyPj(
    scheduler.counts,
    scheduler.ranks,
    energy,
    runCycles,
    config.timing.tCkNs,
  );
  const io = dqEnergyPj(scheduler.counts.readBursts * bitsPerBurst, energy, map.totalRanks > 1);
  return finishResult({
    requests: latenciesCycles.length,
    lookups: lookupCount,
    latenciesCycles,
    runCycles,
    energyPj: core + io,
    cacheHits: 0,
    rankBurstCycles: scheduler.ranks.map((r) => r.burstCycles),
    tCkNs: config.timing.tCkNs,
    notes: [...BASELINE_NOTES],
  });
}
