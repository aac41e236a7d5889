/** Which part of the 80/10/10 split a row belongs to. */
export type SplitPart = "train" | "validation" | "test";

export const splitParts: readonly SplitPart[] = ["train", "validation", "test"];

/** NASRec's seed for scikit-learn's StratifiedKFold. */
export const NASREC_SPLIT_SEED = 2018;
const FOLDS = 10;

/**
 * A streaming, deterministic equivalent of NASRec's split (scikit-learn's
 * `StratifiedKFold(10, shuffle=True, random_state=2018)` on the labels,
 * folds 0-7 train, 8 validation, 9 test), which needs every label in memory
 * first. Here the rows of each label are taken in file order in blocks of
 * ten, and each block is dealt to the ten folds by a random permutation
 * drawn from (seed, label, block index). So:
 * - every fold gets one row of every ten of each label: the label ratio of
 *   each part equals the file's, and a part's size is off 80 %, 10 % or
 *   10 % only by the one unfinished block of each label (at most 1.6 rows
 *   per label for train, 0.9 for validation and test);
 * - a row's fold depends only on the seed and on the rows before it, so the
 *   same file gives the same split on every run and machine, and reading the
 *   first n rows gives the same folds as reading the whole file;
 * - which rows of a block go where is random (the shuffle), not positional.
 * It is not scikit-learn's exact assignment (that would need both label
 * counts in advance); the proportions and the stratification are the same.
 */
export class StratifiedSplit {
  private readonly seen = [0, 0];
  private readonly permutations: Uint8Array[] = [new Uint8Array(FOLDS), new Uint8Array(FOLDS)];

  constructor(readonly seed: number = NASREC_SPLIT_SEED) {}

  /** The fold (0..9) of the next row with this label. */
  nextFold(label: 0 | 1): number {
    const index = this.seen[label]!++;
    const slot = index % FOLDS;
    const permutation = this.permutations[label]!;
    if (slot === 0) dealBlock(permutation, this.seed, label, index / FOLDS);
    return permutation[slot]!;
  }

  /** The part of the next row with this label. */
  nextPart(label: 0 | 1): SplitPart {
    return partOfFold(this.nextFold(label));
  }
}

export function partOfFold(fold: number): SplitPart {
  return fold < 8 ? "train" : fold === 8 ? "validation" : "test";
}

/** A Fisher-Yates permutation of 0..9 from a hash of (seed, label, block). */
function dealBlock(into: Uint8Array, seed: number, label: number, block: number): void {
  for (let i = 0; i < FOLDS; i++) into[i] = i;
  let state = hash(seed, label, block);
  for (let i = FOLDS - 1; i > 0; i--) {
    state = xorshift(state);
    const j = (state >>> 0) % (i + 1);
    const t = into[i]!;
    into[i] = into[j]!;
    into[j] = t;
  }
}

function hash(seed: number, label: number, block: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(label + 1, 0xc2b2ae35);
  h ^= Math.imul(block % 0x100000000 ^ Math.floor(block / 0x100000000), 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 0x6d2b79f5 : h;
}

function xorshift(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x | 0;
}
