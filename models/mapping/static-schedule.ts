import { operationCosts, type OpCost } from "../../arch/chip/op-costs";
import { dependentsOf, type Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import {
  COMPUTE_UNIT_KINDS,
  COMPUTE_UNITS,
  type ComputeUnitKind,
} from "../../arch/engines/engine-kinds";
import { memoryCosts, type MemoryCosts } from "../../arch/memory/embedding-memory";
import { Heap } from "heap-js";

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
): StaticSchedule {
  return new ListSchedule(program, hw, embeddingDim).run();
}

// Steps of an operation, each claiming one resource when its time comes.
const READ = 0;
const COMPUTE = 1;
const WRITE = 2;
/** Heap keys are time x 2^22 + sequence: ties first come first served. */
const SEQ = 2 ** 22;

class ListSchedule {
  private readonly costs: OpCost[];
  private readonly memory: MemoryCosts;
  private readonly ops: Program["operations"];
  // Units numbered: MVM layers, DP engines, FM arrays, MBSAs, memory ports; buffers apart.
  // A unit has a slot per copy (replication); a job takes the slot free first, a gang all.
  private readonly base = {} as Record<ComputeUnitKind, number>;
  private readonly memoryBase: number;
  private readonly slotBase: Int32Array;
  private readonly slotCount: Int32Array;
  private readonly slotFree: Float64Array;
  /** Busy unit-cycles (cycles x slots held) per unit. */
  private readonly busy: Float64Array;
  // A tile's buffer has `ports` ports; a transfer takes the one free first.
  private readonly ports: number;
  private readonly portFree: Float64Array;
  private readonly portBusy: Float64Array;
  private readonly dependents: { first: Int32Array; list: Int32Array };
  private readonly pending: Int32Array;
  private readonly readyAt: Float64Array;
  private readonly opOf: Int32Array;
  private readonly stepOf: Int8Array;
  private readonly steps = new Heap<number>();
  private seq = 0;
  private computeEnergyPj = 0;
  private bufferWordsRead = 0;
  private bufferWordsWritten = 0;
  private lastFinish = 0;

  constructor(
    private readonly program: Program,
    private readonly hw: Hardware,
    embeddingDim: number,
  ) {
    this.costs = operationCosts(program, hw, false);
    this.memory = memoryCosts(hw, embeddingDim, program.tables);
    this.ops = program.operations;
    const capacities: number[] = [];
    for (const kind of COMPUTE_UNIT_KINDS) {
      this.base[kind] = capacities.length;
      for (const u of COMPUTE_UNITS[kind].units(program))
        capacities.push(kind === "mbsa" ? 1 : u.copies);
    }
    this.memoryBase = capacities.length;
    for (let m = 0; m < program.memoryTiles; m++) capacities.push(1);
    this.slotCount = Int32Array.from(capacities);
    this.slotBase = new Int32Array(capacities.length);
    for (let u = 1; u < capacities.length; u++)
      this.slotBase[u] = this.slotBase[u - 1]! + capacities[u - 1]!;
    this.slotFree = new Float64Array(capacities.reduce((a, b) => a + b, 0));
    this.busy = new Float64Array(capacities.length);
    this.ports = hw.config.buffer.ports;
    this.portFree = new Float64Array(program.computeTiles * this.ports);
    this.portBusy = new Float64Array(program.computeTiles);
    this.dependents = dependentsOf(this.ops);
    this.pending = Int32Array.from(this.ops, (o) => o.deps.length);
    this.readyAt = new Float64Array(this.ops.length);
    this.opOf = new Int32Array(3 * this.ops.length);
    this.stepOf = new Int8Array(3 * this.ops.length);
  }

  run(): StaticSchedule {
    for (let i = 0; i < this.ops.length; i++) if (this.pending[i] === 0) this.push(0, i, READ);
    while (this.steps.length > 0) {
      const key = this.steps.pop()!;
      const at = Math.floor(key / SEQ);
      const id = key - at * SEQ; // not key % SEQ: a floating-point remainder is slow
      this.step(at, this.opOf[id]!, this.stepOf[id]!);
    }
    return {
      criticalPathCycles: this.lastFinish,
      ...this.busiest(),
      computeEnergyPj: this.computeEnergyPj,
      bufferWordsRead: this.bufferWordsRead,
      bufferWordsWritten: this.bufferWordsWritten,
    };
  }

  /** One step of an operation at cycle `at`: a lookup whole, or a read, compute or write. */
  private step(at: number, op: number, step: number): void {
    const o = this.ops[op]!;
    const c = this.costs[op]!;
    const bus = this.hw.config.buffer.busBits;
    if (o.kind === "lookup") {
      const port = this.memoryBase + this.program.tables[o.feature]!.memoryTile;
      const end = this.claim(port, at + this.memory.bankReadCycles, this.memory.transferCycles, 1);
      this.computeEnergyPj += this.memory.lookupEnergyPj;
      this.finish(op, end);
    } else if (step === READ) {
      const words = Math.ceil(c.readBits / bus);
      this.bufferWordsRead += words;
      this.push(this.transfer(c.tile, at, words), op, c.unit === null ? WRITE : COMPUTE);
    } else if (step === COMPUTE) {
      const u = c.unit!;
      const unit = this.base[u.kind as ComputeUnitKind] + u.index;
      const end = this.claim(
        unit,
        at,
        c.computeCycles,
        c.gang === true ? this.slotCount[unit]! : 1,
      );
      this.computeEnergyPj += c.energyPj;
      this.push(end, op, WRITE);
    } else {
      const words = Math.ceil(c.writeBits / bus);
      this.bufferWordsWritten += words;
      this.finish(op, this.transfer(c.tile, at, words));
    }
  }

  /** The unit's first free slot (or, for a gang of n, n slots at once) from `at`; returns the end. */
  private claim(unit: number, at: number, cycles: number, n: number): number {
    const first = this.slotBase[unit]!;
    const count = this.slotCount[unit]!;
    const free = this.slotFree;
    let end: number;
    if (n === 1) {
      let s = first;
      for (let k = first + 1; k < first + count; k++) if (free[k]! < free[s]!) s = k;
      end = Math.max(at, free[s]!) + cycles;
      free[s] = end;
    } else {
      let start = at;
      for (let k = first; k < first + count; k++) start = Math.max(start, free[k]!);
      end = start + cycles;
      for (let k = first; k < first + n; k++) free[k] = end;
    }
    this.busy[unit]! += cycles * n;
    return end;
  }

  /** The busiest unit per request: a unit's busy unit-cycles over its slots, a buffer's over its ports. */
  private busiest(): Pick<StaticSchedule, "bottleneckCycles" | "bottleneck"> {
    let bottleneckCycles = 1;
    let bottleneck: StaticSchedule["bottleneck"] = { kind: "buffer", index: 0 };
    const kinds = COMPUTE_UNIT_KINDS.map((k) => [k, this.base[k]] as const);
    this.busy.forEach((b, u) => {
      const load = b / this.slotCount[u]!;
      if (load <= bottleneckCycles) return;
      bottleneckCycles = load;
      if (u >= this.memoryBase) bottleneck = { kind: "memoryPort", index: u - this.memoryBase };
      else {
        const [kind, base] = kinds.filter(([, b0]) => b0 <= u).pop()!;
        bottleneck = { kind, index: u - base };
      }
    });
    this.portBusy.forEach((b, tile) => {
      if (b / this.ports <= bottleneckCycles) return;
      bottleneckCycles = b / this.ports;
      bottleneck = { kind: "buffer", index: tile };
    });
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
    let p = tile * ports;
    for (let k = p + 1; k < (tile + 1) * ports; k++)
      if (this.portFree[k]! < this.portFree[p]!) p = k;
    const end = Math.max(at, this.portFree[p]!) + words * this.hw.cycles.bufferAccess;
    this.portFree[p] = end;
    this.portBusy[tile]! += words * this.hw.cycles.bufferAccess;
    return end;
  }

  /** An operation finishing at `at` releases the dependents it was the last to wait for. */
  private finish(op: number, at: number): void {
    this.lastFinish = Math.max(this.lastFinish, at);
    const { first, list } = this.dependents;
    for (let k = first[op]!; k < first[op + 1]!; k++) {
      const d = list[k]!;
      this.readyAt[d] = Math.max(this.readyAt[d]!, at);
      if (--this.pending[d]! === 0) this.push(this.readyAt[d]!, d, READ);
    }
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
