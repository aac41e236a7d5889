import { datasets } from "../../traces/datasets";
import { dpProjectionRows } from "../../models/operators/dp";
import { analyseModel } from "../../models/spec/model-graph";
import type { ModelSpec } from "../../models/spec/model-spec";
import type { DatasetDescriptor } from "../../traces/datasets";
import { InputError } from "../../sim/kernel/input-error";
import { block, spec } from "./spec-fixtures";

function refusal(model: ModelSpec, dataset?: DatasetDescriptor): string {
  try {
    analyseModel(model, dataset);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("shapes and liveness, derived by hand", () => {
  it("spec A: Criteo (13 dense, 26 sparse), block-wise inputs, one dead block", () => {
    // block 0: fc 64, efc 16, DSI, inputs [0]
    //   dense in = 13 (index 0); sparse in = 26 rows; sparse out = 16 + 8 (DSI) = 24
    // block 1: dp 32, efc 32, FM, inputs [1, 0] -> [0, 1]
    //   dense in = 13 + 64 = 77; sparse in = 26 + 24 = 50; sparse out = 32
    // block 2: fc 16, efc 16, inputs [1, 1] -> [1]
    //   dense in = 64 (block 0); sparse in = 24 rows (block 0); sparse out = 16
    // final in = 16 + 16 rows x 16 = 272
    // liveness: block 2 is last; it reads index 1 = block 0. Index 2 (block 1) is read by
    // no block, so block 1 is dead.
    const graph = analyseModel(
      spec("A", "criteo", [
        block(["fc", 64], 16, [0], { dsi: true }),
        block(["dp", 32], 32, [1, 0], { fm: true }),
        block(["fc", 16], 16, [1, 1]),
      ]),
    );
    const rows = graph.blocks.map((b) => [
      b.denseInputs,
      b.sparseInputs,
      b.denseInWidth,
      b.sparseInRows,
      b.denseOut,
      b.efcOutRows,
      b.sparseOutRows,
      b.live,
    ]);
    expect(rows).toEqual([
      [[0], [0], 13, 26, 64, 16, 24, true],
      [[0, 1], [0, 1], 77, 50, 32, 32, 32, false],
      [[1], [1], 64, 24, 16, 16, 16, true],
    ]);
    expect(graph.finalInWidth).toBe(272);
    expect(graph.deadBlocks).toEqual([1]);
    expect(graph.dataset).toBe(datasets.criteo);
    expect(graph.embeddingDim).toBe(16);
  });

  it("spec B: Avazu (1 pseudo-dense, 23 sparse), operator-wise inputs, a path through DP's sparse side", () => {
    // block 0: fc 16, efc 16, DSI, dense [0], sparse [0]
    //   dense in = 1 (the pseudo-dense zero); sparse in = 23; sparse out = 16 + 8 = 24
    // block 1: fc 32, efc 48, dense [1, 0, 1] -> [0, 1], sparse [0]
    //   dense in = 1 + 16 = 17; sparse in = 23; sparse out = 48
    // block 2: dp 64, efc 16, DSI, dense [0], sparse [2, 1] -> [1, 2]
    //   dense in = 1; sparse in = 24 + 48 = 72; sparse out = 16 + 8 = 24
    // block 3: fc 128, efc 64, dense [3], sparse [1]
    //   dense in = 64 (block 2); sparse in = 24 (block 0); sparse out = 64
    // block 4: fc 16, efc 32, dense [4], sparse [4]
    //   dense in = 128; sparse in = 64; final in = 16 + 32 x 16 = 528
    // liveness: 4 reads block 3; 3 reads blocks 2 (dense) and 0 (sparse); 2 reads blocks 0
    // and 1 on its sparse side only. So block 1 is live through DP's sparse input: all live.
    const graph = analyseModel(
      spec("B", "avazu", [
        block(["fc", 16], 16, { dense: [0], sparse: [0] }, { dsi: true }),
        block(["fc", 32], 48, { dense: [1, 0, 1], sparse: [0] }),
        block(["dp", 64], 16, { dense: [0], sparse: [2, 1] }, { dsi: true }),
        block(["fc", 128], 64, { dense: [3], sparse: [1] }),
        block(["fc", 16], 32, { dense: [4], sparse: [4] }),
      ]),
    );
    const rows = graph.blocks.map((b) => [
      b.denseInputs,
      b.sparseInputs,
      b.denseInWidth,
      b.sparseInRows,
      b.sparseOutRows,
    ]);
    expect(rows).toEqual([
      [[0], [0], 1, 23, 24],
      [[0, 1], [0], 17, 23, 48],
      [[0], [1, 2], 1, 72, 24],
      [[3], [1], 64, 24, 64],
      [[4], [4], 128, 64, 32],
    ]);
    expect(graph.finalInWidth).toBe(528);
    expect(graph.deadBlocks).toEqual([]);
  });

  it("a block read only by a dead block is dead too", () => {
    // block 2 (last) reads only index 0; block 1 reads block 0; nobody live reads 1 or 2.
    const graph = analyseModel(
      spec("C", "kdd", [
        block(["fc", 16], 16, [0]),
        block(["fc", 16], 16, [1]),
        block(["fc", 16], 16, [0]),
      ]),
    );
    expect(graph.deadBlocks).toEqual([0, 1]);
    expect(graph.blocks[0]!.denseInWidth).toBe(3); // KDD's 3 dense features
  });

  it("DP's row projection k = round(sqrt(2 d)) is at least 1 for every d >= 1", () => {
    expect(dpProjectionRows(1)).toBe(1); // sqrt 2 = 1.41
    expect(dpProjectionRows(16)).toBe(6); // sqrt 32 = 5.66
    expect(dpProjectionRows(128)).toBe(16); // sqrt 256
    expect(dpProjectionRows(351)).toBe(26); // sqrt 702 = 26.50 (just under)
    expect(dpProjectionRows(1024)).toBe(45); // sqrt 2048 = 45.25
  });
});

describe("analyseModel refuses specs that cannot connect", () => {
  const one = block(["fc", 16], 16, [0]);

  it("no blocks", () => {
    expect(refusal(spec("z", "criteo", []))).toBe(
      'model "z": no blocks: expected at least one choice block',
    );
  });

  it("an unknown dataset, or a dataset other than the spec's", () => {
    expect(refusal(spec("u", "movielens", [one]))).toBe(
      'model "u": unknown dataset "movielens": expected one of criteo, avazu, kdd',
    );
    expect(refusal(spec("u", "criteo", [one]), datasets.avazu)).toBe(
      'model "u": its dataset is "criteo", but it was analysed against "avazu": expected the same dataset',
    );
  });

  it("an input index beyond the block's own index (block i reads 0..i)", () => {
    const m = spec("m", "criteo", [one, block(["fc", 16], 16, [0, 2])]);
    expect(refusal(m)).toBe(
      'model "m": block 1 (fc, efc): inputs[1] = 2: expected an index in 0..1 ' +
        "(0 = the model input, j >= 1 = block j-1's output; a block reads only earlier blocks)",
    );
    const dp = spec("m", "criteo", [one, block(["dp", 16], 16, { dense: [0], sparse: [3] })]);
    expect(refusal(dp)).toContain('model "m": block 1 (efc, dp): inputs.sparse[0] = 3');
  });

  it("a negative or fractional index (a spec built in code)", () => {
    const negative = spec("m", "criteo", [block(["fc", 16], 16, { dense: [-1], sparse: [0] })]);
    expect(refusal(negative)).toContain('model "m": block 0 (fc): inputs.dense[0] = -1: expected');
    const fraction = spec("m", "criteo", [block(["fc", 16], 16, [0.5])]);
    expect(refusal(fraction)).toContain("block 0 (fc, efc): inputs[0] = 0.5: expected");
  });

  it("an empty input list", () => {
    const m = spec("m", "criteo", [block(["fc", 16], 16, { dense: [], sparse: [0] })]);
    expect(refusal(m)).toBe(
      'model "m": block 0 (fc): inputs.dense is empty: expected at least one index in 0..0',
    );
    expect(refusal(spec("m", "criteo", [block(["fc", 16], 16, [])]))).toContain(
      "block 0 (fc, efc): inputs is empty",
    );
  });

  it("a dense operator fed by a dataset with no dense features (block 0 reads only index 0)", () => {
    const clicks: DatasetDescriptor = {
      name: "clicks",
      description: "sparse only",
      denseFeatures: 0,
      sparseFeatures: 2,
      tableRows: [10, 20],
      source: "test",
    };
    const fc = spec("m", "clicks", [block(["fc", 16], 16, [0])]);
    expect(refusal(fc, clicks)).toMatch(
      /^model "m": block 0 \(fc\): dense input is 0 wide: dataset "clicks" has no dense features; expected at least one/,
    );
    const dp = spec("m", "clicks", [block(["dp", 16], 16, [0])]);
    expect(refusal(dp, clicks)).toMatch(/^model "m": block 0 \(dp\): dense input is 0 wide/);
  });

  it("a dataset with no sparse features under an EFC", () => {
    const denseOnly: DatasetDescriptor = {
      name: "dense",
      description: "dense only",
      denseFeatures: 4,
      sparseFeatures: 0,
      tableRows: [],
      source: "test",
    };
    expect(refusal(spec("m", "dense", [one]), denseOnly)).toMatch(
      /^model "m": block 0 \(fc, efc\): sparse input has 0 rows: dataset "dense" has no sparse/,
    );
  });

  it("Avazu's pseudo-dense feature is enough for a dense operator", () => {
    const m = spec("m", "avazu", [block(["dp", 16], 16, [0])]);
    expect(analyseModel(m).blocks[0]!.denseInWidth).toBe(1);
  });

  it("dims that are not positive integers (a spec built in code)", () => {
    expect(refusal(spec("m", "criteo", [block(["dp", 0], 16, [0])]))).toBe(
      'model "m": block 0 (dp): dense.dim = 0: expected a positive integer ' +
        "(DP projects its sparse input to k = round(sqrt(2 d)) rows; k >= 1 needs d >= 1)",
    );
    expect(refusal(spec("m", "criteo", [block(["fc", 16], 2.5, [0])]))).toBe(
      'model "m": block 0 (efc): sparse.dim = 2.5: expected a positive integer',
    );
    expect(refusal({ ...spec("m", "criteo", [one]), embeddingDim: 0 })).toBe(
      'model "m": embeddingDim = 0: expected a positive integer',
    );
  });

  it("a dataset descriptor whose table list does not match its sparse features", () => {
    const broken = { ...datasets.kdd, tableRows: [1, 2, 3] };
    expect(refusal(spec("m", "kdd", [one]), broken)).toBe(
      'model "m": dataset "kdd": 3 table row counts for 10 sparse features: expected one per sparse feature',
    );
  });
});
