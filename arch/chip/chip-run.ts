import { Priority } from "../../sim/kernel/priority";
import { Simulator } from "../../sim/kernel/simulator";
import { Counter, Histogram } from "../../sim/kernel/stats";
import type { TimelineOptions } from "../../sim/kernel/timeline";
import type { Hardware } from "../config/hardware";
import { BankMap, memoryCosts, type RowCounts } from "../memory/embedding-memory";
import { EngineServer, type Fidelity } from "./engine-server";
import type { ComputeUnitKind } from "../engines/engine-kinds";
import { energyPart, operationCosts } from "./op-costs";
import { dependentsOf, type Operation, type Program } from "./program";

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
  recordUnits?: (name: string, kind: string) => boolean;
  onInterval?: (
    unit: string,
    kind: string,
    start: number,
    end: number,
    request: number,
    label: string,
  ) => void;
  /** Called after every completed request (progress bars, throughput windows), with the cycle. */
  onComplete?: (completed: number, cycle: number) => void;
}

export interface ChipRunResult {
  completed: number;
  /** Cycle the first request entered and the last one left. */
  firstEntryCycle: number;
  lastExitCycle: number;
  latencyCycles: Histogram;
  queueingCycles: Histogram;
  /** Dynamic energy by part, pJ. */
  energyPj: Record<string, number>;
  /** Leakage power of the buffers, mW. */
  leakageMw: number;
  /** Busy fraction by engine kind (mean over the units of that kind) and per unit. */
  utilisation: Record<string, number>;
  units: Array<{ name: string; kind: string; capacity: number; utilisation: number; jobs: number }>;
  bankConflicts: number[];
  lookups: number;
  /** Cycles during which two or more requests were in the chip at once. */
  overlappedRequestCycles: number;
  events: number;
  sim: Simulator;
}

interface RequestState {
  request: ChipRequest;
  arrival: number;
  entry: number;
  pending: Int32Array;
  remaining: number;
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
  const sim = new Simulator({ timeline: options.timeline ?? false });
  const ops = program.operations;
  const timeline = sim.timeline !== null; // labels are built only for a timeline
  const fidelity = options.fidelity;

  // Units.
  const units: EngineServer[] = [];
  const unit = (name: string, kind: string, capacity = 1, sessions = false) => {
    const server = new EngineServer(sim, name, kind, capacity, sessions, fidelity);
    server.timelineRequests = options.timelineRequests ?? null;
    if (options.recordUnits?.(name, kind) === true && options.onInterval !== undefined) {
      const report = options.onInterval;
      server.onInterval = (start, end, request, label) =>
        report(name, kind, start, end, request, label);
    }
    units.push(server);
    return server;
  };
  const unitsByKind: Record<ComputeUnitKind, EngineServer[]> = {
    mvm: program.layers.map((l) => unit(l.name.replace(/\./g, "_"), "mvm")),
    dp: program.dpEngines.map((d) => unit(d.name.replace(/\./g, "_"), "dp", 1, true)),
    fm: program.fmEngines.map((f) => unit(f.name.replace(/\./g, "_"), "fm", 1, true)),
    mbsa: program.fmEngines.map((f) => unit(`${f.name.replace(/\./g, "_")}_mbsa`, "mbsa")),
  };
  const ports = Array.from({ length: program.computeTiles }, (_, t) =>
    unit(`tile${t}_buffer`, "buffer", hw.config.buffer.ports),
  );
  const memory = memoryCosts(hw, options.embeddingDim, program.tables);
  const banksPerTile = hw.config.chip.banksPerMemoryTile;
  const bankMap = new BankMap(
    program.tables,
    banksPerTile,
    program.switches.frequencyPlacement,
    options.profile,
  );
  const banks = Array.from({ length: program.memoryTiles * banksPerTile }, (_, b) =>
    unit(`memory${Math.floor(b / banksPerTile)}_bank${b % banksPerTile}`, "bank"),
  );
  const memoryPorts = Array.from({ length: program.memoryTiles }, (_, m) =>
    unit(`memory${m}_port`, "memoryPort"),
  );

  const iterator = requests[Symbol.iterator]();

  // Dependencies: counts per operation and the dependents of each (CSR).
  const depCount = Int32Array.from(ops, (o) => o.deps.length);
  const dependents = dependentsOf(ops);
  const costs = operationCosts(program, hw);

  // Statistics.
  const latency = sim.stats.add(
    "latencyCycles",
    new Histogram("cycles", "Request entry to completion"),
  );
  const queueing = sim.stats.add(
    "queueingCycles",
    new Histogram("cycles", "Request arrival to entry"),
  );
  const energy: Record<string, number> = {};
  const spend = (part: string, pj: number) => (energy[part] = (energy[part] ?? 0) + pj);
  const bankConflicts = program.tables.map(() => 0);
  const lookups = sim.stats.add("lookups", new Counter("rows", "Embedding rows read"));
  const conflictCounter = sim.stats.add(
    "bankConflicts",
    new Counter("reads", "Row reads that found their bank busy"),
  );

  // Buffer transfers through a tile's ports.
  const bus = hw.config.buffer.busBits;
  const transfer = (
    tile: number,
    bits: number,
    write: boolean,
    request: number,
    label: string,
    then: () => void,
  ) => {
    if (bits <= 0) return then();
    const words = Math.ceil(bits / bus);
    spend("buffer", words * (write ? hw.buffer.writeEnergyPj : hw.buffer.readEnergyPj));
    ports[tile]!.submit({
      request,
      cycles: words * hw.cycles.bufferAccess,
      label,
      endsSession: false,
      onDone: then,
    });
  };

  const first = iterator.next();
  // Open loop when the first request has an arrival cycle: arrivals are
  // scheduled one at a time, so a long trace is never held in memory.
  const openLoop = first.done !== true && first.value.arrivalCycle !== null;
  const inFlight: RequestState[] = [];
  let overlappedRequestCycles = 0;
  let inFlightSince = 0;
  /** Counts the cycles with two or more requests in flight, before the count changes. */
  const inFlightChanges = (): void => {
    if (inFlight.length >= 2) overlappedRequestCycles += sim.now - inFlightSince;
    inFlightSince = sim.now;
  };
  let completed = 0;
  let firstEntry = -1;
  let lastExit = 0;
  const waiting: RequestState[] = [];
  let exhausted = false;

  const finishOp = (state: RequestState, index: number): void => {
    for (let k = dependents.first[index]!; k < dependents.first[index + 1]!; k++) {
      const next = dependents.list[k]!;
      if (--state.pending[next]! === 0) dispatch(state, next);
    }
    if (--state.remaining === 0) finishRequest(state);
  };

  const dispatch = (state: RequestState, index: number): void => {
    const o: Operation = ops[index]!;
    const id = state.request.id;
    const done = () => finishOp(state, index);
    if (o.kind === "lookup") return lookup(state, o.feature, done);
    const c = costs[index]!;
    const label = timeline ? c.label : "";
    transfer(c.tile, c.readBits, false, id, label, () => {
      if (c.unit === null) return transfer(c.tile, c.writeBits, true, id, label, done);
      spend(energyPart(c.unit.kind), c.energyPj);
      unitsByKind[c.unit.kind as ComputeUnitKind][c.unit.index]!.submit({
        request: id,
        cycles: c.computeCycles,
        stages: c.stages, // a plain field: an object spread per job costs more than the job
        label,
        endsSession: c.endsSession,
        onDone: () => transfer(c.tile, c.writeBits, true, id, label, done),
      });
    });
  };

  /** Reads every row a sparse feature lists from its bank, then sends it out of the memory tile. */
  const lookup = (state: RequestState, feature: number, done: () => void): void => {
    const ids = state.request.sparse[feature] ?? [];
    if (ids.length === 0) return done();
    let left = ids.length;
    const id = state.request.id;
    const table = program.tables[feature]!;
    for (const rowId of ids) {
      const row = bankMap.storedRow(feature, rowId);
      const bank = banks[bankMap.bankOf(feature, row)]!;
      lookups.add();
      if (bank.isBusy) {
        bankConflicts[feature]!++;
        conflictCounter.add();
      }
      spend("memory", memory.lookupEnergyPj);
      bank.submit({
        request: id,
        cycles: memory.bankReadCycles,
        label: timeline ? `lookup f${feature}` : "",
        endsSession: false,
        onDone: () =>
          memoryPorts[table.memoryTile]!.submit({
            request: id,
            cycles: memory.transferCycles,
            label: timeline ? `row f${feature}` : "",
            endsSession: false,
            onDone: () => {
              if (--left === 0) done();
            },
          }),
      });
    }
  };

  const enter = (state: RequestState): void => {
    state.entry = sim.now;
    if (firstEntry < 0) firstEntry = sim.now;
    queueing.record(state.entry - state.arrival);
    inFlightChanges();
    inFlight.push(state);
    ops.forEach((o, i) => {
      if (o.deps.length === 0) dispatch(state, i);
    });
  };

  const finishRequest = (state: RequestState): void => {
    inFlightChanges();
    inFlight.splice(inFlight.indexOf(state), 1);
    latency.record(sim.now - state.entry);
    lastExit = sim.now;
    completed++;
    options.onComplete?.(completed, sim.now);
    admit();
  };

  const makeState = (request: ChipRequest, arrival: number): RequestState => ({
    request,
    arrival,
    entry: 0,
    pending: depCount.slice(),
    remaining: ops.length,
  });

  /** Lets waiting (or, in a closed loop, new) requests in while there is room. */
  const admit = (): void => {
    while (inFlight.length < options.maxInFlight) {
      const queued = waiting.shift();
      if (queued !== undefined) {
        enter(queued);
        continue;
      }
      if (exhausted || openLoop) return;
      const next = iterator.next();
      if (next.done === true) {
        exhausted = true;
        return;
      }
      enter(makeState(next.value, sim.now));
    }
  };

  if (first.done === true) exhausted = true;
  const scheduleArrival = (request: ChipRequest): void => {
    const at = request.arrivalCycle ?? sim.now;
    if (at < sim.now)
      throw new RangeError(`request ${request.id} arrives at cycle ${at}, before the previous one`);
    sim.after(
      at - sim.now,
      () => {
        waiting.push(makeState(request, sim.now));
        admit();
        const next = iterator.next();
        if (next.done === true) exhausted = true;
        else scheduleArrival(next.value);
      },
      Priority.arrival,
      "arrival",
    );
  };
  if (first.done !== true) {
    if (openLoop) scheduleArrival(first.value);
    else {
      waiting.push(makeState(first.value, 0));
      admit();
    }
  }

  sim.run();

  const elapsed = Math.max(1, sim.now);
  const byKind: Record<string, { sum: number; n: number }> = {};
  const unitList = units.map((u) => {
    const utilisation = u.busy.integral() / (u.capacity * elapsed);
    const k = (byKind[u.kind] ??= { sum: 0, n: 0 });
    k.sum += utilisation;
    k.n++;
    return { name: u.name, kind: u.kind, capacity: u.capacity, utilisation, jobs: u.jobs.value };
  });
  const utilisation: Record<string, number> = {};
  for (const [kind, { sum, n }] of Object.entries(byKind)) utilisation[kind] = sum / n;
  return {
    completed,
    firstEntryCycle: Math.max(0, firstEntry),
    lastExitCycle: lastExit,
    latencyCycles: latency,
    queueingCycles: queueing,
    energyPj: energy,
    leakageMw: hw.buffer.leakageMw * program.computeTiles,
    utilisation,
    units: unitList,
    bankConflicts,
    lookups: lookups.value,
    overlappedRequestCycles,
    events: sim.eventsFired,
    sim,
  };
}
