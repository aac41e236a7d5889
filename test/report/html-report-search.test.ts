import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserAvailable } from "./browser";
import { openReport, runCli as run } from "./report-fixtures";

const dir = mkdtempSync(join(tmpdir(), "autorac-html-search-"));

/** A CSV file's lines (the fields checked come before any quoted one). */
function csvLines(file: string): string[] {
  return readFileSync(file, "utf8").trimEnd().split("\n");
}

describe("search and overlap HTML reports in a real browser", () => {
  const out = join(dir, "search");
  const searchHtml = join(dir, "search.html");
  const searchCsv = join(dir, "search.csv");
  const searchArgs = [
    "search",
    ...["--loss", "proxy", "--generations", "5", "--population", "16", "--sample", "8"],
    ...["--out", out, "--html", searchHtml, "--csv", searchCsv, "--no-progress"],
  ];

  const overlapHtml = join(dir, "overlap.html");
  const overlapJson = join(dir, "overlap.json");
  const overlapCsv = join(dir, "overlap.csv");
  // the runs need no browser: their CSV is checked wherever Chromium is missing too
  beforeAll(() => {
    run(searchArgs);
    run([
      ...["overlap", "--requests", "40", "--svg-dir", join(dir, "svg")],
      ...["--html", overlapHtml, "--csv", overlapCsv, "--out", overlapJson, "--no-progress"],
    ]);
  }, 120_000);

  it("search --html: the criterion per generation, the Pareto front, the top 15, the best model", async () => {
    if (!browserAvailable("search --html")) return;
    const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as {
      bestByGeneration: number[];
      evaluations: number;
    };
    const pareto = JSON.parse(readFileSync(join(out, "pareto.json"), "utf8")) as unknown[];
    const top = JSON.parse(readFileSync(join(out, "top15.json"), "utf8")) as unknown[];
    const { page, charts } = await openReport(searchHtml);
    try {
      // one best point per generation (and generation 0), each the result's
      const best = charts["criterion"]!.rows.filter((r) => r.series === "best in population");
      expect(best.map((r) => r.criterion)).toEqual(result.bestByGeneration);
      const means = charts["criterion"]!.rows.filter((r) => r.series !== "best in population");
      expect(means).toHaveLength(result.bestByGeneration.length);
      // one point per distinct candidate, the front's one per pareto.json entry
      const points = charts["pareto"]!.rows;
      expect(points.filter((r) => r.set === "Pareto front")).toHaveLength(pareto.length);
      expect(points.length).toBeLessThanOrEqual(result.evaluations);
      // the best model's diagram, and the top-15 table with a row per design
      expect(await page.count('figure[data-chart="best-model"] svg rect')).toBeGreaterThan(0);
      const rows = await page.evaluate<number>(
        '[...document.querySelectorAll("table.sortable")].find((t) => t.tHead.textContent.includes("rank")).tBodies[0].rows.length',
      );
      expect(rows).toBe(top.length);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("search --csv: the top 15, one line per top15.json design", () => {
    const top = JSON.parse(readFileSync(join(out, "top15.json"), "utf8")) as Array<{
      criterion: number;
      loss: number;
    }>;
    const lines = csvLines(searchCsv);
    expect(lines[0]!.split(",").slice(0, 5)).toEqual([
      "rank",
      "candidate",
      "generation",
      "criterion",
      "loss",
    ]);
    expect(lines).toHaveLength(1 + top.length);
    lines.slice(1).forEach((line, i) => {
      expect(Number(line.split(",")[3])).toBe(top[i]!.criterion);
      expect(Number(line.split(",")[4])).toBe(top[i]!.loss);
    });
  });

  type Switch = {
    name: string;
    latencyChange: number;
    on: { throughputPerSec: number };
    off: { throughputPerSec: number };
  };
  const switchesOf = () =>
    (JSON.parse(readFileSync(overlapJson, "utf8")) as { switches: Switch[] }).switches;

  it("overlap --html: a table row and points per switch, each the JSON's, and its Gantt charts", async () => {
    if (!browserAvailable("overlap --html")) return;
    const switches = switchesOf();
    const { page, charts } = await openReport(overlapHtml);
    try {
      const first = await page.evaluate<string[]>(
        '[...document.querySelector("section table.sortable").tBodies[0].rows].map((r) => r.cells[0].textContent)',
      );
      expect(first).toEqual(switches.map((s) => s.name));
      // two bars (latency, throughput) and 4 figures x on/off points per switch
      expect(charts["overlap-change"]!.rows).toHaveLength(2 * switches.length);
      const figures = charts["overlap-figures"]!.rows;
      expect(figures).toHaveLength(8 * switches.length);
      for (const s of switches) {
        const thr = figures.filter(
          (r) => r.switch === s.name && String(r.figure).includes("throughput"),
        );
        expect(thr.map((r) => r.value)).toEqual([s.on.throughputPerSec, s.off.throughputPerSec]);
      }
      expect(await page.count('figure[data-chart^="gantt-"] svg')).toBe(switches.length);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("overlap --csv: a line per switch of the JSON", () => {
    const switches = switchesOf();
    const lines = csvLines(overlapCsv);
    expect(lines[0]!.split(",").slice(0, 5)).toEqual([
      "switch",
      "applies",
      "mean latency on (ns)",
      "mean latency off (ns)",
      "latency change (off/on - 1)",
    ]);
    expect(lines).toHaveLength(1 + switches.length);
    lines.slice(1).forEach((line, i) => {
      expect(line.split(",")[0]).toBe(switches[i]!.name);
      expect(Number(line.split(",")[4])).toBe(switches[i]!.latencyChange);
    });
  });
});
