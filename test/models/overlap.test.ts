import { overlapStudy } from "../../models/overlap";
import type { ModelSpec } from "../../models/spec/model-spec";
import type { InferenceRequest } from "../../traces/request";
import { block, spec } from "./spec-fixtures";

/**
 * The overlap study finds the units each switch acts on by their kind and
 * index (no labels, no timeline). Requests arrive a million cycles apart,
 * so each runs alone: an overlap can only be within a request.
 */
const model: ModelSpec = spec("dp-fm", "criteo", [
  // DP 32: k = 8, the 26 embeddings projected to 8 rows (a layer whose MVMs feed the DP's row writes);
  // FM on the EFC's 16 rows
  block(["dp", 32], 16, [0], { fm: true }),
]);
const trace = (): Iterable<InferenceRequest> =>
  Array.from({ length: 4 }, (_, id) => ({
    id,
    arrivalCycle: id * 1_000_000,
    dense: Array.from({ length: 13 }, (_, i) => i),
    sparse: Array.from({ length: 26 }, (_, f) => [(id * 7 + f) % 4]), // table 8 has 4 rows
  }));

describe("the overlap study", () => {
  const reports = overlapStudy({
    model,
    hw: {},
    trace,
    traceLength: 4,
    openLoop: true,
    ganttRequests: 1,
    switches: ["dpProgramOverlap", "fmConcurrentHalves"],
  });
  const [dp, fm] = reports;

  it("finds the DP engine and measures its writes against the row projection", () => {
    expect(dp!.applies).toBe(true);
    // on: a row of X^T is written as soon as its position of every projected row exists, while
    // the projection's other MVMs run; off: the writes wait for the whole projection
    expect(dp!.on.busyAtOnce).toBeGreaterThan(0);
    expect(dp!.off.busyAtOnce).toBe(0);
    // here the EFC and FM path is the longer one, so the overlap shortens no request
    expect(dp!.latencyChange).toBe(0);
  });

  it("finds the FM array and its MBSA: busy at once only with concurrent halves", () => {
    expect(fm!.applies).toBe(true);
    expect(fm!.on.busyAtOnce).toBeGreaterThan(0);
    expect(fm!.off.busyAtOnce).toBe(0);
  });

  it("draws a Gantt row per unit, named for what runs on it", () => {
    expect(dp!.gantt).toContain("block0.dp.rows");
    expect(dp!.gantt).toContain("memory0.banks");
  });
});
