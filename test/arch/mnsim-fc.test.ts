import { resolveHwConfig } from "../../arch/config/hw-config";
import { mapperWeightBits, type MnsimFcConfig } from "../../arch/mnsim/fc-config";
import { mnsimFcCost } from "../../arch/mnsim/fc-layer";
import { mnsimFcFigures } from "../../arch/mnsim/fc-model";
import { mnsimFcInputs } from "../../arch/mnsim/from-hw-config";
import { mergeHops, spiralPosition } from "../../arch/mnsim/placement";

/*
 * Every expected value below is MNSIM 2.0's composition rule written out by
 * hand (../shared/reference/mnsim2-params.json "formulas"), evaluated on
 * MNSIM's own figures, which are typed here from its sources, or a figure
 * MNSIM reported (../shared/reference/mnsim2-calibration.json):
 */
const adc8 = { mw: 4, ns: 10 / 1.1, um2: 1650 }; // ADC.py ADC_Choice 5: 4 mW, 1.1 GS/s, (8 + 2) / 1.1 ns
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
/** Crossbar.py read latency of an S x S array: 3.16 ns + 0.001 (0.0002 K^2 + 5e-6 K + 4e-14), K in KB. */
const xbarNs = (s: number) => {
  const kb = (s * s) / 8192;
  return 3.16 + 0.001 * (0.0002 * kb ** 2 + 5e-6 * kb + 4e-14);
};

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

/*
 * The caveat's case: a 64x64 FC on 32x32 crossbars, 8-bit weights and
 * activations on native 1-bit cells, DAC_Choice 1 (1 bit), ADC_Choice 5
 * (8 bits), ADC_Num = DAC_Num = 32, Buffer_Bitwidth 64, PE_Num 2x2,
 * polarity 2, one group.
 *
 * Mapping: PEs = (8-1) ceil(64/32) ceil(64/32) = 28, tiles = 7, 4 PEs used
 * per tile, R = C = 32, crossbars = 28 x 2 = 56.
 * Steps n = ceil(8/1) ceil(32/32) ceil(32/32) = 8.
 * Buffers: input 64*8/8/28 = 2.3 B -> 4 B, output 2*64*8/8/7 = 18 B -> 32 B:
 * both the 2 KiB entry.
 */
const small: MnsimFcConfig = {
  crossbarSize: 32,
  adcChoice: 5,
  adcsPerCrossbar: 32,
  dacChoice: 1,
  dacsPerCrossbar: 32,
  busBits: 64,
  cellBits: 1,
  precedingTiles: 0,
};
const layer64 = { inputs: 64, outputs: 64, weightBits: 8, inputBits: 8, outputBits: 8 };
const smallLatency = {
  inputBufferWrite: Math.ceil((32 * 8) / 64) * 20, // 4 words x 20 ns
  inputBufferRead: Math.ceil((32 * 8) / 64) * 20,
  dac: 8 * dac1.ns,
  crossbar: 8 * xbarNs(32),
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
  interTileMerge: 0, // 0 hops: a one-layer net is never placed
};

describe("mnsim organisation: one FC layer, part by part", () => {
  const cost = mnsimFcFigures(small, layer64);

  it("reproduces MNSIM's 1047.5 ns for a one-layer net, 880 ns of it in the buffers", () => {
    expectParts(cost.latencyBreakdownNs, smallLatency, 9);
    expect(cost.latencyNs).toBeCloseTo(sum(smallLatency), 9);
    // calibration: fc_layer_latency_if_single_tile of the 2-bit-cell run is the same 1047.5317 ns
    expect(cost.latencyNs).toBeCloseTo(1047.5317067572728, 9);
    const b = cost.latencyBreakdownNs;
    expect(
      b.inputBufferWrite! + b.inputBufferRead! + b.outputBufferWrite! + b.outputBufferRead!,
    ).toBe(880);
    expect(cost.mapping.pes * 2).toBe(56);
  });

  it("counts the area of 7 whole tiles of 4 PEs", () => {
    const tiles = 7;
    const pes = tiles * 4;
    expectParts(
      cost.areaBreakdownUm2,
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
    expect(cost.areaUm2).toBeCloseTo(sum(cost.areaBreakdownUm2), 6);
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
    expectParts(cost.energyBreakdownPj, expected, 6);
    expect(cost.energyPj).toBeCloseTo(sum(expected), 6);
  });

  it("adds the merge hops of MNSIM's placement behind a one-tile dummy conv", () => {
    // the FC takes spiral tiles 1..7: (0,1) (1,1) (1,0) (2,0) (2,1) (2,2) (1,2);
    // gathered on (1,1), the farthest is 2 hops away
    const placed = mnsimFcFigures({ ...small, precedingTiles: 1 }, layer64);
    expect(placed.mapping.mergeHops).toBe(2);
    const mergeNs = 2 * (clockNs + (32 * 4 * 8) / 20); // hops x (Tclk + C PEu outputbit / 20 Gb/s)
    expect(placed.latencyBreakdownNs.interTileMerge).toBeCloseTo(mergeNs, 9);
    expect(placed.latencyNs).toBeCloseTo(sum(smallLatency) + mergeNs, 9); // 1153.93 ns
    expect(placed.areaUm2).toBe(cost.areaUm2); // the hops carry no area
    expect(placed.energyPj).toBe(cost.energyPj); // nor energy
  });

  /*
   * 1024x512 on 64x64 crossbars, 8-bit weights and activations, DAC_Choice 2
   * (2 bits), ADC_Choice 5 shared by 8 columns (ADC_Num 8), DAC_Num 64,
   * 128-bit bus, a one-layer net.
   * PEs = 7 ceil(512/64) ceil(1024/64) = 896, tiles 224, crossbars 1792.
   * n = ceil(8/2) ceil(64/64) ceil(64/8) = 32. Input buffer 1024 B / 896 ->
   * 2 B, output buffer 2*512 B / 224 -> 8 B: the 2 KiB, 128-bit entry.
   */
  it("composes a 1024x512 layer on 64x64 crossbars with shared ADCs", () => {
    const large = mnsimFcFigures(
      {
        ...small,
        crossbarSize: 64,
        dacChoice: 2,
        dacsPerCrossbar: 64,
        adcsPerCrossbar: 8,
        busBits: 128,
      },
      { inputs: 1024, outputs: 512, weightBits: 8, inputBits: 8, outputBits: 8 },
    );
    const l = {
      inputBufferWrite: Math.ceil((64 * 8) / 128) * 20,
      inputBufferRead: Math.ceil((64 * 8) / 128) * 20,
      dac: 32 * dac2.ns,
      crossbar: 32 * xbarNs(64),
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
    expect(large.mapping.pes * 2).toBe(1792);
    expectParts(large.latencyBreakdownNs, l, 9);
    const tiles = 224;
    const pes = tiles * 4;
    expectParts(
      large.areaBreakdownUm2,
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
    expectParts(
      large.energyBreakdownPj,
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
  });

  it("counts a partly used tile whole", () => {
    // 40x10: PEs = 7 ceil(10/32) ceil(40/32) = 14 -> 4 tiles; R = 32, C = 10; 4 PEs used per tile
    const cost = mnsimFcFigures(small, { ...layer64, inputs: 40, outputs: 10 });
    expect(cost.mapping.pes).toBe(14);
    expect(cost.areaBreakdownUm2.pooling).toBeCloseTo(4 * poolingUm2, 6);
    expect(cost.areaBreakdownUm2.adc).toBeCloseTo(16 * 32 * adc8.um2, 6);
    expect(cost.latencyBreakdownNs.outputBufferRead).toBe(Math.ceil((10 * 8 * 4) / 64) * 20);
    expect(cost.energyBreakdownPj.adc).toBeCloseTo(16 * 10 * adc8.mw * 8 * adc8.ns, 6); // 10 ADCs busy
    expect(cost.notes.join("\n")).toMatch(/whole tiles/);
  });
});

describe("mnsim organisation: MNSIM's other interface designs and counts", () => {
  it("takes an ADC_Num that does not divide the columns as MNSIM does", () => {
    // 64x64 crossbar, ADC_Num 3: output_mux = ceil(64/3) = 22 columns per ADC,
    // ceil(64/22) = 3 ADCs busy, ceil(64/3) = 22 column turns, n = 8 x 22 = 176;
    // a 22-way mux is charged as 32:1 (648 transistors), 1 + 2 base-8 digits = 3 stages
    const cost = mnsimFcFigures(
      { ...small, crossbarSize: 64, dacsPerCrossbar: 64, adcsPerCrossbar: 3 },
      { ...layer64, inputs: 64, outputs: 64 },
    );
    const m = cost.mapping;
    expect([m.colsPerAdc, m.activeAdcs, m.columnTurns, m.steps]).toEqual([22, 3, 22, 176]);
    expect(cost.latencyBreakdownNs.outputMux).toBeCloseTo(176 * 3 * muxStageNs, 9);
    expect(cost.areaBreakdownUm2.outputMux).toBeCloseTo(m.tiles * 4 * 3 * 648 * transistor.um2, 6);
  });

  it("uses ADC_Choice 9's 2^bits / rate latency and the sense amplifier's 1 / rate", () => {
    const q = mnsimFcFigures({ ...small, adcChoice: 9 }, layer64);
    expect(q.latencyBreakdownNs.adc).toBeCloseTo(8 * (2 ** 8 / 6), 9); // ADC.py choice 9: 256 / 6 GS/s
    const sa = mnsimFcFigures({ ...small, adcChoice: 8 }, layer64);
    expect(sa.latencyBreakdownNs.adc).toBeCloseTo(8 * 1, 9); // 1-bit: 1 / 1 GS/s
    // Tile_latency.py: the output buffer takes (ADC bits + merges) bits: (1 + 2) x 32 x 4 / 64 = 6 words
    expect(sa.latencyBreakdownNs.outputBufferWrite).toBe(6 * 20);
  });

  it("takes an 8-bit DAC (DAC_Choice 6) with the power MNSIM codes for it", () => {
    // n = ceil(8/8) = 1 step of (8 + 2) ns; 28 PEs x 32 DACs x 499.2 mW
    const cost = mnsimFcFigures({ ...small, dacChoice: 6 }, layer64);
    expect(cost.latencyBreakdownNs.dac).toBeCloseTo(10, 9);
    expect(cost.energyBreakdownPj.dac).toBeCloseTo(28 * 32 * 499.2 * 10, 3);
  });

  it("accepts any weight and activation width from 1 to 16 bits", () => {
    for (const bits of [1, 2, 3, 5, 7, 11, 16]) {
      const cost = mnsimFcFigures(small, { ...layer64, weightBits: bits, inputBits: bits });
      // groups = max(1, W - 1); n = ceil(A / 1) x 1 x 1
      expect(cost.mapping.pes).toBe(Math.max(1, bits - 1) * 2 * 2);
      expect(cost.mapping.steps).toBe(bits);
    }
  });

  it("refuses what MNSIM refuses or does not have", () => {
    // 2 KiB x 512 bits is -1 in Buffer.py
    expect(() => mnsimFcFigures({ ...small, busBits: 512 }, layer64)).toThrow(
      /no 2 KiB buffer with a 512-bit bus/,
    );
    expect(() => mnsimFcFigures({ ...small, adcChoice: 10 }, layer64)).toThrow(
      /config\/adcChoice = 10/,
    );
    expect(() => mnsimFcFigures(small, { ...layer64, weightBits: 17 })).toThrow(
      /layer\/weightBits = 17/,
    );
  });
});

describe("mnsim organisation: placement and multi-bit cells", () => {
  it("walks MNSIM's spiral of growing squares (generate_hui_matrix)", () => {
    // traced by hand from Tile_connection_graph.py generate_hui_matrix
    const expected = [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 0],
      [2, 0],
      [2, 1],
      [2, 2],
      [1, 2],
      [0, 2],
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
      [3, 2],
      [3, 1],
      [3, 0],
      [4, 0],
    ];
    expected.forEach(([row, column], k) => expect(spiralPosition(k)).toEqual({ row, column }));
  });

  it("gathers a layer's results where the farthest tile is nearest", () => {
    expect(mergeHops(0, 500)).toBe(0); // a one-layer net is never placed
    expect(mergeHops(1, 1)).toBe(0);
    expect(mergeHops(1, 3)).toBe(1); // (0,1) (1,1) (1,0): from (1,1)
    expect(mergeHops(1, 15)).toBe(3); // a 4 x 4 square less its corner: from (2,2)
    // the calibration runs (inLayer_distance_hops): 128 tiles -> 11, 2048 tiles -> 45
    expect(mergeHops(1, 128)).toBe(11);
    expect(mergeHops(1, 2048)).toBe(45);
  });

  it("gives MNSIM's mapper 1 + ceil((W - 1) / cellBits) weight bits", () => {
    // the calibration's Weightbit_given_to_TCG: 5 for W = 8 and 3 for W = 4 with 2-bit cells
    expect(mapperWeightBits(8, 2)).toBe(5);
    expect(mapperWeightBits(4, 2)).toBe(3);
    expect(mapperWeightBits(8, 1)).toBe(8); // native
    expect(mapperWeightBits(5, 2)).toBe(3); // the sign and 2 slices of the 4 magnitude bits
  });
});

describe("mnsim organisation: from the hardware config", () => {
  const hw = resolveHwConfig({
    organisation: "mnsim",
    crossbar: { size: 32, cellBits: 2 },
    dac: { bits: 1 },
    adc: { bits: 8, colsPerAdc: 1 },
    buffer: { busBits: 64, tileKiB: 64 },
  });
  const shape = { inputs: 64, outputs: 64, weightBits: 8, activationBits: 8 };

  it("maps the config onto MNSIM's interface designs and counts", () => {
    expect(mnsimFcInputs(hw, shape).config).toEqual({
      crossbarSize: 32,
      adcChoice: 5,
      adcsPerCrossbar: 32,
      dacChoice: 1,
      dacsPerCrossbar: 32,
      busBits: 64,
      cellBits: 2,
      precedingTiles: 1,
    });
  });

  it("reproduces MNSIM's run of the calibration case 64x64, 32x32 crossbars, 2-bit cells", () => {
    // ../shared/reference/mnsim2-calibration.json: 64x64, w8 a8, 32x32, DAC_Choice 1, ADC_Choice 5
    const cost = mnsimFcCost(hw, shape);
    expect(cost.latencyNs).toBeCloseTo(1153.9317067572729, 6);
    expect(cost.areaUm2).toBeCloseTo(3033051.1451928993, 3);
    expect(cost.energyPj).toBeCloseTo(206800.00856983, 3); // 206.80000856983253 nJ
    expect(cost.crossbars).toBe(32); // crossbars_total
    expect(cost.cycles).toBe(1154); // ceil(1153.93 ns / 1 ns)
    expect(cost.notes.join("\n")).toMatch(/Weightbit = 1 \+ ceil\(\(8 - 1\) \/ 2\) = 5/);
  });

  it("notes what MNSIM ignores and the bits a read can lose", () => {
    const rows = mnsimFcCost({ ...hw, crossbar: { ...hw.crossbar, rowsPerRead: 16 } }, shape);
    expect(rows.latencyNs).toBe(mnsimFcCost(hw, shape).latencyNs);
    expect(rows.notes.join("\n")).toMatch(/rowsPerRead is ignored/);
    // 256 rows x (2^1 - 1) x (2^2 - 1) = 768 needs 10 bits: 2 lost in an 8-bit ADC
    const big = resolveHwConfig({
      organisation: "mnsim",
      crossbar: { size: 256 },
      adc: { bits: 8 },
    });
    const cost = mnsimFcCost(big, { ...shape, inputs: 256, outputs: 256 });
    expect(cost.adcBitsLost).toBe(2);
    expect(cost.notes.join("\n")).toMatch(/lose 2 bits/);
  });
});
