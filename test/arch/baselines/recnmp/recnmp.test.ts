import { runRecNmp } from "../../../../arch/baselines/recnmp/recnmp";
import type { InferenceRequest } from "../../../../traces/request";
import { NMP, ns, ONE_TABLE, requestsOf, T, tinyConfig } from "./recnmp-fixtures";

/** Latency of the first batch, in DRAM cycles. */
function nmpCycles(
  idLists: number[][],
  change?: Parameters<typeof tinyConfig>[0],
  workload = ONE_TABLE,
): number {
  return runRecNmp(tinyConfig(change), workload, requestsOf(idLists)).latencyNs.mean / T.tCkNs;
}

/** One DRAM access on an idle rank: ACT at arrival, RD tRCD later, last beat tCL + tBurst after. */
const ACCESS = T.tRcd + T.tCl + T.tBurst;

describe("RecNMP: lookups served inside their rank, sums returned over the channel", () => {
  test("one lookup on one idle rank: packet, ACT-RD-data, pooling, one returned burst", () => {
    // The instruction burst slot ends at tBurst = 4; ACT at 4, RD at 20, last beat at 40;
    // pooled 4 cycles later (44); the sum leaves at 44 and its burst ends at 48.
    const expected = T.tBurst + ACCESS + NMP.poolingCycles + T.tBurst;
    const result = runRecNmp(tinyConfig(), ONE_TABLE, requestsOf([[0]]));
    expect(result.latencyNs.mean).toBeCloseTo(ns(expected), 9);
    expect(result.latencyNs.p99).toBeCloseTo(ns(expected), 9);
    expect(result.lookups).toBe(1);
    expect(result.requests).toBe(1);
    expect(result.cacheHitRate).toBe(0);
  });

  test("two ranks of one DIMM work at once and return one pooled sum", () => {
    // g = 0 on rank 0, g = 1 on rank 1: both packets in the first slot (arrive at 4); each rank
    // ACT 4, RD 20, last beat 40: no tRTRS, no shared C/A. One (request, table, DIMM) sum: 48.
    const cycles = nmpCycles([[0, 1]], (c) => {
      c.ranksPerDimm = 2;
    });
    expect(cycles).toBeCloseTo(T.tBurst + ACCESS + NMP.poolingCycles + T.tBurst, 9);
  });

  test("two DIMMs return two sums, one after the other on the channel", () => {
    // As above on DIMMs 0 and 1: both sums ready at 44, the second burst ends at 44 + 4 + 4 = 52.
    const cycles = nmpCycles([[0, 1]], (c) => {
      c.dimms = 2;
    });
    expect(cycles).toBeCloseTo(T.tBurst + ACCESS + NMP.poolingCycles + 2 * T.tBurst, 9);
  });

  test("same bank, different rows inside a rank: the second waits tRC after the first ACT", () => {
    // g = 0 and g = 2048 (bank 0 of group 0, rows 0 and 1), both arrive at 4: ACT 4, RD 20,
    // auto-precharge at max(20 + 9, 4 + 39) = 43, ACT 59, RD 75, last beat 95; sum 99..103.
    const second = T.tBurst + Math.max(T.tRcd + T.tRtp, T.tRas) + T.tRp;
    expect(nmpCycles([[0, 2048]])).toBeCloseTo(second + ACCESS + NMP.poolingCycles + T.tBurst, 9);
  });

  test("a ninth packet rides the second instruction burst slot", () => {
    // Nine lookups on nine distinct ranks (9 DIMMs x 1 rank, g = 0..8): the ninth arrives at 8,
    // its access ends at 8 + 36 = 44, pooled at 48. Sums: eight ready at 44 leave at 44, 48, ...,
    // 72; the ninth (ready 48) goes last, 76..80.
    const ids = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const cycles = nmpCycles([ids], (c) => {
      c.dimms = 9;
    });
    expect(cycles).toBeCloseTo(T.tBurst + ACCESS + NMP.poolingCycles + 9 * T.tBurst, 9);
  });

  test("a RankCache hit skips DRAM: read out in hitCyclesPerLine", () => {
    // Batch 1 (id 5) misses: 48 cycles as above. Batch 2 starts at 48: packet at 52, hit read
    // 52..54, pooled 58, sum 58..62: latency 14 cycles.
    const result = runRecNmp(
      tinyConfig((c) => {
        c.rankCache.enabled = true;
      }),
      ONE_TABLE,
      requestsOf([[5], [5]]),
    );
    const miss = T.tBurst + ACCESS + NMP.poolingCycles + T.tBurst;
    const hit = T.tBurst + NMP.hitCyclesPerLine + NMP.poolingCycles + T.tBurst;
    expect(result.latencyNs.p50).toBeCloseTo(ns(hit), 9);
    expect(result.latencyNs.p99).toBeCloseTo(ns(miss), 9);
    expect(result.latencyNs.mean).toBeCloseTo(ns((hit + miss) / 2), 9);
    expect(result.cacheHitRate).toBe(0.5);
  });

  test("a hit on a line still being filled waits for the fill", () => {
    // One batch of two requests, both id 5: the first misses (data at 40), the second hits the
    // line its neighbour is filling, so it is done at 40 too; both sums ready at 44: 48 and 52.
    const cycles = nmpCycles([[5], [5]], (c) => {
      c.rankCache.enabled = true;
      c.batchRequests = 2;
    });
    expect(cycles).toBeCloseTo(T.tBurst + ACCESS + NMP.poolingCycles + 2 * T.tBurst, 9);
  });

  test("hot-entry profiling: an id used once per batch bypasses the cache", () => {
    // Threshold 2: id 5 occurs once in each batch, so neither batch caches it: two misses.
    const result = runRecNmp(
      tinyConfig((c) => {
        c.rankCache.enabled = true;
        c.hotEntryProfiling = { enabled: true, localityThreshold: 2 };
      }),
      ONE_TABLE,
      requestsOf([[5], [5]]),
    );
    expect(result.cacheHitRate).toBe(0);
  });

  test("results are deterministic", () => {
    const ids = [
      [1, 9, 2048, 5, 5, 77],
      [5, 3, 3, 1],
    ];
    const config = () =>
      tinyConfig((c) => {
        c.dimms = 2;
        c.ranksPerDimm = 2;
        c.rankCache.enabled = true;
        c.tableAwareScheduling = true;
        c.batchRequests = 2;
      });
    const first = runRecNmp(config(), ONE_TABLE, requestsOf(ids));
    const second = runRecNmp(config(), ONE_TABLE, requestsOf(ids));
    expect(second).toEqual(first);
  });
});

describe("RecNMP and baseline refuse impossible inputs, naming the field", () => {
  const one: InferenceRequest[] = requestsOf([[0]]);
  test("zero ranks", () => {
    expect(() =>
      runRecNmp(
        tinyConfig((c) => (c.ranksPerDimm = 0)),
        ONE_TABLE,
        one,
      ),
    ).toThrow(/config\.ranksPerDimm = 0/);
    expect(() =>
      runRecNmp(
        tinyConfig((c) => (c.dimms = 0)),
        ONE_TABLE,
        one,
      ),
    ).toThrow(/config\.dimms/);
  });

  test("vector bytes that are not fp32 elements", () => {
    const workload = { vectorBytes: 10, tableRows: [10] };
    expect(() => runRecNmp(tinyConfig(), workload, one)).toThrow(/workload\.vectorBytes = 10/);
  });

  test("a row id out of range names the table and the id", () => {
    const workload = { vectorBytes: 64, tableRows: [10] };
    expect(() => runRecNmp(tinyConfig(), workload, requestsOf([[10]]))).toThrow(
      /table 0: row id 10/,
    );
  });

  test("a request with the wrong number of tables", () => {
    const workload = { vectorBytes: 64, tableRows: [10, 10] };
    expect(() => runRecNmp(tinyConfig(), workload, one)).toThrow(
      /request 0: sparse has 1 id lists/,
    );
  });

  test("a cache whose size is not a whole number of sets", () => {
    const config = tinyConfig((c) => {
      c.rankCache.enabled = true;
      c.rankCache.sizeBytes = 1000;
    });
    expect(() => runRecNmp(config, ONE_TABLE, one)).toThrow(/config\.rankCache\.sizeBytes = 1000/);
  });

  test("tables larger than the DIMMs", () => {
    // One rank holds 16 banks x 32768 rows x 128 slots = 67,108,864 vectors of 64 B.
    const workload = { vectorBytes: 64, tableRows: [67_108_865] };
    expect(() => runRecNmp(tinyConfig(), workload, one)).toThrow(/exceed the capacity/);
  });
});
