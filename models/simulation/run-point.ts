import { runChip, type ChipRunOptions, type ChipRunResult } from "../../arch/chip/chip-run";
import type { Fidelity } from "../../arch/chip/engine-server";
import type { Program } from "../../arch/chip/program";
import { buildHardware, type Hardware } from "../../arch/config/hardware";
import type { HwConfig } from "../../arch/config/hw-config";
import type { TimelineOptions } from "../../sim/kernel/timeline";
import type { InferenceRequest } from "../../traces/request";
import { compileModel, type MappingOptions } from "../mapping/compile";
import { requestsInFlight, staticSchedule } from "../mapping/static-schedule";
import type { ModelGraph } from "../spec/model-spec";
import { metricsOf, type Metrics } from "./metrics";
import { checked, closedLoop, storedRowProfile, take } from "./request-streams";

/** One point of a comparison: a model on a chip, mapped with some of AutoRAC's techniques. */
export interface RunPoint {
  graph: ModelGraph;
  hw: HwConfig;
  mapping: Required<MappingOptions>;
}

/** What every run of one comparison shares: the trace, the fidelity, the hooks. */
export interface RunSetting {
  /** Requests to replay, read afresh at each call. */
  trace: () => Iterable<InferenceRequest>;
  traceLength: number | null;
  fidelity: Fidelity;
  /** Honour the trace's arrival times (open loop); otherwise requests go in as the chip accepts them. */
  openLoop: boolean;
  /** Width of the throughput-over-time windows, ns. */
  windowNs: number;
  /** Requests in flight when pipelining; default by Little's law (littleWindow). */
  maxInFlight?: number;
  hooks?: Pick<ChipRunOptions, "timelineRequests" | "recordUnits" | "onInterval">;
  onComplete?: (completed: number, total: number | null) => void;
}

export interface PointRun {
  program: Program;
  hardware: Hardware;
  run: ChipRunResult;
  /** Requests in flight at once. */
  window: number;
  metrics: Metrics;
}

/** Requests the unloaded-latency probe runs, one at a time. */
const PROBE_REQUESTS = 16;

/**
 * One point compiled and run: a probe of the first requests alone in an
 * empty chip, then the whole trace with the in-flight window (1 without
 * request pipelining), counting completions per throughput window.
 */
export function runPoint(
  s: RunSetting,
  point: RunPoint,
  timeline: TimelineOptions | false,
): PointRun {
  const { graph } = point;
  const hw = buildHardware(point.hw);
  const program = compileModel(graph, hw, point.mapping);
  const profile = program.switches.frequencyPlacement
    ? storedRowProfile(checked(s.trace(), graph), program)
    : undefined;
  const windowCycles = Math.max(1, Math.round(s.windowNs / hw.nsPerCycle));
  const windows = new Map<number, number>();
  const base: ChipRunOptions = {
    fidelity: s.fidelity,
    maxInFlight: 1,
    embeddingDim: graph.embeddingDim,
    profile,
    timeline: false,
    ...(s.hooks?.timelineRequests !== undefined && { timelineRequests: s.hooks.timelineRequests }),
  };
  const probe = runChip(program, hw, take(closedLoop(s.trace()), PROBE_REQUESTS), base);
  const window = program.switches.requestPipelining
    ? (s.maxInFlight ?? littleWindow(program, hw, graph))
    : 1;
  const requests = s.openLoop ? s.trace() : closedLoop(s.trace());
  const run = runChip(program, hw, checked(requests, graph), {
    ...base,
    maxInFlight: window,
    timeline,
    ...(s.hooks?.recordUnits !== undefined && { recordUnits: s.hooks.recordUnits }),
    ...(s.hooks?.onInterval !== undefined && { onInterval: s.hooks.onInterval }),
    onComplete: (n, cycle) => {
      const w = Math.floor(cycle / windowCycles);
      windows.set(w, (windows.get(w) ?? 0) + 1);
      s.onComplete?.(n, s.traceLength);
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
  return { program, hardware: hw, run, window, metrics };
}

/**
 * Requests in flight by Little's law from the program's static schedule: the
 * same window the analytical oracle (models/search/oracle.ts) assumes.
 */
function littleWindow(program: Program, hw: Hardware, graph: ModelGraph): number {
  const s = staticSchedule(program, hw, graph.embeddingDim);
  return requestsInFlight(s.criticalPathCycles, s.bottleneckCycles);
}
