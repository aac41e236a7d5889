import { operationCosts } from "../../arch/chip/op-costs";
import { dependentsOf, type Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import {
  COMPUTE_UNIT_KINDS,
  COMPUTE_UNITS,
  type ComputeUnitKind,
} from "../../arch/engines/engine-kinds";
import { memoryCosts } from "../../arch/memory/embedding-memory";
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
  const costs = operationCosts(program, hw, false);
  const memory = memoryCosts(hw, embeddingDim, program.tables);
  const bus = hw.config.buffer.busBits;
  const access = hw.cycles.bufferAccess;
  const ops = program.operations;

  // Units numbered: MVM layers, DP engines, FM arrays, MBSAs, memory ports; buffers apart.
  const base = {} as Record<ComputeUnitKind, number>;
  let memoryBase = 0;
  for (const kind of COMPUTE_UNIT_KINDS) {
    base[kind] = memoryBase;
    memoryBase += COMPUTE_UNITS[kind].units(program).length;
  }
  const units = memoryBase + program.memoryTiles;
  const unitFree = new Float64Array(units);
  const busy = new Float64Array(units);

  // A tile's buffer has `ports` ports; a transfer takes the one free first.
  const ports = hw.config.buffer.ports;
  const portFree = new Float64Array(program.computeTiles * ports);
  const portBusy = new Float64Array(program.computeTiles);
  const transfer = (tile: number, at: number, words: number): number => {
    if (words === 0 || tile < 0) return at;
    let p = tile * ports;
    for (let k = p + 1; k < (tile + 1) * ports; k++) if (portFree[k]! < portFree[p]!) p = k;
    const end = Math.max(at, portFree[p]!) + words * access;
    portFree[p] = end;
    portBusy[tile]! += words * access;
    return end;
  };

  const { first: firstDependent, list: dependents } = dependentsOf(ops);
  const pending = Int32Array.from(ops, (o) => o.deps.length);
  const readyAt = new Float64Array(ops.length);
  let computeEnergyPj = 0;
  let bufferWordsRead = 0;
  let bufferWordsWritten = 0;
  let lastFinish = 0;

  // Steps of an operation, each claiming one resource when its time comes,
  // in a heap of numbers: time x 2^22 + sequence (ties first come first
  // served), the sequence indexing the step's operation and kind.
  const READ = 0;
  const COMPUTE = 1;
  const WRITE = 2;
  const SEQ = 2 ** 22;
  const opOf = new Int32Array(3 * ops.length);
  const stepOf = new Int8Array(3 * ops.length);
  let seq = 0;
  const steps = new Heap<number>();
  const push = (at: number, op: number, step: number): void => {
    opOf[seq] = op;
    stepOf[seq] = step;
    steps.push(at * SEQ + seq++);
  };
  /** An operation finishing at `at` releases the dependents it was the last to wait for. */
  const finish = (op: number, at: number): void => {
    lastFinish = Math.max(lastFinish, at);
    for (let k = firstDependent[op]!; k < firstDependent[op + 1]!; k++) {
      const d = dependents[k]!;
      readyAt[d] = Math.max(readyAt[d]!, at);
      if (--pending[d]! === 0) push(readyAt[d]!, d, READ);
    }
  };
  for (let i = 0; i < ops.length; i++) if (pending[i] === 0) push(0, i, READ);

  while (steps.length > 0) {
    const key = steps.pop()!;
    const at = Math.floor(key / SEQ);
    const id = key - at * SEQ; // not key % SEQ: a floating-point remainder is slow
    const op = opOf[id]!;
    const step = stepOf[id]!;
    const o = ops[op]!;
    const c = costs[op]!;
    if (o.kind === "lookup") {
      const port = memoryBase + program.tables[o.feature]!.memoryTile;
      const start = Math.max(at + memory.bankReadCycles, unitFree[port]!);
      unitFree[port] = start + memory.transferCycles;
      busy[port]! += memory.transferCycles;
      computeEnergyPj += memory.lookupEnergyPj;
      finish(op, unitFree[port]!);
    } else if (step === READ) {
      const words = Math.ceil(c.readBits / bus);
      bufferWordsRead += words;
      push(transfer(c.tile, at, words), op, c.unit === null ? WRITE : COMPUTE);
    } else if (step === COMPUTE) {
      const u = c.unit!;
      const unit = base[u.kind as ComputeUnitKind] + u.index;
      const start = Math.max(at, unitFree[unit]!);
      unitFree[unit] = start + c.computeCycles;
      busy[unit]! += c.computeCycles;
      computeEnergyPj += c.energyPj;
      push(unitFree[unit]!, op, WRITE);
    } else {
      const words = Math.ceil(c.writeBits / bus);
      bufferWordsWritten += words;
      finish(op, transfer(c.tile, at, words));
    }
  }

  let busiest = 1;
  for (const b of busy) busiest = Math.max(busiest, b);
  for (const b of portBusy) busiest = Math.max(busiest, b / ports);
  return {
    criticalPathCycles: lastFinish,
    bottleneckCycles: busiest,
    computeEnergyPj,
    bufferWordsRead,
    bufferWordsWritten,
  };
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
