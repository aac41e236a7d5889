import type { Algebra } from "./algebra";
import type { LayerDecl, OperatorKind, OperatorSpec, Widths } from "./operator-kind";
import { weightBitsOnlySchema } from "./schema-parts";

/**
 * DSI, the dense-to-sparse interaction (NASRec's dense_sparse_interact):
 * Linear(d -> 8 e), no activation, on the block's dense output (before FM
 * adds its term), reshaped to 8 more sparse rows. NASRec skips the layer
 * when d = 8 e: the dense output itself, after FM's term, becomes the rows
 * (the supernet keeps the layer at its largest d; such a subnet skips it).
 */
export const DSI_ROWS = 8;

function dsiLayer(input: Widths, e: number, weightBits: 4 | 8): LayerDecl {
  return {
    name: "dsi",
    inputs: input.width,
    outputs: DSI_ROWS * e,
    alongRows: false,
    relu: false, // NASRec's DSI is a plain Linear, reshaped
    reads: "internal",
    outputRows: DSI_ROWS,
    weightBits,
  };
}

/** Whether the rows are the dense output itself (no layer): NASRec's builder at d = 8 e. */
export function dsiIsReshape(width: number, e: number): boolean {
  return width === DSI_ROWS * e;
}

function forward<D, S>(
  alg: Algebra<D, S>,
  spec: OperatorSpec,
  inputs: { dense: D },
  input: Widths,
  name: string,
): { sparse: S } {
  const e = alg.embeddingDim;
  if (dsiIsReshape(input.width, e)) {
    return { sparse: alg.toRows(inputs.dense, DSI_ROWS) };
  }
  const layer = dsiLayer(input, e, spec.weightBits);
  return { sparse: alg.linearToRows(`${name}.dsi`, layer, inputs.dense, DSI_ROWS) };
}

export const denseToSparseOperator: OperatorKind = {
  kind: "dsi",
  slot: "dsi",
  title: "DSI",
  description: "Dense-to-sparse interaction: Linear(d -> 8 e) as 8 more sparse rows",
  schema: { ...weightBitsOnlySchema, type: ["object", "null"] },
  shape: () => ({ rows: DSI_ROWS }),
  supernetLayers: (spec, input, e) => [dsiLayer(input, e, spec.weightBits)],
  forward,
  bufferValues: (_spec, input, e) => input.width + DSI_ROWS * e,
  searchable: true,
  proxy: { weights: (_spec, input, e) => input.width * DSI_ROWS * e, term: "expansion" },
};
