import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserAvailable } from "./browser";
import { openReport, runCli as run } from "./report-fixtures";

const dir = mkdtempSync(join(tmpdir(), "autorac-html-evaluate-"));

describe("evaluate --html in a real browser", () => {
  const checkpoint = join(dir, "sn.json");
  const html = join(dir, "evaluate.html");
  const json = join(dir, "evaluate.json");
  beforeAll(() => {
    run(
      ["train", "--rows", "2000", "--epochs", "1", "--validation-rows", "400"].concat([
        "--checkpoint",
        checkpoint,
        "--no-progress",
      ]),
    );
    // 32 rows per read of 2-bit cells with a 1-bit DAC sum up to 96: a 6-bit ADC can clip
    run(
      ["evaluate", "--checkpoint", checkpoint, "--validation-rows", "400"].concat(
        ["--adc-bits", "6", "--rows-per-read", "32", "--lossy"],
        ["--html", html, "--out", json, "--no-progress"],
      ),
    );
  }, 120_000);

  it("shows the four passes and one bar per layer and measure, from the run's own figures", async () => {
    if (!browserAvailable("evaluate --html")) return;
    const result = JSON.parse(readFileSync(json, "utf8")) as {
      layers: Array<{ name: string; conversions: number; clipped: number; maeLsb: number }>;
    };
    const { page, charts } = await openReport(html);
    try {
      const rows = charts["clips"]!.rows;
      expect(rows).toHaveLength(2 * result.layers.length);
      for (const l of result.layers) {
        const of = (measure: string) =>
          rows.find((r) => r.point === l.name && String(r.measure).startsWith(measure))!.value;
        expect(of("conversions clipped")).toBeCloseTo((100 * l.clipped) / l.conversions, 10);
        expect(of("error introduced")).toBe(l.maeLsb);
      }
      const passes = await page.evaluate<string[]>(
        '[...document.querySelector("section table").tBodies[0].rows].map((r) => r.cells[0].textContent)',
      );
      expect(passes).toEqual([
        "float32 model (nothing quantised)",
        "tfjs pass (float32 arithmetic, fake-quantised)",
        "integer reference (exact)",
        "chip (crossbar model)",
      ]);
    } finally {
      await page.close();
    }
  }, 300_000);
});
