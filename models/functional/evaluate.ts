import { walkModel } from "../operators/walk";
import type { ModelGraph } from "../spec/model-spec";
import { IntegerAlgebra } from "./integer-algebra";
import type { ModelValues } from "./model-values";
import { quantiseDense, requantise } from "./quantisation";

/**
 * The integer arithmetic a model needs, done either exactly (the reference)
 * or through the crossbar models (the simulated chip).
 */
export interface Arithmetic {
  /** y[j] = sum_i W[i][j] x[i] (W: inputs x outputs). */
  matvec(weights: number[][], input: number[], weightBits: number): number[];
  /** X X^T below the diagonal, row by row: Z[i][j] for i >= 1, j < i. */
  gram(rows: number[][]): number[];
  /** Per element d: (sum_i Y[i][d])^2 - sum_i Y[i][d]^2. */
  fm(rows: number[][]): number[];
}

export interface FunctionalRequest {
  dense: number[];
  /** Stored row per sparse feature (multi-hot rows are summed). */
  rows: number[][];
}

export interface FunctionalResult {
  /** The final layer's integer output. */
  logit: number;
  /** sigmoid(logit / 16): the logit is read in steps of 1/16. */
  probability: number;
}

/**
 * One inference of a quantised model: the operators of paper section 3.2
 * (models/operators) on signed integer activations, through the integer
 * algebra (integer-algebra.ts): FC and EFC end in ReLU, the DP and FM
 * projections and the final layer are linear; every layer's sum is
 * requantised. The dense features enter as log(1 + x) in steps of 1/16;
 * each sparse feature's rows are summed. Dead blocks are skipped.
 */
export function evaluateModel(
  graph: ModelGraph,
  values: ModelValues,
  request: FunctionalRequest,
  arithmetic: Arithmetic,
): FunctionalResult {
  const a = values.activationBits;
  const e = graph.embeddingDim;
  const input = {
    dense: request.dense.map((v) => quantiseDense(v, a)),
    sparse: request.rows.map((ids, f) =>
      ids
        .map((row) => values.embedding(f, row, e))
        .reduce((s, v) => s.map((x, d) => x + v[d]!))
        .map((x) => requantise(x, 0, a)),
    ),
  };
  const logit = walkModel(graph, new IntegerAlgebra(e, values, arithmetic), input)[0]!;
  return { logit, probability: 1 / (1 + Math.exp(-logit / 16)) };
}
