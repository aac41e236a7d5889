import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserAvailable } from "./browser";
import { openReport, runCli as run } from "./report-fixtures";

const dir = mkdtempSync(join(tmpdir(), "autorac-html-"));

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("HTML reports in a real browser", () => {
  it("simulate --html: the default run, under 2 MB, every chart drawing one mark per datum of the run", async () => {
    if (!browserAvailable("simulate --html")) return;
    const html = join(dir, "simulate.html");
    const json = join(dir, "simulate.json");
    run(["simulate", "--html", html, "--out", json, "--no-progress"]);
    expect(statSync(html).size).toBeLessThan(2 * 1024 * 1024);
    const result = JSON.parse(readFileSync(json, "utf8")) as {
      design: {
        completed: number;
        utilisation: Record<string, number>;
        throughputWindows: unknown[];
        bankConflicts: { total: number; perTable: number[] };
      };
      ablation: { steps: unknown[] };
    };
    const { page, charts } = await openReport(html);
    try {
      // openReport has checked one mark per row of every chart
      // the data agree with the run's own JSON
      const d = result.design;
      expect(sum(charts["latency-histogram"]!.rows.map((r) => r.count as number))).toBe(
        d.completed,
      );
      const kinds = new Set(charts["utilisation"]!.rows.map((r) => r.kind as string));
      expect([...kinds].sort()).toEqual(
        Object.keys(d.utilisation)
          .filter((k) => k !== "buffer")
          .sort(),
      );
      expect(charts["throughput"]!.rows).toHaveLength(d.throughputWindows.length);
      const conflicts = charts["bank-conflicts"]!.rows;
      expect(sum(conflicts.map((r) => r.conflicts as number))).toBe(d.bankConflicts.total);
      expect(new Set(conflicts.map((r) => r.table)).size).toBe(d.bankConflicts.perTable.length);
      expect(charts["ablation"]!.rows).toHaveLength(3 * result.ablation.steps.length);
      expect(charts["gantt"]!.rows.length).toBeGreaterThan(0);
      // the headline table sorts on a click: the design column, ascending
      await page.click("section table.sortable th:nth-child(2)");
      const values = await page.evaluate<number[]>(
        '[...document.querySelector("section table.sortable").tBodies[0].rows].map((r) => Number(r.cells[1].dataset.v))',
      );
      expect(values).toEqual([...values].sort((a, b) => a - b));
    } finally {
      await page.close();
    }
  }, 300_000);

  it("compare --html: table 3 beside the paper, one point per figure", async () => {
    if (!browserAvailable("compare --html")) return;
    const html = join(dir, "compare.html");
    const json = join(dir, "compare.json");
    run(["compare", "--no-cpu", "--requests", "300", "--html", html, "--out", json]);
    type Row = { paper: Record<string, number | null> | null } & Record<string, unknown>;
    const result = JSON.parse(readFileSync(json, "utf8")) as { rows: Record<string, Row | null> };
    // every non-null figure of every row the paper has a figure for, measured and paper's
    let expected = 0;
    for (const row of Object.values(result.rows)) {
      if (row === null || row.paper === null) continue;
      for (const key of ["speedup", "powerEfficiency", "areaSaving"]) {
        if (row[key] !== null) expected++;
        if (row.paper[key] !== null) expected++;
      }
    }
    const { page, charts } = await openReport(html);
    try {
      expect(charts["table3"]!.rows).toHaveLength(expected);
      expect(await page.count("section h3")).toBe(4); // RecNMP, naive NASRec, ReREC, the design
    } finally {
      await page.close();
    }
  }, 300_000);

  it("ablate --html: the waterfall, one bar per step and ratio", async () => {
    if (!browserAvailable("ablate --html")) return;
    const html = join(dir, "ablate.html");
    const json = join(dir, "ablate.json");
    run(["ablate", "--requests", "300", "--html", html, "--out", json, "--no-progress"]);
    const result = JSON.parse(readFileSync(json, "utf8")) as { ablation: { steps: unknown[] } };
    const { page, charts } = await openReport(html);
    try {
      expect(charts["ablation"]!.rows).toHaveLength(3 * result.ablation.steps.length);
    } finally {
      await page.close();
    }
  }, 300_000);
  it("replay --html: a trace's run, the histogram counting every request replayed", async () => {
    if (!browserAvailable("replay --html")) return;
    const trace = join(dir, "trace.jsonl");
    const html = join(dir, "replay.html");
    const json = join(dir, "replay.json");
    run(["trace", "synth", "--requests", "300", "--out", trace]);
    run(["replay", "--trace", trace, "--html", html, "--out", json, "--no-progress"]);
    const result = JSON.parse(readFileSync(json, "utf8")) as { design: { completed: number } };
    const { page, charts } = await openReport(html);
    try {
      // openReport has checked one mark per row of every chart
      const counts = charts["latency-histogram"]!.rows.map((r) => r.count as number);
      expect(sum(counts)).toBe(result.design.completed);
      expect(result.design.completed).toBe(300);
      expect(await page.evaluate<string>("document.title")).toContain("autorac replay");
    } finally {
      await page.close();
    }
  }, 300_000);
});
