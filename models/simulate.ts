import { runChip, type ChipRunOptions, type ChipRunResult } from "../arch/chip/chip-run";
import type { Fidelity } from "../arch/chip/engine-server";
import { ALL_OVERLAPS, type OverlapSwitches } from "../arch/chip/overlap-switches";
import type { Program } from "../arch/chip/program";
import { buildHardware, type Hardware } from "../arch/config/hardware";
import { resolveHwConfig, type HwConfig } from "../arch/config/hw-config";
import { InputError } from "../sim/kernel/input-error";
import type { TimelineOptions } from "../sim/kernel/timeline";
import type { InferenceRequest } from "../traces/request";
import { DEFAULT_ZIPF_EXPONENT, syntheticRequests } from "../traces/synthetic";
import { compileModel } from "./mapping/compile";
import type { ReplicateMode } from "./mapping/replication";
import { requestsInFlight, staticSchedule } from "./mapping/static-schedule";
import { functionalCheck, type FunctionalCheck } from "./simulation/functional-check";
import { metricsOf, type Metrics } from "./simulation/metrics";
import { checked, closedLoop, storedRowProfile, take } from "./simulation/request-streams";
import { analyseModel } from "./spec/model-graph";
import type { ModelGraph, ModelSpec } from "./spec/model-spec";
import { zooModel } from "./zoo";

export type { FunctionalCheck, Metrics };

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
  /**
   * Copy the bottleneck's crossbars into spare ones while that shortens the
   * request interval (models/mapping/replication.ts); default auto. The
   * naive mapping never replicates.
   */
  replicate?: ReplicateMode;
  /** Also run the naive mapping of the same model and report the ratios (default true). */
  compareNaive?: boolean;
  /** Requests whose output is computed through the crossbar models and checked against the integer reference. */
  functionalChecks?: number;
  timeline?: TimelineOptions | false;
  onProgress?: (mapping: "design" | "naive", completed: number, total: number | null) => void;
}

export interface SimulateResult {
  model: string;
  design: Metrics;
  naive: Metrics | null;
  ratios: {
    speedup: number;
    /** Whole chip (compute tiles, buffers and memory tiles): naive / design. */
    areaSaving: number;
    /** Compute tiles and their buffers alone (the embedding tables are the same for both). */
    areaSavingCompute: number;
    powerEfficiency: number;
  } | null;
  functional: FunctionalCheck | null;
  /** The resolved inputs, so a result can be fed back in. */
  config: {
    model: ModelSpec;
    hw: HwConfig;
    switches: OverlapSwitches;
    fidelity: Fidelity;
    replicate: ReplicateMode;
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
  const setting: RunSetting = {
    graph,
    hw,
    options,
    trace,
    switches: { ...ALL_OVERLAPS, ...options.switches },
    fidelity: options.fidelity ?? "op",
    traceLength: options.trace ? (options.traceLength ?? null) : count,
  };
  const design = runMapping(setting, false, options.timeline ?? false);
  const naive = options.compareNaive === false ? null : runMapping(setting, true, false);
  const checks = options.functionalChecks ?? 4;
  return {
    model: spec.name,
    design: design.metrics,
    naive: naive?.metrics ?? null,
    ratios: naive === null ? null : ratiosOf(design.metrics, naive.metrics),
    functional:
      checks > 0 ? functionalCheck(graph, hw, trace(), design.program, checks, seed) : null,
    config: {
      model: spec,
      hw: hwConfig,
      switches: setting.switches,
      fidelity: setting.fidelity,
      replicate: options.replicate ?? "auto",
      maxInFlight: design.window,
      requests: setting.traceLength,
      seed,
      zipfExponent: options.trace ? null : zipf,
    },
    run: design.run,
    program: design.program,
  };
}

/** What every run of one simulate call shares. */
interface RunSetting {
  graph: ModelGraph;
  hw: Hardware;
  options: SimulateOptions;
  trace: () => Iterable<InferenceRequest>;
  switches: OverlapSwitches;
  fidelity: Fidelity;
  traceLength: number | null;
}

/** The compute tiles' area, buffers included. */
const computeMm2 = (m: Metrics) => m.areaBreakdownMm2.compute + m.areaBreakdownMm2.buffers;

/** The paper's three ratios of a design against its comparison. */
function ratiosOf(design: Metrics, naive: Metrics): NonNullable<SimulateResult["ratios"]> {
  return {
    speedup: design.throughputPerSec / naive.throughputPerSec,
    areaSaving: naive.areaMm2 / design.areaMm2,
    areaSavingCompute: computeMm2(naive) / computeMm2(design),
    powerEfficiency:
      design.throughputPerSec / design.powerW / (naive.throughputPerSec / naive.powerW),
  };
}

/**
 * One mapping (the design's or the naive one) compiled and run: a probe of
 * the first requests alone in an empty chip, then the whole trace with the
 * in-flight window, counting completions per throughput window.
 */
function runMapping(s: RunSetting, naive: boolean, timeline: TimelineOptions | false) {
  const { graph, hw, options } = s;
  const replicate = options.replicate ?? "auto";
  const program = compileModel(graph, hw, { naive, switches: s.switches, replicate });
  const profile = program.switches.frequencyPlacement
    ? storedRowProfile(checked(s.trace(), graph), program)
    : undefined;
  const windowCycles = Math.max(1, Math.round((options.windowNs ?? 1e6) / hw.nsPerCycle));
  const windows = new Map<number, number>();
  const base: ChipRunOptions = {
    fidelity: s.fidelity,
    maxInFlight: 1,
    embeddingDim: graph.embeddingDim,
    profile,
    timeline: false,
    ...(options.timelineRequests !== undefined && { timelineRequests: options.timelineRequests }),
  };
  const probe = runChip(program, hw, take(closedLoop(s.trace()), PROBE_REQUESTS), base);
  const window = s.switches.requestPipelining
    ? (options.maxInFlight ?? littleWindow(program, hw, graph))
    : 1;
  const requests = options.openLoop === true ? s.trace() : closedLoop(s.trace());
  const run = runChip(program, hw, checked(requests, graph), {
    ...base,
    maxInFlight: window,
    timeline,
    ...(!naive && options.recordUnits !== undefined && { recordUnits: options.recordUnits }),
    ...(!naive && options.onInterval !== undefined && { onInterval: options.onInterval }),
    onComplete: (n, cycle) => {
      const w = Math.floor(cycle / windowCycles);
      windows.set(w, (windows.get(w) ?? 0) + 1);
      options.onProgress?.(naive ? "naive" : "design", n, s.traceLength);
    },
  });
  const metrics = metricsOf(program, run, probe, hw, graph);
  metrics.throughputWindows = [...windows.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([w, count]) => ({
      startNs: w * windowCycles * hw.nsPerCycle,
      requests: count,
      throughputPerSec: count / (windowCycles * hw.nsPerCycle * 1e-9),
    }));
  return { program, run, window, metrics };
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
