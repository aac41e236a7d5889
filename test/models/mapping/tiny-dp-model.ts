import type { ModelSpec } from "../../../models/spec/model-spec";
import type { DatasetDescriptor } from "../../../traces/datasets";

/**
 * One DP block of e = 4 on 4 dense and 3 sparse features: EFC 3 -> 2 rows,
 * DP 8 (k = 4). The hand-derived cycles of replication.test.ts and the
 * writes of endurance.test.ts are both worked on it.
 */
export const TINY_DATASET: DatasetDescriptor = {
  name: "tiny",
  description: "test layout",
  denseFeatures: 4,
  sparseFeatures: 3,
  tableRows: [100, 100, 100],
  source: "test",
};

export const TINY_DP_MODEL: ModelSpec = {
  name: "dp",
  dataset: "tiny",
  embeddingDim: 4,
  blocks: [
    {
      dense: { op: "dp", dim: 8, weightBits: 8 },
      sparse: { op: "efc", dim: 2, weightBits: 8 },
      inputs: [0],
    },
  ],
  final: { weightBits: 8 },
};
