import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { openPage, type PageCheck } from "./browser";

/** The built CLI (npm test builds before jest), run as a user runs it; throws with its stderr on failure. */
export function runCli(args: string[]): void {
  const main = resolve(__dirname, "../../dist/cli/main.js");
  const r = spawnSync("node", [main, ...args], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`autorac ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
}

export type ChartRow = Record<string, unknown>;
export type Charts = Record<string, { markClass: string; rows: ChartRow[] }>;

/**
 * Opens a report offline and checks it: no console error, no request that
 * leaves the page, and every chart drawing one data mark per row of the
 * page's embedded data (a line chart one path per series). Saves a
 * full-page screenshot beside the file; returns the page and the data.
 */
export async function openReport(file: string): Promise<{ page: PageCheck; charts: Charts }> {
  const page = await openPage(file);
  expect(page.consoleErrors).toEqual([]);
  expect(page.failedRequests).toEqual([]);
  await page.screenshot(file.replace(/\.html$/, ".png"), true);
  const json = await page.evaluate<string>('document.getElementById("report-data").textContent');
  const charts = (JSON.parse(json) as { charts: Charts }).charts;
  for (const [name, c] of Object.entries(charts)) {
    const marks = await page.count(
      `figure[data-chart="${name}"] g.${c.markClass}.role-mark > path`,
    );
    expect([name, marks]).toEqual([name, c.markClass === "mark-line" ? 1 : c.rows.length]);
  }
  return { page, charts };
}
