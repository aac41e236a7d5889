import type { Hardware } from "../config/hardware";
import { dpStreamCost, dpWriteCost } from "../engines/dp";
import { COMPUTE_UNITS, isComputeUnit } from "../engines/engine-kinds";
import type { OpCost, UnitKind } from "../engines/engine-unit";
import { fmCost } from "../engines/fm";
import { mbsaCost } from "../engines/mbsa";
import { bufferMoveCost, lookupCost } from "../engines/memory";
import { mvmCost } from "../engines/mvm";
import type { Operation, Program } from "./program";

export type { OpCost } from "../engines/engine-unit";

/** Each operation kind priced by the engine kind that runs it (arch/engines): the one dispatch. */
const costOf: {
  [K in Operation["kind"]]: (
    o: Extract<Operation, { kind: K }>,
    program: Program,
    hw: Hardware,
    labels: boolean,
  ) => OpCost;
} = {
  mvm: (o, p, _hw, labels) => mvmCost(p.layers[o.layer]!, o, labels),
  dpWrite: (o, p, hw, labels) => dpWriteCost(p.dpEngines[o.engine]!, o, hw, labels),
  dpStream: (o, p, hw, labels) => dpStreamCost(p.dpEngines[o.engine]!, o, hw, labels),
  fmWrite: (o, p, _hw, labels) => fmCost(p.fmEngines[o.engine]!, o, labels),
  fmOnes: (o, p, _hw, labels) => fmCost(p.fmEngines[o.engine]!, o, labels),
  fmSumSquares: (o, p, _hw, labels) => fmCost(p.fmEngines[o.engine]!, o, labels),
  fmSquare: (o, p, _hw, labels) => mbsaCost(p.fmEngines[o.engine]!, labels),
  lookup: (o, _p, _hw, labels) => lookupCost(o, labels),
  bufferMove: (o, _p, _hw, labels) => bufferMoveCost(o, labels),
};

/** What one operation costs (endsSession is left false: only the whole program knows its last). */
export function operationCost(o: Operation, program: Program, hw: Hardware, labels = true): OpCost {
  return (costOf[o.kind] as (o: Operation, p: Program, hw: Hardware, l: boolean) => OpCost)(
    o,
    program,
    hw,
    labels,
  );
}

/**
 * What each operation of the program costs, in program order: the event
 * model (chip-run.ts) runs these and the analytical oracle adds them up.
 * The last operation of a request on a session unit (a DP or FM engine)
 * ends its session.
 */
export function operationCosts(program: Program, hw: Hardware, labels = true): OpCost[] {
  const costs = program.operations.map((o) => operationCost(o, program, hw, labels));
  const last = new Map<string, number>();
  costs.forEach((c, i) => {
    if (c.unit !== null && isComputeUnit(c.unit.kind) && COMPUTE_UNITS[c.unit.kind].sessions) {
      last.set(`${c.unit.kind}${c.unit.index}`, i);
    }
  });
  for (const i of last.values()) costs[i]!.endsSession = true;
  return costs;
}

/** Energy part an operation's computation is booked under. */
export function energyPart(kind: UnitKind | null): "mvm" | "dp" | "fm" {
  return kind !== null && isComputeUnit(kind) ? COMPUTE_UNITS[kind].energyPart : "mvm";
}
