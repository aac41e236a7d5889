import type { LayerDecl, OperatorKind } from "./operator-kind";
import { checkDim, dimOperatorSchema } from "./schema-parts";

/** FC (paper section 3.2; NASRec's linear-2d): ReLU(W x + b), [n] -> [d], on MVM engines. */
function fcLayer(dim: number, input: { width: number }, weightBits: 4 | 8): LayerDecl {
  return {
    name: "fc",
    inputs: input.width,
    outputs: dim,
    alongRows: false,
    relu: true,
    reads: "dense",
    weightBits,
  };
}

export const fullyConnectedOperator: OperatorKind = {
  kind: "fc",
  slot: "dense",
  title: "FC",
  description: "ReLU(W x + b): a fully-connected layer on the dense input",
  schema: dimOperatorSchema("Dense output width d (table 1: 16, 32, 64, 128, 256, 512, 768, 1024)"),
  shape: (spec, _input, _e, at) => ({ width: checkDim(spec.dim, `${at}: dense.dim`) }),
  supernetLayers: (spec, input) => [fcLayer(spec.dim!, input, spec.weightBits)],
  forward(alg, spec, inputs, input, name) {
    const layer = fcLayer(spec.dim!, input, spec.weightBits);
    return { dense: alg.linear(`${name}.fc`, layer, inputs.dense) };
  },
  bufferValues: (spec, input) => input.width + spec.dim!,
  searchable: true,
  nasrecNode: "linear-2d",
  proxy: { weights: (spec, input) => input.width * spec.dim! },
};
