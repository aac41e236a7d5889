import { operationCosts } from "../../arch/chip/op-costs";
import type { Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import { memoryCosts } from "../../arch/memory/embedding-memory";
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
 * schedule: a unit's load with c copies is gang + single / c.
 */
export function replicate(program: Program, hw: Hardware, embeddingDim: number): void {
  const loads = replicableLoads(program, hw);
  const fixed = fixedLoad(program, hw, embeddingDim);
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
function replicableLoads(program: Program, hw: Hardware): Load[] {
  const perEngine = hw.config.chip.crossbarsPerEngine;
  const room = (u: EngineUnit) => Math.max(1, Math.ceil(u.crossbars / perEngine)) * perEngine;
  const byKey = new Map<string, Load>();
  for (const u of program.layers)
    byKey.set(`mvm${u.id}`, { unit: u, gang: 0, single: 0, room: room(u) });
  for (const u of program.dpEngines)
    byKey.set(`dp${u.id}`, { unit: u, gang: 0, single: 0, room: room(u) });
  for (const c of operationCosts(program, hw, false)) {
    if (c.unit === null) continue;
    const l = byKey.get(`${c.unit.kind}${c.unit.index}`);
    if (l === undefined) continue;
    if (c.gang === true) l.gang += c.computeCycles;
    else l.single += c.computeCycles;
  }
  return [...byKey.values()];
}

/**
 * The largest load of what does not replicate: FM arrays, MBSAs, each
 * tile's buffer ports, each memory tile's port.
 */
function fixedLoad(program: Program, hw: Hardware, embeddingDim: number): number {
  const costs = operationCosts(program, hw, false);
  const bus = hw.config.buffer.busBits;
  const access = hw.cycles.bufferAccess;
  const unitBusy = new Map<string, number>();
  const portBusy = new Float64Array(program.computeTiles);
  for (const c of costs) {
    if (c.unit !== null && (c.unit.kind === "fm" || c.unit.kind === "mbsa")) {
      const key = `${c.unit.kind}${c.unit.index}`;
      unitBusy.set(key, (unitBusy.get(key) ?? 0) + c.computeCycles);
    }
    if (c.tile >= 0) {
      portBusy[c.tile]! += (Math.ceil(c.readBits / bus) + Math.ceil(c.writeBits / bus)) * access;
    }
  }
  const memory = memoryCosts(hw, embeddingDim, program.tables);
  const memoryPorts = new Float64Array(program.memoryTiles);
  for (const o of program.operations) {
    if (o.kind === "lookup")
      memoryPorts[program.tables[o.feature]!.memoryTile]! += memory.transferCycles;
  }
  let fixed = 0;
  for (const b of unitBusy.values()) fixed = Math.max(fixed, b);
  for (const b of portBusy) fixed = Math.max(fixed, b / hw.config.buffer.ports);
  for (const b of memoryPorts) fixed = Math.max(fixed, b);
  return fixed;
}
