import fc from "fast-check";
import { Histogram } from "../../../sim/kernel/stats";

function histogramOf(values: readonly number[]): Histogram {
  const h = new Histogram("cycles", "test");
  for (const v of values) h.record(v);
  return h;
}

/** The nearest-rank sample of a sorted array for a whole-number p: rank max(1, ceil(p n / 100)). */
function nearestRankSample(sorted: readonly number[], p: number): number {
  // p x n is a whole number, so the division is correctly rounded and ceil exact
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1]!;
}

describe("histogram percentiles", () => {
  it("gives whole numbers below 1024 exactly, with zero-width bounds", () => {
    // sorted: 7 7 7 300 1000 1023 (n = 6). Nearest ranks ceil(6p/100):
    // p0 -> 1 (7), p17 -> ceil(1.02) = 2 (7), p50 -> 3 (7), p60 -> ceil(3.6) = 4 (300),
    // p70 -> ceil(4.2) = 5 (1000), p100 -> 6 (1023). Each bin below 1024 holds one whole number.
    const h = histogramOf([1000, 7, 300, 7, 1023, 7]);
    const expected: [number, number][] = [
      [0, 7],
      [17, 7],
      [50, 7],
      [60, 300],
      [70, 1000],
      [100, 1023],
    ];
    for (const [p, value] of expected) {
      expect(h.percentile(p)).toBe(value);
      expect(h.percentileBounds(p)).toEqual({ low: value, high: value });
    }
  });

  it("finds the nearest rank for decimal percentiles despite binary rounding", () => {
    // 1..1000: p99.9 is rank 999.0 -> 999 (99.9 / 100 x 1000 is 999.0000000000001 in doubles);
    // 1..100: p7 is rank 7 -> 7 (7 / 100 x 100 is 7.000000000000001);
    // 1..3000: p1.1 is rank 33 -> 33 (1.1 x 3000 / 100 is 33.00000000000001).
    const upTo = (n: number) => histogramOf(Array.from({ length: n }, (_, i) => i + 1));
    expect(upTo(1000).percentile(99.9)).toBe(999);
    expect(upTo(100).percentile(7)).toBe(7);
    expect(upTo(3000).percentile(1.1)).toBe(33);
  });

  it("spreads the samples of one wide bin evenly over its clamped extent", () => {
    // 2^20 = 1,048,576 .. 2^21: bins 2^20 / 512 = 2048 wide, so the bin holding all five
    // samples is [1,048,576, 1,050,624): whole numbers 1,048,576 .. 1,050,623.
    // Clamped to [min, max] = [1,048,600, 1,050,500]: low 1,048,600, width 1900; n = 5.
    // Ranks ceil(5p/100); rank k (k = 2..4) at low + (k - 0.5) / 5 x 1900:
    // p0, p20 -> rank 1 = min 1,048,600 (exact)
    // p40 -> rank 2: 1,048,600 + 0.3 x 1900 = 1,049,170
    // p60 -> rank 3: 1,048,600 + 0.5 x 1900 = 1,049,550
    // p80 -> rank 4: 1,048,600 + 0.7 x 1900 = 1,049,930
    // p81, p100 -> rank 5 = max 1,050,500 (exact)
    const h = histogramOf([1_050_000, 1_048_600, 1_049_500, 1_050_500, 1_049_000]);
    expect(h.percentile(0)).toBe(1_048_600);
    expect(h.percentile(20)).toBe(1_048_600);
    expect(h.percentile(40)).toBeCloseTo(1_049_170, 6);
    expect(h.percentile(60)).toBeCloseTo(1_049_550, 6);
    expect(h.percentile(80)).toBeCloseTo(1_049_930, 6);
    expect(h.percentile(81)).toBe(1_050_500);
    expect(h.percentile(100)).toBe(1_050_500);
    // the true samples of ranks 2..4 (1,049,000, 1,049,500, 1,050,000) lie in the extent
    for (const p of [40, 60, 80]) {
      expect(h.percentileBounds(p)).toEqual({ low: 1_048_600, high: 1_050_500 });
    }
    expect(h.percentileBounds(0)).toEqual({ low: 1_048_600, high: 1_048_600 });
    expect(h.percentileBounds(100)).toEqual({ low: 1_050_500, high: 1_050_500 });
  });

  it("interpolates over a bin's whole width once a value is not a whole number", () => {
    // 2.25 2.5 2.75 10: the first three share bin [2, 3), clamped to [min 2.25, 3], width 0.75.
    // p50 -> rank 2 (k = 2 of 3): 2.25 + 1.5 / 3 x 0.75 = 2.625 (true 2.5);
    // p75 -> rank 3 (k = 3 of 3): 2.25 + 2.5 / 3 x 0.75 = 2.875 (true 2.75).
    const h = histogramOf([2.5, 10, 2.25, 2.75]);
    expect(h.percentile(50)).toBe(2.625);
    expect(h.percentile(75)).toBe(2.875);
    expect(h.percentileBounds(50)).toEqual({ low: 2.25, high: 3 });
    expect(h.percentile(100)).toBe(10);
  });

  it("no longer reports p99 under the mean when all samples share one bin", () => {
    // The case seen in a report: 88,064 = 688 x 128 starts a bin 2^16 / 512 = 128 wide,
    // [88,064, 88,192). 10 samples of 88,080 and 90 of 88,160: mean
    // (10 x 88,080 + 90 x 88,160) / 100 = 88,152. The bin's lower edge clamped to min gave
    // p99 = 88,080, under the mean. Now p99 -> rank 99, k = 99 of 100 in the extent
    // [88,080, 88,160]: 88,080 + 98.5 / 100 x 80 = 88,158.8 (true 88,160).
    const values = [...Array<number>(10).fill(88_080), ...Array<number>(90).fill(88_160)];
    const h = histogramOf(values);
    expect(h.mean()).toBe(88_152);
    const p99 = h.percentile(99);
    expect(p99).toBeGreaterThanOrEqual(88_064);
    expect(p99).toBeCloseTo(88_158.8, 6);
    expect(p99).toBeGreaterThanOrEqual(h.mean());
    expect(h.mean()).toBeLessThanOrEqual(h.max);
    expect(h.percentileBounds(99)).toEqual({ low: 88_080, high: 88_160 });
  });

  it("writes each reported percentile's bounds beside it in JSON", () => {
    // as the wide-bin case above: p50 -> rank 3 = 1,049,550 within [1,048,600, 1,050,500]
    const h = new Histogram("cycles", "test", [50, 100]);
    expect(h.toJSON()).toMatchObject({ count: 0, p50: null, p50Bounds: null, p100: null });
    for (const v of [1_050_000, 1_048_600, 1_049_500, 1_050_500, 1_049_000]) h.record(v);
    const json = h.toJSON();
    expect(json.p50).toBeCloseTo(1_049_550, 6);
    expect(json.p50Bounds).toEqual([1_048_600, 1_050_500]);
    expect(json.p100).toBe(1_050_500);
    expect(json.p100Bounds).toEqual([1_050_500, 1_050_500]);
    expect(json).toMatchObject({ min: 1_048_600, max: 1_050_500, mean: 1_049_520 });
  });

  describe("for random data", () => {
    // clustered so that bins hold several samples; doubles switch off the whole-number extents
    const whole = fc.oneof(
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 1_000_000, max: 1_010_000 }),
    );
    const real = fc.double({ min: 0, max: 2e6, noNaN: true }).map((v) => v + 0); // no -0
    const samples = fc.oneof(
      fc.array(whole, { minLength: 1, maxLength: 300 }),
      fc.array(fc.oneof(whole, real), { minLength: 1, maxLength: 300 }),
    );
    const options = { seed: 20261214, numRuns: 300 };

    it("is monotone in p and stays in [min, max]", () => {
      const percent = fc.double({ min: 0, max: 100, noNaN: true });
      fc.assert(
        fc.property(samples, percent, percent, (values, a, b) => {
          const h = histogramOf(values);
          const [p, q] = a <= b ? [a, b] : [b, a];
          expect(h.percentile(p)).toBeLessThanOrEqual(h.percentile(q));
          expect(h.percentile(p)).toBeGreaterThanOrEqual(h.min);
          expect(h.percentile(q)).toBeLessThanOrEqual(h.max);
          expect(h.percentile(0)).toBe(Math.min(...values));
          expect(h.percentile(100)).toBe(Math.max(...values));
        }),
        options,
      );
    });

    it("bounds hold the exact nearest-rank sample and the estimate", () => {
      fc.assert(
        fc.property(samples, fc.integer({ min: 0, max: 100 }), (values, p) => {
          const h = histogramOf(values);
          const sorted = [...values].sort((x, y) => x - y);
          const truth = nearestRankSample(sorted, p);
          const { low, high } = h.percentileBounds(p);
          expect(low).toBeLessThanOrEqual(truth);
          expect(truth).toBeLessThanOrEqual(high);
          expect(low).toBeLessThanOrEqual(h.percentile(p));
          expect(h.percentile(p)).toBeLessThanOrEqual(high);
          // a bin is at most 1/512 of its value wide above 1024, and 1 wide below
          expect(high - low).toBeLessThanOrEqual(Math.max(1, truth / 512));
        }),
        options,
      );
    });
  });
});
