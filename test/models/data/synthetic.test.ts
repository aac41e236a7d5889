import {
  centredDense,
  sigmoid,
  SyntheticCtr,
  syntheticLayoutOf,
} from "../../../models/data/synthetic";

const logit = (p: number) => Math.log(p / (1 - p));

describe("SyntheticCtr", () => {
  it("gives the same rows for the same seed and stream, other rows otherwise", () => {
    const a = new SyntheticCtr({ seed: 4 });
    const b = new SyntheticCtr({ seed: 4 });
    expect([...a.examples(50)]).toEqual([...b.examples(50)]);
    expect([...a.examples(50, "validation")]).not.toEqual([...a.examples(50)]);
    expect([...new SyntheticCtr({ seed: 5 }).examples(50)]).not.toEqual([...a.examples(50)]);
  });

  it("draws Zipf ids over rows 1..N-1 (row 0 is the missing row) and count-like dense values", () => {
    const gen = new SyntheticCtr({
      seed: 1,
      sparseFeatures: 2,
      tableRows: [50, 2],
      zipfExponent: 1,
    });
    expect(gen.dataset).toMatchObject({ denseFeatures: 2, sparseFeatures: 2, tableRows: [50, 2] });
    const counts = new Array<number>(50).fill(0);
    for (const ex of gen.examples(20000)) {
      counts[ex.sparse[0]!]!++;
      expect(ex.sparse[1]).toBe(1); // a 2-row table has one real row
      expect(ex.dense.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
    expect(counts[0]).toBe(0);
    // Zipf with s = 1: P(1) / P(2) = 2, P(1) / P(4) = 4 (20000 draws: within 15 %).
    expect(counts[1]! / counts[2]!).toBeGreaterThan(1.7);
    expect(counts[1]! / counts[2]!).toBeLessThan(2.3);
    expect(counts[1]! / counts[4]!).toBeGreaterThan(3.4);
    expect(counts[1]! / counts[4]!).toBeLessThan(4.6);
  });

  it("labels rows by the planted logit (calibrated within four standard errors)", () => {
    const gen = new SyntheticCtr({ seed: 2 });
    const rows = [...gen.examples(20000)];
    const clicks = rows.reduce((s, r) => s + r.label, 0) / rows.length;
    const expected = rows.reduce((s, r) => s + sigmoid(r.logit), 0) / rows.length;
    const se = Math.sqrt((expected * (1 - expected)) / rows.length);
    expect(Math.abs(clicks - expected)).toBeLessThan(4 * se);
    for (const r of rows.slice(0, 100)) {
      const p = r.parts;
      expect(r.logit).toBeCloseTo(gen.bias + p.firstOrder + p.pairwise + p.denseSparse, 12);
    }
  });

  it("plants a dense-sparse interaction: the dense feature's effect flips sign with the id", () => {
    const gen = new SyntheticCtr({
      seed: 3,
      denseFeatures: 1,
      sparseFeatures: 2,
      tableRows: 8,
      denseSparsePairs: [[0, 0]],
      sparsePairs: [],
      denseSparseScale: 2,
    });
    const v = gen.denseCoefficients[0]!;
    // The two most popular rows of feature 0 with the largest and smallest coefficients.
    const rows = [1, 2, 3].sort((a, b) => v[a]! - v[b]!);
    const [low, high] = [rows[0]!, rows[2]!];
    expect(v[low]!).toBeLessThan(-0.3);
    expect(v[high]!).toBeGreaterThan(0.3);
    const ctr = (row: number, positive: boolean) => {
      const group = [...gen.examples(40000)].filter(
        (r) => r.sparse[0] === row && centredDense(r.dense[0]!) > 0 === positive,
      );
      return group.reduce((s, r) => s + r.label, 0) / group.length;
    };
    // Larger dense values raise the CTR with one id and lower it with the other:
    // no model additive in the dense feature and the id can do both.
    expect(ctr(high, true)).toBeGreaterThan(ctr(high, false) + 0.05);
    expect(ctr(low, true)).toBeLessThan(ctr(low, false) - 0.05);
  });

  it("plants sparse-sparse interactions: the 2 x 2 contrast of two features' ids is not zero", () => {
    const gen = new SyntheticCtr({
      seed: 7,
      denseFeatures: 1,
      sparseFeatures: 2,
      tableRows: 6,
      sparsePairs: [[0, 1]],
      denseSparsePairs: [],
      pairwiseScale: 2,
      firstOrderScale: 0.2,
    });
    const pair = (a: number, b: number) => gen.logitParts([0], [a, b]).pairwise;
    // The planted contrast of rows {1, 2} x {1, 2}; an additive model's is 0.
    const planted = pair(1, 1) - pair(1, 2) - pair(2, 1) + pair(2, 2);
    expect(Math.abs(planted)).toBeGreaterThan(1);
    const cells = new Map<string, number[]>();
    for (const r of gen.examples(40000)) {
      const key = `${r.sparse[0]},${r.sparse[1]}`;
      const cell = cells.get(key) ?? [0, 0];
      cell[0]! += r.label;
      cell[1]! += 1;
      cells.set(key, cell);
    }
    const cellLogit = (a: number, b: number) => {
      const [clicks, n] = cells.get(`${a},${b}`)!;
      return logit(clicks! / n!);
    };
    const seen = cellLogit(1, 1) - cellLogit(1, 2) - cellLogit(2, 1) + cellLogit(2, 2);
    expect(Math.sign(seen)).toBe(Math.sign(planted));
    expect(Math.abs(seen - planted)).toBeLessThan(Math.abs(planted) / 2);
  });
});

describe("synthetic rows in a real set's layout", () => {
  it("take the set's features and name, its tables capped", () => {
    const gen = new SyntheticCtr({ seed: 1, layout: "criteo", layoutTableCap: 1000 });
    expect(gen.dataset.name).toBe("criteo");
    expect([gen.denseFeatures, gen.sparseFeatures]).toEqual([13, 26]);
    // NASRec's Criteo tables (traces/datasets.ts): 1461, 584, 10131227, ... capped at 1000
    expect(gen.dataset.tableRows.slice(0, 5)).toEqual([1000, 584, 1000, 1000, 306]);
    const [example] = [...gen.examples(1)];
    expect(example!.dense).toHaveLength(13);
    expect(example!.sparse).toHaveLength(26);
    example!.sparse.forEach((row, f) => expect(row).toBeLessThan(gen.dataset.tableRows[f]!));
  });

  it("are named by --data", () => {
    expect(syntheticLayoutOf("synthetic")).toBe("small");
    expect(syntheticLayoutOf("synthetic-avazu")).toBe("avazu");
    expect(syntheticLayoutOf("synthetic-foo")).toBeNull();
    expect(syntheticLayoutOf("train.txt")).toBeNull();
  });
});
