import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModelSpec, parseModelSpec } from "../../models/spec/model-schema";
import { InputError } from "../../sim/kernel/input-error";

/** A minimal valid spec as JSON text would give it, to be broken one field at a time. */
function minimal(): Record<string, unknown> {
  return {
    name: "tiny",
    dataset: "criteo",
    blocks: [
      {
        dense: { op: "fc", dim: 64, weightBits: 8 },
        sparse: { op: "efc", dim: 16, weightBits: 4 },
        inputs: [0],
      },
    ],
    final: { weightBits: 8 },
  };
}

/** The minimal spec with its block 0 changed by `change`. */
function withBlock(change: Record<string, unknown>): Record<string, unknown> {
  const json = minimal();
  const blocks = json.blocks as Record<string, unknown>[];
  json.blocks = [{ ...blocks[0], ...change }];
  return json;
}

function message(json: unknown): string {
  try {
    parseModelSpec(json, "m.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("parseModelSpec accepts", () => {
  it("a minimal spec, filling embeddingDim = 16 and leaving the input untouched", () => {
    const json = minimal();
    const parsed = parseModelSpec(json, "m.json");
    expect(parsed.embeddingDim).toBe(16);
    expect(json).not.toHaveProperty("embeddingDim");
  });

  it("DSI and FM absent, null, or on with their weight bits", () => {
    expect(() => parseModelSpec(withBlock({ dsi: null, fm: null }), "m.json")).not.toThrow();
    const on = parseModelSpec(withBlock({ dsi: { weightBits: 8 }, fm: { weightBits: 4 } }), "m");
    expect(on.blocks[0]!.fm).toEqual({ weightBits: 4 });
  });

  it("operator-wise inputs and dims outside table 1's sets (any positive integer)", () => {
    const json = withBlock({
      dense: { op: "dp", dim: 351, weightBits: 4 },
      sparse: { op: "efc", dim: 26, weightBits: 8 },
      inputs: { dense: [0], sparse: [0, 0] },
    });
    expect(parseModelSpec(json, "m.json").blocks[0]!.dense.dim).toBe(351);
  });
});

describe("parseModelSpec refuses, naming the file, the JSON path, the value and what was expected", () => {
  it("unknown keys, at the top and inside a block", () => {
    const json = { ...withBlock({ dsi: { weightBits: 8, rows: 8 } }), layers: 3 };
    expect(message(json)).toBe("m.json: /layers: unknown key; /blocks/0/dsi/rows: unknown key");
  });

  it("missing fields", () => {
    const noFinal = minimal();
    delete noFinal.final;
    expect(message(noFinal)).toBe("m.json: /final: missing");
    expect(message(withBlock({ fm: {} }))).toBe("m.json: /blocks/0/fm/weightBits: missing");
  });

  it("weight bits other than 4 or 8", () => {
    const json = withBlock({ dense: { op: "fc", dim: 64, weightBits: 6 } });
    expect(message(json)).toBe("m.json: /blocks/0/dense/weightBits = 6: expected one of 4, 8");
  });

  it("an operator outside the space", () => {
    const json = withBlock({ dense: { op: "sum", dim: 64, weightBits: 8 } });
    expect(message(json)).toBe('m.json: /blocks/0/dense/op = "sum": expected one of "fc", "dp"');
  });

  it("dims that are not positive integers", () => {
    expect(message(withBlock({ dense: { op: "fc", dim: 0, weightBits: 8 } }))).toBe(
      "m.json: /blocks/0/dense/dim = 0: expected >= 1",
    );
    expect(message(withBlock({ sparse: { op: "efc", dim: 1.5, weightBits: 8 } }))).toBe(
      "m.json: /blocks/0/sparse/dim = 1.5: expected integer",
    );
    expect(message({ ...minimal(), embeddingDim: -16 })).toBe(
      "m.json: /embeddingDim = -16: expected >= 1",
    );
  });

  it("empty lists: blocks, block-wise inputs, operator-wise inputs", () => {
    expect(message({ ...minimal(), blocks: [] })).toBe(
      "m.json: /blocks = []: expected at least 1 item(s)",
    );
    expect(message(withBlock({ inputs: [] }))).toBe(
      "m.json: /blocks/0/inputs = []: expected at least 1 item(s)",
    );
    expect(message(withBlock({ inputs: { dense: [0], sparse: [] } }))).toBe(
      "m.json: /blocks/0/inputs/sparse = []: expected at least 1 item(s)",
    );
  });

  it("inputs that are neither a list nor {dense, sparse}, or hold a bad index", () => {
    expect(message(withBlock({ inputs: "0" }))).toBe(
      'm.json: /blocks/0/inputs = "0": expected array or object',
    );
    expect(message(withBlock({ inputs: { dense: [0] } }))).toBe(
      "m.json: /blocks/0/inputs/sparse: missing",
    );
    expect(message(withBlock({ inputs: [0, -1] }))).toBe(
      "m.json: /blocks/0/inputs/1 = -1: expected >= 0",
    );
  });

  it("every problem at once, not only the first", () => {
    const json = { ...withBlock({ inputs: [] }), name: "", final: { weightBits: 16 } };
    expect(message(json).split("; ")).toHaveLength(3);
  });
});

describe("loadModelSpec", () => {
  const dir = mkdtempSync(join(tmpdir(), "autorac-spec-"));

  it("reads a file and names it in errors", () => {
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(minimal()));
    expect(loadModelSpec(good).name).toBe("tiny");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...minimal(), dataset: 7 }));
    expect(() => loadModelSpec(bad)).toThrow(`${bad}: /dataset = 7: expected string`);
  });

  it("refuses a missing file", () => {
    expect(() => loadModelSpec(join(dir, "none.json"))).toThrow("cannot read (ENOENT)");
  });
});
