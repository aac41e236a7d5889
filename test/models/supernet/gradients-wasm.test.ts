import * as tf from "@tensorflow/tfjs";
import { batchesOf } from "../../../models/data/batch";
import { SyntheticCtr } from "../../../models/data/synthetic";
import { selectBackend } from "../../../models/supernet/backend";
import { Supernet } from "../../../models/supernet/supernet";
import type { ModelSpec } from "../../../models/spec/model-spec";

/**
 * Every op on the training path has a gradient on the WASM backend (which
 * lacks, e.g., the kernel behind tf.gather's stock gradient): a subnet
 * using every operator trains there, each of its layers and the embedding
 * rows it reads move, and the loss falls.
 */
const op = (o: "fc" | "dp", dim: number, weightBits: 4 | 8) => ({ op: o, dim, weightBits });
const efc = (dim: number, weightBits: 4 | 8) => ({ op: "efc" as const, dim, weightBits });

const spec: ModelSpec = {
  name: "every-operator",
  dataset: "synthetic",
  embeddingDim: 8,
  blocks: [
    { dense: op("fc", 16, 8), sparse: efc(8, 4), dsi: { weightBits: 8 }, inputs: [0] },
    {
      dense: op("dp", 16, 4),
      sparse: efc(8, 8),
      fm: { weightBits: 8 },
      inputs: { dense: [0, 1], sparse: [0, 1] },
    },
    {
      dense: op("fc", 8, 8),
      sparse: efc(4, 8),
      fm: { weightBits: 4 },
      dsi: { weightBits: 4 },
      inputs: { dense: [2], sparse: [1] },
    },
    {
      dense: op("dp", 8, 8),
      sparse: efc(8, 8),
      dsi: { weightBits: 8 },
      inputs: { dense: [2, 3], sparse: [0, 3] },
    },
  ],
  final: { weightBits: 8 },
};

describe("training on the WASM backend", () => {
  beforeAll(async () => {
    expect(await selectBackend("wasm")).toBe("wasm");
  });

  it("has a gradient for every operator: every layer moves and the loss falls", () => {
    const data = new SyntheticCtr({ seed: 3, denseFeatures: 3, sparseFeatures: 4, tableRows: 20 });
    const batches = batchesOf([...data.examples(1024)], 128, 3, 4);
    const supernet = new Supernet({
      dataset: data.dataset,
      space: {
        blocks: 4,
        denseDims: [8, 16],
        sparseDims: [4, 8],
        weightBits: [4, 8],
        embeddingDim: 8,
      },
      seed: 2,
    });
    const plan = supernet.plan(spec);
    expect(plan.layers.map((l) => l.name).sort()).toEqual(
      [
        "block0.efc",
        "block0.fc",
        "block0.dsi",
        "block1.efc",
        "block1.dp.dense",
        "block1.dp.rows",
        "block1.dp.out",
        "block1.fm.proj",
        "block2.fc",
        "block2.efc",
        "block2.dsi",
        "block3.efc",
        "block3.dp.dense",
        "block3.dp.rows",
        "block3.dp.out",
        "block3.dsi",
        "final",
      ].sort(),
    );
    const before = new Map(plan.layers.map((l) => [l.name, supernet.params.slice(l).weight]));
    const row = supernet.embeddings.row(0, batches[0]!.sparse[0]!).slice();
    const losses: number[] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      for (const batch of batches)
        losses.push(supernet.trainStep(spec, batch, { learningRate: 0.05 }));
    }
    expect(tf.getBackend()).toBe("wasm");
    for (const layer of plan.layers) {
      const after = supernet.params.slice(layer).weight;
      const moved = after.some((w, i) => w !== before.get(layer.name)![i]);
      expect([layer.name, moved]).toEqual([layer.name, true]);
    }
    expect(supernet.embeddings.row(0, batches[0]!.sparse[0]!)).not.toEqual(row);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-8))).toBeLessThan(mean(losses.slice(0, 8)) - 0.02);
  });
});
