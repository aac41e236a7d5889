import fc from "fast-check";
import { fmValues } from "../../arch/crossbar/fm-values";
import { WeightCrossbar } from "../../arch/crossbar/weight-crossbar";
import { mbsaMultiply } from "../../arch/digital/mbsa";
import { fcValues } from "../../arch/layers/fc-layer";
import { mapFc } from "../../arch/layers/fc-mapping";
import { handClipHardware, hardware } from "./hw-fixtures";

const signed = (bits: number) => fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });

function matmul(w: number[][], x: number[]): number[] {
  const outputs = w[0]!.length;
  return Array.from({ length: outputs }, (_, j) => w.reduce((s, row, i) => s + row[j]! * x[i]!, 0));
}

describe("crossbar count of a 1024 x 512 FC", () => {
  // crossbars = ceil(1024 / S) * ceil(512 / floor(S / ceil(w / c)))
  const cases: Array<[number, number, number, number]> = [
    // size, weight bits, cell bits, crossbars
    [16, 4, 1, 64 * 128], // 4 cells per weight, 4 outputs per crossbar
    [16, 8, 1, 64 * 256], // 8 cells, 2 outputs
    [16, 4, 2, 64 * 64], // 2 cells, 8 outputs
    [16, 8, 2, 64 * 128], // 4 cells, 4 outputs
    [32, 4, 1, 32 * 64],
    [32, 8, 1, 32 * 128],
    [32, 4, 2, 32 * 32],
    [32, 8, 2, 32 * 64],
    [64, 4, 1, 16 * 32],
    [64, 8, 1, 16 * 64],
    [64, 4, 2, 16 * 16],
    [64, 8, 2, 16 * 32],
  ];
  it.each(cases)(
    "size %i, %i-bit weights on %i-bit cells: %i crossbars",
    (size, w, c, crossbars) => {
      expect(mapFc(1024, 512, w, { size, cellBits: c }).crossbars).toBe(crossbars);
    },
  );
});

describe("crossbar values", () => {
  const lossless = [
    { crossbar: { size: 64, cellBits: 2 }, dac: { bits: 1 }, adc: { bits: 8 } }, // 64*1*3 = 192 <= 255
    { crossbar: { size: 16, cellBits: 1 }, dac: { bits: 2 }, adc: { bits: 6 } }, // 16*3*1 = 48 <= 63
    { crossbar: { size: 32, cellBits: 2, rowsPerRead: 7 }, dac: { bits: 2 }, adc: { bits: 6 } }, // 7*3*3 = 63
  ];

  it("computes a small MVM exactly: the plain matrix product", () => {
    const hw = hardware(lossless[0]);
    const w = [
      [1, -2, 3],
      [-128, 127, 0],
      [5, 5, -5],
    ];
    const x = [3, -1, 100];
    // by hand: y0 = 3 + 128 + 500 = 631, y1 = -6 - 127 + 500 = 367, y2 = 9 + 0 - 500 = -491
    expect(fcValues(hw, w, x, 8).outputs).toEqual([631, 367, -491]);
  });

  it("equals the plain product for random layers spanning several crossbars, on lossless configs", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...lossless),
        fc.constantFrom(4, 8),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (partial, weightBits, inputs, outputs, seed) => {
          const hw = hardware(partial);
          let s = seed;
          const next = (bits: number) => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return (s % 2 ** bits) - 2 ** (bits - 1);
          };
          const w = Array.from({ length: inputs }, () =>
            Array.from({ length: outputs }, () => next(weightBits)),
          );
          const x = Array.from({ length: inputs }, () => next(8));
          const result = fcValues(hw, w, x, weightBits);
          expect(result.clipped).toBe(0);
          expect(result.outputs).toEqual(matmul(w, x));
        },
      ),
      { numRuns: 120 },
    );
  });

  it("clips a lossy conversion to the value derived by hand", () => {
    // 4-bit ADC, 2-bit cells, 2-bit DAC, 4-bit weights and inputs, all 7:
    // w' = x' = 7 + 8 = 15 = digits (3, 3). Every read of the 3 rows sums 3 * 3 * 3 = 27 > 15,
    // so each of the 2 input digits x 2 cell slices = 4 conversions saturates at 15:
    //   sum' = 15 * (2^0 + 2^2 + 2^2 + 2^4) = 15 * 25 = 375   (exact: 27 * 25 = 675)
    // offsets removed: 375 - 8*45 - 8*45 + 3*8*8 = -153        (exact: 675 - 720 + 192 = 147 = 3 * 49)
    const hw = handClipHardware();
    const result = fcValues(hw, [[7], [7], [7]], [7, 7, 7], 4);
    expect(result.outputs).toEqual([-153]);
    expect(result.clipped).toBe(4);
    expect(result.conversions).toBe(4);
  });

  it("refuses a weight that does not fit its bits and a block larger than the crossbar", () => {
    expect(() => new WeightCrossbar({ size: 16, cellBits: 2 }, [[8]], 4)).toThrow(
      "8 is not a signed 4-bit integer",
    );
    const wide = [Array.from({ length: 5 }, () => 0)];
    expect(() => new WeightCrossbar({ size: 16, cellBits: 1 }, wide, 4)).toThrow(
      "needs 1 rows and 20 columns",
    );
  });
});

describe("FM on the transposed-write crossbar", () => {
  it("equals (sum x)^2 - sum x^2 per element for random 8-bit vectors", () => {
    const hw = hardware({
      crossbar: { size: 64, cellBits: 2 },
      dac: { bits: 1 },
      adc: { bits: 8 },
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 8 }),
        fc.context(),
        (n, dims, ctx) => {
          const vectors = fc.sample(fc.array(signed(8), { minLength: dims, maxLength: dims }), {
            numRuns: n,
            seed: n * 31 + dims,
          });
          ctx.log(JSON.stringify(vectors));
          const result = fmValues(hw, vectors, 8);
          const expected = Array.from({ length: dims }, (_, d) => {
            const sum = vectors.reduce((s, v) => s + v[d]!, 0);
            const squares = vectors.reduce((s, v) => s + v[d]! * v[d]!, 0);
            return sum * sum - squares;
          });
          expect(result.clipped).toBe(0);
          expect(result.interaction).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("matches a case worked by hand: x1 = (1, -2), x2 = (3, 4) -> (2*1*3, 2*(-2)*4) = (6, -16)", () => {
    const hw = hardware({
      crossbar: { size: 16, cellBits: 1 },
      dac: { bits: 1 },
      adc: { bits: 8 },
    });
    expect(
      fmValues(
        hw,
        [
          [1, -2],
          [3, 4],
        ],
        8,
      ).interaction,
    ).toEqual([6, -16]);
  });
});

describe("MBSA", () => {
  it("squares every lane: x * x, bit by bit, in one cycle per bit", () => {
    const hw = hardware();
    const x = [0, 1, 2, 3, 7, 100, 255, 1023];
    const { products, cycles } = mbsaMultiply(hw, x, x, 10);
    expect(products).toEqual(x.map((v) => v * v));
    expect(cycles).toBe(10);
  });

  it("refuses a B operand wider than the bits it is fed in", () => {
    expect(() => mbsaMultiply(hardware(), [3], [16], 4)).toThrow("b below 2^4");
  });
});
