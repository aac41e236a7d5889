import type { TopLevelSpec } from "vega-lite";
import type { Metrics } from "../../simulation/metrics";
import type { RunObservations } from "./run-observer";

/**
 * The charts of one chip run, as Vega-Lite specs with their data inline.
 * Each spec's data rows are one mark each, so the browser test can count
 * the marks drawn against the rows (`chartRows`).
 */
export interface RunChart {
  name: string;
  caption: string;
  spec: TopLevelSpec;
  /** The rows drawn, one mark per row (in the mark group named by `markClass`). */
  rows: unknown[];
  markClass: "mark-rect" | "mark-symbol" | "mark-line";
}

const WIDTH = 860;

/** Busy fraction of each engine kind over time: one cell per (kind, time bin). */
export function utilisationHeatMap(o: RunObservations): RunChart {
  const binUs = o.busyOverTime.binNs / 1e3;
  const rows = Object.entries(o.busyOverTime.kinds).flatMap(([kind, bins]) =>
    bins.map((busy, i) => ({ kind, startUs: i * binUs, endUs: (i + 1) * binUs, busy })),
  );
  return {
    name: "utilisation",
    caption: `Busy fraction of each unit kind over time (bins of ${binUs.toPrecision(3)} us; 1 = every unit of the kind busy).`,
    rows,
    markClass: "mark-rect",
    spec: {
      width: WIDTH,
      data: { values: rows },
      mark: "rect",
      encoding: {
        x: { field: "startUs", type: "quantitative", title: "time [us]" },
        x2: { field: "endUs" },
        y: { field: "kind", type: "nominal", title: null },
        color: {
          field: "busy",
          type: "quantitative",
          title: "busy",
          scale: { domain: [0, 1], scheme: "blues" },
        },
        tooltip: [{ field: "kind" }, { field: "startUs" }, { field: "busy", format: ".2f" }],
      },
    },
  };
}

/** Latency histogram: the chip's histogram folded into at most 40 equal-width bars (empty ones left out). */
export function latencyHistogram(o: RunObservations): RunChart {
  const bins = o.latencyBins;
  const lo = bins[0]?.lowNs ?? 0;
  const hi = bins[bins.length - 1]?.highNs ?? 1;
  const bars = 40;
  const width = hi > lo ? (hi - lo) / bars : 1;
  const counts = new Array<number>(bars).fill(0);
  for (const b of bins) {
    const mid = (b.lowNs + b.highNs) / 2;
    counts[Math.min(bars - 1, Math.floor((mid - lo) / width))]! += b.count;
  }
  const rows = counts
    .map((count, i) => ({ lowNs: lo + i * width, highNs: lo + (i + 1) * width, count }))
    .filter((r) => r.count > 0);
  return {
    name: "latency-histogram",
    caption: "Request latency (entry to completion), ns: the requests in each of 40 equal bins.",
    rows,
    markClass: "mark-rect",
    spec: {
      width: WIDTH / 2 - 40,
      data: { values: rows },
      mark: "rect",
      encoding: {
        x: { field: "lowNs", type: "quantitative", title: "latency [ns]", scale: { zero: false } },
        x2: { field: "highNs" },
        y: { field: "count", type: "quantitative", title: "requests" },
      },
    },
  };
}

/** Latency CDF: the fraction of requests done within each latency, one point per histogram bin. */
export function latencyCdf(o: RunObservations): RunChart {
  const total = o.latencyBins.reduce((t, b) => t + b.count, 0);
  let seen = 0;
  const rows = o.latencyBins.map((b) => {
    seen += b.count;
    return { latencyNs: b.highNs, fraction: seen / total };
  });
  return {
    name: "latency-cdf",
    caption: "Latency CDF: the fraction of requests done within a latency.",
    rows: [rows],
    markClass: "mark-line",
    spec: {
      width: WIDTH / 2 - 40,
      data: { values: rows },
      mark: { type: "line", interpolate: "step-after" },
      encoding: {
        x: { field: "latencyNs", type: "quantitative", title: "latency [ns]" },
        y: { field: "fraction", type: "quantitative", title: "fraction of requests" },
      },
    },
  };
}

/** Completions per window over time, one point per window. */
export function throughputOverTime(m: Metrics): RunChart {
  const rows = m.throughputWindows.map((w) => ({
    startUs: w.startNs / 1e3,
    throughputPerSec: w.throughputPerSec,
  }));
  return {
    name: "throughput",
    caption: "Throughput over time: completions in each window, per second.",
    rows,
    markClass: "mark-symbol",
    spec: {
      width: WIDTH,
      height: 160,
      data: { values: rows },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "startUs", type: "quantitative", title: "time [us]" },
        y: { field: "throughputPerSec", type: "quantitative", title: "inferences/s" },
      },
    },
  };
}

/** The first requests' busy intervals, one lane per unit, coloured by step. */
export function ganttChart(o: RunObservations): RunChart {
  const rows = o.gantt.bars;
  const lanes = new Set(rows.map((r) => r.lane)).size;
  return {
    name: "gantt",
    caption:
      `The first ${o.gantt.requests} requests on each unit they use (${lanes} lanes), coloured by step` +
      (o.gantt.dropped > 0 ? `; ${o.gantt.dropped} further intervals left out` : "") +
      ". The same intervals as the Perfetto timeline: run with --timeline FILE and open FILE in ui.perfetto.dev.",
    rows,
    markClass: "mark-rect",
    spec: {
      width: WIDTH,
      height: { step: 14 },
      data: { values: rows },
      mark: "rect",
      encoding: {
        x: { field: "startNs", type: "quantitative", title: "time [ns]" },
        x2: { field: "endNs" },
        y: { field: "lane", type: "nominal", title: null, sort: null },
        color: { field: "step", type: "nominal", title: "step" },
        tooltip: [{ field: "lane" }, { field: "request" }, { field: "step" }],
      },
    },
  };
}

/** Bank conflicts per (table, bank of its memory tile). */
export function bankConflictMap(o: RunObservations): RunChart {
  const rows = o.tableBankConflicts.flatMap((banks, table) =>
    banks.map((conflicts, bank) => ({ table, bank, conflicts })),
  );
  return {
    name: "bank-conflicts",
    caption: "Row reads that found their bank busy, per table and bank of the table's memory tile.",
    rows,
    markClass: "mark-rect",
    spec: {
      width: WIDTH / 2,
      data: { values: rows },
      mark: "rect",
      encoding: {
        x: { field: "bank", type: "ordinal", title: "bank" },
        y: { field: "table", type: "ordinal", title: "table (sparse feature)" },
        color: { field: "conflicts", type: "quantitative", scale: { scheme: "oranges" } },
        tooltip: [{ field: "table" }, { field: "bank" }, { field: "conflicts" }],
      },
    },
  };
}
