import { largestSubnet, PathSampler } from "../../../models/supernet/path-sampling";
import { SupernetLayout } from "../../../models/supernet/layout";
import { PAPER_SPACE } from "../../../models/supernet/search-space";
import { datasets } from "../../../traces/datasets";
import type { ModelSpec } from "../../../models/spec/model-spec";
import { Rng } from "../../../sim/kernel/rng";

const layout = new SupernetLayout(datasets.criteo, PAPER_SPACE);
const sampler = (seed: number, warmupSteps = 0) =>
  new PathSampler({ space: PAPER_SPACE, dataset: "criteo", warmupSteps }, new Rng(seed));

const inputsOf = (spec: ModelSpec, i: number) => {
  const inputs = spec.blocks[i]!.inputs;
  return Array.isArray(inputs) ? { dense: inputs, sparse: inputs } : inputs;
};

describe("PathSampler", () => {
  it("draws subnets of the space, 1 + Binomial(min(i, 3), 1/2) inputs per block", () => {
    const s = sampler(1);
    const counts: number[] = [];
    for (let step = 0; step < 400; step++) {
      const spec = s.sample(step);
      expect(() => layout.plan(spec)).not.toThrow();
      spec.blocks.forEach((block, i) => {
        expect(PAPER_SPACE.denseDims).toContain(block.dense.dim);
        expect(PAPER_SPACE.sparseDims).toContain(block.sparse.dim);
        expect(["fc", "dp"]).toContain(block.dense.op);
        const { dense, sparse } = inputsOf(spec, i);
        for (const list of [dense, sparse]) {
          expect(list.length).toBeGreaterThanOrEqual(1);
          expect(list.length).toBeLessThanOrEqual(Math.min(i + 1, 4));
          expect(new Set(list).size).toBe(list.length);
          expect(list.every((j) => j >= 0 && j <= i)).toBe(true);
        }
        if (i === 6) counts.push(dense.length);
      });
    }
    // Block 6: 1 + Binomial(3, 1/2) has mean 2.5 and variance 0.75 (400 draws: se 0.043).
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(Math.abs(mean - 2.5)).toBeLessThan(0.2);
  });

  it("uses the largest path with probability 1 - step / warm-up, never after it", () => {
    const s = sampler(2, 1000);
    const full = (spec: ModelSpec) => inputsOf(spec, 6).dense.length === 7; // any-path draws at most 4
    let early = 0;
    let late = 0;
    for (let n = 0; n < 200; n++) {
      if (full(s.sample(10))) early++; // p = 0.99
      if (full(s.sample(1000 + n))) late++;
    }
    expect(early).toBeGreaterThan(185);
    expect(late).toBe(0);
  });

  it("is reproducible from its seed", () => {
    const a = sampler(3);
    const b = sampler(3);
    for (let step = 0; step < 20; step++) expect(a.sample(step)).toEqual(b.sample(step));
    expect(sampler(4).sample(0)).not.toEqual(sampler(3).sample(0));
  });

  it("names the largest subnet: every input, max dims, DSI and FM on, 8-bit", () => {
    const spec = largestSubnet(PAPER_SPACE, "criteo", "dp");
    expect(() => layout.plan(spec)).not.toThrow();
    expect(spec.blocks[6]).toMatchObject({
      dense: { op: "dp", dim: 1024, weightBits: 8 },
      sparse: { dim: 64 },
      dsi: { weightBits: 8 },
      fm: { weightBits: 8 },
      inputs: [0, 1, 2, 3, 4, 5, 6],
    });
  });
});
