import type { ChipRunResult } from "../../arch/chip/chip-run";
import type { Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import { endurance, type Endurance } from "../../arch/cost/endurance";
import { programArea } from "../../arch/cost/program-area";
import { memoryCosts } from "../../arch/memory/embedding-memory";
import { memoryCapacity } from "../../arch/memory/memory-capacity";
import type { ModelGraph } from "../spec/model-spec";

/** What one run of the chip measured, in the units its names give. */
export interface Metrics {
  completed: number;
  /** Arrival to entry into the chip (open loop; 0 in a closed loop). */
  queueingNs: { mean: number; p50: number; p99: number; max: number };
  /** Completions per window of `windowNs`, from the first entry. */
  throughputWindows: Array<{ startNs: number; requests: number; throughputPerSec: number }>;
  /** One request alone in an empty chip (a probe of the first requests, one at a time). */
  unloadedLatencyCycles: { mean: number; max: number };
  latencyCycles: { mean: number; p50: number; p99: number; max: number };
  latencyNs: { mean: number; p50: number; p99: number; max: number };
  throughputPerSec: number;
  /** The chip as built (sized to the model unless the config fixes it): compute tiles, buffers, memory tiles. */
  areaMm2: number;
  areaBreakdownMm2: { compute: number; buffers: number; memory: number };
  /** What the model uses of it: the crossbars holding its weights and activations, the buffers, the memory. */
  areaUsedMm2: number;
  /** Crossbars built and holding nothing (spares of partly used engines, engines no unit uses). */
  idleCrossbars: number;
  builtCrossbars: number;
  powerW: number;
  energyPerInferenceNj: number;
  energyBreakdownNj: Record<string, number>;
  /** The memory tiles: a lookup's cost, and what the dataset's real tables would need (docs/memory.md). */
  memory: {
    lookupEnergyPjPerBit: number;
    lookupEnergyPj: number;
    bankReadCycles: number;
    /** Rows the simulated chip stores (each table capped at memory.maxRowsPerTable) and their area. */
    storedRows: number;
    storedAreaMm2: number;
    /** Every row of the dataset's tables: their area, memory tiles and dies. */
    realRows: number;
    realAreaMm2: number;
    realMemoryTiles: number;
    realChips: number;
  };
  /** Wear of the arrays written at run time (DP, FM) at this run's throughput. */
  endurance: Endurance;
  /** Busy fraction by unit kind: the mean over the kind's units. */
  utilisation: Record<string, number>;
  /** The busiest unit of each kind, beside the mean. */
  busiest: Record<string, { name: string; path: string; utilisation: number }>;
  bankConflicts: { total: number; perTable: number[]; lookups: number };
  crossbars: { mvm: number; dp: number; fm: number };
  computeTiles: number;
  simulatedCycles: number;
  kernelEvents: number;
}

/** The measurements of a run, its area from the program, power from its energy over its time. */
export function metricsOf(
  program: Program,
  run: ChipRunResult,
  probe: ChipRunResult,
  hw: Hardware,
  graph: ModelGraph,
): Metrics {
  const ns = hw.nsPerCycle;
  const h = run.latencyCycles;
  const cycles = { mean: h.mean(), p50: h.percentile(50), p99: h.percentile(99), max: h.max };
  const spanCycles = Math.max(1, run.lastExitCycle - run.firstEntryCycle);
  const seconds = spanCycles * ns * 1e-9;
  const leakagePj = run.leakageMw * run.sim.now * ns; // mW x ns = pJ
  const dynamicPj = Object.values(run.energyPj).reduce((a, b) => a + b, 0);
  const totalPj = dynamicPj + leakagePj;
  const area = programArea(program, hw, graph.embeddingDim);
  const energyBreakdownNj: Record<string, number> = {};
  for (const [k, v] of Object.entries(run.energyPj))
    energyBreakdownNj[k] = v / 1000 / Math.max(1, run.completed);
  energyBreakdownNj.leakage = leakagePj / 1000 / Math.max(1, run.completed);
  const q = run.queueingCycles;
  return {
    completed: run.completed,
    queueingNs: {
      mean: (q.count > 0 ? q.mean() : 0) * ns,
      p50: (q.count > 0 ? q.percentile(50) : 0) * ns,
      p99: (q.count > 0 ? q.percentile(99) : 0) * ns,
      max: (q.count > 0 ? q.max : 0) * ns,
    },
    throughputWindows: [],
    unloadedLatencyCycles: { mean: probe.latencyCycles.mean(), max: probe.latencyCycles.max },
    latencyCycles: cycles,
    latencyNs: {
      mean: cycles.mean * ns,
      p50: cycles.p50 * ns,
      p99: cycles.p99 * ns,
      max: cycles.max * ns,
    },
    throughputPerSec: run.completed / seconds,
    areaMm2: area.totalUm2 / 1e6,
    areaBreakdownMm2: {
      compute: area.computeUm2 / 1e6,
      buffers: area.buffersUm2 / 1e6,
      memory: area.memoryUm2 / 1e6,
    },
    areaUsedMm2: area.usedUm2 / 1e6,
    idleCrossbars: area.idleCrossbars,
    builtCrossbars: area.builtCrossbars,
    powerW: totalPj / (run.sim.now * ns) / 1000, // pJ / ns = mW
    energyPerInferenceNj: totalPj / 1000 / Math.max(1, run.completed),
    energyBreakdownNj,
    memory: memoryFigures(program, hw, graph),
    endurance: endurance(program, hw, run.completed / seconds),
    utilisation: run.utilisation,
    busiest: busiestUnits(run),
    bankConflicts: {
      total: run.bankConflicts.reduce((a, b) => a + b, 0),
      perTable: run.bankConflicts,
      lookups: run.lookups,
    },
    crossbars: {
      mvm: program.layers.reduce((s, l) => s + l.crossbars * l.copies, 0),
      dp: program.dpEngines.reduce((s, d) => s + d.crossbars * d.copies, 0),
      fm: program.fmEngines.reduce((s, f) => s + f.crossbars * f.copies, 0),
    },
    computeTiles: program.computeTiles,
    simulatedCycles: run.sim.now,
    kernelEvents: run.events,
  };
}

/** The busiest unit of each kind. */
function busiestUnits(run: ChipRunResult): Metrics["busiest"] {
  const busiest: Metrics["busiest"] = {};
  for (const u of run.units) {
    const best = busiest[u.kind];
    if (best === undefined || u.utilisation > best.utilisation) {
      busiest[u.kind] = { name: u.name, path: u.path, utilisation: u.utilisation };
    }
  }
  return busiest;
}

/** A lookup's cost and the storage the dataset's tables take, simulated (capped) and real. */
function memoryFigures(program: Program, hw: Hardware, graph: ModelGraph): Metrics["memory"] {
  const m = memoryCosts(hw, graph.embeddingDim, program.tables);
  const c = memoryCapacity(graph.dataset, graph.embeddingDim, hw);
  return {
    lookupEnergyPjPerBit: m.lookupEnergyPjPerBit,
    lookupEnergyPj: m.lookupEnergyPj,
    bankReadCycles: m.bankReadCycles,
    storedRows: c.simulated.rows,
    storedAreaMm2: c.simulated.areaUm2 / 1e6,
    realRows: c.real.rows,
    realAreaMm2: c.real.areaUm2 / 1e6,
    realMemoryTiles: c.real.memoryTiles,
    realChips: c.real.chips,
  };
}
