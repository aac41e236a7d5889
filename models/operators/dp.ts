import type { Algebra } from "./algebra";
import type { LayerDecl, OperatorKind, OperatorSpec, Widths } from "./operator-kind";
import { checkDim, dimOperatorSchema } from "./schema-parts";

/**
 * DP, the dot-product interaction (paper section 3.2; NASRec's
 * dot-product): the dense input projected to e values (Linear n -> e, when
 * n is not already e), the sparse input projected along its rows to
 * k = round(sqrt(2 d)) rows (when it does not already have k); T = [x; Y],
 * k + 1 rows of e; the strict lower triangle of T T^T, k (k + 1) / 2
 * values; then Linear -> d, no activation, unless the triangle is already
 * d values (NASRec's builder skips it then). On the chip: the projections on
 * MVM engines, T T^T on a DP engine (X^T written as its rows are produced,
 * then each row of X streamed through).
 */

/** Rows a DP projects its sparse input to: k = round(sqrt(2 d)); sqrt(2 d) is never x.5 for an integer d. */
export function dpProjectionRows(denseOut: number): number {
  return Math.round(Math.sqrt(2 * denseOut));
}

interface DpLayers {
  k: number;
  dense: LayerDecl | null;
  rows: LayerDecl | null;
  out: LayerDecl | null;
}

/** The DP's layers for inputs of these sizes: each present unless the shapes make it unnecessary. */
function dpLayers(spec: OperatorSpec, input: Widths, e: number, all: boolean): DpLayers {
  const d = spec.dim!;
  const k = dpProjectionRows(d);
  const triangle = (k * (k + 1)) / 2;
  const weightBits = spec.weightBits;
  const linear = { relu: false, weightBits } as const;
  return {
    k,
    dense:
      all || input.width !== e
        ? {
            name: "dp.dense",
            inputs: input.width,
            outputs: e,
            alongRows: false,
            reads: "dense",
            ...linear,
          }
        : null,
    rows:
      all || input.rows !== k
        ? {
            name: "dp.rows",
            inputs: input.rows,
            outputs: k,
            alongRows: true,
            reads: "sparse",
            ...linear,
          }
        : null,
    out:
      all || triangle !== d
        ? {
            name: "dp.out",
            inputs: triangle,
            outputs: d,
            alongRows: false,
            reads: "internal",
            ...linear,
          }
        : null,
  };
}

function forward<D, S>(
  alg: Algebra<D, S>,
  spec: OperatorSpec,
  inputs: { dense: D; sparse: S },
  input: Widths,
  name: string,
): { dense: D } {
  const L = dpLayers(spec, input, alg.embeddingDim, false);
  const x = L.dense ? alg.linear(`${name}.dp.dense`, L.dense, inputs.dense) : inputs.dense;
  const y = L.rows ? alg.alongRows(`${name}.dp.rows`, L.rows, inputs.sparse) : inputs.sparse;
  const z = alg.gram(`${name}.dp`, x, y, L.k + 1);
  return { dense: L.out ? alg.linear(`${name}.dp.out`, L.out, z) : z };
}

export const dotProductOperator: OperatorKind = {
  kind: "dp",
  slot: "dense",
  title: "DP",
  description: "The dot-product interaction of the dense and sparse inputs",
  schema: dimOperatorSchema("Dense output width d (table 1: 16, 32, 64, 128, 256, 512, 768, 1024)"),
  readsSparse: true,
  shape: (spec, _input, _e, at) => ({
    width: checkDim(
      spec.dim,
      `${at}: dense.dim`,
      " (DP projects its sparse input to k = round(sqrt(2 d)) rows; k >= 1 needs d >= 1)",
    ),
  }),
  supernetLayers(spec, input, e) {
    const L = dpLayers(spec, input, e, true);
    return [L.dense!, L.rows!, L.out!];
  },
  forward,
  bufferValues(spec, input, e) {
    const d = spec.dim!;
    const k = dpProjectionRows(d);
    return input.width + input.rows * e + (k + 1) * e + (k * (k + 1)) / 2 + d;
  },
  searchable: true,
  nasrecNode: "dot-product",
  proxy: { weights: (spec, input) => input.width * spec.dim!, term: "interaction" },
};
