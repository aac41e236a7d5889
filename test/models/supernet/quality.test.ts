import { SyntheticSource } from "../../../models/data/sources";
import { evaluateSubnet } from "../../../models/supernet/finetune";
import { Supernet } from "../../../models/supernet/supernet";
import { trainSupernet } from "../../../models/supernet/train-supernet";
import type { ModelSpec } from "../../../models/spec/model-spec";
import { useTestBackend } from "./test-backend";

jest.setTimeout(600_000); // about 15 s on WASM, 3 minutes on the CPU backend

/**
 * The planted model's dense-sparse products (t_k v_f[id], models/data/
 * synthetic.ts) are out of reach of a subnet whose dense path is FC only:
 * its dense features and embeddings meet only in the final sum. A DP
 * multiplies the projected dense vector with the embedding rows, so the
 * same subnet with DP in place of its second FC (a few hundred weights
 * more, no other change) must reach a clearly lower validation log loss.
 * Same data, seeds, schedule and steps for both; two data seeds.
 */
function subnet(op: "fc" | "dp"): ModelSpec {
  return {
    name: `two-blocks-${op}`,
    dataset: "synthetic",
    embeddingDim: 16,
    blocks: [
      {
        dense: { op: "fc", dim: 16, weightBits: 8 },
        sparse: { op: "efc", dim: 8, weightBits: 8 },
        inputs: [0],
      },
      {
        dense: { op, dim: 16, weightBits: 8 },
        sparse: { op: "efc", dim: 8, weightBits: 8 },
        inputs: { dense: [1], sparse: [0] },
      },
    ],
    final: { weightBits: 8 },
  };
}

async function validationLoss(seed: number, op: "fc" | "dp"): Promise<number> {
  const source = new SyntheticSource(
    {
      seed,
      denseFeatures: 2,
      sparseFeatures: 4,
      tableRows: 30,
      denseSparseScale: 2,
      pairwiseScale: 0.8,
    },
    8000,
  );
  const supernet = new Supernet({
    dataset: source.dataset,
    space: { blocks: 2, denseDims: [16], sparseDims: [8], weightBits: [8], embeddingDim: 16 },
    seed,
  });
  const spec = subnet(op);
  const epochs = 3;
  await trainSupernet({
    supernet,
    source,
    batchSize: 128,
    epochs,
    totalSteps: epochs * Math.ceil(8000 / 128),
    seed,
    subnet: spec,
  });
  return evaluateSubnet(supernet, spec, await source.validationBatches(1000, 4000)).logLoss;
}

beforeAll(async () => {
  await useTestBackend();
});

describe("interaction operators learn what FC alone cannot", () => {
  it.each([1, 2])(
    "data seed %i: the DP subnet's validation log loss is at least 0.03 lower",
    async (seed) => {
      const fc = await validationLoss(seed, "fc");
      const dp = await validationLoss(seed, "dp");
      expect(dp).toBeLessThan(fc - 0.03);
    },
  );
});
