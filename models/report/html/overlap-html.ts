import { sideBySide } from "./side-by-side";
import type { SwitchReport } from "../../overlap";
import { escapeHtml, figure, htmlPage, jsonDetails, table, type Cell } from "./html-page";
import { renderCharts } from "./render-charts";
import type { RunChart } from "./run-charts";

/** The overlap study without its Gantt SVGs, as the command's JSON holds it. */
type Switch = Omit<SwitchReport, "gantt">;

const FIGURES: Array<[keyof Switch["on"], string]> = [
  ["latencyMeanNs", "mean latency [ns]"],
  ["latencyP99Ns", "p99 latency [ns]"],
  ["throughputPerSec", "throughput [inferences/s]"],
  ["busyAtOnce", "busy at once"],
];

/** The per-switch table's columns (the CSV's too): raw numbers, one row per switch. */
export function switchTable(reports: readonly Switch[]): {
  header: string[];
  rows: Array<Array<string | number | boolean>>;
} {
  return {
    header: [
      "switch",
      "applies",
      "mean latency on (ns)",
      "mean latency off (ns)",
      "latency change (off/on - 1)",
      "p99 latency on (ns)",
      "p99 latency off (ns)",
      "throughput on (inferences/s)",
      "throughput off (inferences/s)",
      "throughput change (on/off - 1)",
      "busy at once on",
      "busy at once off",
      "busy at once measures",
    ],
    rows: reports.map((r) => [
      r.name,
      r.applies,
      r.on.latencyMeanNs,
      r.off.latencyMeanNs,
      r.latencyChange,
      r.on.latencyP99Ns,
      r.off.latencyP99Ns,
      r.on.throughputPerSec,
      r.off.throughputPerSec,
      r.throughputChange,
      r.on.busyAtOnce,
      r.off.busyAtOnce,
      r.measure,
    ]),
  };
}

/** Each switch's figures on and off: a point per (figure, switch, state), one panel per figure. */
export function switchFiguresChart(reports: readonly Switch[]): RunChart {
  const rows = FIGURES.flatMap(([key, figure]) =>
    reports.flatMap((r) =>
      (["on", "off"] as const).map((state) => ({
        figure,
        switch: r.name,
        state,
        value: r[state][key],
      })),
    ),
  );
  return {
    name: "overlap-figures",
    caption:
      "Each switch on (the others on too) and off alone: mean and p99 latency, throughput, and the share of time the units it overlaps were busy at once.",
    rows,
    markClass: "mark-symbol",
    spec: sideBySide(
      rows,
      "figure",
      FIGURES.map((f) => f[1]),
      {
        width: 170,
        mark: { type: "point", filled: true, size: 80 },
        encoding: {
          y: { field: "switch", type: "nominal", title: null, sort: null },
          // on and off side by side, so that equal figures do not hide one another
          yOffset: { field: "state", type: "nominal", sort: ["on", "off"] },
          x: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
          color: { field: "state", type: "nominal", title: "switch", sort: ["on", "off"] },
          tooltip: [{ field: "switch" }, { field: "state" }, { field: "value", format: ".4~g" }],
        },
      },
    ),
  };
}

/** What each overlap buys: the latency and throughput change, a bar per (switch, figure). */
export function switchChangeChart(reports: readonly Switch[]): RunChart {
  const rows = reports.flatMap((r) => [
    { switch: r.name, change: "latency (off/on - 1)", percent: 100 * r.latencyChange },
    { switch: r.name, change: "throughput (on/off - 1)", percent: 100 * r.throughputChange },
  ]);
  return {
    name: "overlap-change",
    caption:
      "What each overlap buys, in percent: positive when switching it off slows requests down (latency) or switching it on raises throughput.",
    rows,
    markClass: "mark-rect",
    spec: {
      width: 500,
      data: { values: rows },
      mark: "bar",
      encoding: {
        y: { field: "switch", type: "nominal", title: null, sort: null },
        yOffset: { field: "change", type: "nominal" },
        x: { field: "percent", type: "quantitative", title: "change [%]" },
        color: {
          field: "change",
          type: "nominal",
          title: null,
          legend: { orient: "bottom", labelLimit: 400 },
        },
        tooltip: [{ field: "switch" }, { field: "change" }, { field: "percent", format: ".2f" }],
      },
    },
  };
}

const percent = (v: number): Cell => ({
  value: v,
  text: `${v >= 0 ? "+" : ""}${(100 * v).toFixed(2)}%`,
});
const share = (v: number): Cell => ({ value: v, text: `${(100 * v).toFixed(1)}%` });

/** `overlap --html`: each switch's effect (table, charts), its Gantt charts, the inputs. */
export async function overlapHtml(
  model: string,
  workload: string,
  reports: readonly SwitchReport[],
  config: unknown,
): Promise<string> {
  const rendered = await renderCharts([switchChangeChart(reports), switchFiguresChart(reports)]);
  const t = switchTable(reports);
  const cells = t.rows.map((r, i) => {
    const s = reports[i]!;
    return [
      s.name,
      s.applies ? "yes" : "no: no unit it acts on",
      ...r.slice(2, 4),
      percent(s.latencyChange),
      ...r.slice(5, 9),
      percent(s.throughputChange),
      share(s.on.busyAtOnce),
      share(s.off.busyAtOnce),
    ] as Cell[];
  });
  const gantt = reports
    .map((r) =>
      figure(
        `gantt-${r.name}`,
        r.gantt,
        `${r.name}: the first requests with the switch on and off (a row per unit, the banks of a memory tile on one row; colour: request).`,
      ),
    )
    .join("");
  return htmlPage(
    `autorac overlap: ${model}`,
    `${workload}; each overlap switch off in turn, the others on`,
    [
      {
        title: "Switches",
        html:
          table(
            t.header.slice(0, -1), // the measures are listed below the table
            cells,
            "Each switch on and off; latency change: off / on - 1 (positive: the overlap shortens it); throughput change: on / off - 1. Click a header to sort.",
          ) +
          `<ul>${reports.map((r) => `<li>busy at once, ${escapeHtml(r.name)}: ${escapeHtml(r.measure)}</li>`).join("")}</ul>` +
          rendered.html.join(""),
      },
      {
        title: "Gantt charts",
        html: `<p class="note">${escapeHtml("The same charts as the overlap-<switch>.svg files.")}</p>${gantt}`,
      },
      { title: "Configuration", html: jsonDetails("the resolved inputs (JSON)", config) },
    ],
    { charts: rendered.data },
  );
}
