import type { Rng } from "../sim/kernel/rng";

/** The largest rank count: beyond 2^53, ranks are no longer exact doubles. */
export const MAX_ZIPF_RANKS = 2 ** 53;

/** Where the area function G is zero: the left edge of rank 2's interval. */
const ANCHOR = 1.5;

/**
 * Zipf's law over ranks 1..N: P(k) = k^-s / H(N, s), H(N, s) = sum_{j<=N} j^-s.
 * s = 0 is uniform; popularity of embedding rows in CTR data is commonly
 * modelled with s near 1.
 *
 * Draws use rejection-inversion: W. Hörmann and G. Derflinger,
 * "Rejection-inversion to generate variates from monotone discrete
 * distributions", ACM TOMACS 6(3), 1996, pp. 169-184 (algorithm ZRI), in the
 * form Apache Commons RNG uses (no offset v, ranks from 1), which holds for
 * every s > 0 and not only s > 1.
 *
 * The idea: h(x) = x^-s is convex, so the area under h over [k - 1/2, k + 1/2]
 * is at least h(k) (the midpoint rule underestimates convex functions). Lay
 * those intervals end to end in "area space", via G(x) = integral of h from
 * 3/2 to x, pick a uniform point v, and invert G to land in rank k's
 * interval; accept if v falls in the last h(k) of that interval. Each rank is
 * then accepted with area exactly h(k), so accepted ranks follow the law. Rank
 * 1 gets an interval of area exactly h(1) = 1 of its own, always accepted.
 * The cost is a few exp/log calls per try and independent of N; over a grid
 * of N <= 1e5 and s <= 40 a try succeeds with probability above 0.9.
 *
 * Unlike Commons RNG, G is anchored at 3/2 (not at 1) and rank 1 is chosen
 * by a separate draw: otherwise, for large s, the ranks >= 2 would occupy a
 * sliver of area next to a value near 1/(s - 1) and lose all resolution.
 */
export class ZipfSampler {
  /** (3/2)^(1 - s): scales G so that it is computed without cancellation. */
  private readonly anchorPower: number;
  /** 1 - s, the exponent of G. */
  private readonly q: number;
  /** Area of the hat over ranks 2..N: G(N + 1/2). */
  private readonly tailArea: number;

  constructor(
    readonly rankCount: number,
    readonly exponent: number,
  ) {
    if (!(Number.isInteger(rankCount) && rankCount >= 1 && rankCount <= MAX_ZIPF_RANKS)) {
      throw new RangeError(`Zipf rank count must be an integer in [1, 2^53]; got ${rankCount}`);
    }
    if (!(Number.isFinite(exponent) && exponent >= 0)) {
      throw new RangeError(`Zipf exponent must be a finite number >= 0; got ${exponent}`);
    }
    this.q = 1 - exponent;
    this.anchorPower = Math.pow(ANCHOR, this.q);
    this.tailArea = this.areaTo(rankCount + 0.5);
  }

  /** One rank in [1, rankCount], using uniforms from `rng`. */
  sample(rng: Rng): number {
    // Uniform: exact integers, without the rounding of the float path at N ~ 2^53.
    if (this.exponent === 0) return rng.int(0, this.rankCount - 1) + 1;
    for (;;) {
      // The hat's total area is 1 (rank 1) + tailArea (ranks >= 2).
      if (rng.float() * (1 + this.tailArea) < 1) return 1;
      const v = rng.float() * this.tailArea;
      const x = this.inverseArea(v);
      // x is infinite only when rounding puts v at G's supremum (s > 1); try again.
      if (!Number.isFinite(x)) continue;
      // x is in [3/2, N + 1/2] up to rounding, hence the clamp.
      const k = Math.min(Math.max(Math.floor(x + 0.5), 2), this.rankCount);
      if (v >= this.areaTo(k + 0.5) - Math.pow(k, -this.exponent)) return k;
    }
  }

  /** G(x) = integral of t^-s over [3/2, x] = (x^q - (3/2)^q) / q, and ln(x / (3/2)) at q = 0. */
  private areaTo(x: number): number {
    const logRatio = Math.log(x / ANCHOR);
    return this.anchorPower * logRatio * expm1OverX(this.q * logRatio);
  }

  /** G^-1(v): x = (3/2) (1 + q v / (3/2)^q)^(1/q), and (3/2) e^v at q = 0. */
  private inverseArea(v: number): number {
    const w = v / this.anchorPower;
    const t = this.q * w;
    // For s > 1, G is bounded by (3/2)^q / (s - 1): t reaches -1 only at x = infinity.
    if (t <= -1) return Infinity;
    return ANCHOR * Math.exp(w * log1pOverX(t));
  }
}

/** (e^t - 1) / t, 1 at t = 0; Math.expm1 keeps it accurate for tiny t (s near 1). */
function expm1OverX(t: number): number {
  return t === 0 ? 1 : Math.expm1(t) / t;
}

/** ln(1 + t) / t, 1 at t = 0; Math.log1p keeps it accurate for tiny t (s near 1). */
function log1pOverX(t: number): number {
  return t === 0 ? 1 : Math.log1p(t) / t;
}
