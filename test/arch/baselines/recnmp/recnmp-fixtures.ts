import {
  defaultRecNmpConfig,
  type RecNmpConfig,
} from "../../../../arch/baselines/recnmp/recnmp-config";
import type { InferenceRequest } from "../../../../traces/request";

/**
 * DDR4-2400R as the tests derive from it, written out here (JEDEC 16-16-16,
 * Ramulator's DDR4_2400R), not read from the code under test.
 */
export const T = {
  tCkNs: 1 / 1.2,
  tBurst: 4,
  tRcd: 16,
  tCl: 16,
  tRp: 16,
  tRas: 39,
  tRtp: 9,
  tRrdS: 4,
  tRrdL: 6,
  tFaw: 26,
  tCcdS: 4,
  tCcdL: 6,
  tRtrs: 2,
} as const;

/** The NMP constants the tests set explicitly. */
export const NMP = { instructionsPerBurst: 8, poolingCycles: 4, hitCyclesPerLine: 2 } as const;

/**
 * One DIMM with one rank, no cache, no table-aware scheduling or profiling,
 * one request per batch, closed page: the simplest system, so that each
 * test adds only what it examines.
 */
export function tinyConfig(change: (config: RecNmpConfig) => void = () => {}): RecNmpConfig {
  const config = defaultRecNmpConfig();
  config.dimms = 1;
  config.ranksPerDimm = 1;
  config.batchRequests = 1;
  config.pagePolicy = "closed";
  config.tableAwareScheduling = false;
  config.hotEntryProfiling.enabled = false;
  config.rankCache.enabled = false;
  config.rankCache.hitCyclesPerLine = NMP.hitCyclesPerLine;
  config.nmp.instructionsPerChannelBurst = NMP.instructionsPerBurst;
  config.nmp.poolingLatencyCycles = NMP.poolingCycles;
  change(config);
  return config;
}

/** Requests of one table each, one request per id list. */
export function requestsOf(idLists: number[][]): InferenceRequest[] {
  return idLists.map((ids, id) => ({ id, arrivalCycle: null, dense: [], sparse: [ids] }));
}

/**
 * Address map of the tests (x8 4 Gb, 64 B vectors): vector g of a single
 * table goes to rank g mod ranks; with one rank, bank group g mod 4, bank
 * floor(g / 4) mod 4, column slot floor(g / 16) mod 128 (8 KB rows / 64 B),
 * row floor(g / 2048).
 */
export const ONE_TABLE = { vectorBytes: 64, tableRows: [1_000_000] };

export function ns(cycles: number): number {
  return cycles * T.tCkNs;
}
