import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../data/batch";
import type { ModelSpec } from "../spec/model-spec";
import type { DatasetDescriptor } from "../../traces/datasets";
import { EmbeddingTables } from "./embeddings";
import { SupernetLayout, type LayerPlan, type SubnetPlan } from "./layout";
import { walkModel } from "../operators/walk";
import { QuantContext, type LayerTensors } from "./operators";
import { QuantAlgebra } from "./quant-algebra";
import { ParameterStore, sumOfSquares, type AdagradStep } from "./parameters";
import { ACTIVATION_BITS, fakeQuantiseArray, maxAbs } from "./quantisation";
import { CalibratedScales, FloatModel, type ScalePolicy } from "./scales";
import type { SearchSpace } from "./search-space";

export interface SupernetOptions {
  /** The data set's layout; its table sizes are the embedding tables' (cap them there). */
  dataset: DatasetDescriptor;
  space: SearchSpace;
  /** Seeds the weights and the embedding rows. */
  seed: number;
}

/** NASRec's optimiser settings (../shared/reference/nasrec/README.md). */
export const NASREC_ADAGRAD = { learningRate: 0.12, epsilon: 1e-2, clipNorm: 5 };

export interface TrainStepOptions {
  learningRate: number;
  epsilon?: number;
  /** Clip the global gradient norm (embeddings included) to this (default 5). */
  clipNorm?: number;
  /** "all" trains everything; "final" only the final layer (NASRec's fine-tune). */
  trainable?: "all" | "final";
}

/** The layers' tensors for one pass, by layer name. */
type LayerMap = Map<string, LayerTensors>;

/** A batch's inputs after quantisation (Supernet.quantisedInputs). */
interface QuantisedInputs {
  dense: Float32Array;
  denseScale: number;
  /** [B, e, F] embeddings on the grid sparseScale. */
  sparse: Float32Array;
  sparseScale: number;
  /** 1 where an embedding value saturated. */
  saturated: Uint8Array;
  /** Largest |x| of each input point, for the running ranges. */
  maxima: Array<[string, number]>;
}

/**
 * The one-shot supernet (paper sections 3.1 and 4.1): every subnet of the
 * search space shares its weights. A subnet (a ModelSpec) uses prefix slices
 * of the largest layers (layout.ts) at its own weight bits: the same float
 * weights, fake-quantised to 4 or 8 bits, are shared across bit widths.
 * Dense weights and embeddings live in Float32Arrays; a step builds tensors
 * of the slices it needs, differentiates through tfjs, and applies Adagrad
 * to those slices and to the embedding rows the batch touched.
 */
export class Supernet {
  readonly layout: SupernetLayout;
  readonly params: ParameterStore;
  readonly embeddings: EmbeddingTables;
  readonly scales = new CalibratedScales();
  /** The steps in use; replace it to run with fixed steps (the integer-reference test). */
  policy: ScalePolicy = this.scales;
  /** Training steps taken (checkpoints keep it, for the schedules). */
  steps = 0;
  private readonly plans = new Map<string, SubnetPlan>();

  constructor(readonly options: SupernetOptions) {
    this.layout = new SupernetLayout(options.dataset, options.space);
    this.params = new ParameterStore(this.layout.layerShapes(), options.seed);
    this.embeddings = new EmbeddingTables(
      options.dataset.tableRows,
      options.space.embeddingDim,
      options.seed,
    );
  }

  get dataset(): DatasetDescriptor {
    return this.options.dataset;
  }

  /** The subnet's slices (cached by the spec's architecture); an unfit spec is an InputError. */
  plan(spec: ModelSpec): SubnetPlan {
    const key = JSON.stringify([spec.dataset, spec.embeddingDim, spec.blocks, spec.final]);
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = this.layout.plan(spec);
      if (this.plans.size >= 512) this.plans.delete(this.plans.keys().next().value!);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** One training step of the subnet on a batch; returns the batch's mean log loss. */
  trainStep(spec: ModelSpec, batch: Batch, options: TrainStepOptions): number {
    const plan = this.plan(spec);
    const trainAll = (options.trainable ?? "all") === "all";
    if (this.policy === this.scales) this.scales.training = trainAll;
    const step: AdagradStep = {
      learningRate: options.learningRate,
      epsilon: options.epsilon ?? NASREC_ADAGRAD.epsilon,
      gradientScale: 1,
    };
    const clipNorm = options.clipNorm ?? NASREC_ADAGRAD.clipNorm;
    const inputs = this.quantisedInputs(batch);
    let loss = NaN;
    let maxima: Array<[string, number]> = [];
    tf.tidy(() => {
      const sparseInput = tf.tensor3d(inputs.sparse, this.sparseShape(batch));
      const layers = this.layerTensors(plan);
      const trained = trainAll ? plan.layers : [plan.final];
      const embeddingGrads = trainAll && plan.usesEmbeddings;
      const xs: tf.Tensor[] = embeddingGrads ? [sparseInput] : [];
      for (const layer of trained) {
        const t = layers.get(layer.name)!;
        xs.push(t.weight, t.bias);
      }
      const labels = tf.tensor1d(batch.labels);
      const lossOf = (...args: tf.Tensor[]): tf.Scalar => {
        let k = 0;
        const sparse = embeddingGrads ? args[k++]! : sparseInput;
        const live: LayerMap = new Map(layers);
        for (const layer of trained) {
          const t = layers.get(layer.name)!;
          const weight = args[k++] as tf.Tensor2D;
          const bias = args[k++] as tf.Tensor1D;
          live.set(layer.name, { ...t, weight, bias });
        }
        const ctx = new QuantContext(this.policy);
        const logits = this.forward(plan, batch, inputs, sparse, live, ctx);
        maxima = ctx.readMaxima();
        return logLossWithLogits(logits, labels);
      };
      const { value, grads } = tf.valueAndGrads(lossOf)(xs);
      loss = value.dataSync()[0]!;
      const arrays = grads.map((g) => g.dataSync() as Float32Array);
      let k = 0;
      const rowGrads = embeddingGrads
        ? this.embeddings.rowGradients(batch, arrays[k++]!, inputs.saturated)
        : null;
      let squares = rowGrads?.sumOfSquares ?? 0;
      for (let i = k; i < arrays.length; i++) squares += sumOfSquares(arrays[i]!);
      step.gradientScale = Math.min(1, clipNorm / (Math.sqrt(squares) + 1e-6));
      if (rowGrads !== null) this.embeddings.adagrad(rowGrads, step);
      for (const layer of trained) {
        this.params.adagrad(layer, arrays[k]!, arrays[k + 1]!, step);
        k += 2;
      }
    });
    if (this.policy.observing) {
      for (const [point, value] of [...inputs.maxima, ...maxima]) this.policy.record(point, value);
    }
    if (trainAll) this.steps++;
    return loss;
  }

  /** The subnet's logits on a batch (activation ranges frozen). */
  logits(spec: ModelSpec, batch: Batch): Float32Array {
    const plan = this.plan(spec);
    if (this.policy === this.scales) this.scales.training = false;
    const inputs = this.quantisedInputs(batch);
    let out: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      const sparse = tf.tensor3d(inputs.sparse, this.sparseShape(batch));
      const ctx = new QuantContext(this.policy);
      const logits = this.forward(plan, batch, inputs, sparse, this.layerTensors(plan), ctx);
      out = logits.dataSync() as Float32Array;
    });
    return out;
  }

  /** The subnet's logits in plain float32, nothing quantised (scales.ts FloatModel). */
  floatLogits(spec: ModelSpec, batch: Batch): Float32Array {
    const policy = this.policy;
    this.policy = new FloatModel();
    try {
      return this.logits(spec, batch);
    } finally {
      this.policy = policy;
    }
  }

  /** Click probabilities, sigmoid of the logits. */
  predict(spec: ModelSpec, batch: Batch): Float32Array {
    return this.logits(spec, batch).map((z) => 1 / (1 + Math.exp(-z)));
  }

  private sparseShape(batch: Batch): [number, number, number] {
    return [batch.size, this.layout.embeddingDim, batch.sparseFeatures];
  }

  /**
   * The model inputs, fake-quantised in plain JS (cheaper than in the
   * graph): the dense features at point "input.dense", the looked-up
   * embeddings [B, e, F] at "input.sparse", with a mark on every embedding
   * value the clamp saturated (the straight-through gradient is 0 there).
   */
  private quantisedInputs(batch: Batch): QuantisedInputs {
    const maxima: Array<[string, number]> = [];
    const quantise = (values: Float32Array, point: string, marks?: Uint8Array) => {
      const largest = maxAbs(values);
      const scale = this.policy.activation(point, () => largest);
      if (this.policy.observing) maxima.push([point, largest]);
      if (this.policy.quantising !== false)
        fakeQuantiseArray(values, scale, ACTIVATION_BITS, marks);
      return scale;
    };
    const dense = Float32Array.from(batch.dense);
    const denseScale = quantise(dense, "input.dense");
    const sparse = this.embeddings.lookup(batch);
    const saturated = new Uint8Array(sparse.length);
    const sparseScale = quantise(sparse, "input.sparse", saturated);
    return { dense, denseScale, sparse, sparseScale, saturated, maxima };
  }

  /** Tensors of every layer slice the subnet uses, weights fake-quantised to their bits. */
  private layerTensors(plan: SubnetPlan): LayerMap {
    const map: LayerMap = new Map();
    for (const layer of plan.layers) map.set(layer.name, this.sliceTensors(layer));
    return map;
  }

  private sliceTensors(layer: LayerPlan): LayerTensors {
    const { weight, bias } = this.params.slice(layer);
    const weightScale = this.policy.weight(layer.name, maxAbs(weight), layer.bits);
    if (this.policy.quantising !== false) fakeQuantiseArray(weight, weightScale, layer.bits);
    const rows = layer.rows.length;
    const cols = layer.cols.length;
    const transposed = new Float32Array(weight.length);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) transposed[j * rows + i] = weight[i * cols + j]!;
    }
    return {
      weight: tf.tensor2d(weight, [rows, cols]),
      weightT: tf.tensor2d(transposed, [cols, rows]),
      weightScale,
      bias: tf.tensor1d(bias),
      biasValues: bias,
    };
  }

  /**
   * The quantised forward pass: the subnet's operators (models/operators)
   * through the quantised algebra, computing only the parts whose work
   * reaches the logit (plan.work) -> [B] logits.
   */
  private forward(
    plan: SubnetPlan,
    batch: Batch,
    inputs: QuantisedInputs,
    sparseInput: tf.Tensor,
    layers: LayerMap,
    ctx: QuantContext,
  ): tf.Tensor1D {
    const alg = new QuantAlgebra(this.layout.embeddingDim, ctx, layers);
    const logit = walkModel(
      plan.graph,
      alg,
      {
        dense: {
          tensor: tf.tensor2d(inputs.dense, [batch.size, batch.denseFeatures]),
          scale: inputs.denseScale,
        },
        sparse: [{ tensor: sparseInput, scale: inputs.sparseScale }],
      },
      { work: plan.work },
    );
    return tf.reshape(logit.tensor, [batch.size]) as tf.Tensor1D;
  }
}

/** Mean binary cross-entropy on logits: max(z, 0) - z y + log(1 + e^-|z|). */
export function logLossWithLogits(logits: tf.Tensor1D, labels: tf.Tensor1D): tf.Scalar {
  const z = logits;
  return tf.mean(
    tf.add(tf.sub(tf.relu(z), tf.mul(z, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))),
  ) as tf.Scalar;
}
