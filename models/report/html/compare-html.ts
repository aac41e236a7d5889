import { sideBySide } from "./side-by-side";
import { rowsInOrder, type CompareResult, type CompareRow } from "../../compare/table3";
import { escapeHtml, htmlPage, jsonDetails, table, type Cell } from "./html-page";
import type { RunChart } from "./run-charts";
import { renderCharts } from "./render-charts";

const METRICS: Array<
  [keyof Pick<CompareRow, "speedup" | "powerEfficiency" | "areaSaving">, string]
> = [
  ["speedup", "speedup"],
  ["powerEfficiency", "power efficiency"],
  ["areaSaving", "area saving"],
];

/** Table 3 as bars: the design's measured gain against each baseline beside the paper's (log scale). */
export function table3Chart(r: CompareResult): RunChart {
  const rows = rowsInOrder(r)
    .filter((row) => row.paper !== null)
    .flatMap((row) =>
      METRICS.flatMap(([key, metric]) => {
        const out: Array<{ against: string; metric: string; source: string; gain: number }> = [];
        const measured = row[key];
        const paper = row.paper![key];
        if (measured !== null)
          out.push({ against: row.against, metric, source: "measured", gain: measured });
        if (paper !== null)
          out.push({ against: row.against, metric, source: "paper", gain: paper });
        return out;
      }),
    );
  const spec = sideBySide(
    rows,
    "metric",
    METRICS.map((m) => m[1]),
    {
      width: 250,
      mark: { type: "point", filled: true, size: 90 },
      encoding: {
        y: { field: "against", type: "nominal", title: null, sort: null },
        shape: { field: "source", type: "nominal", title: null },
        x: {
          field: "gain",
          type: "quantitative",
          scale: { type: "log" },
          title: "the design's gain (x)",
        },
        color: { field: "source", type: "nominal", title: null },
        tooltip: [{ field: "against" }, { field: "source" }, { field: "gain", format: ".2f" }],
      },
    },
  );
  return {
    name: "table3",
    caption:
      "The design's gain over each baseline, measured here (circles) beside the paper's table 3 (squares; log scale; the paper gives an area saving only against naive NASRec).",
    rows,
    markClass: "mark-symbol",
    spec,
  };
}

/** `compare --html`: table 3 measured, beside the paper, with each row's workload and sources. */
export async function compareHtml(r: CompareResult): Promise<string> {
  const rendered = await renderCharts([table3Chart(r)]);
  const list = rowsInOrder(r);
  const x = (v: number | null): Cell =>
    v === null ? null : { value: v, text: `${v.toFixed(2)}x` };
  const rowsTable = table(
    [
      "against",
      "inferences/s",
      "mm^2",
      "W",
      "nJ/inference",
      "speedup",
      "paper",
      "area saving",
      "paper",
      "power eff.",
      "paper",
    ],
    list.map((row) => [
      row.against,
      row.throughputPerSec,
      row.areaMm2,
      row.powerW,
      row.energyPerInferenceNj,
      x(row.speedup),
      x(row.paper?.speedup ?? null),
      x(row.areaSaving),
      x(row.paper?.areaSaving ?? null),
      x(row.powerEfficiency),
      x(row.paper?.powerEfficiency ?? null),
    ]),
    "Ratios are the design's over each row's. Click a header to sort.",
  );
  const details = list
    .map((row) => {
      const check = row.ownPaperCheck;
      return [
        `<h3>${escapeHtml(row.against)}</h3><p>${escapeHtml(row.workload)}</p>`,
        row.warning === null ? "" : `<p class="warn">${escapeHtml(row.warning)}</p>`,
        check === null
          ? ""
          : `<p>Own-paper check: ${escapeHtml(check.name)}: paper ${check.paperFigure}, measured ${check.measured.toPrecision(3)} (${check.within2x ? "within 2x" : "NOT within 2x"}).</p>`,
        `<ul>${row.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`,
        `<p class="note">Sources: ${escapeHtml(row.sources.join("; "))}</p>`,
      ].join("");
    })
    .join("");
  return htmlPage(
    `autorac compare: ${r.design.model}`,
    `the paper's table 3 measured: ${r.config.requests} requests, seed ${r.config.seed} (docs/baselines.md)`,
    [
      { title: "Table 3", html: rowsTable + rendered.html.join("") },
      { title: "Rows", html: details },
      { title: "Configuration", html: jsonDetails("the resolved inputs (JSON)", r.config) },
    ],
    { charts: rendered.data },
  );
}
