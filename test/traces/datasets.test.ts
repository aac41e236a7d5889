import { datasetByName, datasets } from "../../traces/datasets";

// Reference: facebookresearch/NasRec nasrec/utils/config.py (NUM_EMBEDDINGS_*) and
// nasrec/torchrec/{criteo,avazu,kdd}.py (INT_FEATURE_COUNT, CAT_FEATURE_COUNT).
describe("the dataset descriptors", () => {
  it("have NASRec's feature counts: Criteo 13/26, Avazu 1 pseudo-dense/23, KDD 3/10", () => {
    expect([datasets.criteo.denseFeatures, datasets.criteo.sparseFeatures]).toEqual([13, 26]);
    expect([datasets.avazu.denseFeatures, datasets.avazu.sparseFeatures]).toEqual([1, 23]);
    expect([datasets.kdd.denseFeatures, datasets.kdd.sparseFeatures]).toEqual([3, 10]);
  });

  it("hold one table row count per sparse feature", () => {
    for (const d of Object.values(datasets)) expect(d.tableRows).toHaveLength(d.sparseFeatures);
  });

  it("carry NASRec's row counts (spot checks against config.py)", () => {
    const c = datasets.criteo.tableRows;
    expect([c[0], c[2], c[8], c[25]]).toEqual([1461, 10131227, 4, 142573]);
    const a = datasets.avazu.tableRows;
    expect([a[0], a[10], a[11], a[22]]).toEqual([10000, 2686409, 6729487, 61]);
    const k = datasets.kdd.tableRows;
    // config.py's live list, not the commented-out one (24122077 and 22023548).
    expect([k[0], k[3], k[7], k[9]]).toEqual([26274, 22122011, 20004011, 8]);
  });

  it("give Criteo's 540,201,616 embedding parameters at dimension 16 (NASRec README)", () => {
    const rows = datasets.criteo.tableRows.reduce((a, b) => a + b, 0);
    expect(rows * 16).toBe(540_201_616);
  });

  it("cite their source", () => {
    for (const d of Object.values(datasets)) expect(d.source).toContain("nasrec/utils/config.py");
  });
});

describe("datasetByName", () => {
  it("finds each data set by its name", () => {
    expect(datasetByName("kdd")).toBe(datasets.kdd);
  });

  it("refuses an unknown name, listing the known ones", () => {
    expect(() => datasetByName("movielens")).toThrow(
      'unknown dataset "movielens": expected one of criteo, avazu, kdd',
    );
    expect(() => datasetByName("toString")).toThrow("unknown dataset"); // not the prototype's
  });
});
