import fc from "fast-check";
import { fmBatchValues } from "../../arch/crossbar/fm-batch";
import { fmValues } from "../../arch/crossbar/fm-values";
import { hardware } from "./hw-fixtures";

/**
 * The FM engine for a batch (fm-batch.ts) against the engine example by
 * example (fm-values.ts: transposed-write crossbars, bitSerialRead, the
 * MBSA): the same interactions, conversions and clips, on chips lossless
 * and lossy, with rows over several tiles and reads.
 */
describe("fmBatchValues", () => {
  it("equals fmValues example by example", () => {
    let clippingRuns = 0;
    fc.assert(
      fc.property(
        fc.record({
          size: fc.constantFrom(16, 32),
          cellBits: fc.constantFrom(1, 2),
          dacBits: fc.constantFrom(1, 2),
          adcBits: fc.constantFrom(4, 6, 8),
          rowsPerRead: fc.option(fc.integer({ min: 1, max: 16 }), { nil: null }),
        }),
        fc.record({
          e: fc.integer({ min: 1, max: 5 }),
          n: fc.integer({ min: 1, max: 40 }),
          batch: fc.integer({ min: 1, max: 3 }),
        }),
        fc.integer(),
        (c, s, seed) => {
          const hw = hardware({
            lossy: true,
            crossbar: { size: c.size, cellBits: c.cellBits, rowsPerRead: c.rowsPerRead },
            dac: { bits: c.dacBits },
            adc: { bits: c.adcBits, colsPerAdc: 1 },
          });
          let state = seed;
          const next = () => {
            state = (Math.imul(state, 1103515245) + 12345) | 0;
            return ((state >>> 8) % 256) - 128;
          };
          const y = Float32Array.from({ length: s.batch * s.e * s.n }, next);
          const got = fmBatchValues(hw, y, s.batch, s.e, s.n, 8);
          let conversions = 0;
          let clipped = 0;
          for (let b = 0; b < s.batch; b++) {
            const rows = Array.from({ length: s.n }, (_, r) =>
              Array.from({ length: s.e }, (_, d) => y[(b * s.e + d) * s.n + r]!),
            );
            const one = fmValues(hw, rows, 8);
            expect(Array.from(got.interaction.subarray(b * s.e, (b + 1) * s.e))).toEqual(
              one.interaction,
            );
            conversions += one.conversions;
            clipped += one.clipped;
          }
          expect(got.conversions).toBe(conversions);
          expect(got.clipped).toBe(clipped);
          if (clipped > 0) clippingRuns++;
        },
      ),
      { numRuns: 200 },
    );
    expect(clippingRuns).toBeGreaterThan(20);
  });
});
