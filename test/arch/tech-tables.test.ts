import { tech } from "../../arch/tech/tables";

/** Checks of the tables against their published sources' own arithmetic. */
describe("technology tables", () => {
  it("load and validate, with the ADC and DAC resolutions of the design space", () => {
    expect(Object.keys(tech.converters.adc.byBits).sort()).toEqual(["4", "6", "8"]);
    expect(Object.keys(tech.converters.dac.byBits).sort()).toEqual(["1", "2"]);
  });

  it("give converter latencies by MNSIM's rule (bits + 2) / sample rate", () => {
    for (const [bits, adc] of Object.entries(tech.converters.adc.byBits)) {
      expect(adc.latencyNs).toBeCloseTo((Number(bits) + 2) / adc.sampleRateGsps, 12);
    }
    for (const [bits, dac] of Object.entries(tech.converters.dac.byBits)) {
      expect(dac.latencyNs).toBeCloseTo((Number(bits) + 2) / dac.sampleRateGsps, 12);
    }
  });

  it("reproduce MNSIM's cell read power from its resistances and voltages", () => {
    const { device } = tech.reram;
    const r =
      (device.resistanceOffOhm * device.resistanceOnOhm) /
      (0.67 * device.resistanceOnOhm + 0.33 * device.resistanceOffOhm);
    const v2 = 0.1 * device.readVoltageV ** 2;
    expect(tech.reram.readPowerPerCellW).toBeCloseTo(v2 / r, 12);
    const rWrite = Math.sqrt(device.resistanceOffOhm * device.resistanceOnOhm);
    expect(tech.reram.writePowerPerCellW).toBeCloseTo((device.writeVoltageV / 2) ** 2 / rWrite, 12);
  });

  it("hold the 32 nm CACTI buffers for 2 KiB to 512 KiB and every bus width but 2 KiB x 512 bits", () => {
    expect(tech.buffers.entries).toHaveLength(9 * 4 - 1);
    const e = tech.buffers.entries.find((b) => b.sizeKiB === 64 && b.busBits === 64)!;
    // MNSIM Buffer.py, index 92 of its tables: 0.389828369 mm^2, 69.7894 mW, 0.0272693 / 0.0199489 nJ
    expect(e.areaUm2).toBeCloseTo(389828.369, 3);
    expect(e.leakageMw).toBe(69.7894);
    expect(e.readEnergyPj).toBeCloseTo(27.2693, 4);
    expect(e.writeEnergyPj).toBeCloseTo(19.9489, 4);
  });
});
