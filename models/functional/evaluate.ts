import { DSI_ROWS, type ModelGraph } from "../spec/model-spec";
import { dpProjectionRows } from "../spec/model-graph";
import type { ModelValues } from "./model-values";
import { layerShift, quantiseDense, relu, requantise } from "./quantisation";

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

interface Tensors {
  dense: number[];
  sparse: number[][];
}

/**
 * One inference of a quantised model: the operators of paper section 3.2
 * and NASRec's builder (`../shared/reference/nasrec/README.md`) on signed
 * integer activations. FC, EFC and DSI apply ReLU; the DP and FM
 * projections and the final layer are linear. Every layer's sum is
 * requantised (quantisation.ts). Dead blocks are skipped.
 */
export function evaluateModel(
  graph: ModelGraph,
  values: ModelValues,
  request: FunctionalRequest,
  arithmetic: Arithmetic,
): FunctionalResult {
  const a = values.activationBits;
  const e = graph.embeddingDim;
  const linear = (
    name: string,
    input: number[],
    outputs: number,
    bits: number,
    act: boolean,
  ): number[] => {
    const w = values.layer(name, input.length, outputs, bits);
    const shift = layerShift(input.length, bits);
    return arithmetic.matvec(w, input, bits).map((s) => {
      const q = requantise(s, shift, a);
      return act ? relu(q) : q;
    });
  };
  /** A layer along the rows of a sparse tensor (EFC): one MVM per embedding element. */
  const alongRows = (
    name: string,
    rows: number[][],
    outputs: number,
    bits: number,
    act: boolean,
  ): number[][] => {
    const out = Array.from({ length: outputs }, () => new Array<number>(e).fill(0));
    for (let d = 0; d < e; d++) {
      const column = linear(
        name,
        rows.map((r) => r[d]!),
        outputs,
        bits,
        act,
      );
      column.forEach((v, i) => (out[i]![d] = v));
    }
    return out;
  };

  const input: Tensors = {
    dense: request.dense.map((v) => quantiseDense(v, a)),
    sparse: request.rows.map((ids, f) =>
      ids
        .map((row) => values.embedding(f, row, e))
        .reduce((s, v) => s.map((x, d) => x + v[d]!))
        .map((x) => requantise(x, 0, a)),
    ),
  };
  const tensors: Tensors[] = [input];
  for (const block of graph.blocks) {
    if (!block.live) {
      tensors.push({ dense: [], sparse: [] });
      continue;
    }
    const spec = graph.spec.blocks[block.index]!;
    const name = `block${block.index}`;
    const dense = block.denseInputs.flatMap((i) => tensors[i]!.dense);
    const sparse = block.sparseInputs.flatMap((i) => tensors[i]!.sparse);
    const efc = alongRows(`${name}.efc`, sparse, block.efcOutRows, spec.sparse.weightBits, true);
    let denseOut: number[];
    if (spec.dense.op === "fc") {
      denseOut = linear(`${name}.fc`, dense, block.denseOut, spec.dense.weightBits, true);
    } else {
      const bits = spec.dense.weightBits;
      const k = dpProjectionRows(block.denseOut);
      const x = dense.length === e ? dense : linear(`${name}.dp.dense`, dense, e, bits, false);
      const y = sparse.length === k ? sparse : alongRows(`${name}.dp.rows`, sparse, k, bits, false);
      const gram = arithmetic.gram([x, ...y]);
      const shift = layerShift(e, a);
      const z = gram.map((s) => requantise(s, shift, a));
      denseOut = linear(`${name}.dp.out`, z, block.denseOut, bits, false);
    }
    const dsiRows: number[][] = [];
    if (spec.dsi) {
      const flat = linear(`${name}.dsi`, denseOut, DSI_ROWS * e, spec.dsi.weightBits, true);
      for (let r = 0; r < DSI_ROWS; r++) dsiRows.push(flat.slice(r * e, (r + 1) * e));
    }
    if (spec.fm) {
      const shift = layerShift(efc.length, a) + a - 1; // a square of a sum of 8-bit values
      const interaction = arithmetic.fm(efc).map((s) => requantise(s, shift, a));
      const term =
        block.denseOut === e
          ? interaction
          : linear(`${name}.fm.proj`, interaction, block.denseOut, spec.fm.weightBits, false);
      denseOut = denseOut.map((v, j) => requantise(v + term[j]!, 0, a));
    }
    tensors.push({ dense: denseOut, sparse: [...efc, ...dsiRows] });
  }
  const last = tensors[tensors.length - 1]!;
  const logit = linear(
    "final",
    [...last.dense, ...last.sparse.flat()],
    1,
    graph.spec.final.weightBits,
    false,
  )[0]!;
  return { logit, probability: 1 / (1 + Math.exp(-logit / 16)) };
}
