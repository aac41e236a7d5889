import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

/**
 * A seeded, reproducible random stream: xoroshiro128+ (Blackman and Vigna,
 * "Scrambled linear pseudorandom number generators", 2018) as implemented by
 * pure-rand, the generator behind fast-check. The same seed gives the same
 * sequence on every machine and Node version.
 *
 * Independent streams come from `stream(label)`, which seeds a fresh
 * generator from this stream's seed and the label, so adding a stream never
 * shifts the numbers another stream draws.
 */
export class Rng {
  private readonly generator: JumpableRandomGenerator;

  constructor(readonly seed: number) {
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
      throw new RangeError(`seed must be an integer in [0, 2^32 - 1]; got ${seed}`);
    }
    // pure-rand seeds from 32 bits as they are; nearby seeds are scrambled
    // first (murmur3's finaliser) so that seeds 1 and 2 start far apart.
    this.generator = xoroshiro128plus(fmix32(seed));
  }

  /** An independent stream named `label` (e.g. "arrivals", "table7"). */
  stream(label: string): Rng {
    return new Rng(mixSeed(this.seed, label));
  }

  /** The generator's next raw output, as an unsigned 32-bit integer. */
  uint32(): number {
    return this.generator.next() >>> 0;
  }

  /** Uniform on [0, 1), 53 random bits. */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from <= to)) {
      throw new RangeError(`int(${from}, ${to}): need integers with from <= to`);
    }
    return uniformInt(this.generator, from, to);
  }

  /** Exponentially distributed with the given mean (inter-arrival gaps of a Poisson process). */
  exponential(mean: number): number {
    if (!(mean > 0)) throw new RangeError(`exponential mean must be > 0; got ${mean}`);
    return -mean * Math.log(1 - this.float());
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** FNV-1a over the label, started from the parent seed: a 32-bit child seed. */
function mixSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's 32-bit finaliser: a bijection that spreads nearby inputs. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
