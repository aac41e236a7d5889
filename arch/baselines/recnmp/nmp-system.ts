import type { InferenceRequest } from "../../../traces/request";
import type { AddressMap } from "./address-map";
import { CommandScheduler, type DramAccess } from "./command-scheduler";
import { rankCommandEnergy } from "./ddr4-energy";
import { burstBytes } from "./ddr4-timing";
import { markHotEntries, orderLookups, type Lookup } from "./packet-schedule";
import { FILLED, RankCache } from "./rank-cache";
import type { RecNmpConfig } from "./recnmp-config";
import { dqEnergyPj, dramCoreEnergyPj } from "./sls-result";

/** What one lookup needs: its rank, when its cached part is ready, its DRAM part, its wait. */
interface LookupPlan {
  rank: number;
  dimm: number;
  /** Cycle the lines found in the RankCache have been read out (0 if none). */
  cachedReadyCycle: number;
  /** Index of its DRAM access in its rank's list, or -1 if every line hit. */
  access: number;
  /** Earlier lookup of this batch whose miss is still bringing a line this one hit, or -1. */
  waitsFor: number;
}

/** Event counts of the NMP side, for energy. */
export interface NmpCounts {
  lookups: number;
  cacheHits: number;
  cacheLineReads: number;
  cacheLineWrites: number;
  instructionBursts: number;
  partialSumBursts: number;
  fp32Adds: number;
}

/**
 * RecNMP's memory side: the host sends compressed NMP instructions over the
 * channel; each rank-NMP checks its RankCache, reads the missing vectors from
 * its own rank with its own DDR4 command scheduler (all ranks work at once),
 * and pools them; each DIMM-NMP sums its ranks' partial sums and returns one
 * vector per (request, table) over the channel.
 */
export class NmpSystem {
  readonly counts: NmpCounts = {
    lookups: 0,
    cacheHits: 0,
    cacheLineReads: 0,
    cacheLineWrites: 0,
    instructionBursts: 0,
    partialSumBursts: 0,
    fp32Adds: 0,
  };
  readonly schedulers: CommandScheduler[];
  private readonly caches: (RankCache | null)[];
  private readonly cacheFreeCycle: number[];
  private channelFreeCycle = 0;

  constructor(
    private readonly config: RecNmpConfig,
    private readonly map: AddressMap,
    private readonly vectorBytes: number,
  ) {
    const ranks = map.totalRanks;
    this.schedulers = Array.from(
      { length: ranks },
      () =>
        new CommandScheduler({
          timing: config.timing,
          organization: config.organization,
          pagePolicy: config.pagePolicy,
          queueDepth: config.schedulerQueueDepth,
          ranks: 1,
          sharedDataBus: false,
        }),
    );
    this.caches = Array.from({ length: ranks }, () =>
      config.rankCache.enabled ? new RankCache(config.rankCache) : null,
    );
    this.cacheFreeCycle = new Array<number>(ranks).fill(0);
  }

  /** Serves one batch starting at `startCycle`; returns each request's completion cycle. */
  serveBatch(batch: readonly InferenceRequest[], startCycle: number): number[] {
    const lookups = orderLookups(batch, this.config.tableAwareScheduling);
    if (!this.config.rankCache.enabled) for (const lookup of lookups) lookup.cacheable = false;
    else if (this.config.hotEntryProfiling.enabled) {
      markHotEntries(lookups, this.config.hotEntryProfiling.localityThreshold);
    }
    const tBurst = this.config.timing.tBurstCycles;
    const perBurst = this.config.nmp.instructionsPerChannelBurst;
    // The batch's instruction packets leave back to back from the batch start.
    const packets = Math.ceil(lookups.length / perBurst);
    this.channelFreeCycle = Math.max(this.channelFreeCycle, startCycle) + packets * tBurst;
    this.counts.instructionBursts += packets;
    const accesses: DramAccess[][] = this.schedulers.map(() => []);
    const plans = lookups.map((lookup, i) => {
      const arrival = startCycle + (Math.floor(i / perBurst) + 1) * tBurst;
      return this.plan(lookup, i, arrival, accesses);
    });
    const dramDone = this.schedulers.map((scheduler, rank) => scheduler.serve(accesses[rank]!));
    const lookupDone = new Array<number>(plans.length);
    plans.forEach((plan, i) => {
      let done = plan.cachedReadyCycle;
      if (plan.access >= 0) done = Math.max(done, dramDone[plan.rank]![plan.access]!);
      if (plan.waitsFor >= 0) done = Math.max(done, lookupDone[plan.waitsFor]!);
      lookupDone[i] = done;
    });
    for (const cache of this.caches) cache?.settleFills();
    this.counts.lookups += lookups.length;
    this.counts.fp32Adds += (lookups.length * this.vectorBytes) / 4;
    return this.returnPartialSums(batch.length, lookups, plans, lookupDone, startCycle);
  }

  /** Cache check and DRAM access of lookup `i`, which reaches its rank-NMP at `arrival`. */
  private plan(lookup: Lookup, i: number, arrival: number, accesses: DramAccess[][]): LookupPlan {
    const at = this.map.locate(lookup.table, lookup.row);
    const cache = lookup.cacheable ? this.caches[at.rank]! : null;
    let missing = 0;
    let hits = 0;
    let waitsFor = -1;
    for (let burst = 0; burst < this.map.burstsPerVector; burst++) {
      const line = at.rankLine + burst;
      const fill = cache?.lookup(line);
      if (fill === undefined) {
        missing++;
        if (cache !== null) {
          cache.insert(line, i);
          this.counts.cacheLineWrites++;
        }
      } else {
        hits++;
        if (fill !== FILLED) waitsFor = Math.max(waitsFor, fill);
      }
    }
    let cachedReadyCycle = 0;
    if (hits > 0) {
      const start = Math.max(this.cacheFreeCycle[at.rank]!, arrival);
      cachedReadyCycle = start + hits * this.config.rankCache.hitCyclesPerLine;
      this.cacheFreeCycle[at.rank] = cachedReadyCycle;
      this.counts.cacheLineReads += hits;
    }
    let access = -1;
    if (missing > 0) {
      const list = accesses[at.rank]!;
      access = list.length;
      list.push({
        rank: 0,
        bankGroup: at.bankGroup,
        bank: at.bank,
        row: at.row,
        bursts: missing,
        readyCycle: arrival,
      });
    } else {
      this.counts.cacheHits++;
    }
    return { rank: at.rank, dimm: at.dimm, cachedReadyCycle, access, waitsFor };
  }

  /**
   * Each DIMM-NMP returns one pooled vector per (request, table) it served,
   * once its last vector is in and pooled, in completion order over the channel.
   */
  private returnPartialSums(
    requests: number,
    lookups: readonly Lookup[],
    plans: readonly LookupPlan[],
    lookupDone: readonly number[],
    startCycle: number,
  ): number[] {
    const groups = new Map<string, { request: number; done: number }>();
    lookups.forEach(({ request, table }, i) => {
      const key = `${request}/${table}/${plans[i]!.dimm}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { request, done: lookupDone[i]! });
      else group.done = Math.max(group.done, lookupDone[i]!);
    });
    const pooling = this.config.nmp.poolingLatencyCycles;
    const ordered = [...groups.values()].sort((a, b) => a.done - b.done);
    const requestDone = new Array<number>(requests).fill(startCycle);
    const bursts = this.map.burstsPerVector;
    for (const group of ordered) {
      const start = Math.max(group.done + pooling, this.channelFreeCycle);
      this.channelFreeCycle = start + bursts * this.config.timing.tBurstCycles;
      requestDone[group.request] = Math.max(requestDone[group.request]!, this.channelFreeCycle);
    }
    this.counts.partialSumBursts += ordered.length * bursts;
    this.counts.fp32Adds += (ordered.length * this.vectorBytes) / 4;
    return requestDone;
  }

  /** Total energy of a run that lasted `runCycles`, pJ. */
  energyPj(runCycles: number): number {
    const { config } = this;
    for (const scheduler of this.schedulers) scheduler.finish(runCycles);
    const energy = rankCommandEnergy(
      config.power,
      config.timing,
      config.organization.devicesPerRank,
    );
    const tCkNs = config.timing.tCkNs;
    const bitsPerBurst = burstBytes(config.organization, config.timing) * 8;
    let total = 0;
    let readBursts = 0;
    for (const scheduler of this.schedulers) {
      total += dramCoreEnergyPj(scheduler.counts, scheduler.ranks, energy, runCycles, tCkNs);
      readBursts += scheduler.counts.readBursts;
    }
    // Rank to buffer chip: the DIMM's other ranks terminate; channel: every other rank does.
    total += dqEnergyPj(readBursts * bitsPerBurst, energy, config.ranksPerDimm > 1);
    const channelBursts = this.counts.instructionBursts + this.counts.partialSumBursts;
    total += dqEnergyPj(channelBursts * bitsPerBurst, energy, this.map.totalRanks > 1);
    const cache = config.rankCache;
    if (cache.enabled) {
      total += this.counts.cacheLineReads * cache.readEnergyPjPerLine;
      total += this.counts.cacheLineWrites * cache.writeEnergyPjPerLine;
      total += cache.leakagePowerMw * this.map.totalRanks * runCycles * tCkNs;
    }
    return total + this.counts.fp32Adds * config.nmp.addEnergyPjPerFp32;
  }
}
