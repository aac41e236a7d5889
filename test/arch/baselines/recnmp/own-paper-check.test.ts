import { recNmpOwnPaperCheck } from "../../../../arch/baselines/recnmp/own-paper-check";

describe("RecNMP own-paper check: memory latency speedup over the DRAM baseline", () => {
  test("reports the paper's 9.8x, the measured speedup and their ratio, within 2x", () => {
    const started = Date.now();
    const check = recNmpOwnPaperCheck();
    const seconds = (Date.now() - started) / 1000;
    expect(check.paperFigure).toBe(9.8);
    expect(check.ratio).toBeCloseTo(check.measured / check.paperFigure, 12);
    // The model reproduces the figure within a factor of two (docs/baselines.md, RecNMP).
    expect(check.within2x).toBe(true);
    expect(check.ratio).toBeGreaterThanOrEqual(0.5);
    expect(check.ratio).toBeLessThanOrEqual(2);
    expect(check.measured).toBeGreaterThan(1);
    expect(check.source).toMatch(/1912\.12953/);
    // Not a speed test; only a gross regression (the lead calls this on every compare) fails.
    expect(seconds).toBeLessThan(30);
  });

  test("is deterministic", () => {
    expect(recNmpOwnPaperCheck()).toEqual(recNmpOwnPaperCheck());
  });
});
