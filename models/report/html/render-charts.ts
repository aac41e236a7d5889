import { figure } from "./html-page";
import type { RunChart } from "./run-charts";
import { vegaLiteSvg } from "./vega-svg";

/** The data behind a report's charts: per chart, its rows and the mark class drawing them. */
export type ChartData = Record<string, { markClass: string; rows: unknown[] }>;

/** Charts rendered to SVG figures, and their data for the page. */
export async function renderCharts(
  charts: RunChart[],
): Promise<{ html: string[]; data: ChartData }> {
  const html: string[] = [];
  const data: ChartData = {};
  for (const c of charts) {
    html.push(figure(c.name, await vegaLiteSvg(c.spec), c.caption));
    data[c.name] = { markClass: c.markClass, rows: c.rows };
  }
  return { html, data };
}
