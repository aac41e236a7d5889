/**
 * A binary min-heap of numbers in a given Float64Array (its capacity): the
 * static schedule's steps, keyed by time and sequence, with nothing
 * allocated per push.
 */
export class KeyHeap {
  private size = 0;

  constructor(private readonly keys: Float64Array) {}

  get length(): number {
    return this.size;
  }

  push(key: number): void {
    const keys = this.keys;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      i = parent;
    }
    keys[i] = key;
  }

  /** The least key, removed; the heap must not be empty. */
  pop(): number {
    const keys = this.keys;
    const top = keys[0]!;
    const last = keys[--this.size]!;
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= last) break;
      keys[i] = keys[child]!;
      i = child;
    }
    keys[i] = last;
    return top;
  }
}
