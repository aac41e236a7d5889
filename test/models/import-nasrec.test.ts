import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importNasrec, importNasrecFile } from "../../models/nasrec/import-nasrec";
import { analyseModel } from "../../models/spec/model-graph";
import { InputError } from "../../sim/kernel/input-error";
import { CRITEO_AUTOCTR, CRITEO_AUTOCTR_FILE, XLARGE_SMALL } from "./nasrec-fixtures";

const criteoJson = (): Record<string, unknown> =>
  JSON.parse(CRITEO_AUTOCTR) as Record<string, unknown>;

function refusal(json: unknown, where: string, options = {}): string {
  try {
    importNasrec(json, where, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("importNasrec on NASRec's best Criteo autoctr architecture", () => {
  const spec = importNasrec(criteoJson(), CRITEO_AUTOCTR_FILE);

  it("maps the nodes [0 linear-2d, 1 dot-product, 2 linear-3d] to fc, dp, efc with the dims", () => {
    // micro: [0,2] 256/48, [1,2] 1024/48, [0,2] 128/16, [0,2] 16/48, [1,2] 128/32,
    //        [0,2] 16/64, [0,2] 1024/64
    const ops = spec.blocks.map(
      (b) => `${b.dense.op} ${b.dense.dim} / ${b.sparse.op} ${b.sparse.dim}`,
    );
    expect(ops).toEqual([
      "fc 256 / efc 48",
      "dp 1024 / efc 48",
      "fc 128 / efc 16",
      "fc 16 / efc 48",
      "dp 128 / efc 32",
      "fc 16 / efc 64",
      "fc 1024 / efc 64",
    ]);
  });

  it("maps dense_sparse_interact to DSI and deep_fm to FM", () => {
    // dense_sparse_interact: 1 1 1 0 0 1 0; deep_fm: 0 1 0 1 0 0 0
    expect(spec.blocks.map((b) => (b.dsi ? 1 : 0))).toEqual([1, 1, 1, 0, 0, 1, 0]);
    expect(spec.blocks.map((b) => (b.fm ? 1 : 0))).toEqual([0, 1, 0, 1, 0, 0, 0]);
  });

  it("turns macro dense_idx / sparse_idx into operator-wise inputs, ascending", () => {
    // macro[4]: dense_idx [0, 2, 4, 3], sparse_idx [4, 2]; macro[6]: [3, 0, 5], [5, 2, 1, 0]
    expect(spec.blocks[4]!.inputs).toEqual({ dense: [0, 2, 3, 4], sparse: [2, 4] });
    expect(spec.blocks[6]!.inputs).toEqual({ dense: [0, 3, 5], sparse: [0, 1, 2, 5] });
  });

  it("infers the dataset from the file name, uses embeddingDim 16 and 8-bit weights", () => {
    expect(spec.dataset).toBe("criteo");
    expect(spec.embeddingDim).toBe(16);
    const bits = spec.blocks.flatMap((b) => [
      b.dense.weightBits,
      b.sparse.weightBits,
      b.dsi?.weightBits,
      b.fm?.weightBits,
    ]);
    expect(new Set(bits.filter((x) => x !== undefined))).toEqual(new Set([8]));
    expect(spec.final.weightBits).toBe(8);
  });

  it("names the spec after the file and records where it came from", () => {
    expect(spec.name).toBe("ea_criteo_kaggle_autoctr_best_1shot");
    expect(spec.provenance).toContain(CRITEO_AUTOCTR_FILE);
    expect(spec.provenance).toContain("test_loss 0.4474305510520935");
  });

  it("gives the shapes worked by hand (Criteo: 13 dense, 26 sparse)", () => {
    // outputs (d, sparse rows): b0 256, 48+8=56; b1 1024, 56; b2 128, 16+8=24; b3 16, 48;
    // b4 128, 32; b5 16, 64+8=72; b6 1024, 64.
    // b2 dense [0,2] = 13 + 1024 = 1037; sparse [0,1,2] = 26 + 56 + 56 = 138.
    // b4 dense [0,2,3,4] = 13 + 1024 + 128 + 16 = 1181; sparse [2,4] = 56 + 48 = 104.
    // b6 dense [0,3,5] = 13 + 128 + 128 = 269; sparse [0,1,2,5] = 26 + 56 + 56 + 32 = 170.
    // final = 1024 + 64 x 16 = 2048.
    // Liveness: b6 reads b2, b4 (dense) and b0, b1, b4 (sparse); b4 reads b1, b2, b3;
    // nobody reads index 6, so block 5 is dead.
    const graph = analyseModel(spec);
    const ins = graph.blocks.map((b) => [b.denseInWidth, b.sparseInRows]);
    expect([ins[2], ins[4], ins[6]]).toEqual([
      [1037, 138],
      [1181, 104],
      [269, 170],
    ]);
    expect(graph.finalInWidth).toBe(2048);
    expect(graph.deadBlocks).toEqual([5]);
  });
});

describe("importNasrec options", () => {
  it("sets every weight, the final layer's included, to options.weightBits", () => {
    const spec = importNasrec(criteoJson(), CRITEO_AUTOCTR_FILE, { weightBits: 4, name: "n4" });
    expect(spec.name).toBe("n4");
    expect(spec.blocks[1]!.fm).toEqual({ weightBits: 4 });
    expect(spec.blocks.every((b) => b.dense.weightBits === 4 && b.sparse.weightBits === 4)).toBe(
      true,
    );
    expect(spec.final.weightBits).toBe(4);
  });

  it("takes the dataset from the option when the file name does not say", () => {
    expect(importNasrec(criteoJson(), "best.json", { dataset: "criteo" }).dataset).toBe("criteo");
  });

  it("refuses when neither the file name nor the option gives the dataset", () => {
    expect(refusal(criteoJson(), "best.json")).toBe(
      "best.json: cannot tell the dataset: expected a file name containing exactly one of " +
        "criteo, avazu, kdd, or the dataset option",
    );
  });

  it("refuses a file name and an option that disagree", () => {
    expect(refusal(criteoJson(), CRITEO_AUTOCTR_FILE, { dataset: "avazu" })).toContain(
      "the file name says criteo but the dataset option says avazu",
    );
  });

  it("refuses an option naming an unknown dataset, through the shape checks", () => {
    expect(refusal(criteoJson(), "best.json", { dataset: "movielens" })).toBe(
      'best.json: model "best": unknown dataset "movielens": expected one of criteo, avazu, kdd',
    );
  });
});

describe("importNasrec refuses", () => {
  it("an xlarge config with operators outside our space, naming each block and operator", () => {
    const message = refusal(JSON.parse(XLARGE_SMALL), "ea_criteo_kaggle_xlarge_best_1shot.json");
    expect(message).toBe(
      "ea_criteo_kaggle_xlarge_best_1shot.json: " +
        "block 0 uses NASRec's sigmoid-gating operator as its dense node; " +
        "block 0 uses NASRec's transformer operator as its sparse node; " +
        "block 2 uses NASRec's sum operator as its dense node: " +
        "outside autorac's space, which is NASRec's autoctr space (FC, DP, EFC, DSI, FM)",
    );
  });

  it("but imports an xlarge config whose blocks all use our operators (xlarge's node numbering)", () => {
    const json = JSON.parse(XLARGE_SMALL) as { micro: { active_nodes: number[] }[] };
    json.micro[0]!.active_nodes = [0, 5]; // linear-2d, linear-3d
    json.micro[2]!.active_nodes = [1, 5]; // dot-product, linear-3d
    const spec = importNasrec(json, "x_criteo.json");
    expect(spec.blocks.map((b) => b.dense.op)).toEqual(["fc", "dp", "dp"]);
  });

  it("a node index past the config's node list, or a node on the wrong side", () => {
    const past = criteoJson() as { micro: { active_nodes: number[] }[] };
    past.micro[3]!.active_nodes = [0, 3];
    expect(refusal(past, CRITEO_AUTOCTR_FILE)).toBe(
      `${CRITEO_AUTOCTR_FILE}: /micro/3/active_nodes/1 = 3: expected a node index in 0..2`,
    );
    const swapped = criteoJson() as { micro: { active_nodes: number[] }[] };
    swapped.micro[0]!.active_nodes = [2, 0];
    expect(refusal(swapped, CRITEO_AUTOCTR_FILE)).toBe(
      `${CRITEO_AUTOCTR_FILE}: /micro/0/active_nodes/0 = 2 (linear-3d): expected a dense node`,
    );
  });

  it("an unknown search space, and micro / macro / num_blocks that disagree", () => {
    expect(refusal({ ...criteoJson(), config: "tiny" }, CRITEO_AUTOCTR_FILE)).toContain(
      '/config = "tiny": expected one of autoctr, xlarge, xlarge-zeros',
    );
    const short = criteoJson() as { macro: unknown[] };
    short.macro.pop();
    expect(refusal(short, CRITEO_AUTOCTR_FILE)).toContain(
      "7 micro entries but 6 macro entries: expected one each per block",
    );
    expect(refusal({ ...criteoJson(), num_blocks: 8 }, CRITEO_AUTOCTR_FILE)).toContain(
      "/num_blocks = 8: expected 7",
    );
  });

  it("a file that is not NASRec's format, with the JSON path", () => {
    const json = criteoJson() as { micro: Record<string, unknown>[] };
    json.micro[1]!.deep_fm = 2;
    expect(refusal(json, CRITEO_AUTOCTR_FILE)).toBe(
      `${CRITEO_AUTOCTR_FILE}: not a NASRec architecture: /micro/1/deep_fm = 2: expected one of 0, 1`,
    );
    expect(refusal([], "a_criteo.json")).toBe(
      "a_criteo.json: not a NASRec architecture: / = []: expected object",
    );
  });

  it("connections NASRec's builder could not make (through the shape checks)", () => {
    const json = criteoJson() as { macro: { dense_idx: number[] }[] };
    json.macro[1]!.dense_idx = [2];
    expect(refusal(json, CRITEO_AUTOCTR_FILE)).toContain(
      `${CRITEO_AUTOCTR_FILE}: model "ea_criteo_kaggle_autoctr_best_1shot": block 1 (dp): ` +
        "inputs.dense[0] = 2: expected an index in 0..1",
    );
  });
});

describe("importNasrecFile", () => {
  it("reads the file and infers the dataset from its name", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-nasrec-"));
    const path = join(dir, CRITEO_AUTOCTR_FILE);
    writeFileSync(path, CRITEO_AUTOCTR);
    const spec = importNasrecFile(path, { name: "from-file" });
    expect([spec.name, spec.dataset, spec.blocks.length]).toEqual(["from-file", "criteo", 7]);
  });
});
