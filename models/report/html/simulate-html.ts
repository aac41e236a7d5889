import { tech } from "../../../arch/tech/tables";
import type { SimulateResult } from "../../simulate";
import type { Metrics } from "../../simulation/metrics";
import { HEADLINE_ROWS, headlineRatio } from "../headline-rows";
import { escapeHtml, htmlPage, jsonDetails, table, type Cell, type Section } from "./html-page";
import {
  bankConflictMap,
  ganttChart,
  latencyCdf,
  latencyHistogram,
  throughputOverTime,
  utilisationHeatMap,
} from "./run-charts";
import type { RunObservations } from "./run-observer";
import { renderCharts } from "./render-charts";
import { ablationSection } from "./ablation-html";

/** `simulate --html` (and `replay --html`, with its own heading): the run whole on one page. */
export async function simulateHtml(
  r: SimulateResult,
  design: RunObservations,
  heading?: { title: string; subtitle: string },
): Promise<string> {
  const rendered = await renderCharts([
    utilisationHeatMap(design),
    latencyHistogram(design),
    latencyCdf(design),
    throughputOverTime(r.design),
    ganttChart(design),
    bankConflictMap(design),
  ]);
  const [utilisation, histogram, cdf, throughput, gantt, conflicts] = rendered.html;
  const sections: Section[] = [
    { title: "Headline", html: headlineTable(r) },
    {
      title: "Utilisation",
      html: utilisation! + busiestTable(r.design),
    },
    {
      title: "Latency and throughput",
      html: `<div style="display:flex;gap:20px;flex-wrap:wrap">${histogram}${cdf}</div>${throughput}`,
    },
    { title: "Gantt window", html: gantt! },
    {
      title: "Bank conflicts",
      html:
        conflicts! +
        `<p class="note">${r.design.bankConflicts.total.toLocaleString("en-US")} of ${r.design.bankConflicts.lookups.toLocaleString("en-US")} row reads found their bank busy.</p>`,
    },
  ];
  let chartData = rendered.data;
  if (r.ablation !== null) {
    const ablation = await ablationSection(r.ablation, {
      design: r.comparison.design,
      baseline: r.comparison.baseline,
    });
    sections.push(ablation.section);
    chartData = { ...chartData, ...ablation.data };
  }
  sections.push({
    title: "Configuration",
    html:
      jsonDetails("the resolved inputs: model, hardware, trace, mapping (JSON)", r.config) +
      jsonDetails("the technology tables every figure comes from, with sources (JSON)", tech),
  });
  const subtitle =
    r.comparison.kind === "co-design"
      ? `co-design comparison: ${r.comparison.design} against ${r.comparison.baseline}`
      : `mapping-only comparison: ${r.comparison.design}`;
  return htmlPage(
    heading?.title ?? `autorac simulate: ${r.model}`,
    heading?.subtitle ?? subtitle,
    sections,
    { charts: chartData },
  );
}

/** The design and the naive mapping side by side, with the ratio (better side over worse). */
function headlineTable(r: SimulateResult): string {
  const ns = 1000 / r.config.hw.clockMhz;
  const headers = ["figure", "design", ...(r.naive === null ? [] : ["naive", "ratio"])];
  const rows: Cell[][] = HEADLINE_ROWS.map(([label, get, format, better]) => {
    const d = get(r.design, ns);
    const cells: Cell[] = [label.trim(), { value: d, text: format(d) }];
    if (r.naive !== null) {
      const n = get(r.naive, ns);
      const ratio = headlineRatio(better, d, n);
      cells.push(
        { value: n, text: format(n) },
        ratio === null ? null : { value: ratio, text: `${ratio.toFixed(2)}x` },
      );
    }
    return cells;
  });
  return table(headers, rows, "Click a column header to sort.");
}

/** Each unit kind's mean busy fraction and its busiest unit, named. */
function busiestTable(m: Metrics): string {
  const kinds = Object.keys(m.utilisation).sort();
  const top = kinds.reduce<string | null>(
    (a, k) => (a === null || m.busiest[k]!.utilisation > m.busiest[a]!.utilisation ? k : a),
    null,
  );
  const note =
    top === null
      ? ""
      : `<p class="note">Busiest unit: <b>${escapeHtml(m.busiest[top]!.name)}</b> (${escapeHtml(m.busiest[top]!.path)}), busy ${(100 * m.busiest[top]!.utilisation).toFixed(1)} % of the run.</p>`;
  return (
    note +
    table(
      ["unit kind", "mean busy", "busiest unit", "its path", "its busy"],
      kinds.map((k) => [
        k,
        { value: m.utilisation[k]!, text: `${(100 * m.utilisation[k]!).toFixed(1)} %` },
        m.busiest[k]!.name,
        m.busiest[k]!.path,
        {
          value: m.busiest[k]!.utilisation,
          text: `${(100 * m.busiest[k]!.utilisation).toFixed(1)} %`,
        },
      ]),
    )
  );
}
