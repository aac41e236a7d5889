import { Component } from "./component";
import { SimEvent } from "./event";
import { EventQueue } from "./event-queue";
import { Priority } from "./priority";
import { Coroutine, Process, type ProcessBody } from "./process";
import { Rng } from "./rng";
import { StatGroup } from "./stats";
import { assertCycles, type Cycles } from "./time";
import { TimelineRecorder, type TimelineOptions } from "./timeline";

export interface SimulatorOptions {
  /** Seed of `sim.rng` (and of every stream derived from it). */
  seed?: number;
  /** Record a Perfetto timeline; off (null) by default. */
  timeline?: TimelineOptions | boolean;
}

export interface RunOptions {
  /** Run events due before this cycle, then set the clock to it (as SimPy's
   * `run(until)`): consecutive runs to t1 < t2 cover each cycle once. */
  until?: Cycles;
  /** Stop after an event after which this returns true. */
  stopWhen?: () => boolean;
  /** Stop after this many events in this call. */
  maxEvents?: number;
}

export type StopReason = "empty" | "until" | "predicate" | "maxEvents" | "stopped";

export interface RunResult {
  reason: StopReason;
  /** Clock at return. */
  now: Cycles;
  /** Events fired by this call. */
  events: number;
}

/**
 * The discrete-event kernel: a clock, the future event list, and the
 * components, statistics and timeline of one simulation. Time advances from
 * event to event; idle cycles cost nothing.
 */
export class Simulator {
  private clock: Cycles = 0;
  private readonly queue = new EventQueue();
  private stopRequested = false;
  private running = false;
  /** Events fired since the simulator was made. */
  eventsFired = 0;

  readonly rng: Rng;
  /** Null unless a timeline was requested: recording sites test for null. */
  readonly timeline: TimelineRecorder | null;
  /** Statistics of the whole model, nested like the component tree. */
  readonly stats = new StatGroup("");
  /** Parent of the top-level components. */
  readonly root: Component;

  constructor(options: SimulatorOptions = {}) {
    this.rng = new Rng(options.seed ?? 1);
    const t = options.timeline;
    this.timeline =
      t === undefined || t === false ? null : new TimelineRecorder(t === true ? {} : t);
    this.root = new Component(this, "");
  }

  /** The current cycle. */
  get now(): Cycles {
    return this.clock;
  }

  /** Number of pending events. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Cycle of the next pending event, or undefined when there is none. */
  peek(): Cycles | undefined {
    return this.queue.peekTime();
  }

  /** Schedules `event` `delay` cycles from now. It must not be pending. */
  schedule(event: SimEvent, delay: Cycles): void {
    if (event.pending)
      throw new Error(`event '${event.name}' is already scheduled (cycle ${event.time})`);
    if (!(delay >= 0 && Number.isSafeInteger(delay)))
      assertCycles(delay, `delay of '${event.name}'`);
    this.queue.insert(event, this.clock + delay);
  }

  /** Schedules `event` at absolute cycle `time`, which must not be in the past. */
  scheduleAt(event: SimEvent, time: Cycles): void {
    assertCycles(time, `time of '${event.name}'`);
    if (time < this.clock) {
      throw new RangeError(
        `cannot schedule '${event.name}' at cycle ${time}: the clock is at ${this.clock}`,
      );
    }
    this.schedule(event, time - this.clock);
  }

  /** Runs `action` `delay` cycles from now, in a one-off event (returned, so it can be cancelled). */
  after(
    delay: Cycles,
    action: () => void,
    priority: number = Priority.normal,
    name = "after",
  ): SimEvent {
    const event = new SimEvent(action, priority, name);
    this.schedule(event, delay);
    return event;
  }

  /**
   * Resumes a waiter with `value` in an event at the current cycle (priority
   * `wake`), after the event that satisfied it has finished: every action
   * runs to completion before another starts.
   */
  wake<T>(resume: (value: T) => void, value: T): void {
    this.schedule(new SimEvent(() => resume(value), Priority.wake, "wake"), 0);
  }

  /** Cancels a pending event; returns false if it was not pending. */
  cancel(event: SimEvent): boolean {
    return this.queue.remove(event);
  }

  /** Starts a named process (a generator body), a component under `parent`, at the current cycle. */
  process(name: string, body: ProcessBody, parent: Component = this.root): Process {
    return new Process(parent, name, body);
  }

  /** Starts an anonymous coroutine at the current cycle: for short-lived work, nothing is registered. */
  spawn(body: ProcessBody, name = "spawn"): Coroutine {
    return new Coroutine(this, body, name);
  }

  /** Asks `run` to return after the event being fired. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Fires events in (time, priority, sequence) order until a stop condition holds. */
  run(options: RunOptions = {}): RunResult {
    if (this.running) throw new Error("Simulator.run called from inside an event");
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    const stopWhen = options.stopWhen;
    if (until !== Infinity) assertCycles(until, "run until");
    if (until < this.clock)
      throw new RangeError(`run until ${until}: the clock is already at ${this.clock}`);
    const queue = this.queue;
    let fired = 0;
    let reason: StopReason;
    this.running = true;
    this.stopRequested = false;
    try {
      while (true) {
        if (fired >= maxEvents) {
          reason = "maxEvents";
          break;
        }
        const event = queue.pop(until);
        if (event === undefined) {
          reason = queue.size === 0 && until === Infinity ? "empty" : "until";
          if (until !== Infinity) this.clock = until;
          break;
        }
        this.clock = event.time;
        fired++;
        event.action();
        if (this.stopRequested) {
          reason = "stopped";
          break;
        }
        if (stopWhen !== undefined && stopWhen()) {
          reason = "predicate";
          break;
        }
      }
    } finally {
      this.running = false;
      this.eventsFired += fired;
    }
    return { reason, now: this.clock, events: fired };
  }

  /** All statistics as nested JSON (derived figures computed now). */
  statsJson(): Record<string, unknown> {
    return this.stats.toJSON();
  }

  /** The resolved parameters of every component, nested like the tree. */
  configJson(): Record<string, unknown> {
    return this.root.configJson();
  }
}
