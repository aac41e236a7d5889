import type { InferenceRequest } from "../../../traces/request";
import type { EngineState } from "./engine-state";
import { DENSE } from "./pairing";
import type { Placement } from "./placement";

/** What one request's pass through the chip needs to know. */
export interface FlowModel {
  placement: Placement;
  state: EngineState;
  /** Stored-row index of row 0 of each table, and the rows each table stores. */
  tableOffsets: number[];
  storedRows: number[];
  segments: number;
  /** Per table, the drivers of the dot products it hosts (pairing.ts). */
  drivers: number[][];
  lookupCycles: number;
  bottomCycles: number[];
  topCycles: number[];
  /** Per MLP layer, the cycle its crossbars are free (bottom layers, then top). */
  layerFree: Float64Array;
}

export interface RequestTiming {
  doneCycle: number;
  lookups: number;
  jobs: number;
}

/** The unit (one segment of one stored row) a row id of a table lands on. */
export function unitOf(
  m: Pick<FlowModel, "tableOffsets" | "storedRows" | "segments">,
  table: number,
  id: number,
  segment: number,
): number {
  const row = m.tableOffsets[table]! + (id % m.storedRows[table]!);
  return row * m.segments + segment;
}

/**
 * One request through the chip, from `issue`:
 * 1. the bottom MLP, layer after layer, each layer's crossbars serving one
 *    request at a time (so successive requests pipeline over the layers);
 * 2. at the same time, one lookup per row id, on the bank of whichever copy's
 *    engine can start it first;
 * 3. when both are done, the dot products: per hosting table, per driver (in
 *    rounds, so the tables' products interleave), per id and segment, a job on
 *    whichever copy of the stored vector can start first (ties: first copy);
 * 4. the top MLP on the bottom output and the products, layer after layer.
 */
export function serveRequest(
  m: FlowModel,
  request: InferenceRequest,
  issue: number,
): RequestTiming {
  const bottomDone = throughLayers(m, m.bottomCycles, 0, issue);
  let lookupsDone = issue;
  let lookups = 0;
  request.sparse.forEach((ids, table) => {
    for (const id of ids) {
      const copies = m.placement.copiesOf(unitOf(m, table, id, 0));
      let bestEngine = -1;
      let bestStart = Infinity;
      for (const crossbar of copies) {
        const engine = m.state.engineOf(crossbar);
        const start = m.state.lookupStart(engine, issue);
        if (start < bestStart) [bestEngine, bestStart] = [engine, start];
      }
      const end = m.state.commitLookup(bestEngine, bestStart, m.lookupCycles);
      lookupsDone = Math.max(lookupsDone, end);
      lookups++;
    }
  });
  const ready = Math.max(bottomDone, lookupsDone);
  const interactionDone = dotProducts(m, request, ready);
  const doneCycle = throughLayers(m, m.topCycles, m.bottomCycles.length, interactionDone.done);
  return { doneCycle, lookups, jobs: interactionDone.jobs };
}

function dotProducts(
  m: FlowModel,
  request: InferenceRequest,
  ready: number,
): { done: number; jobs: number } {
  let done = ready;
  let jobs = 0;
  const rounds = Math.max(...m.drivers.map((d) => d.length));
  for (let k = 0; k < rounds; k++) {
    for (let table = 0; table < m.drivers.length; table++) {
      const driver = m.drivers[table]![k];
      if (driver === undefined) continue;
      // A multi-hot driver is pooled digitally first; a multi-hot host takes one job per id.
      if (driver !== DENSE && request.sparse[driver]!.length === 0) continue;
      for (const id of request.sparse[table]!) {
        for (let s = 0; s < m.segments; s++) {
          const end = oneJob(m, unitOf(m, table, id, s), ready);
          if (end > done) done = end;
          jobs++;
        }
      }
    }
  }
  return { done, jobs };
}

function oneJob(m: FlowModel, unit: number, ready: number): number {
  const copies = m.placement.copiesOf(unit);
  let best = copies[0]!;
  let bestStart = m.state.earliestStart(best, ready);
  for (let i = 1; i < copies.length; i++) {
    const start = m.state.earliestStart(copies[i]!, ready);
    if (start < bestStart) [best, bestStart] = [copies[i]!, start];
  }
  return m.state.commit(best, bestStart);
}

/** Through MLP layers first..first + cycles.length - 1 from `ready`; returns the last layer's end. */
function throughLayers(m: FlowModel, cycles: number[], first: number, ready: number): number {
  let t = ready;
  cycles.forEach((c, i) => {
    const start = Math.max(t, m.layerFree[first + i]!);
    t = start + c;
    m.layerFree[first + i] = t;
  });
  return t;
}
