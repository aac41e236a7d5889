import type { Simulator } from "./simulator";
import type { Waitable } from "./waitable";

/**
 * A one-shot event that processes can wait for (SimPy's Event): `fire`
 * resumes every waiter, at the current cycle, with the value; waiting on a
 * fired signal returns at once.
 */
export class Signal<T = void> implements Waitable<T> {
  private fired = false;
  private value: T | undefined;
  private readonly waiters: Array<(value: T) => void> = [];

  constructor(private readonly sim: Simulator) {}

  get isFired(): boolean {
    return this.fired;
  }

  fire(value: T): void {
    if (this.fired) throw new Error("signal fired twice");
    this.fired = true;
    this.value = value;
    for (const resume of this.waiters.splice(0)) this.sim.wake(resume, value);
  }

  onReady(resume: (value: T) => void): void {
    if (this.fired) resume(this.value as T);
    else this.waiters.push(resume);
  }
}
