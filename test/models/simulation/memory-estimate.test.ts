import { defaultHwConfig } from "../../../arch/config/hw-config";
import { checkMemory, estimateMemory } from "../../../models/simulation/memory-estimate";
import type { ModelSpec } from "../../../models/spec/model-spec";
import { InputError } from "../../../sim/kernel/input-error";

/** Two FC blocks of 100,000 (issue 16's "FC layers of 100,000", which crashed V8). */
function wide(dim: number): ModelSpec {
  const block = (i: number) => ({
    dense: { op: "fc", dim, weightBits: 8 },
    sparse: { op: "efc", dim: 16, weightBits: 8 },
    dsi: null,
    fm: null,
    inputs: { dense: [i], sparse: [i] },
  });
  return {
    name: "wide",
    dataset: "criteo",
    embeddingDim: 16,
    blocks: [block(0), block(1)],
    final: { weightBits: 8 },
  } as unknown as ModelSpec;
}

describe("the memory estimate", () => {
  const hw = defaultHwConfig(); // 64 x 64 crossbars, 2-bit cells, 8-bit weights: 4 slices

  it("counts the crossbars of the widest layer as the mapping lays them out", () => {
    const e = estimateMemory(wide(100_000), hw, 0);
    // block 1's FC, 100,000 x 100,000: ceil(1e5 / 64) = 1563 rows of tiles, ceil(4e5 / 64) = 6250 columns
    const widest = 1563 * 6250;
    expect(e.crossbars).toBeGreaterThanOrEqual(widest);
    expect(e.crossbars).toBeLessThan(widest * 1.01);
    expect(e.weights).toBeGreaterThanOrEqual(1e10);
  });

  it("refuses what would not fit, naming the estimate and the limit, and lets a small model run", () => {
    expect(() => checkMemory(wide(100_000), hw, 4, 3000)).toThrow(InputError);
    expect(() => checkMemory(wide(100_000), hw, 4, 3000)).toThrow(
      /needs about \d+ MB \(\d+ crossbars, 1\.00e\+10 weights kept for the functional check\), over the limit of 3000 MB/,
    );
    // without the functional check the weights are not kept
    expect(estimateMemory(wide(100_000), hw, 0).mb).toBeLessThan(
      estimateMemory(wide(100_000), hw, 1).mb / 10,
    );
    expect(() => checkMemory(wide(64), hw, 4, 3000)).not.toThrow();
  });

  it("adds, with the functional check, 16 bytes per weight and each crossbar's cells programmed", () => {
    const m = wide(1_000);
    const without = estimateMemory(m, hw, 0);
    const withCheck = estimateMemory(m, hw, 1);
    // a 64 x 64 crossbar holds 4,096 cells of 4 bytes
    const bytes = without.weights * 16 + without.crossbars * 64 * 64 * 4;
    expect((withCheck.mb - without.mb) * 2 ** 20).toBeCloseTo(bytes, 3);
  });
});
