import type { DatasetDescriptor } from "../../traces/datasets";
/**
 * A recommender model in the AutoRAC design space (paper section 3.1,
 * table 1), as JSON. The same spec describes a subnet to the simulator, the
 * supernet and the search.
 *
 * Tensors: a dense tensor is [d]; a sparse tensor is [rows, embeddingDim]
 * (the embedding axis never changes). Input index 0 is the model input: the
 * dataset's dense features [denseFeatures] and its looked-up embeddings
 * [sparseFeatures, embeddingDim]; index j >= 1 is the output of block j - 1.
 */
export type WeightBits = 4 | 8;

/**
 * A block's dense operator. `op` names a dense operator kind of the
 * registry (models/operators): "fc" (ReLU(W x + b)), "dp" (the dot-product
 * interaction of paper section 3.2), or one a library user registered.
 */
export interface DenseOperator {
  op: string;
  /** Output width d (table 1: 16, 32, 64, 128, 256, 512, 768, 1024). */
  dim: number;
  weightBits: WeightBits;
}

export interface SparseOperator {
  /** A sparse operator kind of the registry: "efc" (a linear map along the rows, ReLU). */
  op: string;
  /** Output rows s (table 1: 16, 32, 48, 64). */
  dim: number;
  weightBits: WeightBits;
}

/** An optional dense-sparse interaction layer, with its weight bits. */
export interface InteractionOperator {
  weightBits: WeightBits;
}

/**
 * Which earlier outputs a block reads. Operator-wise: the dense operator and
 * the sparse operator each list their inputs. Block-wise (a plain array):
 * both read the same indices. Inputs are concatenated in ascending index
 * order (dense: along features; sparse: along rows).
 */
export type BlockInputs = number[] | { dense: number[]; sparse: number[] };

export interface ChoiceBlock {
  dense: DenseOperator;
  sparse: SparseOperator;
  /** DSI, dense-to-sparse: Linear(d -> 8 e), reshaped to 8 more sparse rows. */
  dsi?: InteractionOperator | null;
  /** FM, sparse-to-dense: FM over the sparse output (before DSI), Linear(e -> d), added to the dense output. */
  fm?: InteractionOperator | null;
  inputs: BlockInputs;
}

export interface ModelSpec {
  name: string;
  description?: string;
  /** Dataset layout: "criteo", "avazu" or "kdd" (traces/datasets.ts). */
  dataset: string;
  /** Embedding width e (NASRec: 16). */
  embeddingDim: number;
  blocks: ChoiceBlock[];
  /** The last block's dense output and flattened sparse output -> Linear -> 1 logit. */
  final: { weightBits: WeightBits };
  /** Where the spec came from (an importer fills it). */
  provenance?: string;
}

/** A block's tensors, resolved from the spec and the dataset. */
export interface BlockShape {
  index: number;
  /** False when no path leads from this block to the final layer (a dead block does no work). */
  live: boolean;
  /** Input indices, ascending, without duplicates. */
  denseInputs: number[];
  sparseInputs: number[];
  /** Width of the concatenated dense inputs. */
  denseInWidth: number;
  /** Rows of the concatenated sparse inputs. */
  sparseInRows: number;
  /** Dense output width d. */
  denseOut: number;
  /** Rows the sparse operator (EFC) produces, s. */
  efcOutRows: number;
  /** Rows of the block's sparse output: s, plus 8 with DSI. */
  sparseOutRows: number;
}

/** A validated spec with every tensor shape resolved. */
export interface ModelGraph {
  spec: ModelSpec;
  dataset: DatasetDescriptor;
  embeddingDim: number;
  blocks: BlockShape[];
  /** Width of the final layer's input: last dense width + last sparse rows x embeddingDim. */
  finalInWidth: number;
  deadBlocks: number[];
}
