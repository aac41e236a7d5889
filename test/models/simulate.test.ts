import { defaultHwConfig } from "../../arch/config/hw-config";
import { DEFAULT_DESIGN, designNamed } from "../../models/design";
import { simulate } from "../../models/simulate";
import { zooModel } from "../../models/zoo";

describe("simulate()", () => {
  const small = { requests: 60, functionalChecks: 0 } as const;

  it("runs the co-searched design against NASRec's model naively mapped on the default chip", () => {
    const r = simulate(small);
    const design = designNamed(DEFAULT_DESIGN);
    expect(r.comparison.kind).toBe("co-design");
    expect(r.model).toBe(design.model.name);
    expect(r.config.hw).toEqual(design.hw);
    expect(r.config.baseline!.model).toEqual(zooModel("nasrec-criteo"));
    expect(r.config.baseline!.hw).toEqual(defaultHwConfig());
  });

  it("reports a model beside its naive mapping, with ratios defined from them", () => {
    const r = simulate({ ...small, model: "figure6-criteo" });
    expect(r.model).toBe("figure6-criteo");
    expect(r.comparison.kind).toBe("mapping-only");
    expect(r.design.completed).toBe(60);
    expect(r.naive!.completed).toBe(60);
    expect(r.ratios!.speedup).toBeCloseTo(
      r.design.throughputPerSec / r.naive!.throughputPerSec,
      12,
    );
    expect(r.ratios!.areaSaving).toBeCloseTo(r.naive!.areaMm2 / r.design.areaMm2, 12);
    const efficiency = (m: typeof r.design) => m.throughputPerSec / m.powerW;
    expect(r.ratios!.powerEfficiency).toBeCloseTo(efficiency(r.design) / efficiency(r.naive!), 12);
    // at 1 GHz a cycle is a nanosecond
    expect(r.design.latencyNs.p50).toBe(r.design.latencyCycles.p50);
    // the naive mapping holds every weight at 8 bits, so it needs at least as many crossbars
    expect(r.naive!.crossbars.mvm).toBeGreaterThanOrEqual(r.design.crossbars.mvm);
    // the dead block 5 is not mapped
    expect(r.program.layers.some((l) => l.name.startsWith("block5."))).toBe(false);
  });

  it("is deterministic for a seed", () => {
    const strip = (r: ReturnType<typeof simulate>) => JSON.stringify({ d: r.design, n: r.naive });
    expect(strip(simulate({ ...small, seed: 5 }))).toBe(strip(simulate({ ...small, seed: 5 })));
  });

  it("changes only the placement when frequency placement is switched off", () => {
    const on = simulate({ ...small, compareNaive: false });
    const off = simulate({
      ...small,
      compareNaive: false,
      switches: { frequencyPlacement: false },
    });
    expect(off.program.layers).toEqual(on.program.layers);
    expect(off.design.crossbars).toEqual(on.design.crossbars);
    expect(off.design.bankConflicts.lookups).toBe(on.design.bankConflicts.lookups);
  });

  it("runs one request at a time without request pipelining", () => {
    const r = simulate({ ...small, compareNaive: false, switches: { requestPipelining: false } });
    expect(r.config.maxInFlight).toBe(1);
    // alone in the chip, every request takes the unloaded latency's time
    expect(r.design.latencyCycles.mean).toBeCloseTo(r.design.unloadedLatencyCycles.mean, 0);
  });

  it("checks outputs through the crossbars against the integer reference", () => {
    const r = simulate({
      requests: 1,
      functionalChecks: 1,
      compareNaive: false,
      model: "deepfm-criteo",
    });
    expect(r.functional).toMatchObject({
      requests: 1,
      equal: 1,
      maxLogitDifference: 0,
      clippedConversions: 0,
    });
  });
});
