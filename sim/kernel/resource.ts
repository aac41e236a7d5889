import { Component } from "./component";
import { param, type ParamInput, type ParamValues } from "./params";
import type { Simulator } from "./simulator";
import { Counter, Histogram, TimeWeighted, Utilisation } from "./stats";
import type { Cycles } from "./time";
import type { Waitable } from "./waitable";

export const resourceParams = {
  capacity: param.integer({
    default: 1,
    min: 1,
    unit: "units",
    description: "Identical units (e.g. ADCs shared by columns); requests beyond them wait",
  }),
};

interface Request {
  resume: (unit: number) => void;
  since: Cycles;
}

/**
 * N identical units with first-come, first-served arbitration. `acquire`
 * yields the index of the unit granted (the lowest free one); `release`
 * hands it straight to the oldest waiter, at the same cycle, or frees it.
 */
export class Resource extends Component {
  readonly params: ParamValues<typeof resourceParams>;
  private readonly busySince: Array<Cycles | null>;
  private readonly waiting: Request[] = [];
  private inUse = 0;
  readonly busy: Utilisation;
  readonly queueLength: TimeWeighted;
  readonly waitCycles: Histogram;
  readonly grants: Counter;

  constructor(
    parent: Component | Simulator,
    name: string,
    params?: ParamInput<typeof resourceParams>,
  ) {
    super(parent, name);
    this.params = this.resolve(resourceParams, params);
    this.busySince = new Array<Cycles | null>(this.params.capacity).fill(null);
    this.busy = this.stats.add(
      "busy",
      new Utilisation(this.sim, this.params.capacity, "Units in use"),
    );
    this.queueLength = this.stats.add(
      "queueLength",
      new TimeWeighted(this.sim, "requests", "Requests waiting for a unit"),
    );
    this.waitCycles = this.stats.add(
      "waitCycles",
      new Histogram("cycles", "Cycles from request to grant"),
    );
    this.grants = this.stats.add("grants", new Counter("grants", "Units granted"));
  }

  get freeUnits(): number {
    return this.params.capacity - this.inUse;
  }

  /** Requests a unit; ready with its index when granted. */
  acquire(): Waitable<number> {
    return { onReady: (resume) => this.request(resume) };
  }

  /** Returns unit `unit`, which must be held. */
  release(unit: number): void {
    const since = this.busySince[unit];
    if (since === undefined || since === null) {
      throw new Error(`${this.path}: release of unit ${unit}, which is not held`);
    }
    const now = this.sim.now;
    const timeline = this.sim.timeline;
    if (timeline !== null) timeline.complete(this.unitTrack(unit), "busy", since, now);
    const next = this.waiting.shift();
    if (next === undefined) {
      this.busySince[unit] = null;
      this.inUse--;
      this.busy.set(this.inUse);
      return;
    }
    this.queueLength.set(this.waiting.length);
    this.grant(unit, next.since);
    this.sim.wake(next.resume, unit);
  }

  private request(resume: (unit: number) => void): void {
    const now = this.sim.now;
    if (this.inUse === this.params.capacity) {
      this.waiting.push({ resume, since: now });
      this.queueLength.set(this.waiting.length);
      return;
    }
    const unit = this.busySince.indexOf(null);
    this.inUse++;
    this.busy.set(this.inUse);
    this.grant(unit, now);
    resume(unit);
  }

  private grant(unit: number, requestedAt: Cycles): void {
    this.busySince[unit] = this.sim.now;
    this.grants.add();
    this.waitCycles.record(this.sim.now - requestedAt);
  }

  private unitTrack(unit: number): number {
    return this.sim.timeline!.track(`${this.path}.unit${unit}`);
  }
}
