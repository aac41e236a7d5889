import { InputError } from "../../../sim/kernel/input-error";

/** A DLRM-style model as the ReREC baseline runs it (Naumov et al. 2019, arXiv 1906.00091). */
export interface DlrmWorkload {
  /** Elements per embedding vector. */
  embeddingDim: number;
  /** Rows per sparse feature's table. */
  tableRows: number[];
  denseFeatures: number;
  /** Output widths of the bottom MLP's layers (input = denseFeatures); the last must equal embeddingDim. */
  bottomMlp: number[];
  /** Output widths of the top MLP's layers (input = bottom output + pairwise dots); the last = 1. */
  topMlp: number[];
  /** Weight and activation bits (8 for the zoo's DLRM). */
  weightBits: number;
}

/** One fully-connected layer of an MLP. */
export interface MlpLayerShape {
  inputs: number;
  outputs: number;
}

/** What the interaction and the MLPs of a workload are made of. */
export interface WorkloadShape {
  tables: number;
  /** Vectors of the dot interaction: the bottom MLP's output and one per table. */
  interactionVectors: number;
  /** Pairwise dot products: n (n - 1) / 2 over the interaction vectors. */
  pairs: number;
  bottom: MlpLayerShape[];
  top: MlpLayerShape[];
}

const isCount = (v: unknown, min: number): boolean =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= min;

/** Checks a workload and derives its shape; a bad field throws an InputError naming it. */
export function workloadShape(w: DlrmWorkload): WorkloadShape {
  const need = (ok: boolean, field: string, value: unknown, expected: string): void => {
    if (!ok)
      throw new InputError(
        `DLRM workload: ${field} = ${JSON.stringify(value)}: expected ${expected}`,
      );
  };
  need(isCount(w.embeddingDim, 1), "embeddingDim", w.embeddingDim, "an integer >= 1");
  need(isCount(w.denseFeatures, 1), "denseFeatures", w.denseFeatures, "an integer >= 1");
  need(isCount(w.weightBits, 2) && w.weightBits <= 16, "weightBits", w.weightBits, "2..16");
  need(
    Array.isArray(w.tableRows) && w.tableRows.length >= 1,
    "tableRows",
    w.tableRows,
    "a non-empty array",
  );
  w.tableRows.forEach((rows, t) =>
    need(isCount(rows, 1), `tableRows[${t}]`, rows, "an integer >= 1 (rows)"),
  );
  for (const [name, widths] of [
    ["bottomMlp", w.bottomMlp],
    ["topMlp", w.topMlp],
  ] as const) {
    need(Array.isArray(widths) && widths.length >= 1, name, widths, "a non-empty array of widths");
    widths.forEach((n, i) => need(isCount(n, 1), `${name}[${i}]`, n, "an integer >= 1"));
  }
  const bottomOut = w.bottomMlp[w.bottomMlp.length - 1]!;
  // DLRM's dot interaction pairs the bottom MLP's output with the embeddings, so the widths must agree.
  need(
    bottomOut === w.embeddingDim,
    "bottomMlp (last)",
    bottomOut,
    `embeddingDim = ${w.embeddingDim}`,
  );
  need(w.topMlp[w.topMlp.length - 1] === 1, "topMlp (last)", w.topMlp[w.topMlp.length - 1], "1");
  const n = w.tableRows.length + 1;
  const pairs = (n * (n - 1)) / 2;
  return {
    tables: w.tableRows.length,
    interactionVectors: n,
    pairs,
    bottom: chain(w.denseFeatures, w.bottomMlp),
    top: chain(bottomOut + pairs, w.topMlp),
  };
}

function chain(inputs: number, widths: number[]): MlpLayerShape[] {
  let width = inputs;
  return widths.map((outputs) => {
    const layer = { inputs: width, outputs };
    width = outputs;
    return layer;
  });
}
