import { runPipelineDemo } from "../../sim/demo/pipeline-demo";

describe("kernel demo", () => {
  it("with sparse arrivals, every request takes decode + compute + write cycles", () => {
    // arrivals ~1e6 cycles apart never queue: latency = 3 + 5 + 2 = 10 for each
    const r = runPipelineDemo({
      requests: 50,
      arrivalMeanCycles: 1e6,
      computeMinCycles: 5,
      computeMaxCycles: 5,
    });
    expect(r.completed).toBe(50);
    expect(r.latencyCycles).toEqual({ mean: 10, p50: 10, p99: 10, max: 10 });
  });

  it("saturated, one compute unit of 5 cycles sets the pace: N requests end at 5N + 5", () => {
    // all arrive at cycle 0 (gaps round to 0); decode (3) and write (2) are faster than
    // compute (5), so compute runs back to back from cycle 3; the last write ends 2 later.
    const r = runPipelineDemo({
      requests: 100,
      arrivalMeanCycles: 0.01,
      computeMinCycles: 5,
      computeMaxCycles: 5,
      computeUnits: 1,
      workers: 1,
    });
    expect(r.simulatedCycles).toBe(5 * 100 + 5);
    // compute busy 500 of 505 cycles
    expect(r.computeUtilisation).toBeCloseTo(500 / 505, 12);
  });

  it("refuses an empty compute range, naming both parameters", () => {
    expect(() => runPipelineDemo({ computeMinCycles: 5, computeMaxCycles: 4 })).toThrow(
      "demo.computeMaxCycles (4) must be >= computeMinCycles (5)",
    );
  });
});
