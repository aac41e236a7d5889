/**
 * Priority bands for events due at the same cycle. The kernel's one ordering
 * rule is (time, priority, sequence): a smaller priority runs first, and
 * events with equal time and priority run in the order they were scheduled.
 * Any integer is a valid priority; these named bands are the ones the kernel
 * and the models use.
 */
export const Priority = Object.freeze({
  /** Arrivals from outside the model (trace requests): a request arriving at
   * cycle t is visible before anything inside reacts at t, so it can be
   * served at t. */
  arrival: -20,
  /** A waiter resumed because its FIFO slot, item or resource unit became
   * available this cycle. The hand-over already happened when the slot freed;
   * running the waiter before ordinary work lets it act on it at once. */
  wake: -10,
  /** Ordinary model activity. */
  normal: 0,
  /** Observers that must see a cycle's final state (sampling, stop checks). */
  late: 10,
});
