import { compactProgram, updateCopies, type CompactProgram } from "../../arch/chip/compact-program";
import type { Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import type { EngineUnit } from "../../arch/engines/engine-unit";

/** auto: copy the bottleneck's crossbars while that shortens the request interval; off: never. */
export type ReplicateMode = "auto" | "off";

/** A replicable unit and the cycles one request puts on it. */
interface Load {
  unit: EngineUnit;
  /** Cycles of jobs that hold every copy at once (a DP row write into every copy of X^T). */
  gang: number;
  /** Cycles of jobs any one copy serves (MVMs, DP streams). */
  single: number;
  /** Crossbars its engines were built with: its copies must fit in them. */
  room: number;
}

/**
 * Balances the pipeline as ISAAC and PUMA do: the unit that sets the
 * request interval (the busiest per request, its load being its cycles per
 * request over its copies) gets one more copy of its crossbars, as long as
 * that lowers the interval and the spare crossbars of the engines it was
 * placed on hold the copy (so the chip's built area does not grow). MVM
 * layers (FC, EFC, DSI, projections) and DP engines replicate; an FM
 * engine, an MBSA, a buffer or a memory port ends the balancing when it is
 * the bottleneck. A copy of an MVM layer serves any of its MVMs (an EFC's
 * embedding positions, or another request's vector); a DP engine's copies
 * hold the same X^T, each row written into all at once, and share its
 * streams. Only per-request busy times matter, so the decision needs no
 * schedule: a unit's load with c copies is gang + single / c. The program's
 * compact form, if given, is kept current.
 */
export function replicate(
  program: Program,
  hw: Hardware,
  embeddingDim: number,
  compact: CompactProgram = compactProgram(program, hw, embeddingDim),
): void {
  const loads = replicableLoads(program, hw, compact);
  const fixed = fixedLoad(program, hw, compact);
  balance(loads, fixed);
  updateCopies(compact, program, hw);
}

/** Adds copies to the busiest replicable unit while that shortens the interval and they fit. */
function balance(loads: Load[], fixed: number): void {
  const load = (l: Load, copies: number) => l.gang + l.single / copies;
  for (;;) {
    let top: Load | null = null;
    for (const l of loads)
      if (top === null || load(l, l.unit.copies) > load(top, top.unit.copies)) top = l;
    if (top === null) return;
    const now = load(top, top.unit.copies);
    if (now <= fixed) return; // an unreplicable unit sets the interval
    const next = top.unit.copies + 1;
    if (next * top.unit.crossbars > top.room) return; // no spare crossbars left in its engines
    if (load(top, next) >= now) return; // a copy would not shorten it
    top.unit.copies = next;
  }
}

/** The MVM layers' and DP engines' loads per request, copies at 1. */
function replicableLoads(program: Program, hw: Hardware, c: CompactProgram): Load[] {
  const perEngine = hw.config.chip.crossbarsPerEngine;
  const room = (u: EngineUnit) => Math.max(1, Math.ceil(u.crossbars / perEngine)) * perEngine;
  const byUnit: Array<Load | undefined> = [];
  const loads: Load[] = [];
  const add = (units: readonly EngineUnit[], base: number) =>
    units.forEach((unit, i) => {
      loads.push((byUnit[base + i] = { unit, gang: 0, single: 0, room: room(unit) }));
    });
  add(program.layers, c.units.base.mvm);
  add(program.dpEngines, c.units.base.dp);
  for (let i = 0; i < c.unit.length; i++) {
    const u = c.unit[i]!;
    const l = u < 0 ? undefined : byUnit[u];
    if (l === undefined) continue;
    if (c.gang[i] === 1) l.gang += c.computeCycles[i]!;
    else l.single += c.computeCycles[i]!;
  }
  return loads;
}

/**
 * The largest load of what does not replicate: FM arrays, MBSAs, each
 * tile's buffer ports, each memory tile's port.
 */
function fixedLoad(program: Program, hw: Hardware, c: CompactProgram): number {
  const bus = hw.config.buffer.busBits;
  const access = hw.cycles.bufferAccess;
  const transferCycles = c.memory.transferCycles;
  const kinds = c.units.kinds;
  const unitBusy = new Float64Array(kinds.length);
  const portBusy = new Float64Array(program.computeTiles);
  for (let i = 0; i < c.unit.length; i++) {
    const u = c.unit[i]!;
    const kind = u < 0 ? null : kinds[u];
    if (kind === "fm" || kind === "mbsa") unitBusy[u]! += c.computeCycles[i]!;
    else if (kind === "memoryPort") unitBusy[u]! += transferCycles;
    const tile = c.tile[i]!;
    if (tile >= 0) {
      portBusy[tile]! +=
        (Math.ceil(c.readBits[i]! / bus) + Math.ceil(c.writeBits[i]! / bus)) * access;
    }
  }
  let fixed = 0;
  for (const b of unitBusy) fixed = Math.max(fixed, b);
  for (const b of portBusy) fixed = Math.max(fixed, b / hw.config.buffer.ports);
  return fixed;
}
