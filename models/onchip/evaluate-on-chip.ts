import type { Hardware } from "../../arch/config/hardware";
import type { Batch } from "../data/batch";
import { walkModel } from "../operators/walk";
import type { ModelSpec } from "../spec/model-spec";
import type { Evaluation } from "../supernet/finetune";
import { auc, logLossFromLogits } from "../supernet/metrics";
import type { Supernet } from "../supernet/supernet";
import { CheckpointAlgebra, type PointError } from "./checkpoint-algebra";
import { quantisedInputs, quantisedModel } from "./checkpoint-model";
import { ChipProducts, ExactProducts, type Products } from "./products";
import { TfjsExactProducts } from "./tfjs-products";
import type { QuantisedModel } from "./checkpoint-algebra";

/** One layer or engine of the subnet on the chip. */
export interface LayerOnChip {
  /** The activation point ("block1.fc", "block1.dp.gram", "block1.fm"). */
  name: string;
  conversions: number;
  clipped: number;
  /** Mean |chip - exact| of the point's outputs (same inputs), in its LSBs and in value. */
  maeLsb: number;
  maeValue: number;
}

export interface ChipEvaluation {
  rows: number;
  /** The same subnet in plain float32, nothing quantised: what quantisation costs. */
  float32: Evaluation;
  /** The supernet's own pass: tfjs, float32 arithmetic on the fake-quantised model (what train and search report). */
  tfjs: Evaluation;
  /** The same quantised model in exact integer arithmetic: the chip's reference. */
  integer: Evaluation;
  /** Through the crossbar models of `hw`. */
  chip: Evaluation;
  /** Rows whose integer logit differs from tfjs's, and the largest difference (float32 rounding). */
  tfjsVsInteger: { rowsDiffering: number; maxAbsLogitDifference: number };
  /** Rows whose chip logit differs from the integer reference's. */
  chipVsInteger: { rowsDiffering: number; maxAbsLogitDifference: number };
  layers: LayerOnChip[];
  conversions: number;
  clipped: number;
  /** Wall time of each pass. */
  seconds: { tfjs: number; integer: number; chip: number };
}

/** The four passes, in the order reports show them, with their names. */
export const PASSES: ReadonlyArray<["float32" | "tfjs" | "integer" | "chip", string]> = [
  ["float32", "float32 model (nothing quantised)"],
  ["tfjs", "tfjs pass (float32 arithmetic, fake-quantised)"],
  ["integer", "integer reference (exact)"],
  ["chip", "chip (crossbar model)"],
];

export interface ChipEvaluationOptions {
  supernet: Supernet;
  spec: ModelSpec;
  hw: Hardware;
  batches: readonly Batch[];
  /** Called after each batch of the chip's pass. */
  onBatch?: (done: number, total: number) => void;
}

/** The logits of the subnet over the batches, through `products`. */
function integerLogits(
  options: ChipEvaluationOptions,
  model: QuantisedModel,
  products: Products,
  onBatch?: (done: number) => void,
): { logits: number[]; errors: Map<string, PointError> } {
  const { supernet, spec, batches } = options;
  const plan = supernet.plan(spec);
  const logits: number[] = [];
  const algebra = new CheckpointAlgebra(plan.graph.embeddingDim, model, products);
  batches.forEach((batch, k) => {
    const inputs = quantisedInputs(supernet, model, batch);
    const input = { dense: inputs.dense, sparse: [inputs.sparse] };
    const out = walkModel(plan.graph, algebra, input, { work: plan.work });
    for (const v of out.v) logits.push(v * 2 ** out.exp);
    onBatch?.(k + 1);
  });
  return { logits, errors: algebra.errors };
}

function evaluation(logits: number[], labels: number[]): Evaluation {
  return {
    logLoss: logLossFromLogits(logits, labels),
    auc: auc(logits, labels),
    rows: labels.length,
  };
}

function difference(a: ArrayLike<number>, b: ArrayLike<number>) {
  let rowsDiffering = 0;
  let maxAbsLogitDifference = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > 0) rowsDiffering++;
    if (d > maxAbsLogitDifference) maxAbsLogitDifference = d;
  }
  return { rowsDiffering, maxAbsLogitDifference };
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/**
 * The subnet's validation figures on the chip alone (the search's loss of a
 * lossy candidate). A tfjs pass over the first batch first fixes the step
 * of any point training never calibrated, as the supernet's evaluation does.
 */
export function chipEvaluation(
  supernet: Supernet,
  spec: ModelSpec,
  hw: Hardware,
  batches: readonly Batch[],
): Evaluation {
  if (batches.length > 0) supernet.logits(spec, batches[0]!);
  const model = quantisedModel(supernet, supernet.plan(spec));
  const labels = batches.flatMap((b) => Array.from(b.labels));
  return onTfjs((tfjs) => {
    const products = new ChipProducts(hw, tfjs.multiply.bind(tfjs), tfjs.product);
    const chip = integerLogits({ supernet, spec, hw, batches }, model, products);
    return evaluation(chip.logits, labels);
  });
}

/** Runs `use` with exact products on tfjs, whose tensors are freed afterwards. */
function onTfjs<T>(use: (tfjs: TfjsExactProducts) => T): T {
  const tfjs = new TfjsExactProducts();
  try {
    return use(tfjs);
  } finally {
    tfjs.dispose();
  }
}

/**
 * A trained subnet's validation figures four ways: in plain float32 (no
 * quantisation), the supernet's tfjs pass (run first: it also fixes the
 * step of any point training never calibrated), the integer reference,
 * and the chip's crossbar model, with
 * each layer's conversions, clips and the error its clips introduced.
 * On a lossless chip the chip's logits are the reference's, exactly.
 */
export function evaluateOnChip(options: ChipEvaluationOptions): ChipEvaluation {
  const labels = options.batches.flatMap((b) => Array.from(b.labels));
  const started = process.hrtime.bigint();
  const tfjsLogits = options.batches.flatMap((b) =>
    Array.from(options.supernet.logits(options.spec, b)),
  );
  const tfjsSeconds = seconds(started);
  const floatLogits = options.batches.flatMap((b) =>
    Array.from(options.supernet.floatLogits(options.spec, b)),
  );
  const plan = options.supernet.plan(options.spec);
  const model = quantisedModel(options.supernet, plan);
  const passes = onTfjs((tfjs) => {
    for (const layer of plan.layers) tfjs.weightsOf(model.layer(layer.name).matrix); // before the clocks
    const multiply = tfjs.multiply.bind(tfjs);
    let from = process.hrtime.bigint();
    const reference = integerLogits(options, model, new ExactProducts(multiply));
    const integerSeconds = seconds(from);
    from = process.hrtime.bigint();
    const products = new ChipProducts(options.hw, multiply, tfjs.product);
    const chip = integerLogits(options, model, products, (done) =>
      options.onBatch?.(done, options.batches.length),
    );
    return { reference, chip, products, integerSeconds, chipSeconds: seconds(from) };
  });
  const { reference, chip, products, integerSeconds, chipSeconds } = passes;
  const names = new Set([...products.tallies.keys(), ...chip.errors.keys()]);
  const layers = [...names].map((name) => {
    const tally = products.tallies.get(name) ?? { conversions: 0, clipped: 0 };
    const error = chip.errors.get(name);
    const maeLsb =
      error === undefined || error.outputs === 0 ? 0 : error.absErrorLsb / error.outputs;
    return {
      name,
      conversions: tally.conversions,
      clipped: tally.clipped,
      maeLsb,
      maeValue: error === undefined ? 0 : maeLsb * 2 ** error.exp,
    };
  });
  return {
    rows: labels.length,
    float32: evaluation(floatLogits, labels),
    tfjs: evaluation(tfjsLogits, labels),
    integer: evaluation(reference.logits, labels),
    chip: evaluation(chip.logits, labels),
    tfjsVsInteger: difference(tfjsLogits, reference.logits),
    chipVsInteger: difference(chip.logits, reference.logits),
    layers,
    conversions: layers.reduce((s, l) => s + l.conversions, 0),
    clipped: layers.reduce((s, l) => s + l.clipped, 0),
    seconds: { tfjs: tfjsSeconds, integer: integerSeconds, chip: chipSeconds },
  };
}
