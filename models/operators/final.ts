import type { Algebra } from "./algebra";
import type { LayerDecl, OperatorKind, OperatorSpec, Widths } from "./operator-kind";
import { weightBitsOnlySchema } from "./schema-parts";

/**
 * The final layer (NASRec's LazyLinear(1)): the last block's dense output
 * and its sparse output flattened row-major -> Linear -> 1 logit.
 */
function finalLayer(input: Widths, e: number, weightBits: 4 | 8): LayerDecl {
  return {
    name: "final",
    inputs: input.width + input.rows * e,
    outputs: 1,
    alongRows: false,
    relu: false,
    reads: "final",
    weightBits,
  };
}

function forward<D, S>(
  alg: Algebra<D, S>,
  spec: OperatorSpec,
  inputs: { dense: D; sparse: S },
  input: Widths,
): { dense: D } {
  const x = alg.concat([inputs.dense, alg.flatten(inputs.sparse)]);
  return { dense: alg.linear("final", finalLayer(input, alg.embeddingDim, spec.weightBits), x) };
}

export const finalOperator: OperatorKind = {
  kind: "final",
  slot: "final",
  title: "Final FC",
  description: "The last block's dense and flattened sparse outputs -> one logit",
  schema: weightBitsOnlySchema,
  shape: () => ({ width: 1 }),
  supernetLayers: (spec, input, e) => [finalLayer(input, e, spec.weightBits)],
  forward,
  bufferValues: (_spec, input, e) => input.width + input.rows * e + 1,
  searchable: true,
  proxy: { weights: () => 0 },
};
