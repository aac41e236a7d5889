import { runChip, type ChipRunOptions, type ChipRunResult } from "../arch/chip/chip-run";
import type { Fidelity } from "../arch/chip/engine-server";
import { ALL_OVERLAPS, type OverlapSwitches } from "../arch/chip/overlap-switches";
import type { Program } from "../arch/chip/program";
import { buildHardware, type Hardware } from "../arch/config/hardware";
import { resolveHwConfig, type HwConfig } from "../arch/config/hw-config";
import { programArea } from "../arch/cost/program-area";
import { InputError } from "../sim/kernel/input-error";
import type { TimelineOptions } from "../sim/kernel/timeline";
import type { InferenceRequest } from "../traces/request";
import { DEFAULT_ZIPF_EXPONENT, syntheticRequests } from "../traces/synthetic";
import { crossbarArithmetic, exactArithmetic } from "./functional/arithmetic";
import { evaluateModel } from "./functional/evaluate";
import { ModelValues } from "./functional/model-values";
import { compileModel } from "./mapping/compile";
import { requestsInFlight, staticSchedule } from "./mapping/static-schedule";
import { analyseModel } from "./spec/model-graph";
import type { ModelGraph, ModelSpec } from "./spec/model-spec";
import { zooModel } from "./zoo";

export const DEFAULT_MODEL = "figure6-criteo";

/** The run hooks simulate passes straight to the chip run. */
type RunHooks = Pick<ChipRunOptions, "timelineRequests" | "recordUnits" | "onInterval">;

export interface SimulateOptions extends RunHooks {
  /** A spec, or a zoo name (default: the figure-6 reconstruction). */
  model?: ModelSpec | string;
  /** A hardware config, possibly partial (defaults fill it). */
  hw?: Partial<HwConfig> | HwConfig;
  /** Requests to replay (read afresh at each call); default: a synthetic trace of `requests` requests. */
  trace?: () => Iterable<InferenceRequest>;
  /** Requests in the trace, when known (progress bars). */
  traceLength?: number | null;
  /** Honour the trace's arrival times (open loop); otherwise requests go in as soon as the chip accepts them. */
  openLoop?: boolean;
  /** Width of the throughput-over-time windows, ns (default 1 ms). */
  windowNs?: number;
  requests?: number;
  seed?: number;
  zipfExponent?: number;
  switches?: Partial<OverlapSwitches>;
  fidelity?: Fidelity;
  /**
   * Requests in the chip at once (with request pipelining). Default: by
   * Little's law, enough to keep the bottleneck busy: ceil(0.98 x critical
   * path / bottleneck's cycles per request), from the program's static
   * schedule (models/mapping/static-schedule.ts), at most 64.
   */
  maxInFlight?: number;
  /** Also run the naive mapping of the same model and report the ratios (default true). */
  compareNaive?: boolean;
  /** Requests whose output is computed through the crossbar models and checked against the integer reference. */
  functionalChecks?: number;
  timeline?: TimelineOptions | false;
  onProgress?: (mapping: "design" | "naive", completed: number, total: number | null) => void;
}

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
  areaMm2: number;
  areaBreakdownMm2: { compute: number; buffers: number; memory: number };
  powerW: number;
  energyPerInferenceNj: number;
  energyBreakdownNj: Record<string, number>;
  utilisation: Record<string, number>;
  bankConflicts: { total: number; perTable: number[]; lookups: number };
  crossbars: { mvm: number; dp: number; fm: number };
  computeTiles: number;
  simulatedCycles: number;
  kernelEvents: number;
}

export interface FunctionalCheck {
  requests: number;
  /** Requests whose crossbar output equals the integer reference bit for bit. */
  equal: number;
  maxLogitDifference: number;
  conversions: number;
  clippedConversions: number;
}

export interface SimulateResult {
  model: string;
  design: Metrics;
  naive: Metrics | null;
  ratios: { speedup: number; areaSaving: number; powerEfficiency: number } | null;
  functional: FunctionalCheck | null;
  /** The resolved inputs, so a result can be fed back in. */
  config: {
    model: ModelSpec;
    hw: HwConfig;
    switches: OverlapSwitches;
    fidelity: Fidelity;
    maxInFlight: number;
    requests: number | null;
    seed: number;
    zipfExponent: number | null;
  };
  /** The design run's kernel (for its timeline and statistics). */
  run: ChipRunResult;
  program: Program;
}

/**
 * `autorac simulate` as a function: compiles the model onto the chip, runs
 * the trace cycle by cycle, prices area and power, checks the outputs, and
 * does the same for the naive mapping.
 */
export function simulate(options: SimulateOptions = {}): SimulateResult {
  const spec =
    typeof options.model === "string" || options.model === undefined
      ? zooModel(options.model ?? DEFAULT_MODEL)
      : options.model;
  const graph = analyseModel(spec);
  const hwConfig = resolveHwConfig(options.hw ?? {}, "hardware config");
  const hw = buildHardware(hwConfig);
  const switches: OverlapSwitches = { ...ALL_OVERLAPS, ...options.switches };
  const fidelity = options.fidelity ?? "op";
  const given = options.maxInFlight;
  if (given !== undefined && !(Number.isInteger(given) && given >= 1)) {
    throw new InputError(`maxInFlight = ${given}: expected an integer >= 1`);
  }
  const seed = options.seed ?? 1;
  const count = options.requests ?? 10_000;
  const zipf = options.zipfExponent ?? DEFAULT_ZIPF_EXPONENT;
  const trace =
    options.trace ??
    (() =>
      syntheticRequests({
        dataset: graph.dataset,
        count,
        seed,
        zipfExponent: zipf,
        arrivals: { kind: "closed" },
      }));

  const traceLength = options.trace ? (options.traceLength ?? null) : count;
  const windowCycles = Math.max(1, Math.round((options.windowNs ?? 1e6) / hw.nsPerCycle));
  const requestsOf = () => (options.openLoop === true ? trace() : closedLoop(trace()));
  const runOne = (naive: boolean, timeline: TimelineOptions | false) => {
    const program = compileModel(graph, hw, { naive, switches });
    const profile = program.switches.frequencyPlacement
      ? storedRowProfile(checked(trace(), graph), program)
      : undefined;
    const run = (
      requests: Iterable<InferenceRequest>,
      window: number,
      withTimeline: TimelineOptions | false,
      report: boolean,
    ) =>
      runChip(program, hw, requests, {
        fidelity,
        maxInFlight: window,
        embeddingDim: graph.embeddingDim,
        profile,
        timeline: withTimeline,
        ...(options.timelineRequests !== undefined && {
          timelineRequests: options.timelineRequests,
        }),
        ...(report &&
          !naive &&
          options.recordUnits !== undefined && { recordUnits: options.recordUnits }),
        ...(report &&
          !naive &&
          options.onInterval !== undefined && { onInterval: options.onInterval }),
        onComplete: report
          ? (n, cycle) => {
              const w = Math.floor(cycle / windowCycles);
              windows.set(w, (windows.get(w) ?? 0) + 1);
              options.onProgress?.(naive ? "naive" : "design", n, traceLength);
            }
          : undefined,
      });
    const windows = new Map<number, number>();
    const probe = run(take(closedLoop(trace()), PROBE_REQUESTS), 1, false, false);
    const window = switches.requestPipelining ? (given ?? littleWindow(program, hw, graph)) : 1;
    const main = run(checked(requestsOf(), graph), window, timeline, true);
    const metrics = metricsOf(program, main, probe, hw, graph);
    metrics.throughputWindows = [...windows.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([w, requests]) => ({
        startNs: w * windowCycles * hw.nsPerCycle,
        requests,
        throughputPerSec: requests / (windowCycles * hw.nsPerCycle * 1e-9),
      }));
    return { program, run: main, window, metrics };
  };

  const design = runOne(false, options.timeline ?? false);
  const maxInFlight = design.window;
  const naive = options.compareNaive === false ? null : runOne(true, false);
  const ratios =
    naive === null
      ? null
      : {
          speedup: design.metrics.throughputPerSec / naive.metrics.throughputPerSec,
          areaSaving: naive.metrics.areaMm2 / design.metrics.areaMm2,
          powerEfficiency:
            design.metrics.throughputPerSec /
            design.metrics.powerW /
            (naive.metrics.throughputPerSec / naive.metrics.powerW),
        };
  const checks = options.functionalChecks ?? 4;
  return {
    model: spec.name,
    design: design.metrics,
    naive: naive?.metrics ?? null,
    ratios,
    functional:
      checks > 0 ? functionalCheck(graph, hw, trace(), design.program, checks, seed) : null,
    config: {
      model: spec,
      hw: hwConfig,
      switches,
      fidelity,
      maxInFlight,
      requests: traceLength,
      seed,
      zipfExponent: options.trace ? null : zipf,
    },
    run: design.run,
    program: design.program,
  };
}

/** Requests the unloaded-latency probe runs, one at a time. */
const PROBE_REQUESTS = 16;

/**
 * Requests in flight by Little's law from the program's static schedule: the
 * same window the analytical oracle (models/search/oracle.ts) assumes.
 */
function littleWindow(program: Program, hw: Hardware, graph: ModelGraph): number {
  const s = staticSchedule(program, hw, graph.embeddingDim);
  return requestsInFlight(s.criticalPathCycles, s.bottleneckCycles);
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const item of items) {
    yield item;
    if (++i >= n) return;
  }
}

/** The same requests with their arrival times dropped: a closed loop. */
function* closedLoop(requests: Iterable<InferenceRequest>): Generator<InferenceRequest> {
  for (const r of requests) yield { ...r, arrivalCycle: null };
}

/** Refuses a request whose layout or ids do not fit the model's dataset, naming the request. */
function* checked(
  requests: Iterable<InferenceRequest>,
  graph: ModelGraph,
): Generator<InferenceRequest> {
  const { denseFeatures, sparseFeatures, tableRows, name } = graph.dataset;
  for (const r of requests) {
    if (r.dense.length !== denseFeatures || r.sparse.length !== sparseFeatures) {
      throw new InputError(
        `request ${r.id}: ${r.dense.length} dense and ${r.sparse.length} sparse features; ` +
          `the model's dataset ${name} has ${denseFeatures} and ${sparseFeatures}`,
      );
    }
    r.sparse.forEach((ids, f) => {
      for (const id of ids) {
        if (!(Number.isSafeInteger(id) && id >= 0 && id < tableRows[f]!)) {
          throw new InputError(
            `request ${r.id}: sparse feature ${f}: row id ${id} out of range [0, ${tableRows[f]})`,
          );
        }
      }
    });
    yield r;
  }
}

/** Access counts per stored row (ids hashed as the memory tiles store them). */
function storedRowProfile(
  requests: Iterable<InferenceRequest>,
  program: Program,
): Array<Map<number, number>> {
  const counts = program.tables.map(() => new Map<number, number>());
  for (const request of requests) {
    request.sparse.forEach((ids, f) => {
      const table = program.tables[f]!;
      for (const id of ids) {
        const row = id % table.storedRows;
        counts[f]!.set(row, (counts[f]!.get(row) ?? 0) + 1);
      }
    });
  }
  return counts;
}

function metricsOf(
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
    powerW: totalPj / (run.sim.now * ns) / 1000, // pJ / ns = mW
    energyPerInferenceNj: totalPj / 1000 / Math.max(1, run.completed),
    energyBreakdownNj,
    utilisation: run.utilisation,
    bankConflicts: {
      total: run.bankConflicts.reduce((a, b) => a + b, 0),
      perTable: run.bankConflicts,
      lookups: run.lookups,
    },
    crossbars: {
      mvm: program.layers.reduce((s, l) => s + l.crossbars, 0),
      dp: program.dpEngines.reduce((s, d) => s + d.crossbars, 0),
      fm: program.fmEngines.reduce((s, f) => s + f.crossbars, 0),
    },
    computeTiles: program.computeTiles,
    simulatedCycles: run.sim.now,
    kernelEvents: run.events,
  };
}

/** Runs the first `count` requests through the crossbar models and the integer reference. */
function functionalCheck(
  graph: ModelGraph,
  hw: Hardware,
  requests: Iterable<InferenceRequest>,
  program: Program,
  count: number,
  seed: number,
): FunctionalCheck {
  const values = new ModelValues(seed, hw.config.precision.activationBits);
  const tally = { conversions: 0, clipped: 0 };
  const chip = crossbarArithmetic(hw, tally);
  let checked = 0;
  let equal = 0;
  let maxDiff = 0;
  for (const request of requests) {
    if (checked >= count) break;
    const rows = request.sparse.map((ids, f) =>
      ids.map((id) => id % program.tables[f]!.storedRows),
    );
    const input = { dense: request.dense, rows };
    const reference = evaluateModel(graph, values, input, exactArithmetic);
    const onChip = evaluateModel(graph, values, input, chip);
    checked++;
    if (onChip.logit === reference.logit) equal++;
    maxDiff = Math.max(maxDiff, Math.abs(onChip.logit - reference.logit));
  }
  return {
    requests: checked,
    equal,
    maxLogitDifference: maxDiff,
    conversions: tally.conversions,
    clippedConversions: tally.clipped,
  };
}
