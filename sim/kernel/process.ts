import { Component } from "./component";
import { SimEvent } from "./event";
import { Priority } from "./priority";
import type { Waitable, Yieldable } from "./waitable";

/**
 * A process body: a generator that yields a number to wait that many cycles,
 * or a Waitable (FIFO put/get, resource acquire, another process's `done`)
 * to wait for it; `yield` returns the Waitable's result.
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
 * Runs a generator body on the kernel. It starts with an event at the cycle
 * it is created; every `yield n` reschedules the process's own event, so a
 * running process allocates nothing per delay.
 */
export class Process extends Component {
  private readonly generator: Generator<Yieldable, void, unknown>;
  private readonly wake: SimEvent;
  private readonly resumeFn = (value: unknown): void => this.resume(value);
  private subscribing = false;
  private syncValue: unknown = NOTHING;
  private finished = false;
  private readonly joiners: Array<() => void> = [];

  constructor(parent: Component, name: string, body: ProcessBody) {
    super(parent, name);
    this.generator = body();
    this.wake = new SimEvent(() => this.advance(undefined), Priority.normal, name);
    this.sim.schedule(this.wake, 0);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Resolves when the body returns. */
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
        this.finish();
        return;
      }
      const waitFor = step.value;
      if (typeof waitFor === "number") {
        this.sim.schedule(this.wake, waitFor);
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

  private finish(): void {
    this.finished = true;
    for (const resume of this.joiners.splice(0)) this.sim.wake(resume, undefined);
  }
}
