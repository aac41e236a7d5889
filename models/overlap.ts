import { ALL_OVERLAPS, SWITCH_NAMES, type SwitchName } from "../arch/chip/overlap-switches";
import type { HwConfig } from "../arch/config/hw-config";
import { ganttSvg, type GanttPanel } from "./report/gantt-svg";
import { atLeastBusy, length, overlapLength, union, type Intervals } from "./report/intervals";
import type { InferenceRequest } from "../traces/request";
import { simulate, type Metrics } from "./simulate";
import type { ModelSpec } from "./spec/model-spec";

export { SWITCH_NAMES, type SwitchName };

/** What the units a switch overlaps are, and how "busy at once" is measured for it. */
const MEASURES: Record<SwitchName, string> = {
  dpProgramOverlap:
    "time the DP row projection and the DP engine (writing) are busy at once / time either is",
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
}

/**
 * Runs the trace with each overlap switch on and off (the others on),
 * measuring the change in latency and throughput and how much of the time
 * the units the switch overlaps were busy at once, so that the paper's
 * pipelining claims can be checked, and draws a Gantt chart of the first
 * requests either way.
 */
export function overlapStudy(options: OverlapOptions): SwitchReport[] {
  const run = (
    name: SwitchName,
    value: boolean,
    requests: () => Iterable<InferenceRequest>,
    count: number | null,
  ) => {
    const intervals = new Map<string, Intervals>();
    const perRequest = new Map<string, Array<{ start: number; end: number; request: number }>>();
    const result = simulate({
      model: options.model,
      hw: options.hw,
      trace: requests,
      traceLength: count,
      openLoop: options.openLoop,
      compareNaive: false,
      functionalChecks: 0,
      switches: { ...ALL_OVERLAPS, [name]: value },
      recordUnits: (unit) => unit.kind !== "buffer" && unit.kind !== "memoryPort",
      onInterval: (chipUnit, start, end, request, label) => {
        const unit = chipUnit.name.replace(/\./g, "_");
        // a DP engine's overlap is its row writes against the projection producing the rows
        const key = chipUnit.kind === "dp" && !label.startsWith("write") ? `${unit}:streams` : unit;
        let list = intervals.get(key);
        if (list === undefined) intervals.set(key, (list = []));
        list.push([start, end]);
        // one Gantt row per memory tile for its banks, else a row per unit
        const row = unit.replace(/^(memory\d+)_bank\d+$/, "$1_banks");
        let bars = perRequest.get(row);
        if (bars === undefined) perRequest.set(row, (bars = []));
        bars.push({ start, end, request });
      },
      onProgress: (_phase, done, total) =>
        options.onProgress?.(`${name} ${value ? "on" : "off"}`, done, total),
    });
    return {
      metrics: result.design,
      intervals,
      perRequest,
      simulated: result.run.sim.now,
      overlapped: result.run.overlappedRequestCycles,
    };
  };

  const reports: SwitchReport[] = [];
  for (const name of options.switches ?? SWITCH_NAMES) {
    const on = run(name, true, options.trace, options.traceLength);
    const off = run(name, false, options.trace, options.traceLength);
    const applies = appliesTo(name, on.intervals);
    const summary = (r: ReturnType<typeof run>) => ({
      latencyMeanNs: r.metrics.latencyNs.mean,
      latencyP99Ns: r.metrics.latencyNs.p99,
      throughputPerSec: r.metrics.throughputPerSec,
      busyAtOnce: busyAtOnce(name, r.intervals, r.simulated, r.overlapped),
    });
    const first = () => take(options.trace(), options.ganttRequests);
    const ganttOn = run(name, true, first, options.ganttRequests);
    const ganttOff = run(name, false, first, options.ganttRequests);
    reports.push({
      name,
      applies,
      measure: MEASURES[name],
      on: summary(on),
      off: summary(off),
      latencyChange: off.metrics.latencyNs.mean / on.metrics.latencyNs.mean - 1,
      throughputChange: on.metrics.throughputPerSec / off.metrics.throughputPerSec - 1,
      gantt: ganttSvg(`${name}: the first ${options.ganttRequests} requests`, [
        panel(`${name} on: ${latencyText(ganttOn.metrics)}`, ganttOn.perRequest),
        panel(`${name} off: ${latencyText(ganttOff.metrics)}`, ganttOff.perRequest),
      ]),
    });
  }
  return reports;
}

function appliesTo(name: SwitchName, intervals: Map<string, Intervals>): boolean {
  const units = [...intervals.keys()];
  if (name === "dpProgramOverlap") return units.some((u) => u.endsWith("_dp"));
  if (name === "fmConcurrentHalves") return units.some((u) => u.endsWith("_fm_mbsa"));
  return true;
}

/** The switch's "busy at once" fraction (see MEASURES). */
function busyAtOnce(
  name: SwitchName,
  intervals: Map<string, Intervals>,
  simulated: number,
  overlapped: number,
): number {
  const pairs = (a: (u: string) => string | null): number => {
    let both = 0;
    let either = 0;
    for (const [unit, list] of intervals) {
      const partner = a(unit);
      if (partner === null || !intervals.has(partner)) continue;
      const x = union(list);
      const y = union(intervals.get(partner)!);
      const shared = overlapLength(x, y);
      both += shared;
      either += length(x) + length(y) - shared;
    }
    return either > 0 ? both / either : 0;
  };
  switch (name) {
    case "dpProgramOverlap":
      // the DP engine of block b is paired with block b's row projection (or its EFC when there is none)
      return pairs((u) =>
        u.endsWith("_dp")
          ? intervals.has(`${u}_rows`)
            ? `${u}_rows`
            : u.replace(/_dp$/, "_efc")
          : null,
      );
    case "fmConcurrentHalves":
      return pairs((u) => (u.endsWith("_fm_mbsa") ? u.replace(/_mbsa$/, "") : null));
    case "requestPipelining":
      return simulated > 0 ? overlapped / simulated : 0;
    case "frequencyPlacement": {
      const byTile = new Map<string, Intervals[]>();
      for (const [unit, list] of intervals) {
        const m = /^memory(\d+)_bank\d+$/.exec(unit);
        if (m === null) continue;
        byTile.set(m[1]!, [...(byTile.get(m[1]!) ?? []), list]);
      }
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

function panel(
  title: string,
  perRequest: Map<string, Array<{ start: number; end: number; request: number }>>,
): GanttPanel {
  const rows = [...perRequest.entries()]
    .sort((a, b) => Math.min(...a[1].map((x) => x.start)) - Math.min(...b[1].map((x) => x.start)))
    .map(([unit, bars]) => ({ unit, bars }));
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
