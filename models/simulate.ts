import type { Fidelity } from "../arch/chip/engine-server";
import { ALL_OVERLAPS, type OverlapSwitches } from "../arch/chip/overlap-switches";
import type { Program } from "../arch/chip/program";
import type { ChipRunOptions, ChipRunResult } from "../arch/chip/chip-run";
import { resolveHwConfig, type HwConfig } from "../arch/config/hw-config";
import { InputError } from "../sim/kernel/input-error";
import type { TimelineOptions } from "../sim/kernel/timeline";
import type { InferenceRequest } from "../traces/request";
import { DEFAULT_ZIPF_EXPONENT, syntheticRequests } from "../traces/synthetic";
import {
  ABLATION_ELEMENTS,
  ablationOf,
  ablationOffAlone,
  ablationPath,
  samePoint,
  figuresOf,
  gainsOf,
  type Ablation,
  type Gains,
} from "./ablation";
import { DEFAULT_DESIGN, designNamed, type Design } from "./design";
import { naiveMapping } from "./mapping/compile";
import type { ReplicateMode } from "./mapping/replication";
import { functionalCheck, type FunctionalCheck } from "./simulation/functional-check";
import type { Metrics } from "./simulation/metrics";
import { runPoint, type PointRun, type RunPoint, type RunSetting } from "./simulation/run-point";
import { analyseModel } from "./spec/model-graph";
import type { ModelSpec } from "./spec/model-spec";
import { zooModel } from "./zoo";
import { checkMemory, defaultMemoryLimitMb } from "./simulation/memory-estimate";

export type { FunctionalCheck, Metrics };

/** The model `simulate --model` runs when it is given no file (a mapping-only comparison). */
export const DEFAULT_MODEL = "figure6-criteo";

/** The run hooks simulate passes straight to the chip run. */
type RunHooks = Pick<ChipRunOptions, "timelineRequests" | "recordUnits" | "onInterval">;

/** What a run is compared against: a model on a chip, naively mapped. */
export interface Baseline {
  model: ModelSpec | string;
  hw?: Partial<HwConfig> | HwConfig;
}

export interface SimulateOptions extends RunHooks {
  /**
   * A co-searched design (model and chip; a zoo name or a parsed design),
   * compared with `baseline` (default: NASRec's model of its dataset, naively
   * mapped on `hw` or the default chip). Used when `model` is not given;
   * default the zoo's autorac-criteo.
   */
  design?: Design | string;
  /**
   * A model alone, on `hw`: a mapping-only comparison with its own naive
   * mapping on the same chip (unless `baseline` is given).
   */
  model?: ModelSpec | string;
  /** The hardware of `model`, and of the default baseline (defaults fill what it leaves out). */
  hw?: Partial<HwConfig> | HwConfig;
  baseline?: Baseline;
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
  /** The design's overlap switches (default all on); the baseline has every one off. */
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
  /** Also run the baseline and report the ratios (default true). */
  compareNaive?: boolean;
  /**
   * Also run the ablation's path from the baseline to the design, one
   * element on at a time (models/ablation.ts; default false). Its step
   * factors multiply to the ratios. "full" also runs the design with each
   * element off alone.
   */
  ablation?: boolean | "full";
  /** Requests whose output is computed through the crossbar models and checked against the integer reference. */
  functionalChecks?: number;
  /** Refuse models whose estimated memory exceeds this (models/simulation/memory-estimate.ts; default 3/4 of the V8 heap limit). */
  maxMemoryMb?: number;
  timeline?: TimelineOptions | false;
  /** Progress of each run: "design", "naive" (the baseline), or "ablation k/n". */
  onProgress?: (run: string, completed: number, total: number | null) => void;
}

/** What the two runs compare. */
export interface Comparison {
  /** co-design: a searched model and chip against another model naively mapped; mapping-only: one model, one chip, two mappings. */
  kind: "co-design" | "mapping-only";
  design: string;
  baseline: string;
}

export interface SimulateResult {
  model: string;
  comparison: Comparison;
  design: Metrics;
  /** The baseline, naively mapped. */
  naive: Metrics | null;
  ratios:
    | (Gains & {
        /** Compute tiles and their buffers alone (the embedding tables are the same for both). */
        areaSavingCompute: number;
      })
    | null;
  ablation: Ablation | null;
  functional: FunctionalCheck | null;
  /** The resolved inputs, so a result can be fed back in. */
  config: {
    model: ModelSpec;
    hw: HwConfig;
    baseline: { model: ModelSpec; hw: HwConfig } | null;
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
 * `autorac simulate` as a function: compiles the design onto its chip, runs
 * the trace cycle by cycle, prices area and power, checks the outputs, and
 * does the same for the baseline naively mapped (and, asked, every step
 * between them).
 */
export function simulate(options: SimulateOptions = {}): SimulateResult {
  const { design, baseline, comparison } = endsOf(options);
  const given = options.maxInFlight;
  if (given !== undefined && !(Number.isInteger(given) && given >= 1)) {
    throw new InputError(`maxInFlight = ${given}: expected an integer >= 1`);
  }
  const limitMb = options.maxMemoryMb ?? defaultMemoryLimitMb();
  const checks = options.functionalChecks ?? 4;
  checkMemory(design.graph.spec, design.hw, checks, limitMb);
  if (options.compareNaive !== false) checkMemory(baseline.graph.spec, baseline.hw, 0, limitMb);
  const seed = options.seed ?? 1;
  const count = options.requests ?? 10_000;
  const zipf = options.zipfExponent ?? DEFAULT_ZIPF_EXPONENT;
  const dataset = design.graph.dataset;
  const trace =
    options.trace ??
    (() =>
      syntheticRequests({
        dataset,
        count,
        seed,
        zipfExponent: zipf,
        arrivals: { kind: "closed" },
      }));
  const setting = (run: string, hooks?: RunHooks): RunSetting => ({
    trace,
    traceLength: options.trace ? (options.traceLength ?? null) : count,
    fidelity: options.fidelity ?? "op",
    openLoop: options.openLoop === true,
    windowNs: options.windowNs ?? 1e6,
    ...(given !== undefined && { maxInFlight: given }),
    ...(hooks !== undefined && { hooks }),
    onComplete: (n, total) => options.onProgress?.(run, n, total),
  });
  const hooks: RunHooks = {
    ...(options.timelineRequests !== undefined && { timelineRequests: options.timelineRequests }),
    ...(options.recordUnits !== undefined && { recordUnits: options.recordUnits }),
    ...(options.onInterval !== undefined && { onInterval: options.onInterval }),
  };
  const designRun = runPoint(setting("design", hooks), design, options.timeline ?? false);
  const naive = options.compareNaive === false ? null : runPoint(setting("naive"), baseline, false);
  const ablation =
    naive !== null && (options.ablation ?? false) !== false
      ? runAblation(baseline, design, designRun, naive, setting, options.ablation === "full")
      : null;
  return {
    model: design.graph.spec.name,
    comparison,
    design: designRun.metrics,
    naive: naive?.metrics ?? null,
    ratios: naive === null ? null : ratiosOf(designRun.metrics, naive.metrics),
    ablation,
    functional:
      checks > 0
        ? functionalCheck(
            design.graph,
            designRun.hardware,
            trace(),
            designRun.program,
            checks,
            seed,
          )
        : null,
    config: {
      model: design.graph.spec,
      hw: design.hw,
      baseline: naive === null ? null : { model: baseline.graph.spec, hw: baseline.hw },
      switches: design.mapping.switches,
      fidelity: options.fidelity ?? "op",
      replicate: design.mapping.replicate,
      maxInFlight: designRun.window,
      requests: options.trace ? (options.traceLength ?? null) : count,
      seed,
      zipfExponent: options.trace ? null : zipf,
    },
    run: designRun.run,
    program: designRun.program,
  };
}

/** The design's and the baseline's run points, and what comparing them means. */
function endsOf(options: SimulateOptions): {
  design: RunPoint;
  baseline: RunPoint;
  comparison: Comparison;
} {
  const mapping = {
    mixedPrecision: true,
    transposedFm: true,
    switches: { ...ALL_OVERLAPS, ...options.switches },
    replicate: options.replicate ?? "auto",
  };
  const hw = resolveHwConfig(options.hw ?? {}, "hardware config");
  let design: RunPoint;
  let defaultBaseline: ModelSpec;
  if (options.model !== undefined) {
    const spec = typeof options.model === "string" ? zooModel(options.model) : options.model;
    design = { graph: analyseModel(spec), hw, mapping };
    defaultBaseline = spec;
  } else {
    const d =
      typeof options.design === "object"
        ? options.design
        : designNamed(options.design ?? DEFAULT_DESIGN);
    design = { graph: analyseModel(d.model), hw: d.hw, mapping };
    defaultBaseline = zooModel(`nasrec-${d.model.dataset}`);
  }
  const given = options.baseline;
  const baselineSpec =
    given === undefined
      ? defaultBaseline
      : typeof given.model === "string"
        ? zooModel(given.model)
        : given.model;
  const baseline: RunPoint = {
    graph: analyseModel(baselineSpec),
    hw: given?.hw === undefined ? hw : resolveHwConfig(given.hw, "baseline hardware config"),
    mapping: naiveMapping(),
  };
  if (baseline.graph.dataset.name !== design.graph.dataset.name) {
    throw new InputError(
      `baseline ${baselineSpec.name} is a ${baseline.graph.dataset.name} model, the design a ${design.graph.dataset.name} one: expected the same dataset`,
    );
  }
  const sameModel = JSON.stringify(baselineSpec) === JSON.stringify(design.graph.spec);
  const sameHw = JSON.stringify(baseline.hw) === JSON.stringify(design.hw);
  const name = design.graph.spec.name;
  return {
    design,
    baseline,
    comparison: {
      kind: sameModel && sameHw ? "mapping-only" : "co-design",
      design:
        options.model === undefined && designName(options) !== name
          ? `${designName(options)} (model ${name})`
          : name,
      baseline: `${baselineSpec.name}, naive mapping${sameHw ? ", same chip" : ", default chip"}`,
    },
  };
}

function designName(options: SimulateOptions): string {
  if (typeof options.design === "object") return options.design.name;
  return options.design ?? DEFAULT_DESIGN;
}

/** The compute tiles' area, buffers included. */
const computeMm2 = (m: Metrics) => m.areaBreakdownMm2.compute + m.areaBreakdownMm2.buffers;

/** The paper's three ratios of a design against its comparison, and the compute-only area saving. */
function ratiosOf(design: Metrics, naive: Metrics): NonNullable<SimulateResult["ratios"]> {
  const g = gainsOf(figuresOf(design), figuresOf(naive));
  return {
    speedup: g.speedup,
    areaSaving: g.areaSaving,
    areaSavingCompute: computeMm2(naive) / computeMm2(design),
    powerEfficiency: g.powerEfficiency,
  };
}

/**
 * The path's inner points run (its ends are the two runs already made; a
 * point equal to the one before it is not run again), and with `full` the
 * design with each element off alone.
 */
function runAblation(
  baseline: RunPoint,
  design: RunPoint,
  designRun: PointRun,
  naive: PointRun,
  setting: (run: string) => RunSetting,
  full: boolean,
): Ablation {
  const path = ablationPath(baseline, design);
  const runs = path.length - 2 + (full ? ABLATION_ELEMENTS.length : 0);
  let done = 0;
  const figures = (p: RunPoint) =>
    figuresOf(runPoint(setting(`ablation ${++done}/${runs}`), p, false).metrics);
  const onPath = [figuresOf(naive.metrics)];
  for (let i = 1; i < path.length - 1; i++) {
    const same = samePoint(path[i]!, path[i - 1]!);
    onPath.push(same ? onPath[i - 1]! : figures(path[i]!));
  }
  onPath.push(figuresOf(designRun.metrics));
  const offAlone = full
    ? ablationOffAlone(baseline, design).map((p) =>
        samePoint(p, design) ? figuresOf(designRun.metrics) : figures(p),
      )
    : null;
  return ablationOf(baseline, design, onPath, offAlone);
}
