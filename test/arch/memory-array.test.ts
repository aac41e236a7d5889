import type { TablePlacement } from "../../arch/chip/program";
import { decoderTransistors, transferEnergyPjPerBit } from "../../arch/memory/array-model";
import { memoryCosts } from "../../arch/memory/embedding-memory";
import { memoryCapacity } from "../../arch/memory/memory-capacity";
import { hardware } from "./hw-fixtures";

/*
 * The memory tiles' array model, checked against figures derived by hand
 * from the cited sources (docs/memory.md):
 *   cell (MNSIM SimConfig.ini, Device.py): 1.44 um^2, read 3.16 ns, 7.57575e-8 W per cell
 *   sense amplifier (MNSIM ADC_Choice 8): 1 um^2, 1.629e-6 W, 1 ns; 2^b - 1 per column of b-bit cells
 *   1-bit DAC driving the word line (MNSIM DAC_Choice 1): 0.166 um^2, 0.0039 mW, 3 ns
 *   word-line driver (MNSIM Crossbar.py, digital PIM): 55.81 um^2 x (130 / 65)^2 = 223.24 um^2 per row
 *   (de)multiplexer transistors (MNSIM PE.py): 2:8, 4:24, 8:72, ..., 64:1944, x3 per doubling past
 *     64; 0.169 um^2 and 1.2e-8 W each; stage delays 0.27933 ns (decoder), 0.032744 ns (mux),
 *     (1 + base-8 digits of the ways) stages (PE_latency.py)
 *   subarray 256 x 256 (MNSIM Xbar_Size)
 *   link (MNSIM NoC techfile, booksim): 0.5 x (2 x 2.67339e-13 + 2 x 2.67339e-13) F/mm x 2 mm
 *     x 0.9^2 V^2 = 0.5 x 1.069356e-12 x 2 x 0.81 J = 0.86617836 pJ per bit
 *
 * The default row (e = 16, 8-bit activations, 2-bit cells): 128 bits, 64 cells; 256 / 64 = 4
 * rows share a word line (a 4:1 column mux), 3 sense amplifiers per column.
 */
const placement = (rows: number[], tiles = 1): TablePlacement[] =>
  rows.map((storedRows, feature) => ({ feature, memoryTile: feature % tiles, storedRows }));

/*
 * One subarray of the default row, by hand:
 *   cells           256 x 256 x 1.44                = 94,371.84
 *   word lines      256 x 223.24 + 0.166 (the DAC)  = 57,149.606
 *   row decoder     1:256 -> 1944 x 3^2 = 17,496 transistors x 0.169 = 2,956.824
 *   sense amps      64 columns x 3 x 1              = 192
 *   column mux      64 x 24 (4:1) x 0.169           = 259.584
 *   total                                           = 154,929.854 um^2
 */
const SUBARRAY_UM2 = 154929.854;

describe("the memory array model", () => {
  it("counts MNSIM's (de)multiplexer transistors, and continues its recursion past 64 ways", () => {
    expect([1, 2, 3, 4, 8, 16, 32, 64].map(decoderTransistors)).toEqual([
      0, 8, 24, 24, 72, 216, 648, 1944,
    ]);
    expect(decoderTransistors(128)).toBe(1944 * 3); // 5,832
    expect(decoderTransistors(256)).toBe(1944 * 9); // 17,496
  });

  it("prices a lookup part by part: the per-bit energy derived by hand from the cited figures", () => {
    const m = memoryCosts(hardware(), 16, placement([1000]));
    // the link's figure alone: 0.86617836 pJ per bit (above)
    expect(transferEnergyPjPerBit()).toBeCloseTo(0.86617836, 8);
    const parts = m.lookupEnergyBreakdownPj;
    // row decoder: 17,496 x 1.2e-8 W = 0.209952 mW; 256 has 3 base-8 digits: 4 x 0.27933 = 1.11732 ns
    expect(parts.rowDecoder).toBeCloseTo(0.209952 * 1.11732, 9); // 0.2345836 pJ
    expect(parts.wordLineDriver).toBeCloseTo(0.0039 * 3, 12); // 0.0117 pJ
    expect(parts.cells).toBeCloseTo(64 * 7.57575e-5 * 3.16, 12); // 0.0153212 pJ
    expect(parts.senseAmps).toBeCloseTo(64 * 3 * 0.001629 * 1, 12); // 0.312768 pJ
    // column mux: 64 x 24 x 1.2e-5 mW = 0.018432 mW; 4 has one base-8 digit: 2 x 0.032744 ns
    expect(parts.columnMux).toBeCloseTo(0.018432 * 0.065488, 12); // 0.0012071 pJ
    expect(parts.transfer).toBeCloseTo(128 * 0.86617836, 6); // 110.870830 pJ
    // 0.2345836 + 0.0117 + 0.0153212 + 0.312768 + 0.0012071 + 110.8708301 = 111.4464100 pJ
    expect(m.bitsPerLookup).toBe(128);
    expect(m.lookupEnergyPj).toBeCloseTo(111.44641, 5);
    expect(m.lookupEnergyPjPerBit).toBeCloseTo(111.44641 / 128, 7); // 0.8706751 pJ per bit
  });

  it("times a bank read by hand: the parts' delays in series, rounded up to cycles", () => {
    // 1.11732 (decoder) + 3 (driver) + 3.16 (cells) + 1 (sense) + 0.065488 (mux) = 8.342808 ns
    const at1GHz = memoryCosts(hardware(), 16, placement([1000]));
    expect(at1GHz.bankReadNs).toBeCloseTo(8.342808, 9);
    expect(at1GHz.bankReadCycles).toBe(9); // ceil(8.342808 / 1)
    expect(at1GHz.transferCycles).toBe(1); // 128 bits on a 256-bit port
    const at400MHz = memoryCosts(hardware({ clockMhz: 400 }), 16, placement([1000]));
    expect(at400MHz.bankReadCycles).toBe(4); // ceil(8.342808 / 2.5) = ceil(3.34)
  });

  it("prices a row wider than a subarray as subarrays read side by side, without a mux", () => {
    // e = 64, 8-bit activations, 1-bit cells: 512 cells = 2 subarrays of 256 columns, 1 SA each
    const m = memoryCosts(hardware({ memory: { cellBits: 1 } }), 64, placement([1000]));
    expect(m.organisation.layout.subarraysPerRead).toBe(2);
    expect(m.lookupEnergyBreakdownPj.rowDecoder).toBeCloseTo(2 * 0.209952 * 1.11732, 9);
    expect(m.lookupEnergyBreakdownPj.senseAmps).toBeCloseTo(512 * 0.001629, 12); // 0.834048
    expect(m.lookupEnergyBreakdownPj.columnMux).toBe(0);
    expect(m.bankReadNs).toBeCloseTo(1.11732 + 3 + 3.16 + 1, 9); // 8.27732 ns
  });

  it("builds the area of a bank by hand", () => {
    // one memory tile of 2 banks, one table of 3,000 rows: 1,500 rows a bank; a subarray holds
    // 256 word lines x 4 rows = 1,024 rows, so 2 subarrays a bank: 2 x 154,929.854 = 309,859.708
    const hw = hardware({ chip: { memoryTiles: 1, banksPerMemoryTile: 2 } });
    const m = memoryCosts(hw, 16, placement([3000]));
    expect(m.organisation.tiles[0]).toMatchObject({ rowsPerBank: 1500, subarraysPerBank: 2 });
    expect(m.areaUm2 / 2).toBeCloseTo(2 * SUBARRAY_UM2, 3);
    expect(m.areaBreakdownUm2.cells).toBeCloseTo(4 * 94371.84, 3);
    expect(m.areaBreakdownUm2.wordLineDriver).toBeCloseTo(4 * 57149.606, 3);
  });

  it("charges a larger table more area and the same energy per lookup", () => {
    const hw = hardware();
    const small = memoryCosts(hw, 16, placement([2000]));
    const large = memoryCosts(hw, 16, placement([200000]));
    expect(large.areaUm2).toBeGreaterThan(small.areaUm2);
    expect(large.lookupEnergyPj).toBe(small.lookupEnergyPj);
    expect(large.bankReadCycles).toBe(small.bankReadCycles);
  });
});

/*
 * A hand-made dataset of three tables, 1,000, 600,000 and 500,000 rows, e = 16, on two memory
 * tiles of four banks (table t on tile t mod 2), capped at 65,536 rows a table:
 *   real: 1,101,000 rows; bits 1,101,000 x 128 = 140,928,000; cells x 64 = 70,464,000;
 *     cells alone 70,464,000 x 1.44 = 101,468,160 um^2
 *     tile 0 (tables 0 and 2): 501,000 rows, 125,250 a bank, ceil(125,250 / 1,024) = 123 subarrays
 *     tile 1 (table 1): 600,000 rows, 150,000 a bank, ceil(146.48) = 147 subarrays
 *     4 x (123 + 147) = 1,080 subarrays x 154,929.854 = 167,324,242.32 um^2
 *     a tile holds at most ceil(3 / 2) = 2 tables x 65,536 = 131,072 rows:
 *       ceil(1,101,000 / 131,072) = ceil(8.40) = 9 memory tiles
 *     dies of 130.7 mm^2: ceil(167.32 / 130.7) = 2; at 32 Gb a die: 1
 *   simulated: 1,000 + 65,536 + 65,536 = 132,072 rows, 2 tables capped
 *     tile 0: 66,536 rows, 16,634 a bank, 17 subarrays; tile 1: 65,536, 16,384 a bank, 16
 *     4 x (17 + 16) = 132 subarrays x 154,929.854 = 20,450,740.728 um^2
 *   one full tile: 131,072 rows, 32,768 a bank, 32 subarrays: 128 x 154,929.854 = 19,831,021.312
 */
describe("the memory capacity report", () => {
  const hw = hardware({
    chip: { memoryTiles: 2, banksPerMemoryTile: 4 },
    memory: { maxRowsPerTable: 65536 },
  });
  const report = memoryCapacity({ name: "hand", tableRows: [1000, 600000, 500000] }, 16, hw);

  it("sizes the real tables by hand", () => {
    expect(report.real).toMatchObject({
      rows: 1101000,
      bits: 140928000,
      cells: 70464000,
      subarrays: 1080,
      memoryTiles: 9,
      chips: 2,
      chipsAtPublishedDensity: 1,
    });
    expect(report.real.cellAreaUm2).toBeCloseTo(101468160, 3);
    expect(report.real.areaUm2).toBeCloseTo(1080 * SUBARRAY_UM2, 2);
    expect(report.tileCapacityRows).toBe(131072);
    expect(report.tileAreaUm2).toBeCloseTo(128 * SUBARRAY_UM2, 2);
  });

  it("sizes what the simulated chip holds under its cap by hand", () => {
    expect(report.simulated).toMatchObject({
      rows: 132072,
      tablesCapped: 2,
      maxRowsPerTable: 65536,
      subarrays: 132,
    });
    expect(report.simulated.areaUm2).toBeCloseTo(132 * SUBARRAY_UM2, 2);
  });
});
