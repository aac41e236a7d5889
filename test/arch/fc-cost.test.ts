import { buildHardware } from "../../arch/config/hardware";
import { resolveHwConfig } from "../../arch/config/hw-config";
import { chipCost } from "../../arch/cost/chip-cost";
import { programCycles, programEnergyPj } from "../../arch/crossbar/write-cost";
import { autoracFcCost } from "../../arch/layers/fc-layer";
import { EngineServer } from "../../arch/chip/engine-server";
import { Simulator } from "../../sim/kernel";
import { hardware } from "./hw-fixtures";

/**
 * A 64 -> 16 FC layer, 8-bit weights and activations, on the default chip
 * (64x64 crossbars, 2-bit cells, 1-bit DAC, 8-bit ADC for 8 columns, 1 GHz,
 * 64 KiB buffer with a 256-bit bus). Worked by hand from the tables:
 * - mapping: 4 cells per weight, 16 outputs per crossbar: 1 crossbar, 64 columns used;
 * - input load: 64 x 8 = 512 bits = 2 bus words x ceil(1.08402 ns CACTI cycle) = 2 x 2 = 4 cycles;
 * - MVM: 648 cycles (the worked example of mvm-timing.test.ts);
 * - adder tree: one row tile, nothing to merge: 0;
 * - output store: 16 x 8 = 128 bits = 1 word = 2 cycles.
 */
describe("one FC layer in the autorac organisation", () => {
  const hw = hardware();
  const cost = autoracFcCost(hw, { inputs: 64, outputs: 16, weightBits: 8, activationBits: 8 });

  it("takes 4 + 648 + 0 + 2 = 654 cycles on one crossbar", () => {
    expect(cost.crossbars).toBe(1);
    expect(cost.latencyBreakdownNs).toEqual({
      inputLoad: 4,
      mvm: 648,
      adderTree: 0,
      outputStore: 2,
    });
    expect(cost.cycles).toBe(654);
    expect(cost.latencyNs).toBe(654);
  });

  it("spends the energy derived by hand from the tables", () => {
    // 8 input digits x 1 row group = 8 reads; 8 x 64 columns = 512 conversions
    const reads = 8;
    const conversions = reads * 64;
    const e = cost.energyBreakdownPj;
    expect(e.dac).toBeCloseTo(64 * 8 * 0.0039 * 3, 9); // rows x digits x 3.9 uW x 3 ns
    expect(e.crossbar).toBeCloseTo(64 * 64 * 8 * 7.57575e-8 * 1e3 * 3.16, 9); // cells x digits x P x t
    expect(e.sampleHold).toBeCloseTo(conversions * (0.01 / 1024) * 3.16, 12); // ISAAC 10 uW / 1024
    expect(e.adc).toBeCloseTo(conversions * 4 * (10 / 1.1), 6); // 4 mW x 9.09 ns
    // accumulator: 64 x 255 x 255 = 4161600 needs 22 bits
    expect(e.shiftAdd).toBeCloseTo(conversions * (0.00081 + 22 * 0.0000025) * 1, 12);
    expect(e.registers).toBeCloseTo((64 * 8 + conversions) * 0.0000090106508875 * 1, 9);
    // no row tiles to merge; the input offset sum adds 64 values: 63 adds of 8 + 6 bits
    expect(e.adderTree).toBeCloseTo(63 * 14 * 0.0000025, 12);
    expect(e.buffer).toBeCloseTo(2 * 61.8288 + 1 * 67.111, 6); // 64 KiB x 256 b CACTI read / write
    expect(cost.energyPj).toBeCloseTo(
      Object.values(e).reduce((a, b) => a + b, 0),
      9,
    );
  });

  it("occupies one crossbar with its periphery", () => {
    const a = cost.areaBreakdownUm2;
    expect(a.crossbar).toBeCloseTo(64 * 64 * 1.44 + 64 * 1150, 9); // = 79498.24, MNSIM's 64x64 figure
    expect(a.crossbar).toBeCloseTo(79498.24, 6);
    expect(a.dac).toBeCloseTo(64 * 0.166, 9);
    expect(a.adc).toBeCloseTo(8 * 1650, 9);
    expect(a.shiftAdd).toBeCloseTo(8 * 1.42, 9);
    expect(a.registers).toBeCloseTo((64 + 8) * 1.4256 * (45 / 65) ** 2, 9);
    expect(a.adderTree).toBe(0);
  });

  it("merges row tiles with a tree of ceil(log2 tiles) levels", () => {
    // 1024 inputs on 64-row crossbars: 16 row tiles -> 4 levels of one cycle
    const big = autoracFcCost(hw, { inputs: 1024, outputs: 16, weightBits: 8, activationBits: 8 });
    expect(big.crossbars).toBe(16);
    expect(big.latencyBreakdownNs.adderTree).toBe(4);
    // input: 1024 x 8 = 8192 bits = 32 words x 2 cycles
    expect(big.latencyBreakdownNs.inputLoad).toBe(64);
  });
});

describe("crossbar programming", () => {
  it("writes a 64x64 crossbar row by row: 64 x 10 ns, 4096 cells x 0.225 pJ", () => {
    expect(programCycles(hardware(), 64)).toBe(640);
    expect(programEnergyPj(64 * 64)).toBeCloseTo(4096 * 2.25e-5 * 1e3 * 10, 9);
  });
});

describe("tile buffer ports (the chip's server with one slot per port)", () => {
  function twoReads(ports: number) {
    const sim = new Simulator();
    const hw = hardware({ buffer: { ports } });
    const buffer = new EngineServer(sim, "buffer", "buffer", ports, false, "op");
    const done: number[] = [];
    // 512 bits on a 256-bit bus: 2 words of bufferAccess cycles each
    const cycles = Math.ceil(512 / hw.config.buffer.busBits) * hw.cycles.bufferAccess;
    for (let i = 0; i < 2; i++) {
      buffer.submit({
        request: i,
        cycles,
        label: "",
        step: "test",
        endsSession: false,
        onDone: () => done.push(sim.now),
      });
    }
    sim.run();
    return { done, buffer, cycles };
  }

  it("serialises two reads on one port and overlaps them on two", () => {
    expect(twoReads(1).cycles).toBe(4); // the 64 KiB CACTI buffer: 2 cycles a word at 1 GHz
    expect(twoReads(1).done).toEqual([4, 8]);
    expect(twoReads(2).done).toEqual([4, 4]);
    const { buffer } = twoReads(1);
    expect(buffer.jobs.value).toBe(2);
    expect(buffer.waitCycles.max).toBe(4);
  });
});

describe("chip area and power breakdown", () => {
  it("counts every crossbar of every engine with its periphery", () => {
    const hw = buildHardware(
      resolveHwConfig({
        chip: {
          computeTiles: 2,
          mvmEnginesPerTile: 3,
          dpEnginesPerTile: 1,
          fmEnginesPerTile: 1,
          crossbarsPerEngine: 4,
        },
      }),
    );
    const cost = chipCost(hw);
    const mvmAdc = cost.lines.find((l) => l.name === "mvm.adc")!;
    expect(mvmAdc.count).toBe(2 * 3 * 4);
    expect(mvmAdc.areaUm2).toBeCloseTo(24 * 8 * 1650, 6); // 8 ADCs per crossbar
    expect(mvmAdc.powerMw).toBeCloseTo(24 * 8 * 4, 9);
    // the FM engine's transposed-write crossbars also drive their 64 columns
    const fmArray = cost.lines.find((l) => l.name === "fm.crossbar")!;
    expect(fmArray.areaUm2 / fmArray.count).toBeCloseTo(64 * 64 * 1.44 + 128 * 1150, 6);
    expect(cost.totalAreaUm2).toBeCloseTo(
      cost.lines.reduce((s, l) => s + l.areaUm2, 0),
      6,
    );
  });
});
