import { resolveHwConfig } from "../../arch/config/hw-config";
import type { FcCost } from "../../arch/layers/fc-cost";
import { mnsimFcCost } from "../../arch/mnsim/fc-layer";

/*
 * Every expected value below is MNSIM 2.0's composition rule written out by
 * hand (../shared/reference/mnsim2-params.json "formulas"), evaluated on
 * MNSIM's own figures, which are typed here from its sources:
 */
const adc8 = { mw: 4, ns: 10 / 1.1, um2: 1650 }; // ADC.py ADC_Choice 5: 4 mW, 1.1 GS/s, (8 + 2) / 1.1 ns
const adc6 = { mw: 1.26, ns: 8, um2: 1650 }; // ADC.py ADC_Choice 6: 1.26 mW, 1 GS/s, listed 1650 um^2
const dac1 = { mw: 0.0039, ns: 3, um2: 0.166 }; // DAC.py DAC_Choice 1: 3.9e-6 W, (1 + 2) / 1 GS/s
const dac2 = { mw: 0.0078, ns: 4, um2: 0.332 }; // DAC.py DAC_Choice 2
const cellMw = 7.57575e-5; // Device.py read power per cell, 7.57575e-8 W
const cellUm2 = 1.44; // SimConfig.ini Device_Area
const rowDriverUm2 = 1150; // Crossbar.py: 1150 um^2 per row
const to45nm = (45 / 65) ** 2; // MNSIM scales its 65 nm figures by (tech / 65)^2
const reg = { mw: 18.8e-6 * to45nm, um2: 1.4256 * to45nm }; // Reg.py: 18.8e-9 W, 1.4256 um^2 at 65 nm
const shift = { mw: 0.00081, um2: 1.42 }; // ShiftReg.py at 65 nm
// JointModule.py, 8 bits: 2.64e-4 W and 353.76 um^2 at 65 nm
const joint8 = { mw: 0.264 * to45nm, um2: 353.76 * to45nm };
const poolingUm2 = 91917.1562; // Pooling.py
const transistor = { mw: 1.2e-5, um2: 0.169 }; // PE.py: 1.2e-8 W, 10 * 130^2 / 1e6 um^2
const demuxStageNs = 0.27933; // PE_latency.py decoder 1:8
const muxStageNs = 0.032744; // PE_latency.py mux 8:1
const clockNs = 2; // 500 MHz digital clock
// Buffer.py CACTI tables, '< 65 nm' group, 2 KiB, 64- and 128-bit bus
const buf2k64 = { um2: 26389.593, leakMw: 3.06844, readPj: 3.66611, writePj: 4.31575 };
const buf2k128 = { um2: 49106.366, leakMw: 3.22544, readPj: 8.05114, writePj: 8.64673 };
/** Buffer power while accessed: dynamic energy / 20 ns + leakage (Buffer.py), read and write. */
const bufMw = (b: typeof buf2k64) => ({
  read: b.readPj / 20 + b.leakMw,
  write: b.writePj / 20 + b.leakMw,
});

const sum = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + b, 0);

function expectParts(
  actual: Record<string, number>,
  expected: Record<string, number>,
  digits: number,
): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [part, value] of Object.entries(expected)) {
    expect([part, actual[part]!]).toEqual([part, expect.closeTo(value, digits)]);
  }
}

describe("mnsim organisation: one FC layer", () => {
  /*
   * The caveat's case: a 64x64 FC on 32x32 crossbars, 8-bit weights and
   * activations, DAC_Choice 1 (1 bit), ADC_Choice 5 (8 bits), ADC_Num =
   * DAC_Num = 32, Buffer_Bitwidth 64, PE_Num 2x2, polarity 2, one group.
   *
   * Mapping: PEs = (8-1) ceil(64/32) ceil(64/32) = 28, tiles = 7, 4 PEs used
   * per tile, R = C = 32, crossbars = 28 x 2 = 56.
   * Steps n = ceil(8/1) ceil(32/32) ceil(32/32) = 8.
   * Crossbar read = 3.16 + 0.001 (0.0002 S^2 + 5e-6 S + 4e-14), S = 32*32/8192 KB.
   * Buffers: input 64*8/8/28 = 2.3 B -> 4 B, output 2*64*8/8/7 = 18 B -> 32 B:
   * both the 2 KiB entry.
   */
  const small = resolveHwConfig({
    organisation: "mnsim",
    crossbar: { size: 32 },
    dac: { bits: 1 },
    adc: { bits: 8, colsPerAdc: 1 },
    buffer: { busBits: 64, tileKiB: 64 },
  });
  const smallCost: FcCost = mnsimFcCost(small, {
    inputs: 64,
    outputs: 64,
    weightBits: 8,
    activationBits: 8,
  });
  const s32 = (32 * 32) / 8192;
  const xbar32Ns = 3.16 + 0.001 * (0.0002 * s32 ** 2 + 5e-6 * s32 + 4e-14);

  const smallLatency = {
    inputBufferWrite: Math.ceil((32 * 8) / 64) * 20, // 4 words x 20 ns
    inputBufferRead: Math.ceil((32 * 8) / 64) * 20,
    dac: 8 * dac1.ns,
    crossbar: 8 * xbar32Ns,
    adc: 8 * adc8.ns,
    inputRegister: (1 * 1 + 8) * clockNs, // (ceil(R/nD) ceil(C/nA) + n) Tclk
    shiftRegister: 8 * clockNs,
    inputDemux: 8 * 2 * demuxStageNs, // 1 row per DAC: 2 stages
    outputMux: 8 * 2 * muxStageNs, // 1 column per ADC: 2 stages
    outputRegister: 1 * clockNs, // ceil(C/nA) Tclk
    jointModule: 2 * clockNs, // ceil(log2 4) Tclk
    intraTileTransfer: ((2 * (8 + 2) - (2 * 3) / 2) * 32) / 1024, // (L (bA + mt) - mt(mt+1)/2) C / 1024 Gb/s
    outputBufferWrite: Math.ceil(((8 + 2) * 32 * 4) / 64) * 20, // 20 words
    outputBufferRead: Math.ceil((32 * 8 * 4) / 64) * 20, // 16 words (the merge read)
    interTileMerge: 0, // 0 hops in a one-layer net
  };

  it("reproduces MNSIM's 1047.5 ns, 880 ns of it in the buffers", () => {
    expectParts(smallCost.latencyBreakdownNs, smallLatency, 9);
    expect(smallCost.latencyNs).toBeCloseTo(sum(smallLatency), 9);
    expect(smallCost.latencyNs).toBeCloseTo(1047.5, 1); // 1047.5317 ns
    const b = smallCost.latencyBreakdownNs;
    expect(
      b.inputBufferWrite! + b.inputBufferRead! + b.outputBufferWrite! + b.outputBufferRead!,
    ).toBe(880);
    expect(smallCost.cycles).toBe(1048); // ceil(1047.53 / 1 ns) at the default 1 GHz
    expect(smallCost.crossbars).toBe(56);
    expect(smallCost.adcBitsLost).toBe(0); // 32 rows x 1 x 1 = 32 fits 8 bits
  });

  it("counts the area of 7 whole tiles of 4 PEs", () => {
    const tiles = 7;
    const pes = tiles * 4;
    expectParts(
      smallCost.areaBreakdownUm2,
      {
        crossbar: pes * 2 * (32 * 32 * cellUm2 + 32 * rowDriverUm2),
        adc: pes * 32 * adc8.um2,
        dac: pes * 32 * dac1.um2,
        shiftRegister: pes * 32 * shift.um2,
        inputRegister: pes * 32 * reg.um2,
        outputRegister: pes * 32 * reg.um2,
        inputDemux: pes * 32 * 8 * transistor.um2, // a 1:1 demux charged as 2:1 (8 transistors)
        outputMux: pes * 32 * 8 * transistor.um2,
        inputBuffer: pes * buf2k64.um2,
        jointModule: tiles * 3 * 32 * joint8.um2, // 3 H-tree nodes x 32 ADCs
        outputBuffer: tiles * buf2k64.um2,
        pooling: tiles * poolingUm2,
      },
      6,
    );
    expect(smallCost.areaUm2).toBeCloseTo(sum(smallCost.areaBreakdownUm2), 6);
  });

  it("charges each part's layer power for the time the latency model gives it", () => {
    const pes = 7 * 4;
    const buf = bufMw(buf2k64);
    const l = smallLatency;
    const expected = {
      crossbar: pes * 2 * 32 * 32 * cellMw * l.crossbar,
      dac: pes * 32 * dac1.mw * l.dac,
      adc: pes * 32 * adc8.mw * l.adc,
      inputRegister: pes * 32 * reg.mw * l.inputRegister,
      shiftRegister: pes * 32 * shift.mw * l.shiftRegister,
      outputRegister: pes * 32 * reg.mw * l.outputRegister,
      inputDemux: pes * 32 * 8 * transistor.mw * l.inputDemux,
      outputMux: pes * 32 * 8 * transistor.mw * l.outputMux,
      jointModule: 7 * 3 * 32 * joint8.mw * l.jointModule, // (PEs used - 1) x active ADCs per tile
      bufferRead: 7 * (4 * buf.read + buf.read) * (l.inputBufferRead + l.outputBufferRead),
      bufferWrite: 7 * (4 * buf.write + buf.write) * (l.inputBufferWrite + l.outputBufferWrite),
    };
    expectParts(smallCost.energyBreakdownPj, expected, 6);
    expect(smallCost.energyPj).toBeCloseTo(sum(expected), 6);
    // the caveat: ADC and buffers take ~99% of the energy, crossbar and DAC < 0.3%
    const e = smallCost.energyBreakdownPj;
    expect((e.adc! + e.bufferRead! + e.bufferWrite!) / smallCost.energyPj).toBeGreaterThan(0.99);
    expect((e.crossbar! + e.dac!) / smallCost.energyPj).toBeLessThan(0.003);
  });

  /*
   * 1024x512 on 64x64 crossbars, 8-bit weights and activations, 2-bit DAC,
   * 8-bit ADC shared by 8 columns (ADC_Num 8), 128-bit buffer bus.
   * PEs = 7 ceil(512/64) ceil(1024/64) = 896, tiles 224, crossbars 1792.
   * n = ceil(8/2) ceil(64/64) ceil(64/8) = 32. Input buffer 1024 B / 896 ->
   * 2 B, output buffer 2*512 B / 224 -> 8 B: the 2 KiB, 128-bit entry.
   */
  const large = resolveHwConfig({
    organisation: "mnsim",
    crossbar: { size: 64 },
    dac: { bits: 2 },
    adc: { bits: 8, colsPerAdc: 8 },
    buffer: { busBits: 128, tileKiB: 64 },
  });
  const largeCost = mnsimFcCost(large, {
    inputs: 1024,
    outputs: 512,
    weightBits: 8,
    activationBits: 8,
  });
  const s64 = (64 * 64) / 8192;
  const xbar64Ns = 3.16 + 0.001 * (0.0002 * s64 ** 2 + 5e-6 * s64 + 4e-14);
  const largeLatency = {
    inputBufferWrite: Math.ceil((64 * 8) / 128) * 20,
    inputBufferRead: Math.ceil((64 * 8) / 128) * 20,
    dac: 32 * dac2.ns,
    crossbar: 32 * xbar64Ns,
    adc: 32 * adc8.ns,
    inputRegister: (1 * 8 + 32) * clockNs,
    shiftRegister: 32 * clockNs,
    inputDemux: 32 * 2 * demuxStageNs,
    outputMux: 32 * 3 * muxStageNs, // 8 columns per ADC: 3 stages
    outputRegister: 8 * clockNs,
    jointModule: 2 * clockNs,
    intraTileTransfer: ((2 * (8 + 2) - 3) * 64) / 1024,
    outputBufferWrite: Math.ceil(((8 + 2) * 64 * 4) / 128) * 20,
    outputBufferRead: Math.ceil((64 * 8 * 4) / 128) * 20,
    interTileMerge: 0,
  };

  it("composes a 1024x512 layer on 64x64 crossbars with shared ADCs", () => {
    expect(largeCost.crossbars).toBe(1792);
    expectParts(largeCost.latencyBreakdownNs, largeLatency, 9);
    expect(largeCost.latencyNs).toBeCloseTo(1586.1121, 4); // the sum above
    expect(largeCost.cycles).toBe(1587);
    const tiles = 224;
    const pes = tiles * 4;
    expectParts(
      largeCost.areaBreakdownUm2,
      {
        crossbar: pes * 2 * (64 * 64 * cellUm2 + 64 * rowDriverUm2),
        adc: pes * 8 * adc8.um2,
        dac: pes * 64 * dac2.um2,
        shiftRegister: pes * 8 * shift.um2,
        inputRegister: pes * 64 * reg.um2,
        outputRegister: pes * 8 * reg.um2,
        inputDemux: pes * 64 * 8 * transistor.um2,
        outputMux: pes * 8 * 72 * transistor.um2, // an 8:1 mux: 72 transistors
        inputBuffer: pes * buf2k128.um2,
        jointModule: tiles * 3 * 8 * joint8.um2,
        outputBuffer: tiles * buf2k128.um2,
        pooling: tiles * poolingUm2,
      },
      4,
    );
    const buf = bufMw(buf2k128);
    const l = largeLatency;
    expectParts(
      largeCost.energyBreakdownPj,
      {
        crossbar: ((pes * 2 * 64 * 64 * cellMw) / 8) * l.crossbar, // / (rows per DAC x columns per ADC)
        dac: pes * 64 * dac2.mw * l.dac,
        adc: pes * 8 * adc8.mw * l.adc, // ceil(64 / 8) ADCs busy
        inputRegister: pes * 64 * reg.mw * l.inputRegister,
        shiftRegister: pes * 8 * shift.mw * l.shiftRegister,
        outputRegister: pes * 8 * reg.mw * l.outputRegister,
        inputDemux: pes * 64 * 8 * transistor.mw * l.inputDemux,
        outputMux: pes * 8 * 72 * transistor.mw * l.outputMux,
        jointModule: tiles * 3 * 8 * joint8.mw * l.jointModule,
        bufferRead: tiles * 5 * buf.read * (l.inputBufferRead + l.outputBufferRead),
        bufferWrite: tiles * 5 * buf.write * (l.inputBufferWrite + l.outputBufferWrite),
      },
      4,
    );
    expect(largeCost.energyPj).toBeCloseTo(sum(largeCost.energyBreakdownPj), 4);
    expect(largeCost.areaUm2).toBeCloseTo(sum(largeCost.areaBreakdownUm2), 4);
  });

  it("ignores cellBits and rowsPerRead, and says so", () => {
    const shape = { inputs: 64, outputs: 64, weightBits: 8, activationBits: 8 };
    const oneBit = mnsimFcCost({ ...small, crossbar: { ...small.crossbar, cellBits: 1 } }, shape);
    const halfRows = mnsimFcCost(
      { ...small, crossbar: { ...small.crossbar, rowsPerRead: 16 } },
      shape,
    );
    for (const other of [oneBit, halfRows]) {
      expect(other.latencyNs).toBe(smallCost.latencyNs);
      expect(other.energyPj).toBe(smallCost.energyPj);
      expect(other.areaUm2).toBe(smallCost.areaUm2);
    }
    expect(smallCost.notes.join("\n")).toMatch(/cellBits = 2 is ignored/);
    expect(halfRows.notes.join("\n")).toMatch(/rowsPerRead is ignored/);
  });

  it("counts a partly used tile whole and notes it", () => {
    // 40x10: PEs = 7 ceil(10/32) ceil(40/32) = 14 -> 4 tiles; R = 32, C = 10; 4 PEs used per tile
    const cost = mnsimFcCost(small, { inputs: 40, outputs: 10, weightBits: 8, activationBits: 8 });
    expect(cost.crossbars).toBe(28);
    expect(cost.areaBreakdownUm2.pooling).toBeCloseTo(4 * poolingUm2, 6);
    expect(cost.areaBreakdownUm2.adc).toBeCloseTo(16 * 32 * adc8.um2, 6);
    expect(cost.latencyBreakdownNs.outputBufferRead).toBe(Math.ceil((10 * 8 * 4) / 64) * 20);
    expect(cost.energyBreakdownPj.adc).toBeCloseTo(16 * 10 * adc8.mw * 8 * adc8.ns, 6); // 10 ADCs busy
    expect(cost.notes.join("\n")).toMatch(/whole tiles/);
  });

  it("uses MNSIM's 1650 um^2 for the 6-bit ADC", () => {
    const six = resolveHwConfig({ ...small, adc: { bits: 6, colsPerAdc: 1 } });
    const cost = mnsimFcCost(six, { inputs: 64, outputs: 64, weightBits: 8, activationBits: 8 });
    expect(cost.areaBreakdownUm2.adc).toBeCloseTo(28 * 32 * adc6.um2, 6);
    expect(cost.latencyBreakdownNs.adc).toBeCloseTo(8 * adc6.ns, 9);
    // output buffer write: (6 + 2) bits x 32 columns x 4 PEs / 64 = 16 words
    expect(cost.latencyBreakdownNs.outputBufferWrite).toBe(16 * 20);
    expect(cost.notes.join("\n")).toMatch(/1650 um\^2/);
  });

  it("reports the bits a read can lose (1-bit cells, all rows) and chip cycles at other clocks", () => {
    // 256 rows x (2^1 - 1) x (2^1 - 1) = 256 needs 9 bits: 1 lost in an 8-bit ADC
    const big = resolveHwConfig({
      organisation: "mnsim",
      crossbar: { size: 256 },
      dac: { bits: 1 },
      adc: { bits: 8 },
    });
    const cost = mnsimFcCost(big, { inputs: 256, outputs: 256, weightBits: 8, activationBits: 8 });
    expect(cost.adcBitsLost).toBe(1);
    expect(cost.notes.join("\n")).toMatch(/lose 1 bits/);
    const slow = mnsimFcCost(
      { ...small, clockMhz: 500 },
      { inputs: 64, outputs: 64, weightBits: 8, activationBits: 8 },
    );
    expect(slow.cycles).toBe(524); // ceil(1047.53 / 2 ns)
  });

  it("refuses a buffer MNSIM's tables lack", () => {
    // 2 KiB x 512 bits is -1 in Buffer.py
    const wide = { ...small, buffer: { ...small.buffer, busBits: 512 } };
    expect(() =>
      mnsimFcCost(wide, { inputs: 64, outputs: 64, weightBits: 8, activationBits: 8 }),
    ).toThrow(/no 2 KiB buffer with a 512-bit bus/);
  });
});
