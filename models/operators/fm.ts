import type { Algebra } from "./algebra";
import type { LayerDecl, OperatorKind, OperatorSpec, Widths } from "./operator-kind";
import { weightBitsOnlySchema } from "./schema-parts";

/**
 * FM, the sparse-to-dense interaction (paper section 3.2; NASRec's
 * deep_fm): over the block's sparse output (before DSI), per embedding
 * element (sum of the rows)^2 - sum of the squared rows (no 1/2, as NASRec),
 * then Linear(e -> d) unless d = e, added to the dense output. On the chip:
 * an FM engine (transposed-write crossbar, ones read, MBSA square, sums of
 * squares) and the projection on MVM engines.
 */
function projection(input: Widths, e: number, weightBits: 4 | 8): LayerDecl {
  return {
    name: "fm.proj",
    inputs: e,
    outputs: input.width,
    alongRows: false,
    relu: false,
    reads: "internal",
    weightBits,
  };
}

function forward<D, S>(
  alg: Algebra<D, S>,
  spec: OperatorSpec,
  inputs: { sparse: S },
  input: Widths,
  name: string,
): { dense: D } {
  const e = alg.embeddingDim;
  const interaction = alg.fm(`${name}.fm`, inputs.sparse, input.rows);
  if (input.width === e) return { dense: interaction };
  return {
    dense: alg.linear(`${name}.fm.proj`, projection(input, e, spec.weightBits), interaction),
  };
}

export const factorisationMachineOperator: OperatorKind = {
  kind: "fm",
  slot: "fm",
  title: "FM",
  description:
    "Factorisation machine over the sparse output, projected to d and added to the dense output",
  schema: { ...weightBitsOnlySchema, type: ["object", "null"] },
  shape: (_spec, input) => ({ width: input.width }),
  supernetLayers: (spec, input, e) => [projection(input, e, spec.weightBits)],
  forward,
  bufferValues: (_spec, input, e) => input.rows * e + e + input.width,
  searchable: true,
  proxy: { weights: () => 0, term: "interaction" },
};
