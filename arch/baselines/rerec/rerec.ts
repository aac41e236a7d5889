import { InputError } from "../../../sim/kernel/input-error";
import { profileFromRequests } from "../../../traces/access-profile";
import type { InferenceRequest } from "../../../traces/request";
import { total } from "../../crossbar/unit-area";
import { latencySummary } from "../latency-summary";
import { validateConfig, type ReRecConfig } from "./config";
import { embeddingHardware, mlpHardware, vectorLayout } from "./engine-hardware";
import { EngineState } from "./engine-state";
import { innerProductJob } from "./inner-product";
import { driversPerTarget } from "./pairing";
import { accessAwarePlacement, inOrderPlacement, type Placement } from "./placement";
import { serveRequest, unitOf, type FlowModel } from "./request-flow";
import { areaBreakdownMm2, lookupCost, mlpLayerCosts } from "./static-costs";
import { workloadShape, type DlrmWorkload } from "./workload";

export type { DlrmWorkload } from "./workload";
export {
  defaultReRecConfig,
  reramBaselineConfig,
  type AdcSharing,
  type MappingSwitches,
  type ReRecConfig,
} from "./config";

export interface ReRecRunResult {
  requests: number;
  latencyNs: { mean: number; p50: number; p99: number };
  throughputPerSec: number;
  energyPj: number;
  energyPerRequestPj: number;
  powerW: number;
  areaMm2: number;
  /** Per engine, the fraction of its crossbars' time spent on inner products (0..1). */
  engineBusyFraction: number[];
  energyBreakdownPj: Record<string, number>;
  areaBreakdownMm2: Record<string, number>;
  engines: number;
  crossbars: number;
  notes: string[];
}

/** Every request's sparse ids checked against its table; the first bad one throws, naming it. */
function checkRequests(list: InferenceRequest[], tableRows: number[]): void {
  for (const r of list) {
    if (r.sparse.length !== tableRows.length) {
      throw new InputError(
        `request ${r.id}: ${r.sparse.length} sparse features; the workload has ${tableRows.length} tables`,
      );
    }
    r.sparse.forEach((ids, t) => {
      for (const id of ids) {
        if (!(Number.isSafeInteger(id) && id >= 0 && id < tableRows[t]!)) {
          throw new InputError(
            `request ${r.id}: table ${t}: row id ${id} is out of range [0, ${tableRows[t]})`,
          );
        }
      }
    });
  }
}

interface Model extends FlowModel {
  config: ReRecConfig;
  nsPerCycle: number;
  jobEnergyPj: Record<string, number>;
  lookupEnergyPj: number;
  mlpEnergyPj: number;
  leakageMw: number;
  areaMm2: Record<string, number>;
  notes: string[];
}

function buildModel(c: ReRecConfig, w: DlrmWorkload, list: InferenceRequest[]): Model {
  validateConfig(c);
  const shape = workloadShape(w);
  checkRequests(list, w.tableRows);
  const hw = embeddingHardware(c, w.weightBits);
  const layout = vectorLayout(c, w.embeddingDim, w.weightBits);
  const job = innerProductJob(c, hw, layout, w.weightBits);
  const storedRows = w.tableRows.map((rows) => Math.min(rows, c.maxRowsPerTable));
  const tableOffsets = storedRows.map((_, t) => storedRows.slice(0, t).reduce((a, b) => a + b, 0));
  const units = sum(storedRows) * layout.segments;
  const shapeOfPlacement = {
    tableUnits: storedRows.map((rows) => rows * layout.segments),
    units,
    slotsPerCrossbar: layout.slotsPerCrossbar,
    crossbarsPerEngine: c.crossbarsPerEngine,
    engines: c.engines,
    spareSlotFraction: c.mapping.spareSlotFraction,
  };
  const partial = { tableOffsets, storedRows, segments: layout.segments };
  const placement: Placement = c.mapping.accessAware
    ? accessAwarePlacement(
        shapeOfPlacement,
        unitLoads(list, w.tableRows.length, partial),
        c.mapping.maxReplicas,
        c.name,
      )
    : inOrderPlacement(shapeOfPlacement, c.name);
  const adcsPerEngine = c.adcSharing.kind === "engine-pool" ? c.adcSharing.adcsPerEngine : null;
  const mlpHw = mlpHardware(c, w.weightBits);
  const bottom = mlpLayerCosts(mlpHw, shape.bottom, w.weightBits);
  const top = mlpLayerCosts(mlpHw, shape.top, w.weightBits);
  const lookup = lookupCost(hw, w.embeddingDim, c);
  const notes = describe(c, layout, placement, job.cycles, hw.adc.latencyNs);
  notes.push(
    `MLP layers (cycles per request): bottom ${bottom.map((l) => l.cycles).join(", ")}; ` +
      `top ${top.map((l) => l.cycles).join(", ")}; lookup ${lookup.cycles}`,
  );
  return {
    ...partial,
    config: c,
    placement,
    state: new EngineState(placement, adcsPerEngine, job.cycles, job.adcsUsed),
    drivers: driversPerTarget(shape.tables),
    lookupCycles: lookup.cycles,
    bottomCycles: bottom.map((l) => l.cycles),
    topCycles: top.map((l) => l.cycles),
    layerFree: new Float64Array(bottom.length + top.length),
    nsPerCycle: hw.nsPerCycle,
    jobEnergyPj: job.energyPj,
    lookupEnergyPj: lookup.energyPj,
    mlpEnergyPj: [...bottom, ...top].reduce((s, l) => s + l.energyPj, 0),
    leakageMw: placement.engines * hw.buffer.leakageMw,
    areaMm2: areaBreakdownMm2(c, hw, placement, lookup, [...bottom, ...top]),
    notes,
  };
}

/** Access counts per unit: the profile of the requests themselves (a first pass over them). */
function unitLoads(
  list: InferenceRequest[],
  tables: number,
  m: Pick<FlowModel, "tableOffsets" | "storedRows" | "segments">,
): Map<number, number> {
  const profile = profileFromRequests(list, tables);
  const loads = new Map<number, number>();
  for (let t = 0; t < tables; t++) {
    for (const [id, count] of profile.rowCounts(t)) {
      for (let s = 0; s < m.segments; s++) {
        const unit = unitOf(m, t, id, s);
        loads.set(unit, (loads.get(unit) ?? 0) + count);
      }
    }
  }
  return loads;
}

function describe(
  c: ReRecConfig,
  layout: ReturnType<typeof vectorLayout>,
  p: Placement,
  jobCycles: number,
  adcNs: number,
): string[] {
  const notes = [
    `${p.engines} engines x ${c.crossbarsPerEngine} crossbars of ${c.crossbarSize}x${c.crossbarSize}; ` +
      `${layout.slotsPerCrossbar} vector slots per crossbar (${layout.rowBlocks} row blocks x ${layout.columnSlots} column slots)`,
    `one inner product: ${jobCycles} cycles (ADC conversion ${adcNs.toFixed(2)} ns)`,
    c.mapping.accessAware
      ? `access-aware mapping from a first pass over the requests: ${p.replicatedUnits} vectors replicated, ` +
        `${p.extraCopies} extra copies, at most ${p.maxCopies} copies of one vector`
      : "vectors mapped in table and row order, one copy each",
    "requests served in order; resources booked first come, first served (no backfilling)",
  ];
  if (layout.partialSumBits > c.adcBits) {
    notes.push(
      `lossy: a ${layout.rowsPerSegment}-row read needs ${layout.partialSumBits}-bit conversions; the ADC has ${c.adcBits}`,
    );
  }
  return notes;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Runs the requests through a ReREC-style chip (or the ReRAM baseline) and
 * reports latency, throughput, energy, power and area. The requests are read
 * into memory first: the access-aware mapping profiles them before the run.
 */
export function runReRec(
  config: ReRecConfig,
  workload: DlrmWorkload,
  requests: Iterable<InferenceRequest>,
): ReRecRunResult {
  const list = [...requests];
  const m = buildModel(config, workload, list);
  const W = config.requestsInFlight;
  const done: number[] = [];
  let lastDone = 0;
  const latencies: number[] = [];
  let first = Infinity;
  let lookups = 0;
  let jobs = 0;
  list.forEach((request, r) => {
    const issue = Math.max(request.arrivalCycle ?? 0, r >= W ? done[r - W]! : 0);
    const t = serveRequest(m, request, issue);
    first = Math.min(first, issue);
    done.push(t.doneCycle);
    lastDone = Math.max(lastDone, t.doneCycle);
    latencies.push((t.doneCycle - issue) * m.nsPerCycle);
    lookups += t.lookups;
    jobs += t.jobs;
  });
  const n = list.length;
  // (a running maximum: spreading every request's cycle into Math.max overflows the stack)
  const spanCycles = n === 0 ? 0 : lastDone - first;
  const spanNs = spanCycles * m.nsPerCycle;
  const energy: Record<string, number> = {};
  for (const [part, pj] of Object.entries(m.jobEnergyPj))
    energy[`innerProduct.${part}`] = pj * jobs;
  energy.lookup = m.lookupEnergyPj * lookups;
  energy.mlp = m.mlpEnergyPj * n;
  energy.bufferLeakage = m.leakageMw * spanNs; // mW x ns = pJ
  const energyPj = total(energy);
  const K = config.crossbarsPerEngine;
  return {
    requests: n,
    latencyNs: latencySummary(latencies),
    throughputPerSec: spanNs === 0 ? 0 : n / (spanNs * 1e-9),
    energyPj,
    energyPerRequestPj: n === 0 ? 0 : energyPj / n,
    powerW: spanNs === 0 ? 0 : (energyPj / spanNs) * 1e-3, // pJ / ns = mW
    areaMm2: total(m.areaMm2),
    engineBusyFraction: Array.from(m.state.busyCycles, (b) =>
      spanCycles === 0 ? 0 : b / (K * spanCycles),
    ),
    energyBreakdownPj: energy,
    areaBreakdownMm2: m.areaMm2,
    engines: m.placement.engines,
    crossbars: m.placement.crossbars,
    notes: [...m.notes, `${jobs} inner products and ${lookups} lookups over ${n} requests`],
  };
}
