import { batchesOf } from "../../../models/data/batch";
import { SyntheticCtr } from "../../../models/data/synthetic";
import { finetuneAndEval, evaluateSubnet } from "../../../models/supernet/finetune";
import { PathSampler, largestSubnet } from "../../../models/supernet/path-sampling";
import type { SearchSpace } from "../../../models/supernet/search-space";
import { Supernet } from "../../../models/supernet/supernet";
import { Rng } from "../../../sim/kernel/rng";
import { InputError } from "../../../sim/kernel/input-error";
import { useTestBackend } from "./test-backend";

const space: SearchSpace = {
  blocks: 3,
  denseDims: [8, 16],
  sparseDims: [4, 8],
  weightBits: [4, 8],
  embeddingDim: 4,
};

beforeAll(async () => {
  await useTestBackend();
});

describe("finetuneAndEval", () => {
  const data = new SyntheticCtr({ seed: 6, denseFeatures: 2, sparseFeatures: 3, tableRows: 30 });
  const train = batchesOf([...data.examples(1280)], 128, 2, 3);
  const validation = batchesOf([...data.examples(512, "validation")], 256, 2, 3);
  const supernet = new Supernet({ dataset: data.dataset, space, seed: 4 });
  const sampler = new PathSampler({ space, dataset: "synthetic", warmupSteps: 4 }, new Rng(1));
  let step = 0;
  beforeAll(() => {
    for (const batch of train)
      supernet.trainStep(sampler.sample(step++), batch, { learningRate: 0.05 });
  });
  const context = () => {
    let next = 0;
    return { supernet, validation, nextBatch: () => train[next++ % train.length]! };
  };

  it("returns a subnet's finite validation log loss and leaves the supernet as it was", async () => {
    const spec = largestSubnet(space, "synthetic", "dp");
    const final = supernet.params.get("final");
    const weights = final.weight.slice();
    const squares = final.weightSquares.slice();
    const before = evaluateSubnet(supernet, spec, validation).logLoss;
    const loss = await finetuneAndEval(spec, 10, context());
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(0);
    expect(loss).not.toBe(before); // the final layer was fine-tuned
    expect(final.weight).toEqual(weights);
    expect(final.weightSquares).toEqual(squares);
    expect(evaluateSubnet(supernet, spec, validation).logLoss).toBe(before);
    // The same candidate with the same batches scores the same, whatever ran in between.
    await finetuneAndEval(sampler.sample(99), 5, context());
    expect(await finetuneAndEval(spec, 10, context())).toBe(loss);
  });

  it("refuses a spec the supernet cannot hold before fine-tuning anything", async () => {
    const spec = largestSubnet({ ...space, denseDims: [32] }, "synthetic", "fc");
    await expect(finetuneAndEval(spec, 3, context())).rejects.toThrow(InputError);
  });
});
