import { exactProducts } from "../../../arch/layers/fc-batch";
import { fcValues } from "../../../arch/layers/fc-layer";
import { crossbarArithmetic } from "../../../models/functional/arithmetic";
import { TfjsExactProducts } from "../../../models/onchip/tfjs-products";
import { useTestBackend } from "../supernet/test-backend";
import { ChipProducts, ExactProducts } from "../../../models/onchip/products";
import { Rng } from "../../../sim/kernel/rng";
import { hardware } from "../../arch/hw-fixtures";

/**
 * The chip's DP gram and FM for a batch (products.ts) against the functional
 * model example by example (models/functional/arithmetic.ts): the same
 * values and the same conversion counts, lossless (computed exactly, counts
 * by formula) and lossy (example by example).
 */
const rng = new Rng(5);
const E = 6;
const N = 5;
const BATCH = 3;
/** [batch, e, n] signed 8-bit values, rows last. */
const values = Float32Array.from({ length: BATCH * E * N }, () => rng.int(-128, 127));
const rowsOf = (b: number) =>
  Array.from({ length: N }, (_, r) =>
    Array.from({ length: E }, (_, c) => values[(b * E + c) * N + r]!),
  );

const chips = {
  lossless: hardware({ crossbar: { size: 16, cellBits: 2 }, adc: { bits: 8, colsPerAdc: 1 } }),
  // 16 rows per read x (2^2 - 1) (2-bit DAC) x 3 (2-bit cells) = 144 needs 8 bits; a 4-bit ADC clips
  lossy: hardware({
    lossy: true,
    crossbar: { size: 16, cellBits: 2 },
    dac: { bits: 2 },
    adc: { bits: 4, colsPerAdc: 1 },
  }),
};

describe.each(Object.entries(chips))("ChipProducts on a %s chip", (_, hw) => {
  it("gram: the functional model's values and conversions, example by example", () => {
    const chip = new ChipProducts(hw);
    const got = chip.gram("b.dp", values, BATCH, E, N);
    const tally = { conversions: 0, clipped: 0 };
    const one = crossbarArithmetic(hw, tally);
    const want = Array.from({ length: BATCH }, (_, b) => one.gram(rowsOf(b))).flat();
    expect(Array.from(got.sums)).toEqual(want);
    expect(chip.tallies.get("b.dp.gram")).toEqual(tally);
    if (hw.precision.bitsLost > 0) expect(tally.clipped).toBeGreaterThan(0);
    expect(Array.from(got.exact)).toEqual(
      Array.from(new ExactProducts().gram("b.dp", values, BATCH, E, N).sums),
    );
  });

  it("fm: the functional model's values and conversions, example by example", () => {
    const chip = new ChipProducts(hw);
    const got = chip.fm("b.fm", values, BATCH, E, N);
    const tally = { conversions: 0, clipped: 0 };
    const one = crossbarArithmetic(hw, tally);
    const want = Array.from({ length: BATCH }, (_, b) => one.fm(rowsOf(b))).flat();
    expect(Array.from(got.sums)).toEqual(want);
    expect(chip.tallies.get("b.fm")).toEqual(tally);
  });
});

it("the exact products: gram and FM by hand", () => {
  // one example, e = 2, n = 3 rows: T = [[1, 2], [3, -1], [0, 4]] (row r = [T[0][r], T[1][r]])
  // stored [e, n] rows last: element 0 -> (1, 3, 0), element 1 -> (2, -1, 4)
  const t = Float32Array.of(1, 3, 0, 2, -1, 4);
  // gram: r1.r0 = 3*1 + -1*2 = 1; r2.r0 = 0 + 8 = 8; r2.r1 = 0 - 4 = -4
  expect(Array.from(new ExactProducts().gram("g", t, 1, 2, 3).sums)).toEqual([1, 8, -4]);
  // fm: element 0: (1+3+0)^2 - (1+9+0) = 6; element 1: (2-1+4)^2 - (4+1+16) = 4
  expect(Array.from(new ExactProducts().fm("f", t, 1, 2, 3).sums)).toEqual([6, 4]);
});

describe("on tfjs (tfjs-products.ts)", () => {
  beforeAll(async () => {
    await useTestBackend();
  });

  it("multiplies exactly, splitting the inputs when a column's sum could pass 2^24", () => {
    const tfjs = new TfjsExactProducts();
    // column 0: 1100 weights of -127, and row 0 of x all -127: 1100 odd products of 16129, whose
    // partial sums pass 2^24 (where float32 steps by 2) and would round; split, each stays exact
    const inputs = 1100;
    const values = Float64Array.from({ length: inputs * 3 }, (_, k) =>
      k % 3 === 0 ? -127 : rng.int(-128, 127),
    );
    const m = { values, inputs, outputs: 3, bits: 8 };
    const x = Float32Array.from({ length: 2 * inputs }, (_, k) =>
      k < inputs ? -127 : rng.int(-128, 127),
    );
    let float32 = 0;
    for (let i = 0; i < inputs; i++) float32 = Math.fround(float32 + 16129);
    expect(float32).not.toBe(1100 * 16129); // unsplit, float32 would be off
    const got = tfjs.multiply(m, x, 2);
    expect(got[0]).toBe(1100 * 16129); // 17,741,900
    expect(Array.from(got)).toEqual(Array.from(exactProducts(m, x, 2)));
    tfjs.dispose();
  });

  it("a lossy chip's clipped reads, their partial sums on tfjs, equal fcValues row by row", () => {
    const tfjs = new TfjsExactProducts();
    const hw = chips.lossy;
    const inputs = 40;
    const outputs = 7;
    const w = Array.from({ length: inputs }, () =>
      Array.from({ length: outputs }, () => rng.int(-128, 127)),
    );
    const m = { values: Float64Array.from(w.flat()), inputs, outputs, bits: 8 };
    const x = Array.from({ length: 3 * inputs }, () => rng.int(-128, 127));
    const chip = new ChipProducts(hw, tfjs.multiply.bind(tfjs), tfjs.product);
    const got = chip.matmul("l", m, Float32Array.from(x), 3);
    let clipped = 0;
    for (let b = 0; b < 3; b++) {
      const one = fcValues(hw, w, x.slice(b * inputs, (b + 1) * inputs), 8);
      expect(Array.from(got.sums.subarray(b * outputs, (b + 1) * outputs))).toEqual(one.outputs);
      clipped += one.clipped;
    }
    expect(clipped).toBeGreaterThan(0);
    expect(chip.tallies.get("l")!.clipped).toBe(clipped);
    tfjs.dispose();
  });
});
