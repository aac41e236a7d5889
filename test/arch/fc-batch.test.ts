import fc from "fast-check";
import { conversionsPerVector, fcBatchValues, type IntMatrix } from "../../arch/layers/fc-batch";
import { fcValues } from "../../arch/layers/fc-layer";
import { handClipHardware, hardware } from "./hw-fixtures";

/**
 * The batched crossbar model (fc-batch.ts) against the vector-by-vector one
 * (fc-layer.ts, bitSerialRead): the same outputs, conversions and clips on
 * any shape and any chip, lossless or lossy.
 */
const matrixOf = (w: number[][], bits: number): IntMatrix => ({
  values: Float64Array.from(w.flat()),
  inputs: w.length,
  outputs: w[0]!.length,
  bits,
});

const inputsOf = (s: { inputs: number; batch: number }) => ({
  minLength: s.inputs * s.batch,
  maxLength: s.inputs * s.batch,
});

describe("fcBatchValues", () => {
  it("clips a lossy conversion to the value derived by hand, and leaves a quiet row exact", () => {
    // The hand case of crossbar-values.test.ts: 4-bit ADC, 2-bit cells and DAC, weights and
    // inputs all 7 (x' = w' = 15 = digits 3, 3): each of the 4 reads sums 3 * 3 * 3 = 27 and
    // saturates at 15, which leaves 375 - 8*45 - 8*45 + 3*8*8 = -153 of the exact 147.
    // Inputs all -8 drive x' = 0: nothing flows, nothing clips, the output is 3 * 7 * -8 = -168.
    const hw = handClipHardware();
    const r = fcBatchValues(
      hw,
      matrixOf([[7], [7], [7]], 4),
      Float64Array.of(7, 7, 7, -8, -8, -8),
      2,
    );
    expect(Array.from(r.sums)).toEqual([-153, -168]);
    expect(Array.from(r.exact)).toEqual([147, -168]);
    expect(r.clipped).toBe(4);
    expect(r.conversions).toBe(8); // 2 input digits x 1 row group x 2 cell slices, per row
  });

  it("equals fcValues vector by vector on random layers and chips", () => {
    const chip = fc.record({
      size: fc.constantFrom(16, 32, 64),
      cellBits: fc.constantFrom(1, 2),
      dacBits: fc.constantFrom(1, 2),
      adcBits: fc.constantFrom(4, 6, 8),
      rowsPerRead: fc.option(fc.integer({ min: 1, max: 16 }), { nil: null }),
    });
    const layer = fc
      .record({
        inputs: fc.integer({ min: 1, max: 140 }),
        outputs: fc.integer({ min: 1, max: 20 }),
        bits: fc.constantFrom(4, 8),
        batch: fc.integer({ min: 1, max: 3 }),
      })
      .chain((s) =>
        fc.record({
          s: fc.constant(s),
          w: fc.array(fc.integer({ min: -(2 ** (s.bits - 1)), max: 2 ** (s.bits - 1) - 1 }), {
            minLength: s.inputs * s.outputs,
            maxLength: s.inputs * s.outputs,
          }),
          // random activations (dense reads), ReLU-like ones (mostly 0: reads summed from zero)
          // and small negatives (x' = 124..127: low digits all 1, summed down from the column sums)
          x: fc.oneof(
            fc.array(fc.integer({ min: -128, max: 127 }), inputsOf(s)),
            fc.array(
              fc.oneof(
                { arbitrary: fc.constant(0), weight: 8 },
                { arbitrary: fc.integer({ min: 1, max: 15 }), weight: 1 },
              ),
              inputsOf(s),
            ),
            fc.array(fc.integer({ min: -4, max: -1 }), inputsOf(s)),
          ),
        }),
      );
    let clippingRuns = 0;
    fc.assert(
      fc.property(chip, layer, (c, { s, w, x }) => {
        const hw = hardware({
          lossy: true,
          crossbar: { size: c.size, cellBits: c.cellBits, rowsPerRead: c.rowsPerRead },
          dac: { bits: c.dacBits },
          adc: { bits: c.adcBits, colsPerAdc: 1 },
        });
        const rows = Array.from({ length: s.inputs }, (_, i) =>
          w.slice(i * s.outputs, (i + 1) * s.outputs),
        );
        const m = matrixOf(rows, s.bits);
        const batch = fcBatchValues(hw, m, Float64Array.from(x), s.batch);
        let conversions = 0;
        let clipped = 0;
        for (let b = 0; b < s.batch; b++) {
          const one = fcValues(hw, rows, x.slice(b * s.inputs, (b + 1) * s.inputs), s.bits);
          expect(Array.from(batch.sums.subarray(b * s.outputs, (b + 1) * s.outputs))).toEqual(
            one.outputs,
          );
          conversions += one.conversions;
          clipped += one.clipped;
        }
        expect(batch.conversions).toBe(conversions);
        expect(batch.clipped).toBe(clipped);
        if (clipped > 0) clippingRuns++;
        expect(conversionsPerVector(hw, m) * s.batch).toBe(conversions);
      }),
      { numRuns: 300 },
    );
    expect(clippingRuns).toBeGreaterThan(20); // the lossy path was exercised, not only the exact one
  });
});
