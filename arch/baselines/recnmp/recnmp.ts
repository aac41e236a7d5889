import type { InferenceRequest } from "../../../traces/request";
import { BASELINE_NOTES, prepare } from "./dram-baseline";
import { NmpSystem } from "./nmp-system";
import { requestBatches } from "./packet-schedule";
import type { RecNmpConfig, SlsWorkload } from "./recnmp-config";
import { finishResult, type SlsRunResult } from "./sls-result";

export { runDramBaseline } from "./dram-baseline";
export { defaultRecNmpConfig, validateRecNmpConfig } from "./recnmp-config";
export type {
  HotEntryProfilingConfig,
  NmpLogicConfig,
  RankCacheConfig,
  RecNmpConfig,
  SlsWorkload,
} from "./recnmp-config";
export type { DdrOrganization, DdrTiming } from "./ddr4-timing";
export type { DdrPowerSpec } from "./ddr4-energy";
export type { PagePolicy } from "./command-scheduler";
export type { SlsRunResult } from "./sls-result";

/** What the NMP run models, for the result's notes. */
function nmpNotes(config: RecNmpConfig): string[] {
  const cache = config.rankCache;
  return [
    `RecNMP: ${config.dimms} DIMMs x ${config.ranksPerDimm} ranks, one rank-NMP per rank with ` +
      "its own DDR4 command scheduler (all ranks serve lookups at once); a DIMM-NMP per DIMM " +
      "sums its ranks' partial sums.",
    `Channel: NMP instructions go out ${config.nmp.instructionsPerChannelBurst} per burst slot ` +
      "from the batch start; one pooled vector per (request, table, DIMM) comes back, in " +
      "completion order; the host's final sum over DIMMs is not modelled.",
    cache.enabled
      ? `RankCache: ${cache.sizeBytes} B, ${cache.ways}-way LRU, ${cache.lineBytes} B lines per ` +
        "rank; hits are read out at one line per hitCyclesPerLine; a hit on a line still being " +
        "filled waits for that fill; misses fetch only the missing lines."
      : "RankCache off: every lookup reads DRAM.",
    config.tableAwareScheduling
      ? "Table-aware packet scheduling: each batch's packets are sent table by table."
      : "Packets are sent request by request.",
    config.hotEntryProfiling.enabled && cache.enabled
      ? "Hot-entry profiling: ids used >= " +
        `${config.hotEntryProfiling.localityThreshold} times in their batch get the LocalityBit; ` +
        "the others bypass the RankCache."
      : "No hot-entry profiling: every lookup may be cached (if the cache is on).",
    "Requests are served in batches of config.batchRequests (one SLS operator call per table), a " +
      "batch starting when the previous one has returned all its sums (closed loop); a " +
      "request's latency is its batch's (the operators return together); arrivalCycle is ignored.",
    "Energy: DRAM commands and standby (DRAMPower formulas), rank-to-buffer DQ energy, channel " +
      "DQ energy of instructions and sums, RankCache reads/fills/leakage (CACTI 32 nm), fp32 adds; " +
      "refresh not modelled. The host's MLPs are not in this model.",
  ];
}

/** RecNMP serving the SLS lookups of `requests` (memory side only). */
export function runRecNmp(
  config: RecNmpConfig,
  workload: SlsWorkload,
  requests: Iterable<InferenceRequest>,
): SlsRunResult {
  const map = prepare(config, workload);
  const system = new NmpSystem(config, map, workload.vectorBytes);
  const latenciesCycles: number[] = [];
  let batchStart = 0;
  for (const batch of requestBatches(requests, config.batchRequests, workload.tableRows.length)) {
    const done = system.serveBatch(batch, batchStart);
    const batchEnd = done.reduce((a, b) => Math.max(a, b), batchStart);
    // The batch's SLS operators return together: every request waits for the batch.
    for (let r = 0; r < batch.length; r++) latenciesCycles.push(batchEnd - batchStart);
    batchStart = batchEnd;
  }
  const runCycles = batchStart;
  const energyPj = system.energyPj(runCycles);
  return finishResult({
    requests: latenciesCycles.length,
    lookups: system.counts.lookups,
    latenciesCycles,
    runCycles,
    energyPj,
    cacheHits: system.counts.cacheHits,
    rankBurstCycles: system.schedulers.map((s) => s.ranks[0]!.burstCycles),
    tCkNs: config.timing.tCkNs,
    notes: nmpNotes(config),
  });
}

/** The baseline's notes, exported for reports that print both. */
export const DRAM_BASELINE_NOTES: readonly string[] = BASELINE_NOTES;
