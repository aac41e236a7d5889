import { Rng } from "../../sim/kernel/rng";

/**
 * Deterministic integer weights and embeddings for a model with no trained
 * weights: every layer's weights come from its own seeded stream (by name),
 * every embedding row from a hash of (seed, feature, row), so a value never
 * depends on what else was generated, and no table is held in memory.
 */
export class ModelValues {
  private readonly weights = new Map<string, number[][]>();

  constructor(
    readonly seed: number,
    readonly activationBits: number,
  ) {}

  /** inputs x outputs signed `bits`-bit weights of the named layer. */
  layer(name: string, inputs: number, outputs: number, bits: number): number[][] {
    const key = `${name}:${inputs}x${outputs}x${bits}`;
    let w = this.weights.get(key);
    if (w === undefined) {
      const rng = new Rng(this.seed).stream(name);
      const half = 2 ** (bits - 1);
      w = Array.from({ length: inputs }, () =>
        Array.from({ length: outputs }, () => rng.int(-half, half - 1)),
      );
      this.weights.set(key, w);
    }
    return w;
  }

  /** The embedding row `row` of feature `feature`: e signed activations. */
  embedding(feature: number, row: number, e: number): number[] {
    const half = 2 ** (this.activationBits - 1);
    return Array.from(
      { length: e },
      (_, d) => (mix(this.seed, feature, row, d) % (2 * half)) - half,
    );
  }
}

function mix(seed: number, feature: number, row: number, d: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(feature + 1, 0xc2b2ae35);
  h ^= Math.imul(row % 0x100000000 ^ Math.floor(row / 0x100000000), 0x27d4eb2f);
  h ^= Math.imul(d + 1, 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
