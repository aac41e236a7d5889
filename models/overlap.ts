import { ALL_OVERLAPS, SWITCH_NAMES, type SwitchName } from "../arch/chip/overlap-switches";
import type { ChipUnit } from "../arch/chip/chip-units";
import type { Program } from "../arch/chip/program";
import type { HwConfig } from "../arch/config/hw-config";
import type { InferenceRequest } from "../traces/request";
import { ganttSvg, type GanttPanel } from "./report/gantt-svg";
import { atLeastBusy, length, overlapLength, union, type Intervals } from "./report/intervals";
import type { ReplicateMode } from "./mapping/replication";
import { simulate, type Metrics } from "./simulate";
import type { ModelSpec } from "./spec/model-spec";

export { SWITCH_NAMES, type SwitchName };

/** What the units a switch overlaps are, and how "busy at once" is measured for it. */
const MEASURES: Record<SwitchName, string> = {
  dpProgramOverlap:
    "time a DP engine writes rows and the layers producing them compute at once / time either is",
  fmConcurrentHalves: "time the MBSA and the FM array are busy at once / time either is",
  requestPipelining: "time two or more requests are in the chip / simulated time",
  frequencyPlacement: "time two or more banks of a memory tile are reading / time any is",
};

export interface SwitchReport {
  name: SwitchName;
  /** False when the model has no unit the switch acts on (no DP, no FM). */
  applies: boolean;
  measure: string;
  on: { latencyMeanNs: number; latencyP99Ns: number; throughputPerSec: number; busyAtOnce: number };
  off: {
    latencyMeanNs: number;
    latencyP99Ns: number;
    throughputPerSec: number;
    busyAtOnce: number;
  };
  /** off / on - 1: positive when switching off makes it slower (the overlap helped). */
  latencyChange: number;
  /** on / off - 1: positive when the overlap raises throughput. */
  throughputChange: number;
  /** SVG Gantt chart of the first requests with the switch on and off. */
  gantt: string;
}

export interface OverlapOptions {
  model: ModelSpec;
  hw: Partial<HwConfig> | HwConfig;
  trace: () => Iterable<InferenceRequest>;
  openLoop: boolean;
  /** Requests in the Gantt charts (the first ones, run alone). */
  ganttRequests: number;
  switches?: readonly SwitchName[];
  onProgress?: (phase: string, done: number, total: number | null) => void;
  traceLength: number | null;
  /** Replication of the bottleneck (models/mapping/replication.ts); default auto. */
  replicate?: ReplicateMode;
}

/** Busy intervals of one run, by unit (each unit object once), with the DP engines' row writes apart. */
interface Recorded {
  metrics: Metrics;
  program: Program;
  busy: Map<ChipUnit, Intervals>;
  /** A DP engine's row writes, by engine index. */
  dpWrites: Map<number, Intervals>;
  /** Gantt rows: one per unit, one per memory tile for its banks. */
  bars: Map<string, Array<{ start: number; end: number; request: number }>>;
  simulated: number;
  overlapped: number;
}

/**
 * Runs the trace with each overlap switch on and off (the others on),
 * measuring the change in latency and throughput and how much of the time
 * the units the switch overlaps were busy at once, so that the paper's
 * pipelining claims can be checked, and draws a Gantt chart of the first
 * requests either way. Units are told apart by their kind and index, with
 * or without a timeline.
 */
export function overlapStudy(options: OverlapOptions): SwitchReport[] {
  const reports: SwitchReport[] = [];
  for (const name of options.switches ?? SWITCH_NAMES) {
    const run = (value: boolean, requests: () => Iterable<InferenceRequest>, n: number | null) =>
      record(options, name, value, requests, n);
    const on = run(true, options.trace, options.traceLength);
    const off = run(false, options.trace, options.traceLength);
    const summary = (r: Recorded) => ({
      latencyMeanNs: r.metrics.latencyNs.mean,
      latencyP99Ns: r.metrics.latencyNs.p99,
      throughputPerSec: r.metrics.throughputPerSec,
      busyAtOnce: busyAtOnce(name, r),
    });
    const first = () => take(options.trace(), options.ganttRequests);
    const ganttOn = run(true, first, options.ganttRequests);
    const ganttOff = run(false, first, options.ganttRequests);
    reports.push({
      name,
      applies: appliesTo(name, on.program),
      measure: MEASURES[name],
      on: summary(on),
      off: summary(off),
      latencyChange: off.metrics.latencyNs.mean / on.metrics.latencyNs.mean - 1,
      throughputChange: on.metrics.throughputPerSec / off.metrics.throughputPerSec - 1,
      gantt: ganttSvg(`${name}: the first ${options.ganttRequests} requests`, [
        panel(`${name} on: ${latencyText(ganttOn.metrics)}`, ganttOn.bars),
        panel(`${name} off: ${latencyText(ganttOff.metrics)}`, ganttOff.bars),
      ]),
    });
  }
  return reports;
}

/** One run with the switch set, recording every computing unit's and bank's busy intervals. */
function record(
  options: OverlapOptions,
  name: SwitchName,
  value: boolean,
  requests: () => Iterable<InferenceRequest>,
  count: number | null,
): Recorded {
  const busy = new Map<ChipUnit, Intervals>();
  const dpWrites = new Map<number, Intervals>();
  const bars: Recorded["bars"] = new Map();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  };
  const result = simulate({
    model: options.model,
    hw: options.hw,
    trace: requests,
    traceLength: count,
    openLoop: options.openLoop,
    compareNaive: false,
    functionalChecks: 0,
    replicate: options.replicate ?? "auto",
    switches: { ...ALL_OVERLAPS, [name]: value },
    recordUnits: (unit) => unit.kind !== "buffer" && unit.kind !== "memoryPort",
    onInterval: (unit, start, end, request, step) => {
      push(busy, unit, [start, end] as [number, number]);
      if (step === "dpWrite") push(dpWrites, unit.index, [start, end] as [number, number]);
      const row = unit.kind === "bank" ? `memory${unit.tile}.banks` : unit.name;
      push(bars, row, { start, end, request });
    },
    onProgress: (_phase, done, total) =>
      options.onProgress?.(`${name} ${value ? "on" : "off"}`, done, total),
  });
  return {
    metrics: result.design,
    program: result.program,
    busy,
    dpWrites,
    bars,
    simulated: result.run.sim.now,
    overlapped: result.run.overlappedRequestCycles,
  };
}

function appliesTo(name: SwitchName, program: Program): boolean {
  if (name === "dpProgramOverlap") return program.dpEngines.length > 0;
  if (name === "fmConcurrentHalves") return program.fmEngines.length > 0;
  return true;
}

/** Time both of each pair are busy / time either is, over the pairs. */
function sharedFraction(pairs: Array<[Intervals, Intervals]>): number {
  let both = 0;
  let either = 0;
  for (const [a, b] of pairs) {
    const x = union(a);
    const y = union(b);
    const shared = overlapLength(x, y);
    both += shared;
    either += length(x) + length(y) - shared;
  }
  return either > 0 ? both / either : 0;
}

/** The switch's "busy at once" fraction (see MEASURES). */
function busyAtOnce(name: SwitchName, r: Recorded): number {
  const byKind = (kind: string) => [...r.busy].filter(([u]) => u.kind === kind);
  const of = (kind: string, index: number) =>
    [...r.busy].find(([u]) => u.kind === kind && u.index === index)?.[1] ?? [];
  switch (name) {
    case "dpProgramOverlap":
      // each DP engine's row writes against the layers that produce its rows
      return sharedFraction(
        r.program.dpEngines
          .filter((d) => r.dpWrites.has(d.id) && d.rowsFrom.length > 0)
          .map((d) => [r.dpWrites.get(d.id)!, d.rowsFrom.flatMap((l) => of("mvm", l))]),
      );
    case "fmConcurrentHalves":
      return sharedFraction(byKind("mbsa").map(([u, list]) => [list, of("fm", u.index)]));
    case "requestPipelining":
      return r.simulated > 0 ? r.overlapped / r.simulated : 0;
    case "frequencyPlacement": {
      const byTile = new Map<number, Intervals[]>();
      for (const [u, list] of byKind("bank"))
        byTile.set(u.tile, [...(byTile.get(u.tile) ?? []), list]);
      let two = 0;
      let one = 0;
      for (const banks of byTile.values()) {
        two += atLeastBusy(banks, 2);
        one += atLeastBusy(banks, 1);
      }
      return one > 0 ? two / one : 0;
    }
  }
}

function panel(title: string, bars: Recorded["bars"]): GanttPanel {
  const rows = [...bars.entries()]
    .sort((a, b) => Math.min(...a[1].map((x) => x.start)) - Math.min(...b[1].map((x) => x.start)))
    .map(([unit, list]) => ({ unit, bars: list }));
  return { title, rows };
}

function latencyText(m: Metrics): string {
  return `mean latency ${m.latencyNs.mean.toFixed(0)} ns, last request done at ${m.simulatedCycles.toFixed(0)} cycles`;
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const item of items) {
    if (i++ >= n) return;
    yield item;
  }
}
