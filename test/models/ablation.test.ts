import { defaultHwConfig } from "../../arch/config/hw-config";
import {
  ABLATION_ELEMENTS,
  ablationOf,
  ablationOffAlone,
  ablationPath,
  samePoint,
  type PointFigures,
} from "../../models/ablation";
import { naiveMapping } from "../../models/mapping/compile";
import { simulate } from "../../models/simulate";
import type { RunPoint } from "../../models/simulation/run-point";
import { analyseModel } from "../../models/spec/model-graph";
import { zooModel } from "../../models/zoo";
import { ALL_OVERLAPS } from "../../arch/chip/overlap-switches";

const baseline: RunPoint = {
  graph: analyseModel(zooModel("nasrec-criteo")),
  hw: defaultHwConfig(),
  mapping: naiveMapping(),
};
const design: RunPoint = {
  graph: analyseModel(zooModel("figure6-criteo")),
  hw: { ...defaultHwConfig(), dac: { bits: 2 } },
  mapping: { mixedPrecision: true, transposedFm: true, switches: ALL_OVERLAPS, replicate: "auto" },
};

describe("the ablation's points", () => {
  it("go from the baseline to the design, one element at a time", () => {
    const path = ablationPath(baseline, design);
    expect(path).toHaveLength(ABLATION_ELEMENTS.length + 1);
    expect(samePoint(path[0]!, baseline)).toBe(true);
    expect(samePoint(path[path.length - 1]!, design)).toBe(true);
    // step 1 changes the chip alone, step 2 the model alone (still 8-bit), step 3 the bits
    expect(path[1]!.hw).toBe(design.hw);
    expect(path[1]!.graph).toBe(baseline.graph);
    expect(path[2]!.graph).toBe(design.graph);
    expect(path[2]!.mapping.mixedPrecision).toBe(false);
    expect(path[3]!.mapping.mixedPrecision).toBe(true);
    // the FM step switches the layout and the concurrent halves together
    const fm = ABLATION_ELEMENTS.findIndex((e) => e.id === "transposedFm") + 1;
    expect(path[fm - 1]!.mapping.transposedFm).toBe(false);
    expect(path[fm - 1]!.mapping.switches.fmConcurrentHalves).toBe(false);
    expect(path[fm]!.mapping.transposedFm).toBe(true);
    expect(path[fm]!.mapping.switches.fmConcurrentHalves).toBe(true);
    expect(path[path.length - 2]!.mapping.replicate).toBe("off");
  });

  it("switch each element off alone from the design", () => {
    const off = ablationOffAlone(baseline, design);
    expect(off).toHaveLength(ABLATION_ELEMENTS.length);
    const pipelining = off[ABLATION_ELEMENTS.findIndex((e) => e.id === "requestPipelining")]!;
    expect(pipelining.mapping).toEqual({
      ...design.mapping,
      switches: { ...ALL_OVERLAPS, requestPipelining: false },
    });
    expect(pipelining.graph).toBe(design.graph);
    expect(pipelining.hw).toBe(design.hw);
    // replication is the last step, so the design without it is the path's next-to-last point
    expect(samePoint(off[off.length - 1]!, ablationPath(baseline, design).at(-2)!)).toBe(true);
  });
});

describe("ablationOf", () => {
  const figures = (throughputPerSec: number, areaMm2: number, powerW: number): PointFigures => ({
    throughputPerSec,
    latencyNsMean: 1e9 / throughputPerSec,
    areaMm2,
    powerW,
    energyPerInferenceNj: (powerW / throughputPerSec) * 1e9,
  });

  it("gives step factors that multiply to the totals (a worked example)", () => {
    // throughput 100 -> 200 -> 150 -> ... -> 600; area 300 -> 200 at step 2; power doubles at step 1
    const path = [figures(100, 300, 1), figures(200, 300, 2), figures(150, 200, 2)];
    while (path.length < ABLATION_ELEMENTS.length) path.push(path[path.length - 1]!);
    path.push(figures(600, 200, 3));
    const a = ablationOf(baseline, design, path, null);
    expect(a.steps[0]!.step).toEqual({ speedup: 2, areaSaving: 1, powerEfficiency: 1 });
    expect(a.steps[1]!.step.speedup).toBeCloseTo(0.75, 12);
    expect(a.steps[1]!.step.areaSaving).toBeCloseTo(1.5, 12);
    // 600 / 3 W against 100 / 1 W
    expect(a.total.powerEfficiency).toBeCloseTo(2, 12);
    expect(a.total.speedup).toBeCloseTo(6, 12);
    const product = (k: "speedup" | "areaSaving" | "powerEfficiency") =>
      a.steps.reduce((p, s) => p * s.step[k], 1);
    expect(product("speedup")).toBeCloseTo(6, 12);
    expect(product("areaSaving")).toBeCloseTo(1.5, 12);
    expect(product("powerEfficiency")).toBeCloseTo(2, 12);
    expect(a.steps.at(-1)!.cumulative).toEqual(a.total);
  });

  it("marks the elements where the two ends agree", () => {
    const mappingOnly = { ...baseline, mapping: design.mapping };
    const a = ablationOf(
      baseline,
      mappingOnly,
      Array.from({ length: ABLATION_ELEMENTS.length + 1 }, () => figures(1, 1, 1)),
      null,
    );
    const changes = Object.fromEntries(a.steps.map((s) => [s.element, s.changes]));
    expect(changes).toMatchObject({ hardware: false, model: false, replication: true });
    // nasrec-criteo is all 8-bit: mixed precision changes nothing on it
    expect(changes.mixedPrecision).toBe(false);
  });

  it("judges a step by its own two ends, not by the baseline", () => {
    const flat = Array.from({ length: ABLATION_ELEMENTS.length + 1 }, () => figures(1, 1, 1));
    const a = ablationOf(baseline, design, flat, flat.slice(1));
    const at = (id: string) => a.steps.find((s) => s.element === id)!;
    // mixed precision alone on NASRec's 8-bit model changes nothing, but after the searched
    // model (figure 6 has 4-bit operators) it does, on the path and off alone
    expect(zooModel("figure6-criteo").blocks.some((b) => b.dense.weightBits === 4)).toBe(true);
    expect(at("mixedPrecision").changes).toBe(true);
    expect(a.offAlone!.find((o) => o.element === "mixedPrecision")!.changes).toBe(true);
    expect(at("hardware").changes).toBe(true);
  });
});

describe("simulate's ablation", () => {
  const run = simulate({
    model: "figure6-criteo",
    requests: 40,
    functionalChecks: 0,
    ablation: "full",
  });
  const a = run.ablation!;

  it("starts at the naive run, ends at the design run, and multiplies to the ratios", () => {
    expect(a.baseline.throughputPerSec).toBe(run.naive!.throughputPerSec);
    expect(a.design.throughputPerSec).toBe(run.design.throughputPerSec);
    for (const k of ["speedup", "areaSaving", "powerEfficiency"] as const) {
      const product = a.steps.reduce((p, s) => p * s.step[k], 1);
      expect(product / run.ratios![k]).toBeCloseTo(1, 9);
    }
    expect(run.comparison.kind).toBe("mapping-only");
  });

  it("changes nothing where a mapping-only comparison has nothing to change", () => {
    for (const id of ["hardware", "model"]) {
      const step = a.steps.find((s) => s.element === id)!;
      expect(step.changes).toBe(false);
      expect(step.step).toEqual({ speedup: 1, areaSaving: 1, powerEfficiency: 1 });
    }
  });

  it("measures each element off alone; replication's is the path's point before it", () => {
    const off = a.offAlone!;
    expect(off.map((o) => o.element)).toEqual(ABLATION_ELEMENTS.map((e) => e.id));
    expect(off.at(-1)!.figures).toEqual(a.steps.at(-2)!.figures);
    expect(off.at(-1)!.buys).toEqual(a.steps.at(-1)!.step);
  });

  it("runs requests one at a time in the baseline (no pipelining in the naive mapping)", () => {
    expect(run.naive!.latencyCycles.mean).toBeCloseTo(run.naive!.unloadedLatencyCycles.mean, 0);
  });
});
