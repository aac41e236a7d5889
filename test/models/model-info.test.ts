import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yargs from "yargs";
import { modelInfo, type ModelInfo } from "../../models/inspect/model-info";
import type { ModelSpec } from "../../models/spec/model-spec";
import { zooModel } from "../../models/zoo";
import { modelCommand } from "../../cli/commands/model";
import { InputError } from "../../sim/kernel/input-error";
import { CRITEO_AUTOCTR, CRITEO_AUTOCTR_FILE, XLARGE_SMALL } from "./nasrec-fixtures";
import { block, spec } from "./spec-fixtures";

/**
 * Expected counts are derived by hand below. Conventions (docs/model-info.md):
 * a Linear in -> out holds in x out + out parameters and costs in x out
 * multiply-accumulates per vector it is applied to (e vectors for a layer
 * along the rows); DP's T T^T costs (k+1)^2 e; only work that reaches the
 * logit costs FLOPs; dead work still holds parameters.
 */

/**
 * KDD (3 dense features, 10 sparse), e = 4.
 * Block 0: FC 8, EFC 5, DSI, reads [0]: dense in 3, rows 10.
 *   fc 3 -> 8: 24 + 8 = 32 params; efc 10 -> 5: 50 + 5 = 55;
 *   dsi 8 -> 8 e = 32 (d = 8 is not 32, so it is a Linear): 256 + 32 = 288.
 *   Params 32 + 55 + 288 = 375. Out [8], [5 + 8 = 13, 4].
 * Block 1: DP 8, EFC 3, FM, reads dense [1], sparse [0, 1]: dense in 8, rows 10 + 13 = 23.
 *   k = round(sqrt(16)) = 4, triangle 4 x 5 / 2 = 10.
 *   dp.dense 8 -> 4: 32 + 4 = 36; dp.rows 23 -> 4: 92 + 4 = 96; dp.out 10 -> 8: 80 + 8 = 88;
 *   efc 23 -> 3: 69 + 3 = 72; fm.proj 4 -> 8: 32 + 8 = 40.
 *   Params 36 + 96 + 88 + 72 + 40 = 332. Out [8], [3, 4].
 * Block 2: FC 2, EFC 2, reads dense [0, 1], sparse [0]: dense in 3 + 8 = 11, rows 10.
 *   fc 11 -> 2: 22 + 2 = 24; efc 10 -> 2: 20 + 2 = 22. Params 46. Out [2], [2, 4].
 * Final: 2 + 2 x 4 = 10 inputs: 10 + 1 = 11 params, 10 FLOPs.
 *
 * What reaches the logit: block 2 (the last) entirely: fc 22, efc 10 x 2 x 4 = 80, 102 FLOPs.
 * Block 2 reads block 0's dense output only, so block 0's FC runs (3 x 8 = 24) but
 * its EFC and DSI, whose rows nobody reads, do not; nobody reads block 1: dead.
 */
const tiny: ModelSpec = {
  ...spec("tiny-kdd", "kdd", [
    block(["fc", 8], 5, [0], { dsi: true }),
    block(["dp", 8], 3, { dense: [1], sparse: [0, 1] }, { fm: true }),
    block(["fc", 2], 2, { dense: [0, 1], sparse: [0] }),
  ]),
  embeddingDim: 4,
};

/**
 * Criteo (13 dense, 26 sparse), e = 16: the layers NASRec skips.
 * Block 0: DP 6, EFC 3, reads [0] both: k = round(sqrt(12)) = 3, triangle 3 x 4 / 2 = 6 = d,
 *   so no dp.out. dp.dense 13 -> 16: 208 + 16 = 224 params, 208 FLOPs;
 *   dp.rows 26 -> 3: 78 + 3 = 81, 26 x 3 x 16 = 1248; gram 4 x 4 x 16 = 256;
 *   efc 26 -> 3: 81, 1248. Params 386, FLOPs 2960. Out [6], [3, 16].
 * Block 1: FC 128, EFC 4, DSI, reads [1]: d = 128 = 8 e, so DSI is a reshape (no layer).
 *   fc 6 -> 128: 768 + 128 = 896, 768; efc 3 -> 4: 12 + 4 = 16, 3 x 4 x 16 = 192.
 *   Params 912, FLOPs 960. Out [128], [4 + 8 = 12, 16].
 * Block 2: FC 16, EFC 8, FM, reads [2]: d = 16 = e, so no fm.proj.
 *   fc 128 -> 16: 2048 + 16 = 2064, 2048; efc 12 -> 8: 96 + 8 = 104, 12 x 8 x 16 = 1536.
 *   Params 2168, FLOPs 3584. Out [16], [8, 16].
 * Block 3: DP 32, EFC 2, reads [3]: dense in 16 = e (no dp.dense), rows 8 = k = round(sqrt(64))
 *   (no dp.rows); gram 9 x 9 x 16 = 1296; triangle 8 x 9 / 2 = 36: dp.out 36 -> 32:
 *   1152 + 32 = 1184, 1152; efc 8 -> 2: 16 + 2 = 18, 8 x 2 x 16 = 256.
 *   Params 1202, FLOPs 2704. Out [32], [2, 16].
 * Final: 32 + 2 x 16 = 64 inputs: 65 params, 64 FLOPs.
 * Every block reaches the logit (each reads the previous one's both outputs).
 */
const skips = spec("skips-criteo", "criteo", [
  block(["dp", 6], 3, [0]),
  block(["fc", 128], 4, [1], { dsi: true }),
  block(["fc", 16], 8, [2], { fm: true }),
  block(["dp", 32], 2, [3]),
]);

describe("modelInfo on hand-made specs", () => {
  it("counts a KDD spec with a dead block and unread EFC / DSI rows", () => {
    const info = modelInfo(tiny);
    expect(info.blockParams).toEqual([375, 332, 46]);
    expect(info.finalParams).toBe(11);
    // 375 + 332 + 46 + 11
    expect(info.paramsExcludingEmbeddings).toBe(764);
    // KDD's tables hold 50,666,853 rows (docs/models.md): x 4 = 202,667,412
    expect(info.embeddingParams).toBe(202_667_412);
    expect(info.totalParams).toBe(202_668_176);
    // biases: block 0 8 + 5 + 32, block 1 4 + 4 + 8 + 3 + 8, block 2 2 + 2, final 1
    expect(info.biasParams).toBe(45 + 27 + 4 + 1);
    expect(info.blockFlopsPerSample).toEqual([24, 0, 102]);
    expect(info.finalFlopsPerSample).toBe(10);
    expect(info.flopsPerSample).toBe(24 + 102 + 10);
    expect(info.deadBlocks).toEqual([1]);
    expect(info.blockOutputShapes).toEqual([
      { dense: [8], sparse: [13, 4] },
      { dense: [8], sparse: [3, 4] },
      { dense: [2], sparse: [2, 4] },
    ]);
    const block0 = info.layers.filter((l) => l.block === 0);
    expect(block0.map((l) => [l.name, l.reachesOutput])).toEqual([
      ["block0.efc", false],
      ["block0.fc", true],
      ["block0.dsi", false],
    ]);
  });

  it("skips the layers NASRec skips and counts DP's whole T T^T", () => {
    const info = modelInfo(skips);
    expect(info.layers.map((l) => l.name)).toEqual([
      "block0.efc",
      "block0.dp.dense",
      "block0.dp.rows",
      "block0.dp.gram",
      "block1.efc",
      "block1.fc",
      "block2.efc",
      "block2.fc",
      "block3.efc",
      "block3.dp.gram",
      "block3.dp.out",
      "final",
    ]);
    expect(info.blockParams).toEqual([386, 912, 2168, 1202]);
    expect(info.blockFlopsPerSample).toEqual([2960, 960, 3584, 2704]);
    expect(info.finalParams).toBe(65);
    // 386 + 912 + 2168 + 1202 + 65
    expect(info.paramsExcludingEmbeddings).toBe(4733);
    // Criteo's tables: 33,762,601 rows x 16 = 540,201,616 (NASRec's figure)
    expect(info.totalParams).toBe(540_201_616 + 4733);
    // 2960 + 960 + 3584 + 2704 + 64
    expect(info.flopsPerSample).toBe(10_272);
    expect(info.deadBlocks).toEqual([]);
    expect(info.blockOutputShapes.map((s) => [s.dense[0], ...s.sparse])).toEqual([
      [6, 3, 16],
      [128, 12, 16],
      [16, 8, 16],
      [32, 2, 16],
    ]);
  });

  it("counts the same blocks on another dataset's layout", () => {
    // Avazu: 1 dense, 23 sparse. Only block 0 reads index 0:
    // dp.dense 1 -> 16: 16 + 16 = 32 params, 16 FLOPs; dp.rows 23 -> 3: 69 + 3 = 72, 23 x 3 x 16
    // = 1104; gram 256; efc 23 -> 3: 72, 1104. Block 0: 176 params, 2480 FLOPs.
    const info = modelInfo(skips, "avazu");
    expect(info.dataset).toBe("avazu");
    expect(info.blockParams[0]).toBe(176);
    expect(info.blockFlopsPerSample[0]).toBe(2480);
    // 4733 - 386 + 176; Avazu's 9,459,467 rows x 16 = 151,351,472
    expect(info.paramsExcludingEmbeddings).toBe(4523);
    expect(info.totalParams).toBe(151_351_472 + 4523);
    expect(info.flopsPerSample).toBe(10_272 - 2960 + 2480);
  });

  it("counts FM when DSI passes a d = 8 e dense output on, as NASRec's in-place add makes it", () => {
    // KDD, e = 4. Block 0: FC 32 = 8 e, EFC 2, DSI, FM; block 1 reads its sparse output only.
    // Block 0's rows are read, so DSI runs, and its rows are the dense output with the FM term:
    // fc 3 -> 32: 96 FLOPs; efc 10 -> 2: 10 x 2 x 4 = 80; fm.proj 4 -> 32: 128. Total 304.
    // Block 1: fc 3 -> 1: 3; efc (2 + 8) -> 1: 10 x 4 = 40. Final: 1 + 1 x 4 = 5.
    const quirk: ModelSpec = {
      ...spec("dsi-fm", "kdd", [
        block(["fc", 32], 2, [0], { dsi: true, fm: true }),
        block(["fc", 1], 1, { dense: [0], sparse: [1] }),
      ]),
      embeddingDim: 4,
    };
    const info = modelInfo(quirk);
    expect(info.blockFlopsPerSample).toEqual([96 + 80 + 128, 3 + 40]);
    expect(info.flopsPerSample).toBe(304 + 43 + 5);
  });

  it("refuses an unknown dataset", () => {
    expect(() => modelInfo(skips, "movielens")).toThrow(InputError);
  });
});

describe("modelInfo on the zoo", () => {
  it("counts DLRM's layers as DLRM has them, plus the space's EFCs", () => {
    // Bottom MLP 13-512-256-64-16: (13 + 1) 512 + (512 + 1) 256 + (256 + 1) 64 + (64 + 1) 16
    //   = 7168 + 131,328 + 16,448 + 1040 = 155,984.
    // DP 351: dense in 16 = e, rows 26 = k = round(sqrt(702)), triangle 26 x 27 / 2 = 351 = d:
    //   no layer at all, only the 27 x 27 x 16 = 11,664 FLOPs of T T^T.
    // Top MLP 367-512-256: (367 + 1) 512 + (512 + 1) 256 = 188,416 + 131,328 = 319,744.
    // Seven EFCs 26 -> 16: 7 x (26 x 16 + 16) = 3024. Final (256 + 16 x 16) + 1 = 513.
    const info = modelInfo(zooModel("dlrm-criteo"));
    expect(info.paramsExcludingEmbeddings).toBe(155_984 + 319_744 + 3024 + 513);
    // FLOPs: bottom 13 x 512 + 512 x 256 + 256 x 64 + 64 x 16 = 6656 + 131,072 + 16,384 + 1024;
    // gram 11,664; top 367 x 512 + 512 x 256 = 187,904 + 131,072; only block 6's EFC is read
    // (by the final layer): 26 x 16 x 16 = 6656; final 512.
    expect(info.flopsPerSample).toBe(155_136 + 11_664 + 318_976 + 6656 + 512);
  });

  it("gives figure6-criteo the counts of nasrec-criteo, whose structure it keeps", () => {
    const counts = (i: ModelInfo) => [i.totalParams, i.flopsPerSample, i.blockFlopsPerSample];
    expect(counts(modelInfo(zooModel("figure6-criteo")))).toEqual(
      counts(modelInfo(zooModel("nasrec-criteo"))),
    );
  });
});

/** Runs `model ...` through yargs, capturing what it prints; a refusal is thrown. */
function run(...argv: string[]): string {
  const out: string[] = [];
  const log = jest
    .spyOn(console, "log")
    .mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  try {
    yargs(argv).command(modelCommand).strict().fail(false).parse();
  } finally {
    log.mockRestore();
  }
  return out.join("\n");
}

describe("autorac model info", () => {
  const dir = mkdtempSync(join(tmpdir(), "autorac-model-info-"));

  it("prints the issue's fields as JSON for a spec file", () => {
    const file = join(dir, "skips.json");
    writeFileSync(file, JSON.stringify(skips));
    const json = JSON.parse(run("model", "info", file, "--json")) as Record<string, unknown>;
    expect(json).toMatchObject({
      totalParams: 540_201_616 + 4733,
      paramsExcludingEmbeddings: 4733,
      flopsPerSample: 10_272,
      blockFlopsPerSample: [2960, 960, 3584, 2704],
      deadBlocks: [],
    });
    expect(json.blockOutputShapes).toHaveLength(4);
  });

  it("imports a NASRec file on the fly: its FLOPs agree with NASRec's published 2.20 M", () => {
    const file = join(dir, CRITEO_AUTOCTR_FILE);
    writeFileSync(file, CRITEO_AUTOCTR);
    const json = JSON.parse(run("model", "info", file, "--json")) as ModelInfo;
    expect(json.dataset).toBe("criteo");
    // NASRec's README: NASRecNet, Criteo, NASRec-Small, 2.20 MFLOPs.
    expect(Math.abs(json.flopsPerSample - 2.2e6) / 2.2e6).toBeLessThan(0.005);
    expect(json.deadBlocks).toEqual([5]);
  });

  it("prints a table for a zoo name", () => {
    const text = run("model", "info", "deepfm-criteo");
    expect(text).toContain("deepfm-criteo on criteo");
    expect(text).toMatch(/^\s+final\s+yes/m);
  });

  it("names the file and the JSON path of a bad spec, and refuses NASRec's other operators", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...skips, embeddingDim: "16" }));
    expect(() => run("model", "info", bad)).toThrow(/bad\.json: \/embeddingDim/);
    const xlarge = join(dir, "xlarge_criteo.json");
    writeFileSync(xlarge, XLARGE_SMALL);
    expect(() => run("model", "info", xlarge)).toThrow(
      /xlarge_criteo\.json: .*outside autorac's space/,
    );
    expect(() => run("model", "info", join(dir, "missing.json"))).toThrow(
      /missing\.json: cannot read/,
    );
    expect(() => run("model", "info", "no-such-model")).toThrow(/unknown zoo model/);
  });
});
