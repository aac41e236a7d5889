import { Priority } from "../../sim/kernel/priority";
import { Simulator } from "../../sim/kernel/simulator";
import { Counter, Histogram } from "../../sim/kernel/stats";
import type { TimelineOptions } from "../../sim/kernel/timeline";
import type { Hardware } from "../config/hardware";
import type { ComputeUnitKind } from "../engines/engine-kinds";
import { BankMap, memoryCosts, type MemoryCosts, type RowCounts } from "../memory/embedding-memory";
import { summariseRun, type ChipRunResult } from "./chip-results";
import { buildChipUnits, type ChipUnit, type ChipUnits } from "./chip-units";
import type { Fidelity, Job } from "./engine-server";
import { energyPart, operationCosts, type OpCost } from "./op-costs";
import { dependentsOf, type Operation, type Program } from "./program";
import { JobPool, Phase, type RequestState, type RunJob } from "./run-job";

export type { ChipRunResult } from "./chip-results";

/** What the chip needs of a request: when it arrives and which rows it looks up. */
export interface ChipRequest {
  id: number;
  /** Cycle of arrival; null in a closed loop (as soon as the chip accepts it). */
  arrivalCycle: number | null;
  /** Row ids per sparse feature (one or more: multi-hot rows are read and summed). */
  sparse: number[][];
}

export interface ChipRunOptions {
  fidelity: Fidelity;
  /** Requests in the chip at once; 1 without request pipelining. */
  maxInFlight: number;
  /** Embedding width e (the memory tiles read rows of e activations). */
  embeddingDim: number;
  /** Access profile for frequency placement. */
  profile?: RowCounts;
  timeline?: TimelineOptions | false;
  /** Only these requests' jobs go on the timeline (default: all, up to its event cap). */
  timelineRequests?: { from: number; to: number };
  /** Units whose busy intervals are handed to `onInterval` (overlap measurements). */
  recordUnits?: (unit: ChipUnit) => boolean;
  /** A busy interval of a recorded unit: its job's step is the operation's kind, or a transfer's. */
  onInterval?: (unit: ChipUnit, start: number, end: number, request: number, step: string) => void;
  /** Called after every completed request (progress bars, throughput windows), with the cycle. */
  onComplete?: (completed: number, cycle: number) => void;
}

/**
 * Runs requests through the compiled program on the kernel. Every
 * operation waits for its dependencies, then for its unit (FIFO), moves its
 * inputs and outputs through its tile's buffer ports, and releases its
 * dependents when it ends. Successive requests overlap up to `maxInFlight`.
 */
export function runChip(
  program: Program,
  hw: Hardware,
  requests: Iterable<ChipRequest>,
  options: ChipRunOptions,
): ChipRunResult {
  return new ChipRun(program, hw, options).run(requests);
}

class ChipRun {
  private readonly sim: Simulator;
  private readonly units: ChipUnits;
  private readonly costs: OpCost[];
  private readonly dependents: { first: Int32Array; list: Int32Array };
  private readonly depCount: Int32Array;
  private readonly memory: MemoryCosts;
  private readonly bankMap: BankMap;
  private readonly labels: boolean;
  private readonly stats;
  readonly energyPj: Record<string, number> = {};
  readonly bankConflicts: number[];
  /** Per table, per bank of its memory tile: reads that found that bank busy. */
  readonly tableBankConflicts: number[][];
  private readonly inFlight: RequestState[] = [];
  private readonly jobs = new JobPool((job) => this.jobDone(job));
  private readonly waiting: RequestState[] = [];
  private iterator: Iterator<ChipRequest> = [][Symbol.iterator]();
  private exhausted = false;
  private openLoop = false;
  private completed = 0;
  private firstEntry = -1;
  private lastExit = 0;
  private overlappedRequestCycles = 0;
  private inFlightSince = 0;

  constructor(
    private readonly program: Program,
    private readonly hw: Hardware,
    private readonly options: ChipRunOptions,
  ) {
    this.sim = new Simulator({ timeline: options.timeline ?? false });
    this.labels = this.sim.timeline !== null; // labels are built only for a timeline
    this.units = buildChipUnits(this.sim, program, hw, options.fidelity);
    this.watchUnits();
    this.costs = operationCosts(program, hw);
    this.dependents = dependentsOf(program.operations);
    this.depCount = Int32Array.from(program.operations, (o) => o.deps.length);
    this.memory = memoryCosts(hw, options.embeddingDim, program.tables);
    const banksPerTile = hw.config.chip.banksPerMemoryTile;
    this.bankMap = new BankMap(
      program.tables,
      banksPerTile,
      program.switches.frequencyPlacement,
      options.profile,
    );
    this.bankConflicts = program.tables.map(() => 0);
    this.tableBankConflicts = program.tables.map(() => new Array<number>(banksPerTile).fill(0));
    const stats = this.sim.stats;
    this.stats = {
      latency: stats.add("latencyCycles", new Histogram("cycles", "Request entry to completion")),
      queueing: stats.add("queueingCycles", new Histogram("cycles", "Request arrival to entry")),
      lookups: stats.add("lookups", new Counter("rows", "Embedding rows read")),
      conflicts: stats.add(
        "bankConflicts",
        new Counter("reads", "Row reads that found their bank busy"),
      ),
    };
  }

  run(requests: Iterable<ChipRequest>): ChipRunResult {
    this.iterator = requests[Symbol.iterator]();
    const first = this.iterator.next();
    // Open loop when the first request has an arrival cycle: arrivals are
    // scheduled one at a time, so a long trace is never held in memory.
    if (first.done === true) this.exhausted = true;
    else if (first.value.arrivalCycle !== null) {
      this.openLoop = true;
      this.scheduleArrival(first.value);
    } else {
      this.waiting.push(this.state(first.value, 0));
      this.admit();
    }
    this.sim.run();
    return summariseRun(this.sim, this.units, {
      completed: this.completed,
      firstEntryCycle: Math.max(0, this.firstEntry),
      lastExitCycle: this.lastExit,
      latencyCycles: this.stats.latency,
      queueingCycles: this.stats.queueing,
      energyPj: this.energyPj,
      leakageMw: this.hw.buffer.leakageMw * this.program.computeTiles,
      bankConflicts: this.bankConflicts,
      tableBankConflicts: this.tableBankConflicts,
      lookups: this.stats.lookups.value,
      overlappedRequestCycles: this.overlappedRequestCycles,
    });
  }

  /** Hands the chosen units' busy intervals to onInterval; every unit shows the timeline window. */
  private watchUnits(): void {
    const { recordUnits, onInterval, timelineRequests } = this.options;
    for (const unit of this.units.all) {
      unit.server.timelineRequests = timelineRequests ?? null;
      if (onInterval !== undefined && recordUnits?.(unit) === true) {
        unit.server.onInterval = (start, end, request, step) =>
          onInterval(unit, start, end, request, step);
      }
    }
  }

  private spend(part: string, pj: number): void {
    this.energyPj[part] = (this.energyPj[part] ?? 0) + pj;
  }

  /** A job has ended: its operation's next phase, or its lookup row's. */
  private jobDone(done: Job): void {
    const job = done as RunJob;
    const c = this.costs[job.index]!;
    switch (job.phase) {
      case Phase.Read:
        return this.compute(job, c);
      case Phase.Compute:
        return this.write(job, c);
      case Phase.Write:
        return this.finishJob(job);
      case Phase.BankRead:
        return this.toPort(job);
      case Phase.PortTransfer:
        if (--job.state.rowsLeft[job.index]! === 0) this.finishJob(job);
        else this.jobs.give(job);
    }
  }

  /** Moves `bits` through the job's tile's buffer ports; false when there is nothing to move. */
  private transfer(job: RunJob, c: OpCost, bits: number, write: boolean, phase: Phase): boolean {
    if (bits <= 0) return false;
    const words = Math.ceil(bits / this.hw.config.buffer.busBits);
    const buffer = this.hw.buffer;
    this.spend("buffer", words * (write ? buffer.writeEnergyPj : buffer.readEnergyPj));
    job.cycles = words * this.hw.cycles.bufferAccess;
    job.stages = undefined;
    job.label = this.labels ? c.label : "";
    job.step = "transfer";
    job.endsSession = false;
    job.gang = false;
    job.phase = phase;
    this.units.buffers[c.tile]!.server.submit(job);
    return true;
  }

  /** An operation: read its inputs, compute on its unit, write its outputs, release its dependents. */
  private dispatch(state: RequestState, index: number): void {
    const o = this.program.operations[index]!;
    if (o.kind === "lookup") return this.lookup(state, index, o.feature);
    const job = this.jobs.take(state, index);
    const c = this.costs[index]!;
    if (!this.transfer(job, c, c.readBits, false, Phase.Read)) this.compute(job, c);
  }

  private compute(job: RunJob, c: OpCost): void {
    if (c.unit === null) return this.write(job, c);
    this.spend(energyPart(c.unit.kind), c.energyPj);
    job.cycles = c.computeCycles;
    job.stages = c.stages;
    job.label = this.labels ? c.label : "";
    job.step = this.program.operations[job.index]!.kind;
    job.endsSession = c.endsSession;
    job.gang = c.gang === true;
    job.phase = Phase.Compute;
    this.units.compute[c.unit.kind as ComputeUnitKind][c.unit.index]!.server.submit(job);
  }

  private write(job: RunJob, c: OpCost): void {
    if (!this.transfer(job, c, c.writeBits, true, Phase.Write)) this.finishJob(job);
  }

  private finishJob(job: RunJob): void {
    this.jobs.give(job);
    this.finishOp(job.state, job.index);
  }

  private finishOp(state: RequestState, index: number): void {
    const { first, list } = this.dependents;
    for (let k = first[index]!; k < first[index + 1]!; k++) {
      const next = list[k]!;
      if (--state.pending[next]! === 0) this.dispatch(state, next);
    }
    if (--state.remaining === 0) this.finishRequest(state);
  }

  /** Reads every row a sparse feature lists from its bank, then sends it out of the memory tile. */
  private lookup(state: RequestState, index: number, feature: number): void {
    const ids = state.request.sparse[feature] ?? [];
    if (ids.length === 0) return this.finishOp(state, index);
    state.rowsLeft[index] = ids.length;
    const label = this.labels ? `lookup f${feature}` : "";
    for (const rowId of ids) {
      const row = this.bankMap.storedRow(feature, rowId);
      const bankIndex = this.bankMap.bankOf(feature, row);
      const bank = this.units.banks[bankIndex]!.server;
      this.stats.lookups.add();
      if (bank.isBusy) {
        this.bankConflicts[feature]!++;
        this.tableBankConflicts[feature]![bankIndex % this.bankMap.banksPerTile]!++;
        this.stats.conflicts.add();
      }
      this.spend("memory", this.memory.lookupEnergyPj);
      const job = this.jobs.take(state, index);
      job.cycles = this.memory.bankReadCycles;
      job.stages = undefined;
      job.label = label;
      job.step = "bankRead";
      job.endsSession = false;
      job.gang = false;
      job.phase = Phase.BankRead;
      bank.submit(job);
    }
  }

  /** A row read from its bank goes out through its memory tile's port. */
  private toPort(job: RunJob): void {
    const o = this.program.operations[job.index]! as Extract<Operation, { kind: "lookup" }>;
    job.cycles = this.memory.transferCycles;
    job.label = this.labels ? `row f${o.feature}` : "";
    job.step = "portTransfer";
    job.phase = Phase.PortTransfer;
    this.units.memoryPorts[this.program.tables[o.feature]!.memoryTile]!.server.submit(job);
  }

  private state(request: ChipRequest, arrival: number): RequestState {
    return {
      request,
      arrival,
      entry: 0,
      pending: this.depCount.slice(),
      rowsLeft: new Int32Array(this.depCount.length),
      remaining: this.program.operations.length,
    };
  }

  /** Counts the cycles with two or more requests in flight, before the count changes. */
  private inFlightChanges(): void {
    if (this.inFlight.length >= 2)
      this.overlappedRequestCycles += this.sim.now - this.inFlightSince;
    this.inFlightSince = this.sim.now;
  }

  private enter(state: RequestState): void {
    const now = this.sim.now;
    state.entry = now;
    if (this.firstEntry < 0) this.firstEntry = now;
    this.stats.queueing.record(state.entry - state.arrival);
    this.inFlightChanges();
    this.inFlight.push(state);
    this.program.operations.forEach((o, i) => {
      if (o.deps.length === 0) this.dispatch(state, i);
    });
  }

  private finishRequest(state: RequestState): void {
    this.inFlightChanges();
    this.inFlight.splice(this.inFlight.indexOf(state), 1);
    this.stats.latency.record(this.sim.now - state.entry);
    this.lastExit = this.sim.now;
    this.completed++;
    this.options.onComplete?.(this.completed, this.sim.now);
    this.admit();
  }

  /** Lets waiting (or, in a closed loop, new) requests in while there is room. */
  private admit(): void {
    while (this.inFlight.length < this.options.maxInFlight) {
      const queued = this.waiting.shift();
      if (queued !== undefined) {
        this.enter(queued);
        continue;
      }
      if (this.exhausted || this.openLoop) return;
      const next = this.iterator.next();
      if (next.done === true) {
        this.exhausted = true;
        return;
      }
      this.enter(this.state(next.value, this.sim.now));
    }
  }

  /** An open loop's next arrival, scheduled when the previous one arrives. */
  private scheduleArrival(request: ChipRequest): void {
    const sim = this.sim;
    const at = request.arrivalCycle ?? sim.now;
    if (at < sim.now)
      throw new RangeError(`request ${request.id} arrives at cycle ${at}, before the previous one`);
    sim.after(
      at - sim.now,
      () => {
        this.waiting.push(this.state(request, sim.now));
        this.admit();
        const next = this.iterator.next();
        if (next.done === true) this.exhausted = true;
        else this.scheduleArrival(next.value);
      },
      Priority.arrival,
      "arrival",
    );
  }
}
