import { tech } from "../../tech/tables";
import type { PagePolicy } from "./command-scheduler";
import {
  MICRON_4GB_DDR4_2400_X8_POWER,
  validateDdrPowerSpec,
  type DdrPowerSpec,
} from "./ddr4-energy";
import {
  DDR4_2400R_TIMING,
  DDR4_4GB_X8_ORGANIZATION,
  validateDdrOrganization,
  validateDdrTiming,
  type DdrOrganization,
  type DdrTiming,
} from "./ddr4-timing";

/** RecNMP's memory-side cache in each rank-NMP. */
export interface RankCacheConfig {
  enabled: boolean;
  sizeBytes: number;
  ways: number;
  lineBytes: number;
  /** DRAM cycles to read one line out of the cache (the port serves one line at a time). */
  hitCyclesPerLine: number;
  readEnergyPjPerLine: number;
  writeEnergyPjPerLine: number;
  leakagePowerMw: number;
  source: string;
}

/** Hot-entry profiling: software marks ids used at least `localityThreshold` times in a batch. */
export interface HotEntryProfilingConfig {
  enabled: boolean;
  localityThreshold: number;
}

/** The NMP logic in the DIMM buffer chip (DIMM-NMP) and per rank (rank-NMP). */
export interface NmpLogicConfig {
  /** Compressed NMP instructions carried per channel burst slot (tBurst of C/A + DQ). */
  instructionsPerChannelBurst: number;
  /** Cycles from a group's last vector to its pooled sum leaving the rank-NMP/DIMM-NMP adders. */
  poolingLatencyCycles: number;
  addEnergyPjPerFp32: number;
  source: string;
}

export interface RecNmpConfig {
  dimms: number;
  ranksPerDimm: number;
  timing: DdrTiming;
  organization: DdrOrganization;
  power: DdrPowerSpec;
  pagePolicy: PagePolicy;
  /** Oldest waiting accesses a controller may pick among (host controller and each rank-NMP). */
  schedulerQueueDepth: number;
  /** Requests whose SLS lookups are scheduled together (one batch, one packet stream). */
  batchRequests: number;
  /** Issue packets table by table across the batch (true) or request by request (false). */
  tableAwareScheduling: boolean;
  hotEntryProfiling: HotEntryProfilingConfig;
  rankCache: RankCacheConfig;
  nmp: NmpLogicConfig;
  source: string;
}

/** The embedding tables the requests look up. */
export interface SlsWorkload {
  /** Bytes of one embedding vector (fp32 x dim). */
  vectorBytes: number;
  /** Rows per table; table index = sparse feature index. */
  tableRows: number[];
}

/** CACTI figures (MNSIM 2.0's 32 nm table) for a 128 KiB SRAM with a 512-bit (one line) port. */
function rankCacheFigures(): {
  readEnergyPj: number;
  writeEnergyPj: number;
  leakageMw: number;
  cycleNs: number;
} {
  const entry = tech.buffers.entries.find((e) => e.sizeKiB === 128 && e.busBits === 512);
  if (entry === undefined)
    throw new Error("arch/tech/buffers-32nm.json: no 128 KiB, 512-bit entry");
  return entry;
}

/**
 * RecNMP as evaluated with all its optimisations (RecNMP-opt): 4 DIMMs x 2
 * ranks of DDR4-2400, a 128 KB RankCache per rank, table-aware packet
 * scheduling and hot-entry profiling (RecNMP, ISCA 2020, arXiv 1912.12953;
 * the 4 x 2 configuration and the 128 KB cache as a summary of the paper
 * reports them, the full text being out of reach here). Details not found
 * are choices, each said in its source string.
 */
export function defaultRecNmpConfig(): RecNmpConfig {
  const cache = rankCacheFigures();
  const timing = DDR4_2400R_TIMING;
  return {
    dimms: 4,
    ranksPerDimm: 2,
    timing,
    organization: DDR4_4GB_X8_ORGANIZATION,
    power: MICRON_4GB_DDR4_2400_X8_POWER,
    pagePolicy: "closed",
    schedulerQueueDepth: 32,
    batchRequests: 8,
    tableAwareScheduling: true,
    hotEntryProfiling: { enabled: true, localityThreshold: 2 },
    rankCache: {
      enabled: true,
      sizeBytes: 128 * 1024,
      ways: 8,
      lineBytes: 64,
      hitCyclesPerLine: Math.ceil(cache.cycleNs / timing.tCkNs),
      readEnergyPjPerLine: cache.readEnergyPj,
      writeEnergyPjPerLine: cache.writeEnergyPj,
      leakagePowerMw: cache.leakageMw,
      source:
        "size 128 KB per rank-NMP: RecNMP's RankCache size sweep (8 KB, 24.9 % hit rate, up to " +
        "1 MB; 128 KB chosen as the design point); 64 B lines = one DDR4 burst (choice); LRU " +
        "as RecNMP's cache simulator; 8 ways a choice; energy, leakage and cycle: CACTI at " +
        "32 nm for 128 KiB with a 512-bit port, arch/tech/buffers-32nm.json (MNSIM 2.0 tables)",
    },
    nmp: {
      instructionsPerChannelBurst: 8,
      poolingLatencyCycles: 4,
      addEnergyPjPerFp32: 0.9,
      source:
        "instructions per burst slot: choice (an NMP-Inst compressed to 8 B, eight in a 64 B DQ " +
        "burst with C/A alongside; RecNMP packs its NMP-Inst into the C/A and DQ pins of a DDR " +
        "transaction); pooling latency 4 cycles: the rank-NMP's 4-stage pipeline; fp32 add " +
        "0.9 pJ: M. Horowitz, 'Computing's energy problem', ISSCC 2014 (45 nm)",
    },
    source:
      "dimms 4 x ranksPerDimm 2: RecNMP's 8-rank configuration; closed page: choice for random " +
      "embedding gathers (every vector opens its own row); scheduler queue 32: Ramulator's " +
      "default controller queue; batchRequests 8: choice",
  };
}

function need(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

function isInt(value: number, min: number): boolean {
  return Number.isInteger(value) && value >= min;
}

/** Refuses impossible configurations, naming the field. */
export function validateRecNmpConfig(config: RecNmpConfig): void {
  need(isInt(config.dimms, 1), `config.dimms = ${config.dimms}: expected an integer >= 1`);
  need(
    isInt(config.ranksPerDimm, 1),
    `config.ranksPerDimm = ${config.ranksPerDimm}: expected an integer >= 1`,
  );
  validateDdrTiming(config.timing, "config.timing");
  validateDdrOrganization(config.organization, "config.organization");
  validateDdrPowerSpec(config.power, "config.power");
  need(
    config.pagePolicy === "closed" || config.pagePolicy === "open",
    `config.pagePolicy = ${String(config.pagePolicy)}: expected "closed" or "open"`,
  );
  const q = config.schedulerQueueDepth;
  need(isInt(q, 1), `config.schedulerQueueDepth = ${q}: expected an integer >= 1`);
  const b = config.batchRequests;
  need(isInt(b, 1), `config.batchRequests = ${b}: expected an integer >= 1`);
  const t = config.hotEntryProfiling.localityThreshold;
  need(isInt(t, 1), `config.hotEntryProfiling.localityThreshold = ${t}: expected an integer >= 1`);
  validateRankCache(config.rankCache);
  const nmp = config.nmp;
  const ipb = nmp.instructionsPerChannelBurst;
  need(isInt(ipb, 1), `config.nmp.instructionsPerChannelBurst = ${ipb}: expected an integer >= 1`);
  const pool = nmp.poolingLatencyCycles;
  need(isInt(pool, 0), `config.nmp.poolingLatencyCycles = ${pool}: expected an integer >= 0`);
  const add = nmp.addEnergyPjPerFp32;
  need(Number.isFinite(add) && add >= 0, `config.nmp.addEnergyPjPerFp32 = ${add}: expected >= 0`);
}

function validateRankCache(cache: RankCacheConfig): void {
  const path = "config.rankCache";
  need(
    isInt(cache.lineBytes, 1),
    `${path}.lineBytes = ${cache.lineBytes}: expected an integer >= 1`,
  );
  need(isInt(cache.ways, 1), `${path}.ways = ${cache.ways}: expected an integer >= 1`);
  const sets = cache.sizeBytes / (cache.lineBytes * cache.ways);
  need(
    Number.isInteger(sets) && sets >= 1,
    `${path}.sizeBytes = ${cache.sizeBytes}: expected a positive multiple of lineBytes x ways ` +
      `(${cache.lineBytes * cache.ways})`,
  );
  const hit = cache.hitCyclesPerLine;
  need(isInt(hit, 0), `${path}.hitCyclesPerLine = ${hit}: expected an integer >= 0`);
  for (const field of ["readEnergyPjPerLine", "writeEnergyPjPerLine", "leakagePowerMw"] as const) {
    const value = cache[field];
    need(Number.isFinite(value) && value >= 0, `${path}.${field} = ${value}: expected >= 0`);
  }
}

/** Refuses impossible workloads; `burstBytes` is the DRAM burst the cache line must equal. */
export function validateSlsWorkload(
  workload: SlsWorkload,
  config: RecNmpConfig,
  burstBytes: number,
): void {
  const v = workload.vectorBytes;
  need(
    isInt(v, 4) && v % 4 === 0,
    `workload.vectorBytes = ${v}: expected a positive multiple of 4 (fp32 x dim)`,
  );
  need(
    Array.isArray(workload.tableRows) && workload.tableRows.length >= 1,
    "workload.tableRows: expected at least one table",
  );
  workload.tableRows.forEach((rows, t) => {
    need(isInt(rows, 1), `workload.tableRows[${t}] = ${rows}: expected an integer >= 1`);
  });
  if (config.rankCache.enabled) {
    need(
      config.rankCache.lineBytes === burstBytes,
      `config.rankCache.lineBytes = ${config.rankCache.lineBytes}: expected the DRAM burst ` +
        `(${burstBytes} B)`,
    );
  }
}
