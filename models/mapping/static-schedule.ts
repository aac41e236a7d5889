import { compactProgram, unitOf, type CompactProgram } from "../../arch/chip/compact-program";
import type { Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import { COMPUTE_UNITS, type ComputeUnitKind } from "../../arch/engines/engine-kinds";
import { KeyHeap } from "./key-heap";
import { Scratch } from "./scratch";

/** One request alone in the chip: what sets the replay's pace. */
export interface StaticSchedule {
  /** Critical path L: one request alone in an empty chip, cycles. */
  criticalPathCycles: number;
  /**
   * Bottleneck B, cycles: the busy time one request puts on its busiest unit
   * (an MVM layer, DP engine, FM array, MBSA, a tile's buffer ports shared
   * among them, a memory port); the chip finishes at most one request per B.
   */
  bottleneckCycles: number;
  /** Which unit it is: a computing unit by kind and index, a tile's buffer or a memory tile's port by index. */
  bottleneck: { kind: ComputeUnitKind | "buffer" | "memoryPort"; index: number };
  /**
   * The longest a session unit (a DP or FM engine, held by one request from
   * its first job to its last) is held per request once its jobs queue up
   * back to back: its gang jobs (every copy at once) plus its other jobs
   * packed onto its copies, cycles. It exceeds the unit's busy time over its
   * copies when the jobs do not divide evenly among the copies (23 streams on
   * 5 copies take 5 rounds, not 4.6), and no other request can use the idle
   * copies meanwhile.
   */
  sessionHoldCycles: number;
  /** Dynamic energy of one request's computations and lookups, pJ (buffer words apart). */
  computeEnergyPj: number;
  bufferWordsRead: number;
  bufferWordsWritten: number;
}

/**
 * Runs one request alone through the program: each operation, once its
 * dependencies are done, reads its inputs through its tile's buffer ports,
 * computes on its unit, and writes its output back; a lookup reads its bank
 * then takes the memory tile's port. Resources are claimed in time order,
 * first come first served, as the event model (arch/chip/chip-run.ts) does,
 * from the same per-operation costs (arch/chip/op-costs.ts), but with one
 * request there is nothing to simulate but this list schedule.
 */
export function staticSchedule(
  program: Program,
  hw: Hardware,
  embeddingDim: number,
  compact: CompactProgram = compactProgram(program, hw, embeddingDim),
): StaticSchedule {
  return new ListSchedule(compact, hw, program.computeTiles).run();
}

// Steps of an operation, each claiming one resource when its time comes.
const READ = 0;
const COMPUTE = 1;
const WRITE = 2;

/** Heap keys are time x 2^22 + sequence: ties first come first served. */
const SEQ = 2 ** 22;

// The schedule's arrays, reused from one request's schedule to the next.
const floats = new Scratch((n) => new Float64Array(n));
const ints = new Scratch((n) => new Int32Array(n));

class ListSchedule {
  // A unit has a slot per copy (replication); a job takes the slot free first, a gang all.
  private readonly slotBase: Int32Array;
  private readonly slotFree: Float64Array;
  /** Busy unit-cycles (cycles x slots held) per unit. */
  private readonly busy: Float64Array;
  /** Per unit, its gang jobs' cycles; per slot, the other jobs packed onto the least loaded copy. */
  private readonly gangCycles: Float64Array;
  private readonly packed: Float64Array;
  // A tile's buffer has `ports` ports; a transfer takes the one free first.
  private readonly ports: number;
  private readonly busBits: number;
  private readonly accessCycles: number;
  private readonly portFree: Float64Array;
  private readonly portBusy: Float64Array;
  /** Per dependency group: operations still to finish, and when the last finished. */
  private readonly pending: Int32Array;
  private readonly readyAt: Float64Array;
  // Step `seq` (the heap key's low part) is operation opOf[seq]'s step stepOf[seq].
  private readonly opOf: Int32Array;
  private readonly stepOf: Int32Array;
  private readonly steps: KeyHeap;
  private seq = 0;
  private computeEnergyPj = 0;
  private bufferWordsRead = 0;
  private bufferWordsWritten = 0;
  private lastFinish = 0;

  constructor(
    private readonly c: CompactProgram,
    hw: Hardware,
    computeTiles: number,
  ) {
    const copies = c.units.copies;
    const units = copies.length;
    const n = c.unit.length;
    const groups = c.groups.depCount.length;
    this.ports = hw.config.buffer.ports;
    this.busBits = hw.config.buffer.busBits;
    this.accessCycles = hw.cycles.bufferAccess;
    let slots = 0;
    for (const k of copies) slots += k;
    // Each operation takes at most three steps.
    [this.slotBase, this.pending, this.opOf, this.stepOf] = ints.take([
      units + 1,
      groups,
      3 * n,
      3 * n,
    ]);
    let heap;
    [
      this.slotFree,
      this.busy,
      this.portFree,
      this.portBusy,
      this.readyAt,
      heap,
      this.gangCycles,
      this.packed,
    ] = floats.take([
      slots,
      units,
      computeTiles * this.ports,
      computeTiles,
      groups,
      3 * n,
      units,
      slots,
    ]);
    for (let u = 0; u < units; u++) this.slotBase[u + 1] = this.slotBase[u]! + copies[u]!;
    this.pending.set(c.groups.depCount);
    this.steps = new KeyHeap(heap);
  }

  run(): StaticSchedule {
    for (let g = 0; g < this.pending.length; g++) if (this.pending[g] === 0) this.release(g);
    while (this.steps.length > 0) {
      const key = this.steps.pop();
      const at = Math.floor(key / SEQ);
      const id = key - at * SEQ; // not key % SEQ: a floating-point remainder is slow
      this.step(at, this.opOf[id]!, this.stepOf[id]!);
    }
    return {
      criticalPathCycles: this.lastFinish,
      ...this.busiest(),
      sessionHoldCycles: this.longestHold(),
      computeEnergyPj: this.computeEnergyPj,
      bufferWordsRead: this.bufferWordsRead,
      bufferWordsWritten: this.bufferWordsWritten,
    };
  }

  /** One step of an operation at cycle `at`: a lookup whole, or a read, compute or write. */
  private step(at: number, op: number, step: number): void {
    const c = this.c;
    const unit = c.unit[op]!;
    if (unit >= c.units.memoryBase) {
      const memory = c.memory;
      const end = this.claim(unit, at + memory.bankReadCycles, memory.transferCycles, 1);
      this.computeEnergyPj += memory.lookupEnergyPj;
      this.finish(op, end);
    } else if (step === READ) {
      const words = Math.ceil(c.readBits[op]! / this.busBits);
      this.bufferWordsRead += words;
      this.push(this.transfer(c.tile[op]!, at, words), op, unit < 0 ? WRITE : COMPUTE);
    } else if (step === COMPUTE) {
      const n = c.gang[op] === 1 ? c.units.copies[unit]! : 1;
      const end = this.claim(unit, at, c.computeCycles[op]!, n);
      this.computeEnergyPj += c.energyPj[op]!;
      this.push(end, op, WRITE);
    } else {
      const words = Math.ceil(c.writeBits[op]! / this.busBits);
      this.bufferWordsWritten += words;
      this.finish(op, this.transfer(c.tile[op]!, at, words));
    }
  }

  /** The unit's first free slot (or, for a gang of n, n slots at once) from `at`; returns the end. */
  private claim(unit: number, at: number, cycles: number, n: number): number {
    const first = this.slotBase[unit]!;
    const last = this.slotBase[unit + 1]!;
    const free = this.slotFree;
    let end: number;
    if (n === 1) {
      let s = first;
      for (let k = first + 1; k < last; k++) if (free[k]! < free[s]!) s = k;
      end = Math.max(at, free[s]!) + cycles;
      free[s] = end;
    } else {
      let start = at;
      for (let k = first; k < last; k++) start = Math.max(start, free[k]!);
      end = start + cycles;
      for (let k = first; k < first + n; k++) free[k] = end;
    }
    this.busy[unit]! += cycles * n;
    this.pack(unit, cycles, n > 1);
    return end;
  }

  /** Books a job for the session hold: a gang's cycles once, another job on the least packed copy. */
  private pack(unit: number, cycles: number, gang: boolean): void {
    if (gang) {
      this.gangCycles[unit]! += cycles;
      return;
    }
    let least = this.slotBase[unit]!;
    for (let k = least + 1; k < this.slotBase[unit + 1]!; k++)
      if (this.packed[k]! < this.packed[least]!) least = k;
    this.packed[least]! += cycles;
  }

  private longestHold(): number {
    let longest = 0;
    const kinds = this.c.units.kinds;
    for (let u = 0; u < kinds.length; u++) {
      const kind = kinds[u]!;
      if (kind === "memoryPort" || !COMPUTE_UNITS[kind].sessions) continue;
      let packed = 0;
      for (let k = this.slotBase[u]!; k < this.slotBase[u + 1]!; k++)
        packed = Math.max(packed, this.packed[k]!);
      longest = Math.max(longest, this.gangCycles[u]! + packed);
    }
    return longest;
  }

  /** The busiest unit per request: a unit's busy unit-cycles over its slots, a buffer's over its ports. */
  private busiest(): Pick<StaticSchedule, "bottleneckCycles" | "bottleneck"> {
    let bottleneckCycles = 1;
    let bottleneck: StaticSchedule["bottleneck"] = { kind: "buffer", index: 0 };
    const copies = this.c.units.copies;
    for (let u = 0; u < copies.length; u++) {
      const load = this.busy[u]! / copies[u]!;
      if (load <= bottleneckCycles) continue;
      bottleneckCycles = load;
      bottleneck = unitOf(this.c.units, u);
    }
    for (let tile = 0; tile < this.portBusy.length; tile++) {
      const load = this.portBusy[tile]! / this.ports;
      if (load <= bottleneckCycles) continue;
      bottleneckCycles = load;
      bottleneck = { kind: "buffer", index: tile };
    }
    return { bottleneckCycles, bottleneck };
  }

  private push(at: number, op: number, step: number): void {
    this.opOf[this.seq] = op;
    this.stepOf[this.seq] = step;
    this.steps.push(at * SEQ + this.seq++);
  }

  /** `words` through the tile's first free port from `at`; returns when they are through. */
  private transfer(tile: number, at: number, words: number): number {
    if (words === 0 || tile < 0) return at;
    const ports = this.ports;
    const free = this.portFree;
    let p = tile * ports;
    for (let k = p + 1; k < (tile + 1) * ports; k++) if (free[k]! < free[p]!) p = k;
    const cycles = words * this.accessCycles;
    const end = Math.max(at, free[p]!) + cycles;
    free[p] = end;
    this.portBusy[tile]! += cycles;
    return end;
  }

  /** An operation finishing at `at` releases the groups it was the last to wait for. */
  private finish(op: number, at: number): void {
    this.lastFinish = Math.max(this.lastFinish, at);
    const { first, list } = this.c.dependents;
    for (let k = first[op]!; k < first[op + 1]!; k++) {
      const g = list[k]!;
      this.readyAt[g] = Math.max(this.readyAt[g]!, at);
      if (--this.pending[g]! === 0) this.release(g);
    }
  }

  /** A group's operations ready: each reads its inputs, in program order. */
  private release(g: number): void {
    const { start } = this.c.groups;
    for (let op = start[g]!; op < start[g + 1]!; op++) this.push(this.readyAt[g]!, op, READ);
  }
}

/**
 * The fewest requests in flight that keep the bottleneck busy, by Little's
 * law: latency / the bottleneck's cycles per request, rounded up, at most 64.
 * A ratio within 2 % above a whole number rounds down: one more request in
 * flight would add a whole request's worth of latency for under 2 % more
 * throughput.
 */
export function requestsInFlight(latencyCycles: number, bottleneckCycles: number): number {
  return Math.min(
    64,
    Math.max(1, Math.ceil((0.98 * latencyCycles) / Math.max(1, bottleneckCycles))),
  );
}
