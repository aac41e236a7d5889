import { Rng } from "../../sim/kernel/rng";
import type { CtrSource } from "../data/sources";
import type { ModelSpec } from "../spec/model-spec";
import { PathSampler, type InputCountLaw } from "./path-sampling";
import { NASREC_ADAGRAD, type Supernet } from "./supernet";

export interface TrainSupernetOptions {
  supernet: Supernet;
  source: CtrSource;
  batchSize: number;
  epochs: number;
  /** The steps the schedules span (cosine learning rate, path warm-up). */
  totalSteps: number;
  /** Stop once the supernet has taken this many steps (resumed ones included; default totalSteps). */
  maxSteps?: number;
  /** Peak learning rate (default NASRec's 0.12). */
  learningRate?: number;
  /** Fraction of totalSteps of linear learning-rate warm-up (default 0.1, NASRec). */
  lrWarmupFraction?: number;
  /** Fraction of totalSteps during which the largest path may be trained (default 0.2; see below). */
  pathWarmupFraction?: number;
  inputCounts?: InputCountLaw;
  /** Seeds path sampling. */
  seed: number;
  /** Train this one subnet instead of sampling paths (a standalone model). */
  subnet?: ModelSpec;
  onStep?: (info: StepInfo) => void;
}

export interface StepInfo {
  step: number;
  totalSteps: number;
  loss: number;
  learningRate: number;
  epoch: number;
}

export interface TrainSummary {
  steps: number;
  /** Rows trained on in this run. */
  rows: number;
  /** Mean training loss over the last (up to) 100 steps of this run. */
  recentLoss: number;
}

/**
 * NASRec's learning-rate schedule: linear warm-up over the first fraction
 * of the steps, then cosine decay to 0.
 */
export function learningRateAt(step: number, total: number, peak: number, warmup = 0.1): number {
  const warm = Math.max(1, Math.round(total * warmup));
  if (step < warm) return (peak * (step + 1)) / warm;
  const t = Math.min(1, (step - warm) / Math.max(1, total - warm));
  return 0.5 * peak * (1 + Math.cos(Math.PI * t));
}

/**
 * Trains the supernet with path sampling (path-sampling.ts), Adagrad with
 * gradient-norm clipping at 5, one new subnet per batch, for `epochs`
 * passes or until `maxSteps`. NASRec's Criteo run warms up the largest path
 * for 15,000 of about 71,600 steps (`--supernet_training_step 15000`,
 * batch 512, one epoch), hence the default fraction 0.2. A resumed
 * supernet (steps > 0) skips the batches it has already trained on and
 * replays the path sampler, so a resumed run takes the same steps as one
 * that was never stopped.
 */
export async function trainSupernet(options: TrainSupernetOptions): Promise<TrainSummary> {
  const { supernet, source, batchSize, epochs, totalSteps } = options;
  const maxSteps = options.maxSteps ?? totalSteps;
  const peak = options.learningRate ?? NASREC_ADAGRAD.learningRate;
  const sampler = new PathSampler(
    {
      space: supernet.layout.space,
      dataset: supernet.dataset.name,
      warmupSteps: Math.round(totalSteps * (options.pathWarmupFraction ?? 0.2)),
      inputCounts: options.inputCounts,
    },
    new Rng(options.seed).stream("paths"),
  );
  const resumedAt = supernet.steps;
  for (let s = 0; s < resumedAt && options.subnet === undefined; s++) sampler.sample(s);
  const recent: number[] = [];
  let seen = 0;
  let rows = 0;
  for (let epoch = 0; epoch < epochs && supernet.steps < maxSteps; epoch++) {
    for await (const batch of source.trainBatches(batchSize)) {
      if (supernet.steps >= maxSteps) break;
      if (seen++ < resumedAt) continue;
      const step = supernet.steps;
      const spec = options.subnet ?? sampler.sample(step);
      const learningRate = learningRateAt(step, totalSteps, peak, options.lrWarmupFraction);
      const loss = supernet.trainStep(spec, batch, { learningRate });
      rows += batch.size;
      recent.push(loss);
      if (recent.length > 100) recent.shift();
      options.onStep?.({ step: supernet.steps, totalSteps, loss, learningRate, epoch });
    }
  }
  const recentLoss = recent.length === 0 ? NaN : recent.reduce((a, b) => a + b, 0) / recent.length;
  return { steps: supernet.steps, rows, recentLoss };
}
