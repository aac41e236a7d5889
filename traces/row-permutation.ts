import type { Rng } from "../sim/kernel/rng";

/** The largest row count: row ids stay exact doubles. */
export const MAX_PERMUTED_ROWS = 2 ** 53;

/**
 * Feistel rounds. Any number of rounds gives a bijection; four is the
 * Luby-Rackoff minimum for a pseudo-random permutation, two more make the
 * scatter of neighbouring ranks look random even on tiny domains.
 */
const ROUNDS = 6;

/**
 * A seeded bijection from popularity rank (0-based) to row id, both in
 * [0, rowCount). In real CTR data the ids are hashes, so the hottest rows lie
 * anywhere in a table; a placement policy fed ranks 0, 1, 2... as ids would
 * see an unrealistically tidy table.
 *
 * The map is a balanced Feistel network on 2h bits, h = ceil(ceil(log2 N) / 2),
 * keyed by one 32-bit word per round, with cycle-walking: a result >= N is fed
 * through the network again until it lands in [0, N). A Feistel network is a
 * bijection on its 4^h-point domain whatever its round function, and
 * cycle-walking restricts a bijection to a subset (Black and Rogaway,
 * "Ciphers with arbitrary finite domains", CT-RSA 2002). 4^h < 4N, so a rank
 * needs fewer than 4 passes on average. Each half has at most 27 bits, so the
 * rounds run on 32-bit integer operations.
 */
export class RowPermutation {
  private readonly halfBits: number;
  private readonly halfMask: number;
  private readonly halfSize: number;
  private readonly roundKeys: number[];
  /** rowCount split into halves, to test "value < rowCount" without forming values >= 2^53. */
  private readonly countHigh: number;
  private readonly countLow: number;

  /** Draws the round keys from `rng`; the same stream state gives the same permutation. */
  constructor(
    readonly rowCount: number,
    rng: Rng,
  ) {
    if (!(Number.isInteger(rowCount) && rowCount >= 1 && rowCount <= MAX_PERMUTED_ROWS)) {
      throw new RangeError(`row count must be an integer in [1, 2^53]; got ${rowCount}`);
    }
    let bits = 0;
    while (2 ** bits < rowCount) bits++;
    this.halfBits = Math.max(1, Math.ceil(bits / 2));
    this.halfSize = 2 ** this.halfBits;
    this.halfMask = this.halfSize - 1;
    this.countHigh = Math.floor(rowCount / this.halfSize);
    this.countLow = rowCount - this.countHigh * this.halfSize;
    this.roundKeys = Array.from({ length: ROUNDS }, () => rng.uint32());
  }

  /** The row id of the rank-th most popular row. */
  rowOf(rank: number): number {
    this.check(rank, "rank");
    let high = Math.floor(rank / this.halfSize);
    let low = rank - high * this.halfSize;
    do {
      for (const key of this.roundKeys) {
        const mixed = high ^ this.round(low, key);
        high = low;
        low = mixed;
      }
    } while (!this.inRange(high, low));
    return high * this.halfSize + low;
  }

  /** The popularity rank of a row id: the inverse of rowOf. */
  rankOf(row: number): number {
    this.check(row, "row");
    let high = Math.floor(row / this.halfSize);
    let low = row - high * this.halfSize;
    do {
      for (let i = ROUNDS - 1; i >= 0; i--) {
        const unmixed = low ^ this.round(high, this.roundKeys[i]!);
        low = high;
        high = unmixed;
      }
    } while (!this.inRange(high, low));
    return high * this.halfSize + low;
  }

  /** The round function: MurmurHash3's finaliser of (half xor key), cut to h bits. */
  private round(half: number, key: number): number {
    let z = (half ^ key) >>> 0;
    z ^= z >>> 16;
    z = Math.imul(z, 0x85ebca6b);
    z ^= z >>> 13;
    z = Math.imul(z, 0xc2b2ae35);
    z ^= z >>> 16;
    return z & this.halfMask;
  }

  private inRange(high: number, low: number): boolean {
    return high < this.countHigh || (high === this.countHigh && low < this.countLow);
  }

  private check(value: number, what: string): void {
    if (!(Number.isInteger(value) && value >= 0 && value < this.rowCount)) {
      throw new RangeError(`${what} must be an integer in [0, ${this.rowCount}); got ${value}`);
    }
  }
}
