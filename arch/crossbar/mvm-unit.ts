import { Component } from "../../sim/kernel/component";
import { Fifo } from "../../sim/kernel/fifo";
import { Signal } from "../../sim/kernel/signal";
import type { Simulator } from "../../sim/kernel/simulator";
import { Counter, Utilisation } from "../../sim/kernel/stats";
import type { Waitable } from "../../sim/kernel/waitable";
import type { Hardware } from "../config/hardware";
import { mvmCycles, mvmStages, type MvmStages, type MvmWork } from "./mvm-timing";

/** op: one event per MVM; bit: one event per read and per conversion. */
export type Fidelity = "op" | "bit";

interface Job {
  stages: MvmStages;
  start: number;
  done: Signal<number>;
}

/**
 * The event model of one crossbar doing MVMs, one at a time, in the order
 * asked. With `bit` fidelity a read process drives each step into a
 * one-deep sample-and-hold FIFO and a convert process empties it through the
 * ADCs, one event per conversion, so the timeline shows every read and
 * conversion; with `op` fidelity one event per MVM lands on the cycle of the
 * closed form. Both take their stage lengths from mvm-timing.ts, and a test
 * holds them equal.
 */
export class CrossbarMvmUnit extends Component {
  private readonly jobs: Fifo<Job>;
  readonly mvms: Counter;
  readonly busy: Utilisation;

  constructor(
    parent: Component | Simulator,
    name: string,
    private readonly hw: Hardware,
    readonly fidelity: Fidelity,
  ) {
    super(parent, name);
    this.jobs = new Fifo<Job>(this, "jobs", { capacity: Number.MAX_SAFE_INTEGER });
    this.mvms = this.stats.add(
      "mvms",
      new Counter("MVMs", "Matrix-vector multiplications completed"),
    );
    this.busy = this.stats.add("busy", new Utilisation(this.sim, 1, "Crossbar busy with an MVM"));
    if (fidelity === "op") this.startOpLevel();
    else this.startBitLevel();
  }

  /** Queues an MVM; ready with its completion cycle. */
  mvm(work: MvmWork): Waitable<number> {
    const job: Job = {
      stages: mvmStages(this.hw, work),
      start: 0,
      done: new Signal<number>(this.sim),
    };
    return {
      onReady: (resume) => {
        job.done.onReady(resume);
        this.jobs.put(job).onReady(() => undefined);
      },
    };
  }

  private begin(job: Job): void {
    job.start = this.sim.now;
    this.busy.set(1);
  }

  private complete(job: Job): void {
    this.busy.set(0);
    this.mvms.add();
    this.recordBusy("mvm", job.start, this.sim.now, { steps: job.stages.steps });
    job.done.fire(this.sim.now);
  }

  private startOpLevel(): void {
    const { jobs } = this;
    const begin = (job: Job) => this.begin(job);
    const complete = (job: Job) => this.complete(job);
    this.sim.process(
      "run",
      function* () {
        while (true) {
          const job = (yield jobs.get()) as Job;
          begin(job);
          yield mvmCycles(job.stages);
          complete(job);
        }
      },
      this,
    );
  }

  private startBitLevel(): void {
    const { jobs } = this;
    const begin = (job: Job) => this.begin(job);
    const complete = (job: Job) => this.complete(job);
    const sampleHold = new Fifo<{ job: Job; step: number }>(this, "sampleHold", { capacity: 1 });
    this.sim.process(
      "read",
      function* () {
        while (true) {
          const job = (yield jobs.get()) as Job;
          begin(job);
          for (let step = 0; step < job.stages.steps; step++) {
            yield job.stages.readCycles; // DAC + array, sampled at the end
            yield sampleHold.put({ job, step });
          }
          yield job.done; // the next MVM starts when this one has finished
        }
      },
      this,
    );
    this.sim.process(
      "convert",
      function* () {
        while (true) {
          const { job, step } = (yield sampleHold.get()) as { job: Job; step: number };
          const { conversionsPerAdc, convertCycles, shiftAddCycles, steps } = job.stages;
          // the ADCs work in parallel, each through its share of the columns
          for (let c = 0; c < conversionsPerAdc; c++) yield convertCycles / conversionsPerAdc;
          if (step === steps - 1) {
            yield shiftAddCycles;
            complete(job);
          }
        }
      },
      this,
    );
  }
}
