import type { LayerDecl, OperatorKind } from "./operator-kind";
import { checkDim, dimOperatorSchema } from "./schema-parts";

/**
 * EFC (paper section 3.2; NASRec's linear-3d): a linear map along the rows
 * (feature-count) axis, ReLU: [N, e] -> [s, e], one MVM per embedding
 * element on MVM engines.
 */
function efcLayer(dim: number, input: { rows: number }, weightBits: 4 | 8): LayerDecl {
  return {
    name: "efc",
    inputs: input.rows,
    outputs: dim,
    alongRows: true,
    relu: true,
    reads: "sparse",
    weightBits,
  };
}

export const embeddingFcOperator: OperatorKind = {
  kind: "efc",
  slot: "sparse",
  title: "EFC",
  description: "A linear map along the rows of the sparse input, ReLU",
  schema: dimOperatorSchema("Sparse output rows s (table 1: 16, 32, 48, 64)"),
  shape: (spec, _input, _e, at) => ({ rows: checkDim(spec.dim, `${at}: sparse.dim`) }),
  supernetLayers: (spec, input) => [efcLayer(spec.dim!, input, spec.weightBits)],
  forward(alg, spec, inputs, input, name) {
    const layer = efcLayer(spec.dim!, input, spec.weightBits);
    return { sparse: alg.alongRows(`${name}.efc`, layer, inputs.sparse) };
  },
  bufferValues: (spec, input, e) => (input.rows + spec.dim!) * e,
  searchable: true,
  nasrecNode: "linear-3d",
  proxy: { weights: (spec, input) => input.rows * spec.dim! },
};
