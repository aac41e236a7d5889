/**
 * Typed arrays reused from one call to the next, for work that runs to its
 * end before the next call starts (the static schedule): typed arrays are
 * costly to create, a zeroed piece of one already made is not.
 */
export class Scratch<T extends Float64Array | Int32Array> {
  private all: T;

  constructor(private readonly make: (length: number) => T) {
    this.all = make(0);
  }

  /** Zeroed arrays of these lengths, one after another in one buffer; valid until the next call. */
  take<L extends readonly number[]>(lengths: readonly [...L]): { [K in keyof L]: T } {
    let total = 0;
    for (const n of lengths) total += n;
    if (this.all.length < total) this.all = this.make(2 * total);
    this.all.fill(0, 0, total);
    let at = 0;
    return lengths.map((n) => this.all.subarray(at, (at += n))) as { [K in keyof L]: T };
  }
}
