import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultHwConfig, loadHwConfig, resolveHwConfig } from "../../arch/config/hw-config";
import { hwConfigFromArgs } from "../../cli/hw-flags";
import { conversionPrecision, partialSumBits } from "../../arch/config/precision";

describe("the lossless-conversion rule rows*(2^dac-1)*(2^cell-1) <= 2^adc-1", () => {
  it("gives the partial-sum widths worked by hand", () => {
    expect(partialSumBits(64, 1, 1)).toBe(7); // 64 -> 7 bits
    expect(partialSumBits(64, 1, 2)).toBe(8); // 192 -> 8 bits
    expect(partialSumBits(64, 2, 2)).toBe(10); // 576 -> 10 bits
    expect(partialSumBits(16, 1, 1)).toBe(5); // 16 -> 5 bits
    expect(partialSumBits(15, 1, 1)).toBe(4); // 15 -> 4 bits
  });

  it("accepts the default config (64 rows, 1-bit DAC, 2-bit cells, 8-bit ADC: 192 <= 255)", () => {
    const p = conversionPrecision(defaultHwConfig());
    expect(p).toMatchObject({
      maxPartialSum: 192,
      neededBits: 8,
      adcBits: 8,
      bitsLost: 0,
      maxLosslessRows: 85,
    });
  });

  it("refuses a combination that loses bits, saying why and how to fix it", () => {
    const bad = { crossbar: { size: 64, cellBits: 2 }, dac: { bits: 2 }, adc: { bits: 8 } };
    expect(() => resolveHwConfig(bad, "hw.json")).toThrow(
      "hw.json: a 64-row read of 2-bit cells with a 2-bit DAC sums up to 64*3*3 = 576, which needs 10 bits, but the ADC has 8",
    );
    expect(() => resolveHwConfig(bad, "hw.json")).toThrow("Drive at most 28 rows per read");
  });

  it("accepts it with rowsPerRead within the bound, or in lossy mode, and reports the bits lost", () => {
    expect(
      resolveHwConfig({
        crossbar: { size: 64, cellBits: 2, rowsPerRead: 28 },
        dac: { bits: 2 },
        adc: { bits: 8 },
      }).crossbar.rowsPerRead,
    ).toBe(28);
    const lossy = resolveHwConfig({
      lossy: true,
      crossbar: { size: 64, cellBits: 2 },
      dac: { bits: 2 },
      adc: { bits: 8 },
    });
    expect(conversionPrecision(lossy).bitsLost).toBe(2);
  });

  it("makes the mnsim organisation lossy unless told otherwise, as MNSIM checks nothing", () => {
    const mnsim = resolveHwConfig({
      organisation: "mnsim",
      crossbar: { size: 64, cellBits: 2 },
      dac: { bits: 2 },
      adc: { bits: 4 },
    });
    expect(mnsim.lossy).toBe(true);
    expect(conversionPrecision(mnsim).bitsLost).toBe(6);
    expect(() =>
      resolveHwConfig({ organisation: "mnsim", lossy: false, dac: { bits: 2 }, adc: { bits: 4 } }),
    ).toThrow("which needs 10 bits, but the ADC has 4");
  });
});

describe("hardware config validation", () => {
  it("fills every default and keeps what was given", () => {
    const c = resolveHwConfig({ crossbar: { size: 32 } });
    expect(c.crossbar).toEqual({
      size: 32,
      cellBits: 2,
      rowsPerRead: null,
      enduranceCycles: null,
      wearLevel: false,
    });
    expect(c.adc).toEqual({ bits: 8, colsPerAdc: 8, latencyModel: "mnsim" });
    expect(c.organisation).toBe("autorac");
  });

  it("refuses bad values and unknown keys with the JSON path, the value and what was expected", () => {
    expect(() => resolveHwConfig({ crossbar: { size: 48 } }, "hw.json")).toThrow(
      "hw.json: /crossbar/size = 48: expected one of 16, 32, 64, 128, 256",
    );
    expect(() => resolveHwConfig({ adc: { bits: 8, colsPerADC: 4 } }, "hw.json")).toThrow(
      "/adc/colsPerADC: unknown key",
    );
    expect(() => resolveHwConfig({ clockMhz: -5 }, "hw.json")).toThrow(
      "/clockMhz = -5: expected > 0",
    );
    expect(() =>
      resolveHwConfig({ crossbar: { size: 16 }, adc: { colsPerAdc: 32 } }, "hw.json"),
    ).toThrow("/adc/colsPerAdc = 32: expected <= crossbar size 16");
    expect(() => resolveHwConfig({ buffer: { tileKiB: 2, busBits: 512 } }, "hw.json")).toThrow(
      "no CACTI entry for 2 KiB with a 512-bit bus",
    );
  });

  it("names the file, line and column of malformed JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-hw-"));
    const file = join(dir, "hw.json");
    writeFileSync(file, '{\n  "crossbar": { "size": 32, }\n}\n');
    // the unexpected "}" is the 29th character of line 2
    expect(() => loadHwConfig(file)).toThrow(`${file}:2:29: invalid JSON`);
    expect(() => loadHwConfig(join(dir, "missing.json"))).toThrow(
      "missing.json: cannot read (ENOENT)",
    );
  });

  it("lets flags override the file, naming the flag in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-hw-"));
    const file = join(dir, "hw.json");
    writeFileSync(file, JSON.stringify({ crossbar: { size: 32 }, adc: { bits: 6 } }));
    const c = hwConfigFromArgs({ hw: file, "adc-bits": 8, xbar: 64, organisation: "mnsim" });
    expect([c.crossbar.size, c.adc.bits, c.organisation]).toEqual([64, 8, "mnsim"]);
    expect(() => hwConfigFromArgs({ xbar: 48 })).toThrow(
      "/crossbar/size (--xbar) = 48: expected one of",
    );
  });
});
