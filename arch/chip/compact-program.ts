import type { Hardware } from "../config/hardware";
import { COMPUTE_UNIT_KINDS, COMPUTE_UNITS, type ComputeUnitKind } from "../engines/engine-kinds";
import { memoryCosts, type MemoryCosts } from "../memory/embedding-memory";
import { invert, type Csr } from "./csr";
import { operationCost } from "./op-costs";
import type { Program } from "./program";

/** A unit operations run on: a computing unit, or a memory tile's port (lookups). */
export type CompactUnitKind = ComputeUnitKind | "memoryPort";

/**
 * The units operations run on, numbered: MVM layers, DP engines, FM arrays,
 * MBSAs (one per FM engine), then the memory tiles' ports.
 */
export interface UnitNumbering {
  /** Number of each compute kind's unit 0. */
  base: Record<ComputeUnitKind, number>;
  /** Number of memory tile 0's port. */
  memoryBase: number;
  /** Each unit's kind. */
  kinds: CompactUnitKind[];
  /** Each unit's copies: the jobs it serves at once (an MBSA and a memory port serve one). */
  copies: Int32Array;
}

/**
 * The compiled program as typed arrays, one entry per operation in program
 * order: its costs (op-costs.ts) and dependencies flattened, so the static
 * schedule and the replication read them without an object per operation.
 * Built once per (model, hardware) pair, kept current when replication adds
 * copies (updateCopies).
 *
 * Dependencies are kept per group: consecutive operations that wait for the
 * same list (one array in the program: a DP engine's streams, an EFC's MVMs
 * over the raw lookups) wait as one, and become ready together, in program
 * order, as they would one by one.
 */
export interface CompactProgram {
  units: UnitNumbering;
  /** Each operation's unit: its computing unit, a lookup's memory port; -1 for none (a buffer move). */
  unit: Int32Array;
  /** Compute tile whose buffer ports carry its transfers (-1: none). */
  tile: Int32Array;
  readBits: Float64Array;
  computeCycles: Float64Array;
  writeBits: Float64Array;
  energyPj: Float64Array;
  /** 1: it holds every copy of its unit at once (OpCost.gang). */
  gang: Int32Array;
  /** Group g is operations start[g] to start[g + 1] - 1, waiting for depCount[g] operations. */
  groups: { start: Int32Array; depCount: Int32Array };
  /** The groups waiting for each operation, ascending. */
  dependents: Csr;
  /** A lookup's bank read, port transfer and energy (the memory tiles'). */
  memory: MemoryCosts;
}

export function compactProgram(
  program: Program,
  hw: Hardware,
  embeddingDim: number,
): CompactProgram {
  const ops = program.operations;
  const n = ops.length;
  // One allocation, carved up: typed arrays are costly to create.
  const buffer = new ArrayBuffer(
    4 * n * Float64Array.BYTES_PER_ELEMENT + 3 * n * Int32Array.BYTES_PER_ELEMENT,
  );
  const floats = new Float64Array(buffer, 0, 4 * n);
  const ints = new Int32Array(buffer, floats.byteLength, 3 * n);
  const c: CompactProgram = {
    units: numberUnits(program),
    unit: ints.subarray(0, n),
    tile: ints.subarray(n, 2 * n),
    gang: ints.subarray(2 * n),
    readBits: floats.subarray(0, n),
    computeCycles: floats.subarray(n, 2 * n),
    writeBits: floats.subarray(2 * n, 3 * n),
    energyPj: floats.subarray(3 * n),
    ...groupsOf(program),
    memory: memoryCosts(hw, embeddingDim, program.tables),
  };
  for (let i = 0; i < n; i++) fill(c, i, program, hw);
  return c;
}

/** Consecutive operations sharing their dependency list, and each operation's waiting groups. */
function groupsOf(program: Program): Pick<CompactProgram, "groups" | "dependents"> {
  const ops = program.operations;
  const starts: number[] = [];
  for (let i = 0; i < ops.length; i++)
    if (i === 0 || ops[i]!.deps !== ops[i - 1]!.deps) starts.push(i);
  const lists = starts.map((i) => ops[i]!.deps);
  const all = new Int32Array(2 * lists.length + 1);
  const start = all.subarray(0, lists.length + 1);
  const depCount = all.subarray(lists.length + 1);
  start.set(starts);
  start[lists.length] = ops.length;
  lists.forEach((l, g) => (depCount[g] = l.length));
  return { groups: { start, depCount }, dependents: invert(ops.length, lists) };
}

/**
 * After replication changed units' copies: the new copies, and the costs
 * of the operations on those units again (a DP row write's energy counts
 * every copy).
 */
export function updateCopies(c: CompactProgram, program: Program, hw: Hardware): void {
  const now = unitCopies(program);
  const before = c.units.copies;
  if (now.every((copies, u) => copies === before[u])) return;
  for (let i = 0; i < c.unit.length; i++) {
    const u = c.unit[i]!;
    if (u >= 0 && now[u] !== before[u]) fill(c, i, program, hw);
  }
  before.set(now);
}

/** Operation i's entries, from its cost. */
function fill(c: CompactProgram, i: number, program: Program, hw: Hardware): void {
  const o = program.operations[i]!;
  const cost = operationCost(o, program, hw, false);
  c.unit[i] =
    o.kind === "lookup"
      ? c.units.memoryBase + program.tables[o.feature]!.memoryTile
      : cost.unit === null
        ? -1
        : c.units.base[cost.unit.kind as ComputeUnitKind] + cost.unit.index;
  c.tile[i] = cost.tile;
  c.readBits[i] = cost.readBits;
  c.computeCycles[i] = cost.computeCycles;
  c.writeBits[i] = cost.writeBits;
  c.energyPj[i] = cost.energyPj;
  c.gang[i] = cost.gang === true ? 1 : 0;
}

function numberUnits(program: Program): UnitNumbering {
  const kinds: CompactUnitKind[] = [];
  const base = {} as Record<ComputeUnitKind, number>;
  for (const kind of COMPUTE_UNIT_KINDS) {
    base[kind] = kinds.length;
    for (let u = COMPUTE_UNITS[kind].units(program).length; u > 0; u--) kinds.push(kind);
  }
  const memoryBase = kinds.length;
  for (let m = 0; m < program.memoryTiles; m++) kinds.push("memoryPort");
  return { base, memoryBase, kinds, copies: Int32Array.from(unitCopies(program)) };
}

/** Each unit's copies, in unit number order. */
function unitCopies(program: Program): number[] {
  const copies: number[] = [];
  for (const kind of COMPUTE_UNIT_KINDS) {
    for (const u of COMPUTE_UNITS[kind].units(program)) copies.push(kind === "mbsa" ? 1 : u.copies);
  }
  for (let m = 0; m < program.memoryTiles; m++) copies.push(1);
  return copies;
}

/** Unit u by kind and index within its kind. */
export function unitOf(units: UnitNumbering, u: number): { kind: CompactUnitKind; index: number } {
  const kind = units.kinds[u]!;
  return { kind, index: u - (kind === "memoryPort" ? units.memoryBase : units.base[kind]) };
}
