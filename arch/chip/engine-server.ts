import { Component } from "../../sim/kernel/component";
import { SimEvent } from "../../sim/kernel/event";
import { Priority } from "../../sim/kernel/priority";
import type { Simulator } from "../../sim/kernel/simulator";
import { Counter, Histogram, Utilisation } from "../../sim/kernel/stats";
import type { Cycles } from "../../sim/kernel/time";
import { mvmCycles, type MvmStages } from "../crossbar/mvm-timing";

/** op: one event per operation; bit: one event per read and per conversion batch of an MVM. */
export type Fidelity = "op" | "bit";

export interface Job {
  /** The request it belongs to. */
  request: number;
  cycles: Cycles;
  /** With bit fidelity an MVM runs its read/convert steps as events; `cycles` must equal their closed form. */
  stages?: MvmStages | undefined;
  /** Shown on the timeline. */
  label: string;
  /** What the job is: the operation's kind ("dpWrite", "mvm", ...), or "transfer", "bankRead", "portTransfer". */
  step: string;
  /** Last job of its request on a session engine: the engine is free for the next request after it. */
  endsSession: boolean;
  /** It holds every unit at once (a write into every copy of a replicated DP engine); else one. */
  gang?: boolean;
  /** Called with the job when it ends (after the unit has let it go: the job may be submitted again). */
  onDone: (job: Job) => void;
}

/**
 * A unit of the chip that serves jobs one at a time per unit, first come
 * first served: an MVM layer's crossbars, a DP or FM engine, a memory bank,
 * a buffer's ports. A session engine (DP, FM: crossbars programmed per
 * request) serves one request from its first job to the one that ends its
 * session before it takes another request's jobs, so two requests never
 * share its programmed state.
 */
export class EngineServer extends Component {
  /** Jobs waiting, oldest first, from `head` on (a moving head keeps FIFO removal O(1)). */
  private queue: Job[] = [];
  private head = 0;
  private readonly queuedAt: number[] = [];
  private readonly slots: Array<{ event: SimEvent; job: Job | null; start: number }> = [];
  private active = 0;
  private owner = -1;
  readonly busy: Utilisation;
  readonly jobs: Counter;
  readonly waitCycles: Histogram;
  /** Requests whose jobs go on the timeline (all when null). */
  timelineRequests: { from: number; to: number } | null = null;
  /** Called with every busy interval, when set (overlap measurements). */
  onInterval: ((start: number, end: number, request: number, step: string) => void) | null = null;

  constructor(
    parent: Component | Simulator,
    name: string,
    readonly kind: string,
    readonly capacity: number,
    private readonly sessions: boolean,
    private readonly fidelity: Fidelity,
  ) {
    super(parent, name);
    this.busy = this.stats.add("busy", new Utilisation(this.sim, capacity, "Units busy"));
    this.jobs = this.stats.add("jobs", new Counter("jobs", "Jobs served"));
    this.waitCycles = this.stats.add(
      "waitCycles",
      new Histogram("cycles", "Cycles a job waited for a free unit"),
    );
    for (let i = 0; i < capacity; i++) {
      const slot = {
        event: new SimEvent(() => this.finish(slot), Priority.normal, name),
        job: null as Job | null,
        start: 0,
      };
      this.slots.push(slot);
    }
  }

  /** True when a new job would have to wait. */
  get isBusy(): boolean {
    return this.active >= this.capacity || this.head < this.queue.length;
  }

  submit(job: Job): void {
    this.queue.push(job);
    this.queuedAt.push(this.sim.now);
    this.startNext();
  }

  private startNext(): void {
    while (this.active < this.capacity && this.head < this.queue.length) {
      let index = this.head;
      if (this.sessions) {
        if (this.owner === -1) this.owner = this.queue[this.head]!.request;
        while (index < this.queue.length && this.queue[index]!.request !== this.owner) index++;
        if (index === this.queue.length) return; // the owner's next job is not ready yet
      }
      const job = this.queue[index]!;
      if (this.active + this.slotsOf(job) > this.capacity) return; // first come, first served: it waits for them
      const queuedAt = this.queuedAt[index]!;
      if (index === this.head) {
        this.head++;
        if (this.head > 64 && this.head * 2 > this.queue.length) this.compact();
      } else {
        this.queue.splice(index, 1);
        this.queuedAt.splice(index, 1);
      }
      this.start(job, queuedAt);
    }
  }

  private slotsOf(job: Job): number {
    return job.gang === true ? this.capacity : 1;
  }

  private compact(): void {
    this.queue = this.queue.slice(this.head);
    this.queuedAt.splice(0, this.head);
    this.head = 0;
  }

  private start(job: Job, queuedAt: number): void {
    const now = this.sim.now;
    this.waitCycles.record(now - queuedAt);
    const n = this.slotsOf(job);
    const slot = this.slots.find((s) => s.job === null)!;
    for (let i = 0, k = 0; k < n; i++) {
      const s = this.slots[i]!;
      if (s.job !== null) continue;
      s.job = job;
      s.start = now;
      k++;
    }
    this.active += n;
    this.busy.set(this.active);
    if (this.fidelity === "bit" && job.stages !== undefined) {
      runSteps(this.sim, job.stages, job.cycles, () => this.finish(slot));
    } else {
      this.sim.schedule(slot.event, job.cycles);
    }
  }

  private finish(slot: { job: Job | null; start: number }): void {
    const job = slot.job!;
    for (const s of this.slots) if (s.job === job) s.job = null;
    this.active -= this.slotsOf(job);
    this.busy.set(this.active);
    this.jobs.add();
    const window = this.timelineRequests;
    if (
      this.sim.timeline !== null &&
      (window === null || (job.request >= window.from && job.request < window.to))
    ) {
      this.recordBusy(job.label, slot.start, this.sim.now, { request: job.request });
    }
    this.onInterval?.(slot.start, this.sim.now, job.request, job.step);
    if (job.endsSession) this.owner = -1;
    job.onDone(job);
    this.startNext();
  }
}

/**
 * The read/convert pipeline of an MVM at bit fidelity, over the stages of
 * arch/crossbar/mvm-timing.ts, one event per step: read i ends at
 * E_i = P_{i-1} + read and enters the one-deep sample-and-hold at
 * P_i = max(E_i, G_{i-1}); the ADCs take it at G_i = max(P_i, C_{i-1}) and
 * finish at C_i = G_i + convert. After the last step come the shift-add and
 * whatever `totalCycles` adds beyond the crossbar (adder tree, functional unit).
 */
function runSteps(sim: Simulator, stages: MvmStages, totalCycles: Cycles, done: () => void): void {
  const extra = totalCycles - mvmCycles(stages);
  const origin = sim.now;
  let put = 0;
  let got = -Infinity;
  let converted = 0;
  let step = 0;
  const next = (): void => {
    if (step === stages.steps) {
      sim.after(stages.shiftAddCycles + extra, done);
      return;
    }
    const readEnd = put + stages.readCycles;
    put = Math.max(readEnd, got);
    got = Math.max(put, converted);
    converted = got + stages.convertCycles;
    step++;
    sim.after(origin + converted - sim.now, next);
  };
  next();
}
