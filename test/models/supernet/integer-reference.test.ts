import * as tf from "@tensorflow/tfjs";
import { batchOf } from "../../../models/data/batch";
import { exactArithmetic } from "../../../models/functional/arithmetic";
import { evaluateModel } from "../../../models/functional/evaluate";
import { ModelValues } from "../../../models/functional/model-values";
import { layerShift, relu, requantise } from "../../../models/functional/quantisation";
import { dotProductOperator, dpProjectionRows } from "../../../models/operators/dp";
import { factorisationMachineOperator } from "../../../models/operators/fm";
import {
  denseToSparse,
  linear,
  linearRows,
  QuantContext,
  type LayerTensors,
  type QTensor,
} from "../../../models/supernet/operators";
import { fmShift, QuantAlgebra } from "../../../models/supernet/quant-algebra";
import { FixedScales, type ScalePolicy } from "../../../models/supernet/scales";
import { Supernet } from "../../../models/supernet/supernet";
import { analyseModel } from "../../../models/spec/model-graph";
import type { ModelSpec } from "../../../models/spec/model-spec";
import type { DatasetDescriptor } from "../../../traces/datasets";
import { Rng } from "../../../sim/kernel/rng";
import { useTestBackend } from "./test-backend";

/**
 * The supernet's quantised operators compute exactly what the chip's integer
 * reference (models/functional: evaluateModel with exactArithmetic, i.e.
 * requantise by shift, round half up, saturate to 8 bits) computes, for the
 * same integer weights and inputs. Every tensor here is integer x a power of
 * two: activations x 2^-4, a layer's weights x 2^-shift (its reference
 * shift) times the ratio of its output and input steps, so that each
 * requantisation of the tfjs pass is the reference's shift. The test then
 * compares the integer parts (value / step) exactly.
 */

const A = 8;
const STEP = 2 ** -4;
const rng = new Rng(11);
const ints = (n: number, bits: number) =>
  Array.from({ length: n }, () => rng.int(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1));
const matrix = (rows: number, cols: number, bits: number) =>
  Array.from({ length: rows }, () => ints(cols, bits));

beforeAll(async () => {
  await useTestBackend();
});

function layerOf(w: number[][], weightScale: number): LayerTensors {
  const rows = w.length;
  const cols = w[0]!.length;
  const flat = w.flat().map((v) => v * weightScale);
  const transposed = Array.from(
    { length: cols * rows },
    (_, k) => flat[(k % rows) * cols + Math.floor(k / rows)]!,
  );
  return {
    weight: tf.tensor2d(flat, [rows, cols]),
    weightT: tf.tensor2d(transposed, [cols, rows]),
    weightScale,
    bias: tf.zeros([cols]),
    biasValues: new Float32Array(cols),
  };
}

function context(points: Record<string, number>): QuantContext {
  return new QuantContext(new FixedScales(new Map(Object.entries(points)), new Map()));
}

/** The integer parts of a quantised tensor. */
function integers(q: QTensor): number[] {
  return Array.from(q.tensor.dataSync()).map((v) => v / q.scale);
}

const dense = (x: number[][]): QTensor => ({
  tensor: tf.tensor2d(
    x.flat().map((v) => v * STEP),
    [x.length, x[0]!.length],
  ),
  scale: STEP,
});

/** A sparse input [B][rows][e] as the supernet's [B, e, rows] tensor. */
function sparse(x: number[][][]): QTensor {
  const [B, rows, e] = [x.length, x[0]!.length, x[0]![0]!.length];
  const values: number[] = [];
  for (let b = 0; b < B; b++)
    for (let c = 0; c < e; c++) for (let r = 0; r < rows; r++) values.push(x[b]![r]![c]! * STEP);
  return { tensor: tf.tensor3d(values, [B, e, rows]), scale: STEP };
}

/** The reference's Linear on one vector: requantise(W^T x, layerShift(n, bits)), ReLU or not. */
function refLinear(w: number[][], x: number[], bits: number, act: boolean): number[] {
  const shift = layerShift(x.length, bits);
  return exactArithmetic.matvec(w, x, bits).map((s) => {
    const q = requantise(s, shift, A);
    return act ? relu(q) : q;
  });
}

/** The reference's along-rows layer (EFC): [rows][e] -> [outputs][e]. */
function refAlongRows(w: number[][], rows: number[][], bits: number, act: boolean): number[][] {
  const e = rows[0]!.length;
  const out = Array.from({ length: w[0]!.length }, () => new Array<number>(e).fill(0));
  for (let c = 0; c < e; c++) {
    refLinear(
      w,
      rows.map((r) => r[c]!),
      bits,
      act,
    ).forEach((v, o) => (out[o]![c] = v));
  }
  return out;
}

/** [rows][e] per example, flattened as the supernet's [e, rows] layout. */
const asSparseLayout = (rows: number[][]) => rows[0]!.flatMap((_, c) => rows.map((r) => r[c]!));

describe("each operator equals the integer reference", () => {
  it("FC (8-bit and 4-bit weights, ReLU)", () => {
    for (const bits of [8, 4]) {
      const x = matrix(3, 5, A);
      const w = matrix(5, 4, bits);
      const y = linear(
        context({ fc: STEP }),
        dense(x),
        layerOf(w, 2 ** -layerShift(5, bits)),
        true,
        "fc",
      );
      expect(integers(y)).toEqual(x.flatMap((row) => refLinear(w, row, bits, true)));
    }
  });

  it("EFC: a Linear along the rows of every embedding element, ReLU", () => {
    const e = 3;
    const x = Array.from({ length: 2 }, () => matrix(6, e, A));
    const w = matrix(6, 4, 4);
    const y = linearRows(
      context({ efc: STEP }),
      sparse(x),
      layerOf(w, 2 ** -layerShift(6, 4)),
      true,
      "efc",
    );
    expect(integers(y)).toEqual(
      x.flatMap((rows) => asSparseLayout(refAlongRows(w, rows, 4, true))),
    );
  });

  it("DP: projections, strict lower triangle of T T^T requantised, Linear to d", () => {
    const e = 4;
    const d = 4;
    const k = dpProjectionRows(d); // 3: the triangle's 6 values need the Linear to d
    const x = matrix(2, 5, A);
    const s = Array.from({ length: 2 }, () => matrix(6, e, A));
    const wDense = matrix(5, e, 8);
    const wRows = matrix(6, k, 8);
    const wOut = matrix((k * (k + 1)) / 2, d, 8);
    const refGramShift = layerShift(e, A);
    const gramStep = 2 ** (refGramShift - 8); // gram of two 2^-4 grids, shifted as the reference shifts
    const outScale = (2 ** -layerShift(wOut.length, 8) * STEP) / gramStep;
    // The DP operator (models/operators/dp.ts) through the supernet's algebra
    const ctx = context({
      "b.dp.dense": STEP,
      "b.dp.rows": STEP,
      "b.dp.gram": gramStep,
      "b.dp.out": STEP,
    });
    const layers = new Map([
      ["b.dp.dense", layerOf(wDense, 2 ** -layerShift(5, 8))],
      ["b.dp.rows", layerOf(wRows, 2 ** -layerShift(6, 8))],
      ["b.dp.out", layerOf(wOut, outScale)],
    ]);
    const y = dotProductOperator.forward(
      new QuantAlgebra(e, ctx, layers),
      { op: "dp", dim: d, weightBits: 8 },
      { dense: dense(x), sparse: [sparse(s)] },
      { width: 5, rows: 6 },
      "b",
    ).dense!;
    const expected = x.flatMap((row, b) => {
      const xp = refLinear(wDense, row, 8, false);
      const yp = refAlongRows(wRows, s[b]!, 8, false);
      const z = exactArithmetic.gram([xp, ...yp]).map((g) => requantise(g, refGramShift, A));
      return refLinear(wOut, z, 8, false);
    });
    expect(integers(y)).toEqual(expected);
  });

  it("FM: (sum of rows)^2 - sum of squares, requantised, projected, added to the dense output", () => {
    const e = 4;
    const rows = 5;
    const d = 3;
    const efc = Array.from({ length: 2 }, () => matrix(rows, e, 6).map((r) => r.map(Math.abs)));
    const refFmShift = layerShift(rows, A) + A - 1;
    // the supernet scales FM by 2^-fmShift(rows) (quant-algebra.ts): a finer step, the same integers
    const fmStep = 2 ** (refFmShift - 8 - fmShift(rows));
    const wProj = matrix(e, d, 4);
    const projScale = (2 ** -layerShift(e, 4) * STEP) / fmStep;
    const ctx = context({ "b.fm": fmStep, "b.fm.proj": STEP, "b.dense": STEP });
    const alg = new QuantAlgebra(e, ctx, new Map([["b.fm.proj", layerOf(wProj, projScale)]]));
    const term = factorisationMachineOperator.forward(
      alg,
      { weightBits: 4 },
      { dense: dense([[0]]), sparse: [sparse(efc)] },
      { width: d, rows },
      "b",
    ).dense!;
    const denseOut = matrix(2, d, 7);
    const sum = alg.add("b", dense(denseOut), term);
    const expected = efc.flatMap((r, b) => {
      const ix = exactArithmetic.fm(r).map((v) => requantise(v, refFmShift, A));
      const t = refLinear(wProj, ix, 4, false);
      return denseOut[b]!.map((v, j) => requantise(v + t[j]!, 0, A));
    });
    expect(integers(sum)).toEqual(expected);
  });

  it("DSI: Linear(d -> 8 e), no activation (NASRec's), read as 8 more rows", () => {
    const e = 3;
    const d = 4;
    const x = matrix(2, d, A);
    const w = matrix(d, 8 * e, 8);
    // The supernet's layout gives DSI's columns permuted (layout.ts): column c * 8 + r <- r * e + c.
    const permuted = w.map((row) =>
      Array.from({ length: 8 * e }, (_, q) => row[(q % 8) * e + Math.floor(q / 8)]!),
    );
    const y = denseToSparse(
      context({ dsi: STEP }),
      dense(x),
      layerOf(permuted, 2 ** -layerShift(d, 8)),
      8,
      false,
      "dsi",
    );
    const expected = x.flatMap((row) => {
      const flat = refLinear(w, row, 8, false);
      return asSparseLayout(Array.from({ length: 8 }, (_, r) => flat.slice(r * e, (r + 1) * e)));
    });
    expect(y.tensor.shape).toEqual([2, e, 8]);
    expect(integers(y)).toEqual(expected);
  });
});

describe("a whole subnet through the supernet equals evaluateModel", () => {
  const dataset: DatasetDescriptor = {
    name: "tiny",
    description: "3 dense, 4 sparse features",
    denseFeatures: 3,
    sparseFeatures: 4,
    tableRows: [20, 20, 20, 20],
    source: "test",
  };
  const op = (o: "fc" | "dp", dim: number, weightBits: 4 | 8) => ({ op: o, dim, weightBits });
  const efc = (dim: number, weightBits: 4 | 8) => ({ op: "efc" as const, dim, weightBits });
  // Every operator: FC, EFC, DSI, FM with and without its projection, DP with and without
  // each projection, several inputs per block, 4- and 8-bit weights.
  const spec: ModelSpec = {
    name: "all-operators",
    dataset: "tiny",
    embeddingDim: 4,
    blocks: [
      { dense: op("fc", 6, 8), sparse: efc(3, 4), dsi: { weightBits: 8 }, inputs: [0] },
      {
        // k = 2: the triangle's 3 values are d = 3, so no output layer (NASRec's builder);
        // the raw triangle is block 1's dense output
        dense: op("dp", 3, 4),
        sparse: efc(2, 8),
        inputs: { dense: [0, 1], sparse: [0, 1] },
      },
      {
        dense: op("fc", 4, 8),
        sparse: efc(2, 8),
        fm: { weightBits: 4 },
        dsi: { weightBits: 4 },
        inputs: { dense: [2], sparse: [1] },
      },
      {
        dense: op("dp", 6, 8),
        sparse: efc(3, 4),
        fm: { weightBits: 8 },
        dsi: { weightBits: 8 },
        inputs: { dense: [3], sparse: [3] },
      },
      {
        dense: op("dp", 8, 8),
        sparse: efc(2, 8),
        dsi: { weightBits: 8 },
        inputs: { dense: [4], sparse: [0, 4] },
      },
      {
        // d = 8 e: no DSI layer, the rows are the dense output after FM's term (NASRec's builder)
        dense: op("fc", 32, 8),
        sparse: efc(3, 8),
        fm: { weightBits: 8 },
        dsi: { weightBits: 4 },
        inputs: { dense: [0, 3], sparse: [0, 5] },
      },
    ],
    final: { weightBits: 4 },
  };
  const space = {
    blocks: 6,
    denseDims: [3, 4, 6, 8, 32],
    sparseDims: [2, 3],
    weightBits: [4, 8] as Array<4 | 8>,
    embeddingDim: 4,
  };

  it("gives the reference's integer logit for every request", async () => {
    const graph = analyseModel(spec, dataset);
    const values = new ModelValues(5, A);
    const supernet = new Supernet({ dataset, space, seed: 1 });
    const plan = supernet.plan(spec);
    expect(plan.layer("block1.dp.dense")).not.toBeNull(); // 9 wide -> e
    expect(plan.layer("block3.dp.dense")).toBeNull(); // block 2's 4 = e
    expect(plan.layer("block4.dp.rows")).not.toBeNull(); // 4 + 10 rows -> k = 4
    expect(plan.layer("block2.fm.proj")).toBeNull(); // d = e
    expect(plan.layer("block1.dp.out")).toBeNull(); // k = 2: the triangle's 3 values are d = 3
    expect(plan.layer("block5.dsi")).toBeNull(); // d = 32 = 8 e: the rows are the dense output
    // Load the reference's weights: its input and output order is each layer's ascending order.
    const steps = new Map<string, number>();
    // The gram's and FM's steps: the reference's shifts (FM's less the supernet's scaling).
    const stepOf = (point: string) => {
      if (point.endsWith(".gram")) return 2 ** (layerShift(4, A) - 8);
      if (!point.endsWith(".fm")) return STEP;
      const rows = graph.blocks[Number(point.slice(5, 6))]!.efcOutRows;
      return 2 ** (layerShift(rows, A) + A - 1 - 8 - fmShift(rows));
    };
    // A block's dense output is on the activation grid, but for a DP without an output layer
    // (and no FM term added), whose output is the triangle on the gram's grid.
    const denseStep = (index: number) => {
      if (index === 0) return STEP;
      const b = spec.blocks[index - 1]!;
      return b.dense.op === "dp" && !b.fm && plan.layer(`block${index - 1}.dp.out`) === null
        ? stepOf(`block${index - 1}.dp.gram`)
        : STEP;
    };
    /** The grid of a layer's input: what it reads (one grid; the spec mixes none). */
    const inputStep = (name: string) => {
      if (name.endsWith(".dp.out")) return stepOf(name.replace(".out", ".gram"));
      if (name.endsWith(".fm.proj")) return stepOf(name.replace(".proj", ""));
      const block = /^block(\d+)\.(fc|dp\.dense|dsi)$/.exec(name);
      if (block === null) return name === "final" ? denseStep(spec.blocks.length) : STEP;
      const i = Number(block[1]);
      const steps = name.endsWith(".dsi")
        ? [denseStep(i + 1)]
        : graph.blocks[i]!.denseInputs.map(denseStep);
      expect(new Set(steps).size).toBe(1);
      return steps[0]!;
    };
    for (const layer of plan.layers) {
      const rows = [...layer.rows].sort((a, b) => a - b);
      const cols = [...layer.cols].sort((a, b) => a - b);
      const w = values.layer(layer.name, rows.length, cols.length, layer.bits);
      const input = inputStep(layer.name);
      const scale = (2 ** -layerShift(rows.length, layer.bits) * STEP) / input;
      steps.set(layer.name, scale);
      const p = supernet.params.get(layer.name);
      rows.forEach((r, i) =>
        cols.forEach((c, j) => (p.weight[r * p.cols + c] = w[i]![j]! * scale)),
      );
      p.bias.fill(0);
    }
    const policy: ScalePolicy = {
      observing: false,
      activation: stepOf,
      weight: (layer) => steps.get(layer)!,
      record: () => {},
    };
    supernet.policy = policy;
    const requests = Array.from({ length: 16 }, (_, b) => ({
      dense: [b, 2 * b + 3, 40 + b * 7],
      rows: [0, 1, 2, 3].map((f) => [(b * 5 + f * 3) % 20]),
    }));
    // NASRec's log(1 + x) in float32 against the reference's in double: no value near a rounding tie.
    for (const r of requests) {
      for (const x of r.dense) {
        const frac = (Math.log1p(x) * 16) % 1;
        expect(Math.abs(frac - 0.5)).toBeGreaterThan(1e-3);
      }
    }
    requests.forEach((r) =>
      r.rows.forEach(([row], f) =>
        supernet.embeddings.row(f, row!).set(values.embedding(f, row!, 4).map((v) => v * STEP)),
      ),
    );
    const batch = batchOf(
      requests.map((r) => ({
        label: 0 as const,
        dense: r.dense,
        sparse: r.rows.map((ids) => ids[0]!),
      })),
      3,
      4,
    );
    const logits = Array.from(supernet.logits(spec, batch)).map((z) => z / STEP);
    const reference = requests.map((r) => evaluateModel(graph, values, r, exactArithmetic).logit);
    expect(new Set(reference).size).toBeGreaterThan(1); // not all saturated or zero
    expect(logits).toEqual(reference);
  });
});
