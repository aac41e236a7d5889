import { Priority } from "./priority";
import type { Cycles } from "./time";

/**
 * Something that happens at a cycle. Components own their events and reuse
 * them (schedule, fire, schedule again), so the hot path allocates nothing;
 * `Simulator.after` makes a one-off event for convenience.
 */
export class SimEvent {
  /** Cycle the event is due at; meaningful while `pending`. */
  time: Cycles = 0;
  /** Global scheduling order, the final tie-break; set by the queue. */
  seq = 0;
  /** True from scheduling until the event fires or is cancelled. */
  pending = false;

  constructor(
    /** What to do when the event fires. */
    public action: () => void,
    /** Same-cycle priority band, fixed for the event's life (see `Priority`). */
    public readonly priority: number = Priority.normal,
    /** Shown in errors and traces. */
    public readonly name: string = "event",
  ) {}
}
