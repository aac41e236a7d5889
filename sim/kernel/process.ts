import { Component } from "./component";
import { SimEvent } from "./event";
import { Priority } from "./priority";
import type { Simulator } from "./simulator";
import type { Waitable, Yieldable } from "./waitable";

/**
 * A process body: a generator that yields a number to wait that many cycles,
 * or a Waitable (FIFO put/get, resource acquire, a signal, another process's
 * `done`) to wait for it; `yield` returns the Waitable's result.
 *
 *   function* stage() {
 *     const item = (yield input.get()) as Job;
 *     yield 3; // three cycles of work
 *     yield output.put(item);
 *   }
 */
export type ProcessBody = () => Generator<Yieldable, void, unknown>;

const NOTHING = Symbol("nothing");

/**
 * Runs a generator body on the kernel, from an event at the cycle it is
 * made. Every `yield n` reschedules the coroutine's own event, so a running
 * coroutine allocates nothing per delay. `sim.spawn` makes a bare coroutine
 * (for short-lived work: nothing is registered); a `Process` is a named
 * component wrapped around one.
 */
export class Coroutine {
  private readonly generator: Generator<Yieldable, void, unknown>;
  private readonly wakeEvent: SimEvent;
  private readonly resumeFn = (value: unknown): void => this.resume(value);
  private subscribing = false;
  private syncValue: unknown = NOTHING;
  private finished = false;
  private readonly joiners: Array<(value: void) => void> = [];

  constructor(
    private readonly sim: Simulator,
    body: ProcessBody,
    name: string,
  ) {
    this.generator = body();
    this.wakeEvent = new SimEvent(() => this.advance(undefined), Priority.normal, name);
    sim.schedule(this.wakeEvent, 0);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Ready when the body has returned. */
  readonly done: Waitable<void> = {
    onReady: (resume) => {
      if (this.finished) resume();
      else this.joiners.push(resume);
    },
  };

  private resume(value: unknown): void {
    if (this.subscribing)
      this.syncValue = value; // satisfied at once: continue in advance()
    else this.advance(value);
  }

  private advance(input: unknown): void {
    let value = input;
    while (true) {
      const step = this.generator.next(value);
      if (step.done === true) {
        this.finished = true;
        for (const resume of this.joiners.splice(0)) this.sim.wake(resume, undefined);
        return;
      }
      const waitFor = step.value;
      if (typeof waitFor === "number") {
        this.sim.schedule(this.wakeEvent, waitFor);
        return;
      }
      this.syncValue = NOTHING;
      this.subscribing = true;
      try {
        waitFor.onReady(this.resumeFn);
      } finally {
        this.subscribing = false;
      }
      if (this.syncValue === NOTHING) return; // resumed later by an event
      value = this.syncValue;
    }
  }
}

/** A long-lived coroutine with a name and a place in the component tree (statistics, timeline track). */
export class Process extends Component {
  private readonly coroutine: Coroutine;

  constructor(parent: Component, name: string, body: ProcessBody) {
    super(parent, name);
    this.coroutine = new Coroutine(this.sim, body, name);
  }

  get isFinished(): boolean {
    return this.coroutine.isFinished;
  }

  get done(): Waitable<void> {
    return this.coroutine.done;
  }
}
