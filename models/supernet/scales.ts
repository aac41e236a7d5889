import { ACTIVATION_BITS, powerOfTwoScale } from "./quantisation";

/**
 * Where the grid steps of a quantised forward pass come from. Every step is
 * a power of two, so the chip rescales by shifts.
 */
export interface ScalePolicy {
  /**
   * The step of activation point `point` ("block2.fc", "input.sparse", ...).
   * `observe` returns the current batch's largest |x| there; it costs a
   * read-back, so a policy calls it only for a point it has never seen.
   */
  activation(point: string, observe: () => number): number;
  /** The step of layer `layer`'s weights, given the largest |w| of the slice in use. */
  weight(layer: string, maxAbs: number, bits: number): number;
  /** Whether the pass should measure each point's largest |x| and `record` it afterwards. */
  readonly observing: boolean;
  /** A training batch's largest |x| at `point`, measured during its pass. */
  record(point: string, maxAbs: number): void;
  /** false: the float model, nothing quantised (FloatModel); absent: quantise. */
  readonly quantising?: boolean;
}

/** A calibrated point: an exponential moving average of the batches' largest |x|. */
export interface RunningRange {
  maxAbs: number;
  batches: number;
}

/**
 * The supernet's scales. Weights: the step that just fits the slice's
 * largest weight (per layer, per bit width, recomputed every step, as
 * max-scaled symmetric quantisers do). Activations: the step that fits a
 * running average of each point's largest |x| (TensorFlow's quantisation-
 * aware training keeps such moving ranges). A step uses the ranges as they
 * stood before it and records its own maxima afterwards, so a pass never
 * depends on its own batch's extremes, in training as in evaluation (where
 * the ranges are frozen). A point seen for the first time starts from its
 * first batch. Points are shared by every path through the supernet, as the
 * weights are.
 */
export class CalibratedScales implements ScalePolicy {
  readonly ranges = new Map<string, RunningRange>();
  /** While true, passes measure their maxima and the ranges follow them. */
  training = true;

  /** Weight of the newest batch in the running range (0.05: about the last 20 batches). */
  constructor(readonly momentum = 0.05) {}

  get observing(): boolean {
    return this.training;
  }

  activation(point: string, observe: () => number): number {
    let range = this.ranges.get(point);
    if (range === undefined) {
      range = { maxAbs: observe(), batches: 0 };
      this.ranges.set(point, range);
    }
    return powerOfTwoScale(range.maxAbs, ACTIVATION_BITS);
  }

  record(point: string, maxAbs: number): void {
    const range = this.ranges.get(point);
    if (range === undefined) {
      this.ranges.set(point, { maxAbs, batches: 1 });
    } else {
      range.maxAbs =
        range.batches === 0 ? maxAbs : range.maxAbs + this.momentum * (maxAbs - range.maxAbs);
      range.batches++;
    }
  }

  weight(_layer: string, maxAbs: number, bits: number): number {
    return powerOfTwoScale(maxAbs, bits);
  }

  toJSON(): Record<string, RunningRange> {
    return Object.fromEntries(this.ranges);
  }

  load(ranges: Record<string, RunningRange>): void {
    this.ranges.clear();
    for (const [point, range] of Object.entries(ranges)) this.ranges.set(point, { ...range });
  }
}

/**
 * Steps given outright: how a forward pass is made to compute what the
 * chip's integer reference computes (test/models/supernet). An activation
 * point or layer without a step is a bug in the caller: it throws.
 */
export class FixedScales implements ScalePolicy {
  readonly observing = false;

  constructor(
    readonly activations: ReadonlyMap<string, number>,
    readonly weights: ReadonlyMap<string, number>,
  ) {}

  activation(point: string): number {
    const scale = this.activations.get(point);
    if (scale === undefined) throw new Error(`FixedScales: no step for activation ${point}`);
    return scale;
  }

  weight(layer: string): number {
    const scale = this.weights.get(layer);
    if (scale === undefined) throw new Error(`FixedScales: no step for layer ${layer}`);
    return scale;
  }

  record(): void {}
}

/**
 * No quantisation at all: the same subnet in plain float32, weights,
 * activations and biases as trained (`autorac evaluate`'s float column,
 * what quantisation costs). FM keeps its 2^-fmShift scaling, part of the
 * model.
 */
export class FloatModel implements ScalePolicy {
  readonly observing = false;
  readonly quantising = false;

  activation(): number {
    return 1;
  }

  weight(): number {
    return 1;
  }

  record(): void {}
}
