import * as tf from "@tensorflow/tfjs";
import { FloatModel, lowerTriangleIndices } from "../../../models/compare/float-model";
import { selectBackend } from "../../../models/supernet/backend";
import { analyseModel } from "../../../models/spec/model-graph";
import type { ModelSpec } from "../../../models/spec/model-spec";
import type { DatasetDescriptor } from "../../../traces/datasets";
import { block, spec } from "../spec-fixtures";

/** A dataset small enough to follow by hand: 3 dense features, 4 tables of 5 rows. */
const tiny: DatasetDescriptor = {
  name: "tiny",
  description: "test layout",
  denseFeatures: 3,
  sparseFeatures: 4,
  tableRows: [5, 5, 5, 5],
  source: "test",
};

type Matrix = number[][];
const matmul = (x: Matrix, w: Matrix): Matrix =>
  x.map((row) => w[0]!.map((_, j) => row.reduce((s, v, i) => s + v * w[i]![j]!, 0)));
const addBias = (x: Matrix, b: number[]) => x.map((r) => r.map((v, j) => v + b[j]!));
const relu = (x: Matrix) => x.map((r) => r.map((v) => Math.max(0, v)));
const transpose = (x: Matrix): Matrix => x[0]!.map((_, j) => x.map((r) => r[j]!));

/**
 * The forward pass written out with plain loops, one sample at a time, from
 * the operator definitions (paper section 3.2, models/functional/evaluate.ts):
 * sparse tensors as rows x e.
 */
function reference(model: FloatModel, dense: number[], ids: number[]): number {
  const g = model.graph;
  const W = (name: string) => ({
    w: model.weights.get(name)!.w.arraySync(),
    b: model.weights.get(name)!.b.arraySync(),
  });
  const linear = (name: string, x: number[], act: boolean) => {
    const { w, b } = W(name);
    const y = addBias(matmul([x], w), b);
    return (act ? relu(y) : y)[0]!;
  };
  /** The same layer on every embedding element: rows x e -> outputs x e. */
  const alongRows = (name: string, rows: Matrix, act: boolean): Matrix => {
    const { w, b } = W(name);
    const y = addBias(matmul(transpose(rows), w), b); // e x outputs
    return transpose(act ? relu(y) : y);
  };
  const tensors: Array<{ dense: number[]; sparse: Matrix }> = [
    { dense, sparse: ids.map((id, f) => model.tables[f]!.arraySync()[id]!) },
  ];
  for (const b of g.blocks) {
    const s = g.spec.blocks[b.index]!;
    const name = `block${b.index}`;
    const x = b.denseInputs.flatMap((i) => tensors[i]!.dense);
    const y = b.sparseInputs.flatMap((i) => tensors[i]!.sparse);
    const efc = alongRows(`${name}.efc`, y, true);
    let d: number[];
    if (s.dense.op === "fc") d = linear(`${name}.fc`, x, true);
    else {
      const k = Math.round(Math.sqrt(2 * b.denseOut));
      const xe = x.length === 4 ? x : linear(`${name}.dp.dense`, x, false);
      const yk = y.length === k ? y : alongRows(`${name}.dp.rows`, y, false);
      const t = [xe, ...yk]; // k + 1 rows of e
      const z: number[] = [];
      for (let i = 1; i < t.length; i++) {
        for (let j = 0; j < i; j++) z.push(t[i]!.reduce((acc, v, c) => acc + v * t[j]![c]!, 0));
      }
      d = z.length === b.denseOut ? z : linear(`${name}.dp.out`, z, false); // NASRec skips it then
    }
    let sparseOut = efc;
    if (s.dsi) {
      const flat = linear(`${name}.dsi`, d, false); // NASRec's DSI: no activation
      const rows = Array.from({ length: 8 }, (_, r) => flat.slice(r * 4, r * 4 + 4));
      sparseOut = [...efc, ...rows];
    }
    if (s.fm) {
      const sum = efc[0]!.map((_, c) => efc.reduce((acc, r) => acc + r[c]!, 0));
      const squares = efc[0]!.map((_, c) => efc.reduce((acc, r) => acc + r[c]! ** 2, 0));
      const ix = sum.map((v, c) => v * v - squares[c]!);
      const term = d.length === 4 ? ix : linear(`${name}.fm.proj`, ix, false);
      d = d.map((v, j) => v + term[j]!);
    }
    tensors.push({ dense: d, sparse: sparseOut });
  }
  const last = tensors[tensors.length - 1]!;
  return linear("final", [...last.dense, ...last.sparse.flat()], false)[0]!;
}

describe("the CPU baseline's float model", () => {
  beforeAll(() => selectBackend("cpu"));

  it("indexes the strict lower triangle row by row", () => {
    // 3 x 3, flat index i * 3 + j: (1,0) = 3, (2,0) = 6, (2,1) = 7
    expect(lowerTriangleIndices(3).arraySync()).toEqual([3, 6, 7]);
  });

  it("computes what the operators define, for FC, EFC, DP (both projections), DSI and FM", () => {
    // e = 4. Block 0: FC 6 on the 3 dense features, EFC 4 -> 3 rows, FM (6 != e: projected),
    // DSI (+8 rows). Block 1 on block 0: DP 4, so k = round(sqrt 8) = 3; its dense input
    // (6 wide != e) and its sparse input (3 + 8 = 11 rows != k) are both projected, and its
    // 3 x 4 / 2 = 6 products go through the output layer to 4; EFC 2.
    const model: ModelSpec = {
      ...spec("tiny-mix", "tiny", [
        block(["fc", 6], 3, [0], { fm: true, dsi: true }),
        block(["dp", 4], 2, [1]),
      ]),
      embeddingDim: 4,
    };
    const graph = analyseModel(model, tiny);
    const fm = new FloatModel(graph, 100, 7);
    expect([...fm.weights.keys()].sort()).toEqual(
      [
        "block0.efc",
        "block0.fc",
        "block0.fm.proj",
        "block0.dsi",
        "block1.efc",
        "block1.dp.dense",
        "block1.dp.rows",
        "block1.dp.out",
        "final",
      ].sort(),
    );
    // final input: block 1's dense 4 + its 2 EFC rows x 4 = 12
    expect(fm.weights.get("final")!.w.shape).toEqual([12, 1]);
    // biases are zero at creation: give them values so that they are tested too
    for (const [name, { b }] of fm.weights) {
      fm.weights.set(name, { w: fm.weights.get(name)!.w, b: tf.fill(b.shape, 0.05) });
      b.dispose();
    }
    const dense = [
      [0.5, -1, 2],
      [1.5, 0.25, -0.75],
    ];
    const ids = [
      [0, 1, 2, 3],
      [4, 4, 0, 2],
    ];
    const got = fm.predict(tf.tensor2d(dense), tf.tensor2d(ids, undefined, "int32")).arraySync();
    const want = dense.map((d, i) => reference(fm, d, ids[i]!));
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 3));
    expect(new Set(want).size).toBe(2); // two different samples, two different logits
    fm.dispose();
  });
});
