import type { Rng } from "../../sim/kernel/rng";
import { drawOp, searchableOps } from "../operators/choices";
import type { ChoiceBlock, ModelSpec, WeightBits } from "../spec/model-spec";
import type { SearchSpace } from "./search-space";

/** How many inputs a block draws: NASRec's `anypath_choice` ("binomial-0.5" in its Criteo runs). */
export type InputCountLaw = "binomial" | "uniform";

export interface PathSamplerOptions {
  space: SearchSpace;
  /** The spec's `dataset` field. */
  dataset: string;
  /** Steps during which the largest path may replace the sampled one (probability 1 - step / warmupSteps). */
  warmupSteps: number;
  inputCounts?: InputCountLaw;
}

/** At most 4 inputs per block, as NASRec caps them. */
const MAX_INPUTS = 4;

/**
 * A new subnet per training step, as NASRec's default strategy draws it
 * (`SuperNet._get_choice`, `SuperNetBlock._get_single_path_choice`):
 * - macro "any-path": block i reads 1 + Binomial(min(i, 3), 1/2) dense
 *   inputs and as many sparse ones (drawn separately), without replacement
 *   from 0..i;
 * - micro "single-path": one dense operator (FC or DP), dims, DSI on/off and
 *   FM on/off uniformly, plus AutoRAC's weight bits (4 or 8) uniformly for
 *   each operator;
 * - warm-up: while step < warmupSteps, with probability 1 - step /
 *   warmupSteps the macro choice is every input and, drawn separately per
 *   block, the micro choice is the largest one (max dims, DSI and FM on,
 *   8-bit). NASRec's largest block runs FC and DP together and sums them; a
 *   spec has one dense operator, so ours draws it (a deviation).
 * No sandwich rule: NASRec does not use one, and the warm-up already trains
 * the largest path.
 */
export class PathSampler {
  private counter = 0;

  constructor(
    readonly options: PathSamplerOptions,
    private readonly rng: Rng,
  ) {}

  /** The subnet for training step `step` (0-based). */
  sample(step: number): ModelSpec {
    const { space, warmupSteps } = this.options;
    const threshold = step > 0 && step < warmupSteps ? 1 - step / warmupSteps : 0;
    const fullMacro = this.rng.float() < threshold;
    const blocks: ChoiceBlock[] = [];
    for (let i = 0; i < space.blocks; i++) {
      const fullMicro = this.rng.float() < threshold;
      blocks.push(this.block(i, fullMacro, fullMicro));
    }
    return {
      name: `path-${this.counter++}`,
      dataset: this.options.dataset,
      embeddingDim: space.embeddingDim,
      blocks,
      final: { weightBits: fullMacro ? 8 : this.bits() },
    };
  }

  private block(i: number, fullMacro: boolean, fullMicro: boolean): ChoiceBlock {
    const { space } = this.options;
    const all = Array.from({ length: i + 1 }, (_, j) => j);
    const inputs = fullMacro
      ? { dense: all, sparse: all }
      : { dense: this.someOf(all), sparse: this.someOf(all) };
    const op = drawOp(this.rng, "dense");
    if (fullMicro) return largestBlock(space, op, inputs);
    return {
      dense: { op, dim: this.pick(space.denseDims), weightBits: this.bits() },
      sparse: {
        op: drawOp(this.rng, "sparse"),
        dim: this.pick(space.sparseDims),
        weightBits: this.bits(),
      },
      dsi: this.rng.float() < 0.5 ? { weightBits: this.bits() } : null,
      fm: this.rng.float() < 0.5 ? { weightBits: this.bits() } : null,
      inputs,
    };
  }

  /** 1 + Binomial(min(n - 1, 3), 1/2) (or uniform on 1..min(n, 4)) of the n indices, ascending. */
  private someOf(indices: number[]): number[] {
    const n = indices.length;
    let count: number;
    if ((this.options.inputCounts ?? "binomial") === "binomial") {
      count = 1;
      for (let t = 0; t < Math.min(n - 1, MAX_INPUTS - 1); t++) if (this.rng.float() < 0.5) count++;
    } else {
      count = this.rng.int(1, Math.min(n, MAX_INPUTS));
    }
    return this.rng
      .shuffle([...indices])
      .slice(0, count)
      .sort((a, b) => a - b);
  }

  private pick<T>(values: readonly T[]): T {
    return values[this.rng.int(0, values.length - 1)]!;
  }

  private bits(): WeightBits {
    return this.pick(this.options.space.weightBits);
  }
}

/**
 * The largest subnet of a space: every input, max dims, DSI and FM on,
 * 8-bit, the given dense operator in every block.
 */
export function largestSubnet(space: SearchSpace, dataset: string, denseOp = "fc"): ModelSpec {
  return {
    name: `largest-${denseOp}`,
    dataset,
    embeddingDim: space.embeddingDim,
    blocks: Array.from({ length: space.blocks }, (_, i) =>
      largestBlock(
        space,
        denseOp,
        Array.from({ length: i + 1 }, (_, j) => j),
      ),
    ),
    final: { weightBits: largestBits(space) },
  };
}

/** 8-bit when the space has it. */
function largestBits(space: SearchSpace): WeightBits {
  return space.weightBits.includes(8) ? 8 : space.weightBits[0]!;
}

/** A block at the space's largest: max dims, DSI and FM on, the largest bits, the given dense operator. */
function largestBlock(
  space: SearchSpace,
  denseOp: string,
  inputs: ChoiceBlock["inputs"],
): ChoiceBlock {
  const bits = largestBits(space);
  return {
    dense: { op: denseOp, dim: Math.max(...space.denseDims), weightBits: bits },
    sparse: {
      op: searchableOps("sparse")[0]!,
      dim: Math.max(...space.sparseDims),
      weightBits: bits,
    },
    dsi: { weightBits: bits },
    fm: { weightBits: bits },
    inputs,
  };
}
