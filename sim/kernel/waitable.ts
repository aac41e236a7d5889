/**
 * Something a process can wait for: a FIFO slot, an item, a resource unit.
 *
 * Contract: `onReady` registers `resume`, which is called exactly once with
 * the result, either synchronously inside `onReady` (the wait is satisfied at
 * once) or later from a kernel event at the cycle it is satisfied.
 */
export interface Waitable<T> {
  onReady(resume: (value: T) => void): void;
}

/** What a process body may yield: a delay in cycles, or a Waitable. */
export type Yieldable = number | Waitable<unknown>;
