import { markHotEntries, orderLookups } from "../../../../arch/baselines/recnmp/packet-schedule";
import { FILLED, RankCache } from "../../../../arch/baselines/recnmp/rank-cache";
import type { InferenceRequest } from "../../../../traces/request";

describe("RankCache: set-associative LRU of 64 B lines", () => {
  test("a 2-set, 2-way cache keeps the two most recent lines of a set", () => {
    // 256 B / (64 B x 2 ways) = 2 sets; lines 0, 2, 4 all map to set 0.
    const cache = new RankCache({ sizeBytes: 256, ways: 2, lineBytes: 64 });
    expect(cache.sets).toBe(2);
    expect(cache.lookup(0)).toBeUndefined();
    cache.insert(0, 7);
    cache.insert(2, FILLED);
    expect(cache.lookup(0)).toBe(7); // 0 is now the most recent; 2 the least
    cache.insert(4, FILLED); // evicts 2
    expect(cache.lookup(2)).toBeUndefined();
    expect(cache.lookup(0)).toBe(7);
    expect(cache.lookup(4)).toBe(FILLED);
    cache.insert(1, FILLED); // set 1: untouched by the above
    expect(cache.lookup(1)).toBe(FILLED);
    cache.settleFills();
    expect(cache.lookup(0)).toBe(FILLED);
  });
});

describe("packet order and hot-entry profiling", () => {
  const batch: InferenceRequest[] = [
    { id: 0, arrivalCycle: null, dense: [], sparse: [[1], [10, 11]] },
    { id: 1, arrivalCycle: null, dense: [], sparse: [[1], [12]] },
  ];

  test("table-aware order sends a table's lookups of all requests before the next table", () => {
    const order = orderLookups(batch, true).map((l) => [l.request, l.table, l.row]);
    expect(order).toEqual([
      [0, 0, 1],
      [1, 0, 1],
      [0, 1, 10],
      [0, 1, 11],
      [1, 1, 12],
    ]);
  });

  test("request order sends each request's tables in turn", () => {
    const order = orderLookups(batch, false).map((l) => [l.request, l.table, l.row]);
    expect(order).toEqual([
      [0, 0, 1],
      [0, 1, 10],
      [0, 1, 11],
      [1, 0, 1],
      [1, 1, 12],
    ]);
  });

  test("the LocalityBit marks ids used at least threshold times in the batch", () => {
    const lookups = orderLookups(batch, true);
    markHotEntries(lookups, 2);
    // Row 1 of table 0 occurs twice; rows 10, 11, 12 of table 1 once each.
    expect(lookups.map((l) => l.cacheable)).toEqual([true, true, false, false, false]);
  });
});
