import fc from "fast-check";
import { auc, logLoss, logLossFromLogits } from "../../../models/supernet/metrics";

/** AUC by its definition: the share of (positive, negative) pairs ranked right, ties half. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let right = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((n, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      right += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return right / pairs;
}

describe("auc", () => {
  it("matches hand-worked cases, ties counting one half", () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12); // 3 of 4 pairs
    expect(auc([1, 2, 2, 3], [0, 0, 1, 1])).toBeCloseTo(3.5 / 4, 12); // one tied pair
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBeCloseTo(0.5, 12);
    expect(auc([3, 2, 1], [0, 1, 1])).toBe(0);
    expect(auc([1, 2], [1, 1])).toBeNaN();
  });

  it("equals the pairwise definition on any scores", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(0, 1)), {
          minLength: 2,
          maxLength: 40,
        }),
        (rows) => {
          const scores = rows.map((r) => r[0]);
          const labels = rows.map((r) => r[1]);
          const both = labels.includes(0) && labels.includes(1);
          if (!both) return;
          expect(auc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
        },
      ),
    );
  });
});

describe("log loss", () => {
  it("is the mean negative log-likelihood, from probabilities or from logits", () => {
    expect(logLoss([0.8, 0.3], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    const z = [2, -1, 0, 8, -8];
    const y = [1, 0, 1, 0, 0];
    expect(logLossFromLogits(z, y)).toBeCloseTo(
      logLoss(
        z.map((v) => 1 / (1 + Math.exp(-v))),
        y,
      ),
      9,
    );
    // A confident wrong logit costs |z| (no overflow, no clipping).
    expect(logLossFromLogits([800], [0])).toBeCloseTo(800, 9);
    expect(() => logLoss([], [])).toThrow(RangeError);
  });
});
