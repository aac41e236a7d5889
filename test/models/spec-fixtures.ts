import type { BlockInputs, ChoiceBlock, ModelSpec, WeightBits } from "../../models/spec/model-spec";

/** A block with 8-bit weights unless told; `extras` switches DSI / FM on. */
export function block(
  dense: [string, number],
  efcRows: number,
  inputs: BlockInputs,
  extras: { dsi?: boolean; fm?: boolean; bits?: WeightBits } = {},
): ChoiceBlock {
  const weightBits = extras.bits ?? 8;
  return {
    dense: { op: dense[0], dim: dense[1], weightBits },
    sparse: { op: "efc", dim: efcRows, weightBits },
    dsi: extras.dsi ? { weightBits } : null,
    fm: extras.fm ? { weightBits } : null,
    inputs,
  };
}

export function spec(name: string, dataset: string, blocks: ChoiceBlock[]): ModelSpec {
  return { name, dataset, embeddingDim: 16, blocks, final: { weightBits: 8 } };
}
