import fc from "fast-check";
import { Rng } from "../../sim/kernel/rng";
import { RowPermutation } from "../../traces/row-permutation";

// Generous: jest runs this arithmetic far slower than plain node, and no test should fail for speed.
jest.setTimeout(60_000);

describe("RowPermutation", () => {
  it("is a bijection on [0, N), checked exhaustively for small N", () => {
    // 1..64 covers every half-width up to 3 bits; 4097 and 16385 need about 4 passes a rank.
    const sizes = [
      ...Array.from({ length: 64 }, (_, i) => i + 1),
      255,
      256,
      257,
      1000,
      4097,
      16385,
    ];
    for (const n of sizes) {
      for (const seed of [1, 2]) {
        const permutation = new RowPermutation(n, new Rng(seed));
        const seen = new Uint8Array(n);
        const faults: string[] = [];
        for (let rank = 0; rank < n; rank++) {
          const row = permutation.rowOf(rank);
          if (!(Number.isInteger(row) && row >= 0 && row < n) || seen[row] === 1) {
            faults.push(`N = ${n}, seed ${seed}: rank ${rank} -> row ${row}`);
          }
          seen[row] = 1;
          if (permutation.rankOf(row) !== rank) faults.push(`N = ${n}: rankOf(${row}) != ${rank}`);
        }
        expect(faults).toEqual([]);
      }
    }
  });

  it("round-trips any rank for any N up to 2^53", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 53 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (n, where, seed) => {
          const permutation = new RowPermutation(n, new Rng(seed));
          const rank = Math.floor(where * n);
          const row = permutation.rowOf(rank);
          return row >= 0 && row < n && Number.isInteger(row) && permutation.rankOf(row) === rank;
        },
      ),
    );
    const top = new RowPermutation(2 ** 53, new Rng(9));
    expect(top.rankOf(top.rowOf(2 ** 53 - 1))).toBe(2 ** 53 - 1);
  });

  it("scatters the hottest ranks over the whole id space", () => {
    // The first 1000 ranks' rows should look like uniform draws from [0, N):
    // their mean within 5 standard deviations (N / sqrt(12 * 1000)) of N / 2.
    const n = 10_000_000;
    const permutation = new RowPermutation(n, new Rng(4));
    const rows = Array.from({ length: 1000 }, (_, rank) => permutation.rowOf(rank));
    const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
    expect(Math.abs(mean - n / 2)).toBeLessThanOrEqual((5 * n) / Math.sqrt(12 * 1000));
    // Neighbouring ranks do not land next to each other.
    const adjacent = rows.slice(1).filter((row, i) => Math.abs(row - rows[i]!) <= 1).length;
    expect(adjacent).toBeLessThanOrEqual(1);
  });

  it("depends on the seed and only on it", () => {
    const rows = (seed: number) => {
      const permutation = new RowPermutation(1000, new Rng(seed));
      return Array.from({ length: 1000 }, (_, rank) => permutation.rowOf(rank));
    };
    expect(rows(3)).toEqual(rows(3));
    expect(rows(3)).not.toEqual(rows(4));
  });

  it("refuses sizes and ranks out of range", () => {
    expect(() => new RowPermutation(0, new Rng(1))).toThrow(RangeError);
    expect(() => new RowPermutation(2 ** 53 + 2, new Rng(1))).toThrow(RangeError);
    const permutation = new RowPermutation(10, new Rng(1));
    expect(() => permutation.rowOf(10)).toThrow(RangeError);
    expect(() => permutation.rowOf(-1)).toThrow(RangeError);
    expect(() => permutation.rankOf(0.5)).toThrow(RangeError);
  });
});
