import { runDramBaseline } from "../../../../arch/baselines/recnmp/dram-baseline";
import { ns, ONE_TABLE, requestsOf, T, tinyConfig } from "./recnmp-fixtures";

/** Batch latency of the lookups `ids` of one table, all in one request (one batch). */
function baselineCycles(ids: number[], change?: Parameters<typeof tinyConfig>[0]): number {
  const result = runDramBaseline(tinyConfig(change), ONE_TABLE, requestsOf([ids]));
  return result.latencyNs.mean / T.tCkNs;
}

describe("DRAM baseline: the host reads every vector over the channel", () => {
  test("one lookup on an idle rank: ACT, tRCD, RD, tCL, one burst", () => {
    // ACT at 0, RD at tRCD = 16, last beat at 16 + tCL + tBurst = 36 cycles.
    const result = runDramBaseline(tinyConfig(), ONE_TABLE, requestsOf([[0]]));
    const expected = T.tRcd + T.tCl + T.tBurst;
    expect(result.latencyNs.mean).toBeCloseTo(ns(expected), 9);
    expect(result.latencyNs.p50).toBeCloseTo(ns(expected), 9);
    expect(result.latencyNs.p99).toBeCloseTo(ns(expected), 9);
    expect(result.throughputPerSec).toBeCloseTo(1 / (ns(expected) * 1e-9), 0);
    expect(result.cacheHitRate).toBe(0);
    // The rank's pins carry one burst (4 cycles) of the 36.
    expect(result.rankBusyFraction).toEqual([T.tBurst / expected]);
  });

  test("a 256 B vector is four bursts of one row, spaced tCCD_L (one bank group)", () => {
    // ACT 0; RDs at 16, 22, 28, 34; last beat at 34 + 16 + 4 = 54.
    const cycles =
      runDramBaseline(tinyConfig(), { vectorBytes: 256, tableRows: [1000] }, requestsOf([[0]]))
        .latencyNs.mean / T.tCkNs;
    expect(cycles).toBeCloseTo(T.tRcd + 3 * T.tCcdL + T.tCl + T.tBurst, 9);
  });

  test("two lookups to one bank, different rows, wait a whole tRC", () => {
    // g = 0 and g = 2048 share bank group 0, bank 0, rows 0 and 1.
    // First: ACT 0, RD 16, auto-precharge at max(16 + tRTP, 0 + tRAS) = 39, bank free at 39 + tRP = 55.
    // Second: ACT 55, RD 71, last beat 71 + 20 = 91.
    const precharge = Math.max(T.tRcd + T.tRtp, T.tRas);
    expect(precharge).toBe(39);
    expect(baselineCycles([0, 2048])).toBeCloseTo(precharge + T.tRp + T.tRcd + T.tCl + T.tBurst, 9);
  });

  test("two lookups to banks of different bank groups overlap, tRRD_S and tCCD_S apart", () => {
    // g = 0 (group 0) and g = 1 (group 1): ACTs at 0 and 4, RDs at 16 and max(4 + 16, 16 + 4) = 20.
    expect(baselineCycles([0, 1])).toBeCloseTo(T.tRrdS + T.tRcd + T.tCl + T.tBurst, 9);
  });

  test("two lookups to two banks of one bank group are tRRD_L and tCCD_L apart", () => {
    // g = 0 and g = 4: group 0, banks 0 and 1. ACTs at 0 and 6, RDs at 16 and max(22, 16 + 6) = 22.
    expect(baselineCycles([0, 4])).toBeCloseTo(T.tRrdL + T.tRcd + T.tCl + T.tBurst, 9);
  });

  test("a fifth ACT waits for the tFAW window", () => {
    // g = 0..3 (groups 0..3) ACT at 0, 4, 8, 12; g = 4 (group 0, bank 1) at max(12 + 4, 0 + 6, 0 + 26) = 26.
    // Its RD at max(26 + 16, 28 + 4, 16 + 6) = 42 (the fourth RD is at 28); last beat 42 + 20 = 62.
    expect(baselineCycles([0, 1, 2, 3, 4])).toBeCloseTo(T.tFaw + T.tRcd + T.tCl + T.tBurst, 9);
  });

  test("two ranks on one channel: one command per cycle, tBurst + tRTRS between their bursts", () => {
    // 1 DIMM x 2 ranks: g = 0 on rank 0, g = 1 on rank 1. ACTs at 0 and 1 (one C/A bus);
    // RD rank 0 at 16; RD rank 1 at max(1 + 16, 16 + 4 + 2) = 22; last beat 22 + 20 = 42.
    const cycles = baselineCycles([0, 1], (c) => {
      c.ranksPerDimm = 2;
    });
    expect(cycles).toBeCloseTo(T.tRcd + T.tBurst + T.tRtrs + T.tCl + T.tBurst, 9);
  });

  test("open page: a second vector of the open row is a row hit, closed page re-activates", () => {
    // g = 0 and g = 16: group 0, bank 0, row 0, slots 0 and 1.
    // Open: RD 16, then RD at 16 + tCCD_L = 22; last beat 42. Closed: as two rows of one bank, 91.
    const open = baselineCycles([0, 16], (c) => {
      c.pagePolicy = "open";
    });
    expect(open).toBeCloseTo(T.tRcd + T.tCcdL + T.tCl + T.tBurst, 9);
    const closed = baselineCycles([0, 16]);
    expect(closed).toBeCloseTo(
      Math.max(T.tRcd + T.tRtp, T.tRas) + T.tRp + T.tRcd + T.tCl + T.tBurst,
      9,
    );
  });

  test("energy of one access: ACT + PRE + burst + standby + DQ driver, from the IDD values", () => {
    // Micron 4Gb DDR4-2400 x8, 8 devices, VDD 1.2 V: IDD0 60.75, IDD2N 38.25, IDD3N 44, IDD4R 184.5 mA.
    const run = T.tRcd + T.tCl + T.tBurst; // 36 cycles
    const t = (cycles: number): number => cycles * T.tCkNs;
    const act = 1.2 * (60.75 - 44) * t(T.tRas) * 8;
    const pre = 1.2 * (60.75 - 38.25) * t(T.tRp) * 8;
    const burst = 1.2 * (184.5 - 44) * t(T.tBurst) * 8;
    // Standby over the 36-cycle run; the row is open from 0 to the auto-precharge at 39, capped at 36.
    const standby = 1.2 * 38.25 * 8 * t(run) + 1.2 * (44 - 38.25) * 8 * t(Math.min(39, run));
    // 512 bits on the DQ pins at 3.7 mW per pin for tCK / 2 each; no other rank to terminate.
    const io = 512 * 3.7 * (T.tCkNs / 2);
    const result = runDramBaseline(tinyConfig(), ONE_TABLE, requestsOf([[0]]));
    expect(result.energyPj).toBeCloseTo(act + pre + burst + standby + io, 6);
    expect(result.energyPerRequestPj).toBeCloseTo(result.energyPj, 9);
    expect(result.powerW).toBeCloseTo((result.energyPj * 1e-12) / (t(run) * 1e-9), 9);
  });

  test("requests of one batch share the batch's latency; batches run back to back", () => {
    // Batch of 2: both requests wait for the later lookup (g = 1: 40 cycles); two batches of 1:
    // 36 then 36 (the second starts at 36, its bank group 1 untouched), throughput 2 / 72 cycles.
    const batched = runDramBaseline(
      tinyConfig((c) => {
        c.batchRequests = 2;
      }),
      ONE_TABLE,
      requestsOf([[0], [1]]),
    );
    expect(batched.latencyNs.mean).toBeCloseTo(ns(T.tRrdS + T.tRcd + T.tCl + T.tBurst), 9);
    const single = runDramBaseline(tinyConfig(), ONE_TABLE, requestsOf([[0], [1]]));
    expect(single.latencyNs.mean).toBeCloseTo(ns(T.tRcd + T.tCl + T.tBurst), 9);
    expect(single.throughputPerSec).toBeCloseTo(
      2 / (ns(2 * (T.tRcd + T.tCl + T.tBurst)) * 1e-9),
      0,
    );
  });
});
