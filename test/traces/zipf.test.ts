import fc from "fast-check";
import { Rng } from "../../sim/kernel/rng";
import { ZipfSampler } from "../../traces/zipf";

/**
 * H(n, s) = sum_{k=1}^{n} k^-s, written independently of the sampler: the
 * first terms summed exactly (smallest first, to keep rounding low), the rest
 * by Euler-Maclaurin, sum_{k=m}^{n} f(k) = integral_m^n f + (f(m) + f(n)) / 2
 * + sum_j B_2j / (2j)! (f^(2j-1)(n) - f^(2j-1)(m)), with B2 = 1/6, B4 = -1/30,
 * B6 = 1/42. With m = 1000 the next term is below 1e-25.
 */
function harmonic(n: number, s: number): number {
  const m = Math.min(n, 1000);
  let head = 0;
  for (let k = m - 1; k >= 1; k--) head += k ** -s;
  if (n === m) return head + m ** -s;
  const integral = s === 1 ? Math.log(n / m) : (n ** (1 - s) - m ** (1 - s)) / (1 - s);
  // f^(2j-1)(x) = -s (s+1) ... (s+2j-2) x^(-s-2j+1)
  const derivative = (x: number, order: number) => {
    let factor = -1;
    for (let i = 0; i < order; i++) factor *= s + i;
    return factor * x ** (-s - order);
  };
  const bernoulliOverFactorial = [1 / 12, -1 / 720, 1 / 30240];
  let corrections = 0;
  bernoulliOverFactorial.forEach((b, j) => {
    const order = 2 * j + 1;
    corrections += b * (derivative(n, order) - derivative(m, order));
  });
  return head + integral + (m ** -s + n ** -s) / 2 + corrections;
}

function draw(sampler: ZipfSampler, seed: number, samples: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: samples }, () => sampler.sample(rng));
}

/** |observed - expected| within 5 binomial standard deviations. */
function expectBinomial(hits: number, samples: number, p: number): void {
  const sigma = Math.sqrt(samples * p * (1 - p));
  expect(Math.abs(hits - samples * p)).toBeLessThanOrEqual(5 * sigma);
}

// Generous: jest runs this arithmetic far slower than plain node, and no test should fail for speed.
jest.setTimeout(60_000);

describe("the harmonic sum used by these tests", () => {
  it("matches a direct sum and the known limits", () => {
    for (const s of [0.5, 1, 1.5]) {
      let direct = 0;
      for (let k = 1e6; k >= 1; k--) direct += k ** -s;
      expect(harmonic(1e6, s)).toBeCloseTo(direct, 9);
    }
    expect(harmonic(10, 0)).toBe(10);
    // H(n, 1) - ln n -> Euler-Mascheroni; zeta(2) = pi^2 / 6.
    expect(harmonic(2 ** 40, 1) - Math.log(2 ** 40)).toBeCloseTo(0.5772156649, 9);
    expect(harmonic(2 ** 40, 2)).toBeCloseTo(Math.PI ** 2 / 6, 9);
  });
});

describe("ZipfSampler", () => {
  const samples = 200_000;

  it.each([0, 0.5, 1, 1.5, 1 - 1e-12, 3])(
    "gives every rank of 1..10 its probability k^-s / H(10, s) (s = %p)",
    (s) => {
      const ranks = draw(new ZipfSampler(10, s), 11, samples);
      const hits = new Array<number>(11).fill(0);
      for (const k of ranks) hits[k]!++;
      expect(hits[0]).toBe(0);
      const total = harmonic(10, s);
      for (let k = 1; k <= 10; k++) expectBinomial(hits[k]!, samples, k ** -s / total);
    },
  );

  it.each([0, 0.5, 1, 1.5])("reaches the whole range at N = 2^40 (s = %p)", (s) => {
    const n = 2 ** 40;
    const ranks = draw(new ZipfSampler(n, s), 12, samples);
    expect(ranks.every((k) => Number.isInteger(k) && k >= 1 && k <= n)).toBe(true);
    const total = harmonic(n, s);
    const count = (test: (k: number) => boolean) => ranks.filter(test).length;
    // Rank 1, the first thousand ranks, and the upper half of the range.
    expectBinomial(
      count((k) => k === 1),
      samples,
      1 / total,
    );
    expectBinomial(
      count((k) => k <= 1000),
      samples,
      harmonic(1000, s) / total,
    );
    expectBinomial(
      count((k) => k > n / 2),
      samples,
      1 - harmonic(n / 2, s) / total,
    );
  });

  it("gives rank 1 probability 1 / H(N, s) at N = 2^40 for s = 1 and s = 1.05", () => {
    // The hard case for inversion methods: a heavy tail spread over 2^40 ranks.
    for (const s of [1, 1.05]) {
      const ranks = draw(new ZipfSampler(2 ** 40, s), 13, samples);
      expectBinomial(ranks.filter((k) => k === 1).length, samples, 1 / harmonic(2 ** 40, s));
    }
  });

  it("is deterministic by seed", () => {
    const sampler = new ZipfSampler(1_000_000, 1.05);
    expect(draw(sampler, 5, 1000)).toEqual(draw(sampler, 5, 1000));
    expect(draw(sampler, 6, 1000)).not.toEqual(draw(sampler, 5, 1000));
  });

  it("returns integers in [1, N] for any N up to 2^53 and any exponent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 53 }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (n, s, seed) => {
          const ranks = draw(new ZipfSampler(n, s), seed, 20);
          return ranks.every((k) => Number.isInteger(k) && k >= 1 && k <= n);
        },
      ),
    );
  });

  it("gives rank 1 only, when the other ranks' mass is far below double precision", () => {
    expect(draw(new ZipfSampler(1000, 2000), 3, 1000).every((k) => k === 1)).toBe(true);
    expect(draw(new ZipfSampler(1, 1), 3, 10)).toEqual(new Array(10).fill(1));
  });

  it("refuses a bad rank count or exponent", () => {
    expect(() => new ZipfSampler(0, 1)).toThrow(RangeError);
    expect(() => new ZipfSampler(2 ** 53 + 2, 1)).toThrow(RangeError);
    expect(() => new ZipfSampler(1.5, 1)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, -0.1)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, NaN)).toThrow(RangeError);
  });
});
