import { InputError } from "../../sim/kernel/input-error";
import type { WeightBits } from "../spec/model-spec";

/**
 * The choices the supernet covers (paper table 1): N choice blocks, dense
 * and sparse output dims, weight bits. The supernet holds weights for the
 * largest of each; a smaller choice uses a prefix slice of them.
 */
export interface SearchSpace {
  blocks: number;
  denseDims: number[];
  sparseDims: number[];
  weightBits: WeightBits[];
  /** Embedding width e (NASRec: 16). */
  embeddingDim: number;
}

/** Table 1 of the paper: NASRec's autoctr space plus 4/8-bit weights, 7 blocks. */
export const PAPER_SPACE: SearchSpace = {
  blocks: 7,
  denseDims: [16, 32, 64, 128, 256, 512, 768, 1024],
  sparseDims: [16, 32, 48, 64],
  weightBits: [4, 8],
  embeddingDim: 16,
};

/**
 * A reduced space for quick runs on two cores: 4 blocks, dense dims up to
 * 64, sparse up to 32. Its subnets are table 1's smallest ones.
 */
export const SMALL_SPACE: SearchSpace = {
  blocks: 4,
  denseDims: [16, 32, 64],
  sparseDims: [16, 32],
  weightBits: [4, 8],
  embeddingDim: 16,
};

export const searchSpaces: Record<string, SearchSpace> = { paper: PAPER_SPACE, small: SMALL_SPACE };

/** Checks a space; a bad one is an InputError naming the field. */
export function checkSearchSpace(space: SearchSpace, where = "search space"): void {
  const positive = (v: number) => Number.isInteger(v) && v >= 1;
  if (!positive(space.blocks)) {
    throw new InputError(`${where}: blocks = ${space.blocks}: expected a positive integer`);
  }
  if (!positive(space.embeddingDim)) {
    throw new InputError(
      `${where}: embeddingDim = ${space.embeddingDim}: expected a positive integer`,
    );
  }
  for (const key of ["denseDims", "sparseDims"] as const) {
    const dims = space[key];
    if (dims.length === 0 || !dims.every(positive)) {
      throw new InputError(`${where}: ${key} = [${dims}]: expected positive integers`);
    }
  }
  if (space.weightBits.length === 0 || !space.weightBits.every((b) => b === 4 || b === 8)) {
    throw new InputError(`${where}: weightBits = [${space.weightBits}]: expected 4 and/or 8`);
  }
}
