import { embeddingHardware, vectorLayout } from "../../../../arch/baselines/rerec/engine-hardware";
import { innerProductJob } from "../../../../arch/baselines/rerec/inner-product";
import { EngineState } from "../../../../arch/baselines/rerec/engine-state";
import { inOrderPlacement } from "../../../../arch/baselines/rerec/placement";
import {
  defaultReRecConfig,
  reramBaselineConfig,
  type ReRecConfig,
} from "../../../../arch/baselines/rerec/config";
import { tech } from "../../../../arch/tech/tables";

const W = 8; // weight and activation bits
const D = 16; // elements per embedding vector

/** ceil(ns / 1 ns), at least 1: the repository's rounding at the 1 GHz clock both configs use. */
const cycles = (ns: number) => Math.max(1, Math.ceil(ns - 1e-9));

function job(c: ReRecConfig) {
  const hw = embeddingHardware(c, W);
  return innerProductJob(c, hw, vectorLayout(c, D, W), W);
}

describe("one inner product of two 16-element vectors", () => {
  it("on a ReREC engine: 8 slices x (read, 4 columns on 4 of the pool's ADCs)", () => {
    const c = defaultReRecConfig();
    // By hand, from the technology tables:
    const slices = W / c.dacBits; // 8 input bits, 1 bit per slice
    const read = cycles(
      tech.converters.dac.byBits["1"]!.latencyNs + tech.reram.device.readLatencyNs,
    ); // 3 + 3.16 ns -> 7
    const columns = W / c.cellBits; // the stored vector's 8-bit elements on 2-bit cells: 4 columns
    const adcs = Math.min(columns, 16); // the pool has 16; the job converts 4 columns on 4
    const convert = Math.ceil(columns / adcs) * cycles(tech.converters.adc.byBits["6"]!.latencyNs); // 1 x 8
    const expected = read + convert + (slices - 1) * Math.max(read, convert) + 1; // 7 + 8 + 7 x 8 + 1
    expect(read).toBe(7);
    expect(convert).toBe(8);
    const j = job(c);
    expect(j.columnsConverted).toBe(columns);
    expect(j.adcsUsed).toBe(4);
    expect(j.cycles).toBe(expected);
    expect(j.cycles).toBe(72);
  });

  it("on the ReRAM baseline: every one of 128 columns converted on the crossbar's 16 ADCs", () => {
    const c = reramBaselineConfig();
    const read = 7;
    const convert = (128 / 16) * cycles(tech.converters.adc.byBits["8"]!.latencyNs); // 8 x ceil(9.09) = 80
    expect(job(c).cycles).toBe(read + convert + 7 * Math.max(read, convert) + 1); // 648
  });

  it("costs the energy of its DAC drives, cell reads and conversions", () => {
    const c = defaultReRecConfig();
    const e = job(c).energyPj;
    const slices = 8;
    const columns = 4;
    const adc = tech.converters.adc.byBits["6"]!;
    const dac = tech.converters.dac.byBits["1"]!;
    const readNs = tech.reram.device.readLatencyNs;
    // One conversion per column per slice, power x latency (mW x ns = pJ).
    expect(e.adc).toBeCloseTo(slices * columns * adc.powerMw * adc.latencyNs, 9);
    // One DAC conversion per driven row per slice.
    expect(e.dac).toBeCloseTo(D * slices * dac.powerMw * dac.latencyNs, 12);
    // Every driven cell of the vector's columns, for the device read.
    expect(e.crossbar).toBeCloseTo(
      D * columns * slices * tech.reram.readPowerPerCellW * 1e3 * readNs,
      12,
    );
    // The 128-bit driving vector read from the 64-bit buffer (2 words), one 64-bit result written.
    const buffer = tech.buffers.entries.find((b) => b.sizeKiB === 2 && b.busBits === 64)!;
    expect(e.buffer).toBeCloseTo(2 * buffer.readEnergyPj + buffer.writeEnergyPj, 9);
  });
});

describe("engine contention", () => {
  const shape = (engines: number) => ({
    tableUnits: [8],
    units: 8,
    slotsPerCrossbar: 4,
    crossbarsPerEngine: 2,
    engines,
    spareSlotFraction: 0,
  });

  it("serialises two jobs on one crossbar", () => {
    const state = new EngineState(inOrderPlacement(shape(1), "t"), 16, 72, 4);
    const first = state.commit(0, state.earliestStart(0, 0));
    expect(first).toBe(72);
    expect(state.earliestStart(0, 10)).toBe(72);
  });

  it("lets two crossbars of an engine overlap only when the pool has ADCs for both", () => {
    // Each job holds 4 ADCs: a pool of 4 serialises them, a pool of 8 runs both at once.
    const four = new EngineState(inOrderPlacement(shape(1), "t"), 4, 72, 4);
    four.commit(0, four.earliestStart(0, 0));
    expect(four.earliestStart(1, 0)).toBe(72);
    const eight = new EngineState(inOrderPlacement(shape(1), "t"), 8, 72, 4);
    eight.commit(0, eight.earliestStart(0, 0));
    expect(eight.earliestStart(1, 0)).toBe(0);
    // A third job waits for the first four ADCs to come free.
    eight.commit(1, 0);
    expect(eight.earliestStart(1, 0)).toBe(72);
  });

  it("with per-crossbar ADCs, crossbars of one engine never wait for each other", () => {
    const state = new EngineState(inOrderPlacement(shape(1), "t"), null, 648, 16);
    state.commit(0, state.earliestStart(0, 0));
    expect(state.earliestStart(1, 0)).toBe(0);
  });
});
