import { importNasrec } from "../../models/nasrec/import-nasrec";
import { analyseModel } from "../../models/spec/model-graph";
import { zooModel, zooNames } from "../../models/zoo";
import { CRITEO_AUTOCTR, CRITEO_AUTOCTR_FILE } from "./nasrec-fixtures";

describe("the model zoo", () => {
  it("lists its models", () => {
    expect(zooNames().sort()).toEqual([
      "deepfm-criteo",
      "dlrm-criteo",
      "figure6-criteo",
      "nasrec-avazu",
      "nasrec-criteo",
      "nasrec-kdd",
    ]);
  });

  it.each(zooNames())("%s validates, connects and carries a description", (name) => {
    const spec = zooModel(name);
    expect(spec.name).toBe(name);
    expect(spec.description?.length).toBeGreaterThan(50);
    expect(() => analyseModel(spec)).not.toThrow();
  });

  it("refuses an unknown name, listing the known ones", () => {
    expect(() => zooModel("dcn")).toThrow(
      'unknown zoo model "dcn": expected one of figure6-criteo, nasrec-criteo, nasrec-avazu, ' +
        "nasrec-kdd, dlrm-criteo, deepfm-criteo",
    );
  });

  it("hands out a fresh copy each time", () => {
    const a = zooModel("dlrm-criteo");
    a.blocks[0]!.dense.dim = 1;
    expect(zooModel("dlrm-criteo").blocks[0]!.dense.dim).toBe(512);
  });

  it("holds nasrec-criteo as the importer makes it from NASRec's file", () => {
    const imported = importNasrec(JSON.parse(CRITEO_AUTOCTR), CRITEO_AUTOCTR_FILE, {
      name: "nasrec-criteo",
    });
    expect(zooModel("nasrec-criteo")).toEqual(imported);
  });

  it("finds the dead blocks of the three NASRec models", () => {
    // Criteo: no block reads index 6, so block 5 is dead. Avazu: block 6 reads indices
    // 5 | 1, 2, 6 (dense | sparse), block 5 reads 1, 3, 4 | 0, 1, 3, block 4 reads 0, 2, 3 |
    // 0, 1: every index 1..6 is read by a live block. KDD: block 6 reads 2, 3, 4, 6 | 0, 1, 2,
    // 4 and block 5 reads 1, 2, 5 | 4, 5: again every index 1..6.
    expect(analyseModel(zooModel("nasrec-criteo")).deadBlocks).toEqual([5]);
    expect(analyseModel(zooModel("nasrec-avazu")).deadBlocks).toEqual([]);
    expect(analyseModel(zooModel("nasrec-kdd")).deadBlocks).toEqual([]);
  });
});

describe("the figure-6 reconstruction", () => {
  const spec = zooModel("figure6-criteo");
  const nasrec = zooModel("nasrec-criteo");

  it("has NASRec's Criteo autoctr structure unchanged", () => {
    const structure = (s: typeof spec) =>
      s.blocks.map((b) => [b.dense.op, b.dense.dim, b.sparse.dim, !!b.dsi, !!b.fm, b.inputs]);
    expect(structure(spec)).toEqual(structure(nasrec));
  });

  it("has the shapes of docs/models.md's table (worked by hand there and in import-nasrec.test)", () => {
    const graph = analyseModel(spec);
    expect(graph.blocks.map((b) => [b.denseInWidth, b.sparseInRows])).toEqual([
      [13, 26],
      [256, 82],
      [1037, 138],
      [1024, 82],
      [1181, 104],
      [1421, 144],
      [269, 170],
    ]);
    expect([graph.finalInWidth, graph.deadBlocks]).toEqual([2048, [5]]);
  });

  it("has the bits of section 4.4: EFC 8, first/last FC 8, middle FC 4, DP 8 then 4", () => {
    // FCs are blocks 0, 2, 3, 5, 6 (first 0, last 6); DPs are blocks 1 and 4.
    expect(spec.blocks.map((b) => `${b.dense.op}${b.dense.weightBits}`)).toEqual([
      "fc8",
      "dp8",
      "fc4",
      "fc4",
      "dp4",
      "fc4",
      "fc8",
    ]);
    expect(spec.blocks.every((b) => b.sparse.weightBits === 8)).toBe(true);
    const interactions = spec.blocks.flatMap((b) => [b.dsi, b.fm]).filter((x) => x);
    expect(interactions.every((x) => x!.weightBits === 8)).toBe(true);
    expect(spec.final.weightBits).toBe(8);
  });

  it("shows the figure's visible pairs EFC 8/DP 8, EFC 8/DP 4 and EFC 8/FC 4", () => {
    const pairs = new Set(
      spec.blocks.map(
        (b) => `EFC ${b.sparse.weightBits}/${b.dense.op.toUpperCase()} ${b.dense.weightBits}`,
      ),
    );
    for (const pair of ["EFC 8/DP 8", "EFC 8/DP 4", "EFC 8/FC 4"]) expect(pairs).toContain(pair);
  });
});

describe("the handcrafted models", () => {
  it("dlrm-criteo: the DP sees DLRM's 27 x 16 matrix, the top MLP DLRM's 367 inputs", () => {
    // Bottom MLP 13 -> 512 -> 256 -> 64 -> 16 (blocks 0-3). Block 4's DP: dense in 16 (no
    // dense projection), sparse in 26 raw embeddings; k = round(sqrt(2 x 351)) = 26 = rows,
    // so no row projection; 26 + 1 rows give 27 x 26 / 2 = 351 dot products.
    // Block 5 reads indices 4 and 5: 16 + 351 = 367. Final: 256 + 16 x 16 = 512.
    const graph = analyseModel(zooModel("dlrm-criteo"));
    const dp = graph.blocks[4]!;
    expect([dp.denseInWidth, dp.sparseInRows, dp.denseOut]).toEqual([16, 26, 351]);
    expect(graph.blocks[5]!.denseInWidth).toBe(367);
    expect(graph.finalInWidth).toBe(512);
    expect(graph.deadBlocks).toEqual([]);
  });

  it("deepfm-criteo: FMs over 26 embedding rows at the bottom and top of a 400-wide tower", () => {
    // Block 0: fc 400 on 13 dense, EFC 26 -> 26, FM on. Blocks 1, 2: fc 400 on 400.
    // Block 2: EFC 26 -> 26, FM on. Final: 400 + 26 x 16 = 816.
    const graph = analyseModel(zooModel("deepfm-criteo"));
    expect(graph.blocks.map((b) => [b.denseInWidth, b.sparseInRows, b.denseOut])).toEqual([
      [13, 26, 400],
      [400, 26, 400],
      [400, 26, 400],
    ]);
    expect(zooModel("deepfm-criteo").blocks.map((b) => !!b.fm)).toEqual([true, false, true]);
    expect(graph.finalInWidth).toBe(816);
    expect(graph.deadBlocks).toEqual([]);
  });
});
