import type { SearchSpace } from "../../../models/supernet/search-space";

/** A space small enough to train in seconds: 2 blocks, e = 4. */
export const TINY_SPACE: SearchSpace = {
  blocks: 2,
  denseDims: [8, 16],
  sparseDims: [4, 8],
  weightBits: [4, 8],
  embeddingDim: 4,
};
