import { csvTable } from "../../sim/io/csv";
import type { Metrics } from "../simulation/metrics";

const fix = (v: number, d = 1) => v.toFixed(d);
const eng = (v: number) => (v >= 1e6 ? v.toExponential(3) : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const whole = (v: number) => fix(v, 0);

/**
 * The headline figures of a chip run, as the text report and the HTML
 * report show them: a label with its unit, how to read the value from the
 * metrics, how to print it, and which way is better (for the ratio).
 */
export type HeadlineRow = [
  label: string,
  get: (m: Metrics, nsPerCycle: number) => number,
  format: (v: number) => string,
  better: "lower" | "higher" | null,
];

export const HEADLINE_ROWS: HeadlineRow[] = [
  ["latency mean (ns)", (m) => m.latencyNs.mean, eng, "lower"],
  ["latency p50 (ns)", (m) => m.latencyNs.p50, eng, "lower"],
  ["latency p99 (ns)", (m) => m.latencyNs.p99, eng, "lower"],
  ["latency max (ns)", (m) => m.latencyNs.max, eng, "lower"],
  ["unloaded latency (ns)", (m, ns) => m.unloadedLatencyCycles.mean * ns, eng, "lower"],
  ["throughput (inferences/s)", (m) => m.throughputPerSec, eng, "higher"],
  ["area built (mm^2)", (m) => m.areaMm2, (v) => fix(v, 2), "lower"],
  ["  compute tiles (mm^2)", (m) => m.areaBreakdownMm2.compute, (v) => fix(v, 2), null],
  ["  tile buffers (mm^2)", (m) => m.areaBreakdownMm2.buffers, (v) => fix(v, 2), null],
  ["  memory tiles (mm^2)", (m) => m.areaBreakdownMm2.memory, (v) => fix(v, 2), null],
  ["area used (mm^2)", (m) => m.areaUsedMm2, (v) => fix(v, 2), "lower"],
  ["power (W)", (m) => m.powerW, (v) => fix(v, 3), "lower"],
  ["energy per inference (nJ)", (m) => m.energyPerInferenceNj, eng, "lower"],
  ["bank conflicts", (m) => m.bankConflicts.total, whole, "lower"],
  [
    "crossbars used (MVM+DP+FM)",
    (m) => m.crossbars.mvm + m.crossbars.dp + m.crossbars.fm,
    whole,
    "lower",
  ],
  ["crossbars idle", (m) => m.idleCrossbars, whole, null],
  ["compute tiles", (m) => m.computeTiles, whole, null],
  // no array rewritten at run time: no wear-out to report (JSON: null)
  ["lifetime (hours)", (m) => m.endurance.lifetimeHours ?? Infinity, lifetime, "higher"],
];

function lifetime(hours: number): string {
  return Number.isFinite(hours) ? eng(hours) : "no rewrites";
}

/**
 * The design's gain over the naive mapping on one figure: naive / design
 * where lower is better, design / naive where higher is; null where the
 * figure has no better side or the ratio is not finite (no rewrites).
 */
export function headlineRatio(
  better: HeadlineRow[3],
  design: number,
  naive: number,
): number | null {
  if (better === null) return null;
  const ratio = better === "lower" ? naive / design : design / naive;
  return Number.isFinite(ratio) ? ratio : null;
}

/** The headline table as CSV: one line per figure, the design's value, the naive's and the ratio. */
export function headlineCsv(design: Metrics, naive: Metrics | null, nsPerCycle: number): string {
  const header = ["figure", "design", ...(naive === null ? [] : ["naive", "ratio"])];
  const rows = HEADLINE_ROWS.map(([label, get, , better]) => {
    // no wear-out (lifetime "no rewrites") is an empty field, as in the JSON's null
    const value = (v: number) => (Number.isFinite(v) ? v : null);
    const d = get(design, nsPerCycle);
    if (naive === null) return [label.trim(), value(d)];
    const n = get(naive, nsPerCycle);
    return [label.trim(), value(d), value(n), headlineRatio(better, d, n)];
  });
  return csvTable(header, rows);
}
