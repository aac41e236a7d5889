import { SupernetLayout } from "../../../models/supernet/layout";
import type { SearchSpace } from "../../../models/supernet/search-space";
import type { ModelSpec } from "../../../models/spec/model-spec";
import type { DatasetDescriptor } from "../../../traces/datasets";
import { InputError } from "../../../sim/kernel/input-error";

const dataset: DatasetDescriptor = {
  name: "tiny",
  description: "2 dense, 3 sparse",
  denseFeatures: 2,
  sparseFeatures: 3,
  tableRows: [5, 5, 5],
  source: "test",
};
const space: SearchSpace = {
  blocks: 3,
  denseDims: [4, 8],
  sparseDims: [2, 4],
  weightBits: [4, 8],
  embeddingDim: 2,
};
const layout = new SupernetLayout(dataset, space);
const list = (a: Int32Array) => Array.from(a);
const fc = (dim: number) => ({ op: "fc" as const, dim, weightBits: 8 as const });
const efc = (dim: number) => ({ op: "efc" as const, dim, weightBits: 8 as const });

function spec(blocks: ModelSpec["blocks"]): ModelSpec {
  return { name: "s", dataset: "tiny", embeddingDim: 2, blocks, final: { weightBits: 8 } };
}

describe("SupernetLayout", () => {
  it("lays every earlier output at its largest width: D, then maxDense per block; F, then maxSparse + 8", () => {
    const shapes = new Map(layout.layerShapes().map((s) => [s.name, s]));
    // block 2 reads index 0 (2 dense, 3 sparse rows) and blocks 0, 1 (8 dense, 4 + 8 rows each)
    expect(shapes.get("block2.fc")).toMatchObject({ rows: 2 + 2 * 8, cols: 8 });
    expect(shapes.get("block2.efc")).toMatchObject({ rows: 3 + 2 * 12, cols: 4 });
    // DP: k = round(sqrt(16)) = 4 rows at most, 4 * 5 / 2 = 10 products
    expect(shapes.get("block0.dp.rows")).toMatchObject({ rows: 3, cols: 4 });
    expect(shapes.get("block0.dp.out")).toMatchObject({ rows: 10, cols: 8 });
    expect(shapes.get("block1.dsi")).toMatchObject({ rows: 8, cols: 16 });
    expect(shapes.get("final")).toMatchObject({ rows: 8 + 12 * 2, cols: 1 });
  });

  it("slices the rows of each input's actual width and the first d columns", () => {
    const plan = layout.plan(
      spec([
        { dense: fc(4), sparse: efc(2), dsi: { weightBits: 8 }, inputs: [0] },
        { dense: fc(8), sparse: efc(4), inputs: { dense: [0, 1], sparse: [0, 1] } },
      ]),
    );
    // dense: index 0 at rows 0-1, block 0's 4 values at rows 2-5 (its segment starts at D = 2)
    expect(list(plan.layer("block1.fc")!.rows)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(list(plan.layer("block1.fc")!.cols)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // sparse: index 0 at rows 0-2; block 0's 2 EFC rows at 3-4 and its 8 DSI rows at 3 + 4 = 7..14
    expect(list(plan.layer("block1.efc")!.rows)).toEqual([
      0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
    // DSI (e = 2): column c * 8 + r of the subnet is the layer's r * 2 + c
    expect(list(plan.layer("block0.dsi")!.cols).slice(0, 10)).toEqual([
      0, 2, 4, 6, 8, 10, 12, 14, 1, 3,
    ]);
    // final: block 1's 8 dense values, then its 4 sparse rows element by element
    // (element c of row r at 8 + c * 4 + r), from the layer's rows 8 + r * 2 + c
    expect(list(plan.final.rows)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 9, 11, 13, 15]);
  });

  it("computes only what reaches the logit", () => {
    const plan = layout.plan(
      spec([
        // block 0: only its dense output is read, so no EFC and no DSI
        { dense: fc(4), sparse: efc(2), dsi: { weightBits: 8 }, inputs: [0] },
        // block 1: only its sparse output is read, and FM needs a dense output: no FM, no FC
        {
          dense: fc(4),
          sparse: efc(2),
          fm: { weightBits: 8 },
          inputs: { dense: [1], sparse: [0] },
        },
        { dense: fc(4), sparse: efc(2), inputs: { dense: [1], sparse: [2] } },
      ]),
    );
    expect(plan.layers.map((l) => l.name)).toEqual([
      "block0.fc",
      "block1.efc",
      "block2.efc",
      "block2.fc",
      "final",
    ]);
    expect(plan.usesEmbeddings).toBe(true);
  });

  it("refuses a subnet it cannot hold, saying why", () => {
    const one = (dense: number, sparse: number) =>
      spec([{ dense: fc(dense), sparse: efc(sparse), inputs: [0] }]);
    expect(() => layout.plan(one(16, 2))).toThrow(
      'model "s": block 0: dense.dim 16, sparse.dim 2: the supernet holds at most 8 and 4',
    );
    expect(() => layout.plan({ ...one(4, 2), embeddingDim: 4 })).toThrow("the supernet's is 2");
    expect(() => layout.plan({ ...one(4, 2), dataset: "criteo" })).toThrow(InputError);
    const four = spec(
      Array.from({ length: 4 }, () => ({ dense: fc(4), sparse: efc(2), inputs: [0] })),
    );
    expect(() => layout.plan(four)).toThrow("4 blocks: the supernet has 3");
  });
});
