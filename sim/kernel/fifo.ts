import { Component } from "./component";
import { param, type ParamInput, type ParamValues } from "./params";
import type { Simulator } from "./simulator";
import { Counter, TimeWeighted } from "./stats";
import type { Cycles } from "./time";
import type { Waitable } from "./waitable";

export const fifoParams = {
  capacity: param.integer({
    default: 1,
    min: 1,
    unit: "entries",
    description: "Items the FIFO holds; a put into a full FIFO blocks until a get frees a slot",
  }),
};

interface BlockedPut<T> {
  item: T;
  resume: (value: void) => void;
  since: Cycles;
}

interface BlockedGet<T> {
  resume: (item: T) => void;
  since: Cycles;
}

/**
 * A bounded FIFO channel with back-pressure and no latency of its own.
 *
 * - `put` completes at once while a slot is free; on a full FIFO the producer
 *   blocks, and resumes at the exact cycle a `get` frees a slot (its item
 *   enters the FIFO at that cycle).
 * - `get` completes at once while an item is held; on an empty FIFO the
 *   consumer blocks, and receives the next item at the cycle it is put.
 * - Blocked producers and consumers are served first come, first served.
 */
export class Fifo<T> extends Component {
  readonly params: ParamValues<typeof fifoParams>;
  private readonly items: T[] = [];
  private readonly blockedPuts: BlockedPut<T>[] = [];
  private readonly blockedGets: BlockedGet<T>[] = [];
  readonly occupancy: TimeWeighted;
  readonly transferred: Counter;
  readonly putBlockedCycles: Counter;
  readonly getBlockedCycles: Counter;

  constructor(parent: Component | Simulator, name: string, params?: ParamInput<typeof fifoParams>) {
    super(parent, name);
    this.params = this.resolve(fifoParams, params);
    this.occupancy = this.stats.add(
      "occupancy",
      new TimeWeighted(this.sim, "entries", "Items held"),
    );
    this.transferred = this.stats.add("transferred", new Counter("items", "Items passed through"));
    this.putBlockedCycles = this.stats.add(
      "putBlockedCycles",
      new Counter("cycles", "Cycles producers spent blocked on a full FIFO (back-pressure stalls)"),
    );
    this.getBlockedCycles = this.stats.add(
      "getBlockedCycles",
      new Counter("cycles", "Cycles consumers spent waiting on an empty FIFO"),
    );
  }

  get length(): number {
    return this.items.length;
  }

  get isFull(): boolean {
    return this.items.length >= this.params.capacity;
  }

  /** Offers `item`; ready when it is in the FIFO (or handed to a waiting consumer). */
  put(item: T): Waitable<void> {
    return { onReady: (resume) => this.offer(item, resume) };
  }

  /** Takes the oldest item; ready when there is one. */
  get(): Waitable<T> {
    return { onReady: (resume) => this.take(resume) };
  }

  private offer(item: T, resume: (value: void) => void): void {
    const now = this.sim.now;
    const consumer = this.blockedGets.shift();
    if (consumer !== undefined) {
      // Only possible when empty: the item passes straight through.
      this.getBlockedCycles.add(now - consumer.since);
      this.transferred.add();
      this.sim.wake(consumer.resume, item);
      resume();
    } else if (!this.isFull) {
      this.items.push(item);
      this.occupancy.set(this.items.length);
      resume();
    } else {
      this.blockedPuts.push({ item, resume, since: now });
    }
  }

  private take(resume: (item: T) => void): void {
    const now = this.sim.now;
    if (this.items.length === 0) {
      this.blockedGets.push({ resume, since: now });
      return;
    }
    const item = this.items.shift()!;
    this.transferred.add();
    const producer = this.blockedPuts.shift();
    if (producer !== undefined) {
      // The slot just freed goes to the oldest blocked producer, this cycle.
      this.items.push(producer.item);
      this.putBlockedCycles.add(now - producer.since);
      this.sim.wake(producer.resume, undefined);
    }
    this.occupancy.set(this.items.length);
    resume(item);
  }
}
