import fc from "fast-check";
import { NASREC_SPLIT_SEED, StratifiedSplit, partOfFold } from "../../../models/data/split";

function folds(labels: ReadonlyArray<0 | 1>, seed = NASREC_SPLIT_SEED): number[] {
  const split = new StratifiedSplit(seed);
  return labels.map((label) => split.nextFold(label));
}

describe("StratifiedSplit", () => {
  it("deals every ten rows of a label to the ten folds, once each", () => {
    const labels = Array.from({ length: 1000 }, (_, i): 0 | 1 => (i % 3 === 0 ? 1 : 0));
    const assigned = folds(labels);
    for (const label of [0, 1]) {
      const own = assigned.filter((_, i) => labels[i] === label);
      for (let block = 0; block + 10 <= own.length; block += 10) {
        expect([...own.slice(block, block + 10)].sort((a, b) => a - b)).toEqual([
          0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        ]);
      }
    }
  });

  it("keeps each part within 2 rows per label of 80/10/10, for any labels", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<0 | 1>(0, 1), { maxLength: 500 }),
        fc.nat(),
        (labels, seed) => {
          const parts = folds(labels, seed).map(partOfFold);
          const n = labels.length;
          const count = (part: string) => parts.filter((p) => p === part).length;
          // An unfinished block of r rows (distinct folds) holds between r - 2 and r train rows,
          // against 0.8 r expected (off by at most 1.6), and 0 or 1 validation row (off by 0.9).
          expect(Math.abs(count("train") - 0.8 * n)).toBeLessThanOrEqual(3.2 + 1e-9);
          expect(Math.abs(count("validation") - 0.1 * n)).toBeLessThanOrEqual(1.8 + 1e-9);
          expect(Math.abs(count("test") - 0.1 * n)).toBeLessThanOrEqual(1.8 + 1e-9);
          for (const label of [0, 1]) {
            const own = parts.filter((_, i) => labels[i] === label);
            const inValidation = own.filter((p) => p === "validation").length;
            // One unfinished block per label: at most one row off its tenth.
            expect(Math.abs(inValidation - own.length / 10)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it("is deterministic, prefix-stable and seed-dependent", () => {
    const labels = Array.from({ length: 300 }, (_, i): 0 | 1 => ((i * 7) % 5 === 0 ? 1 : 0));
    expect(folds(labels)).toEqual(folds(labels));
    expect(folds(labels.slice(0, 123))).toEqual(folds(labels).slice(0, 123));
    expect(folds(labels, 1)).not.toEqual(folds(labels, 2));
    // Shuffled within blocks: the first ten negatives are not dealt in fold order.
    expect(folds(labels.filter((l) => l === 0)).slice(0, 10)).not.toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it("names folds 0-7 train, 8 validation, 9 test", () => {
    expect([0, 7, 8, 9].map(partOfFold)).toEqual(["train", "train", "validation", "test"]);
  });
});
