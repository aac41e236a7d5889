import fc from "fast-check";
import { mvmCycles, mvmStages } from "../../arch/crossbar/mvm-timing";
import { EngineServer, type Fidelity } from "../../arch/chip/engine-server";
import { Simulator } from "../../sim/kernel";
import { hardware } from "./hw-fixtures";

/**
 * One MVM on a 64x64 crossbar holding 8-bit weights on 2-bit cells
 * (4 cells per weight: 16 weights x 4 = 64 columns), 8-bit inputs on a
 * 1-bit DAC (8 input digits), 8 columns per ADC (8 ADCs), an 8-bit ADC,
 * all 64 rows per read (64 * 1 * 3 = 192 <= 255: lossless), 1 GHz clock.
 * By hand, with latencies rounded up to whole 1 ns cycles:
 *   read    = DAC 1-bit (3 ns) + array (3.16 ns) = 6.16 ns -> 7 cycles
 *   convert = 8 columns per ADC x ceil(9.09 ns) = 8 x 10   = 80 cycles
 *   steps   = 8 digits x 1 row group                       = 8
 *   total   = 7 + 80 + 7 x max(7, 80) + 1 (shift-add)      = 648 cycles
 */
const example = {
  crossbar: { size: 64, cellBits: 2 },
  dac: { bits: 1 },
  adc: { bits: 8, colsPerAdc: 8 },
};
const fullCrossbar = { rows: 64, physicalColumns: 64, inputBits: 8 };

describe("MVM timing on one crossbar", () => {
  it("takes 648 cycles in the worked example", () => {
    const stages = mvmStages(hardware(example), fullCrossbar);
    expect(stages).toEqual({
      steps: 8,
      readCycles: 7,
      conversionsPerAdc: 8,
      convertCycles: 80,
      shiftAddCycles: 1,
    });
    expect(mvmCycles(stages)).toBe(648);
  });

  it("takes 325 cycles at 500 MHz: read ceil(6.16/2) = 4, conversion ceil(9.09/2) = 5", () => {
    // 4 + 40 + 7 x 40 + 1
    expect(mvmCycles(mvmStages(hardware({ ...example, clockMhz: 500 }), fullCrossbar))).toBe(325);
  });

  it("is paced by the reads when every column has its own fast ADC", () => {
    // 4-bit ADC (6 ns -> 6 cycles), one per column; lossless needs rows * 1 * 3 <= 15: 5 rows per read.
    // steps = 8 digits x ceil(64 / 5) = 13 groups = 104; read 7 > convert 6:
    // total = 7 + 6 + 103 x 7 + 1 = 735
    const hw = hardware({
      ...example,
      crossbar: { size: 64, cellBits: 2, rowsPerRead: 5 },
      adc: { bits: 4, colsPerAdc: 1 },
    });
    const stages = mvmStages(hw, fullCrossbar);
    expect(stages.steps).toBe(104);
    expect(mvmCycles(stages)).toBe(735);
  });

  it("shares out partly used columns over the ADCs", () => {
    // 20 used columns over 8 ADCs: ceil(20 / 8) = 3 conversions each -> 30 cycles a step
    const stages = mvmStages(hardware(example), { rows: 64, physicalColumns: 20, inputBits: 8 });
    expect(stages.convertCycles).toBe(30);
  });
});

describe("the chip's event model of a crossbar MVM (one event per MVM, or per read and conversion step)", () => {
  function runUnit(
    fidelity: Fidelity,
    partial: Record<string, unknown>,
    works: Array<{ rows: number; physicalColumns: number; inputBits: number }>,
  ) {
    const sim = new Simulator();
    const hw = hardware(partial);
    const unit = new EngineServer(sim, "xbar", "mvm", 1, false, fidelity);
    const done: number[] = [];
    works.forEach((w, i) => {
      const stages = mvmStages(hw, w);
      unit.submit({
        request: i,
        cycles: mvmCycles(stages),
        stages,
        label: "",
        step: "test",
        endsSession: false,
        onDone: () => (done[i] = sim.now),
      });
    });
    sim.run();
    return { done, unit };
  }

  it("ends the worked example at cycle 648 at op and at bit fidelity", () => {
    expect(runUnit("op", example, [fullCrossbar]).done).toEqual([648]);
    expect(runUnit("bit", example, [fullCrossbar]).done).toEqual([648]);
  });

  it("runs back-to-back MVMs one after another: 648, then 1296", () => {
    const { done, unit } = runUnit("bit", example, [fullCrossbar, fullCrossbar]);
    expect(done).toEqual([648, 1296]);
    expect(unit.busy.utilisation()).toBe(1);
  });

  it("gives the same cycles at op and bit fidelity for any configuration and work", () => {
    const config = fc.record({
      size: fc.constantFrom(16, 32, 64),
      cellBits: fc.constantFrom(1, 2),
      dacBits: fc.constantFrom(1, 2),
      adcBits: fc.constantFrom(4, 6, 8),
      colsPerAdcLog: fc.integer({ min: 0, max: 4 }),
      clockMhz: fc.constantFrom(250, 500, 1000, 1200),
    });
    fc.assert(
      fc.property(
        config,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 2, max: 8 }),
        (c, n, rows, inputBits) => {
          const partial = {
            clockMhz: c.clockMhz,
            lossy: true,
            crossbar: { size: c.size, cellBits: c.cellBits },
            dac: { bits: c.dacBits },
            adc: { bits: c.adcBits, colsPerAdc: 2 ** c.colsPerAdcLog },
          };
          const works = Array.from({ length: n }, () => ({
            rows: Math.min(rows, c.size),
            physicalColumns: c.size,
            inputBits,
          }));
          expect(runUnit("bit", partial, works).done).toEqual(runUnit("op", partial, works).done);
        },
      ),
      { numRuns: 150 },
    );
  });
});
