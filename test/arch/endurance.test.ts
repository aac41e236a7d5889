import { ALL_OVERLAPS } from "../../arch/chip/overlap-switches";
import { buildHardware } from "../../arch/config/hardware";
import { resolveHwConfig } from "../../arch/config/hw-config";
import { endurance } from "../../arch/cost/endurance";
import { compileModel } from "../../models/mapping/compile";
import { analyseModel } from "../../models/spec/model-graph";
import { TINY_DATASET, TINY_DP_MODEL } from "../models/mapping/tiny-dp-model";

/*
 * One DP block of e = 4 (test/models/mapping/replication.test.ts): its X^T,
 * 5 vectors of 8-bit activations on 2-bit cells, takes 2 crossbars of 16 x 16
 * in an engine of 16 crossbars; every inference writes all of it once.
 */
const data = TINY_DATASET;
const spec = TINY_DP_MODEL;
const hwOf = (crossbar: Record<string, unknown>) =>
  buildHardware(
    resolveHwConfig({
      crossbar: { size: 16, cellBits: 2, ...crossbar },
      dac: { bits: 1 },
      adc: { bits: 8, colsPerAdc: 4 },
      buffer: { tileKiB: 2, busBits: 64 },
    }),
  );
const program = (hw: ReturnType<typeof hwOf>) =>
  compileModel(analyseModel(spec, data), hw, {
    switches: ALL_OVERLAPS,
    replicate: "off",
  });

describe("endurance of the arrays written at run time", () => {
  it("wears a written cell once per inference: 10^9 writes at 10^5 per second last 10^4 s", () => {
    const hw = hwOf({});
    const e = endurance(program(hw), hw, 1e5);
    expect(e.enduranceCycles).toBe(1e9); // arch/tech/reram.json, Wong et al. 2012
    expect(e.arrays).toEqual([
      {
        name: "block0.dp",
        kind: "dp",
        crossbars: 2,
        rotation: 0,
        writesPerCellPerSec: 1e5,
        lifetimeHours: 1e4 / 3600,
      },
    ]);
    expect(e.lifetimeHours).toBeCloseTo(2.7778, 4);
  });

  it("spreads the writes over the engine's 14 idle crossbars with wear levelling: 8 x the lifetime", () => {
    const hw = hwOf({ wearLevel: true });
    const dp = endurance(program(hw), hw, 1e5).arrays[0]!;
    expect(dp.rotation).toBe(16 - 2);
    expect(dp.writesPerCellPerSec).toBeCloseTo((1e5 * 2) / 16, 9);
    expect(dp.lifetimeHours).toBeCloseTo(8e4 / 3600, 9);
  });

  it("writes every copy: two copies rotate over 12 idle crossbars, and the config's endurance overrides", () => {
    const hw = hwOf({ wearLevel: true, enduranceCycles: 1e12 });
    const p = program(hw);
    p.dpEngines[0]!.copies = 2;
    const e = endurance(p, hw, 1e5);
    expect(e.arrays[0]).toMatchObject({ crossbars: 4, rotation: 12 });
    expect(e.arrays[0]!.writesPerCellPerSec).toBeCloseTo((1e5 * 4) / 16, 9);
    expect(e.lifetimeHours).toBeCloseTo(1e12 / 25000 / 3600, 6);
    expect(e.source).toContain("hardware config");
  });
});
