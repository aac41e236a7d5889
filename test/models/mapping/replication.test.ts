import { ALL_OVERLAPS } from "../../../arch/chip/overlap-switches";
import { buildHardware } from "../../../arch/config/hardware";
import { resolveHwConfig } from "../../../arch/config/hw-config";
import { compileModel, naiveMapping } from "../../../models/mapping/compile";
import { staticSchedule } from "../../../models/mapping/static-schedule";
import { analyseModel } from "../../../models/spec/model-graph";
import { TINY_DATASET, TINY_DP_MODEL } from "./tiny-dp-model";

/*
 * The chip of test/models/chip-end-to-end.test.ts: 16 x 16 crossbars of 2-bit
 * cells, 1-bit DAC, 8-bit ADCs per 4 columns, a 64-bit buffer bus, one port;
 * engines of 16 crossbars. One DP block of e = 4 on 4 dense, 3 sparse
 * features: EFC 3 -> 2 rows, DP 8 (k = 4): a row projection 3 -> 4, X^T of
 * 5 vectors on 2 crossbars, an output layer 10 -> 8.
 *
 * Cycles per request, by hand (7 + C + 7 C + 1 per MVM of 8 one-bit steps,
 * C = 10 x conversions per ADC, + 1 functional-unit cycle):
 *   EFC: 2 outputs x 4 columns = 8 columns, 2 conversions per ADC: 169, x 4 positions = 676;
 *   row projection: 4 outputs x 4 = 16 columns, 4 conversions: 329, x 4 positions = 1316;
 *   DP engine: 4 row writes of 10 cycles (every copy at once) + 4 streams of 329 = 40 + 1316.
 * So the DP engine is the bottleneck (1356 > 1316) and takes the first copy:
 * 40 + 1316 / 2 = 698; then the row projection (1316 -> 658), and so on,
 * while each copy fits in its engine's 16 crossbars.
 */
const data = TINY_DATASET;
const spec = TINY_DP_MODEL;
const hw = buildHardware(
  resolveHwConfig({
    crossbar: { size: 16, cellBits: 2 },
    dac: { bits: 1 },
    adc: { bits: 8, colsPerAdc: 4 },
    buffer: { tileKiB: 2, busBits: 64, ports: 1 },
    chip: { memoryTiles: 1, banksPerMemoryTile: 2 },
  }),
);
const graph = analyseModel(spec, data);
const compile = (replicate: "auto" | "off") =>
  compileModel(graph, hw, { switches: ALL_OVERLAPS, replicate });

describe("replication of the bottleneck into spare crossbars", () => {
  it("starts from the loads derived by hand: the DP engine first", () => {
    const off = compile("off");
    const s = staticSchedule(off, hw, 4);
    expect(s.bottleneck).toEqual({ kind: "dp", index: 0 });
    expect(s.bottleneckCycles).toBe(40 + 4 * 329);
  });

  it("copies the DP engine and the projection, within their engines, and shortens the interval", () => {
    const auto = compile("auto");
    const dp = auto.dpEngines[0]!;
    const rows = auto.layers.find((l) => l.name === "block0.dp.rows")!;
    expect(dp.copies).toBeGreaterThanOrEqual(2);
    expect(rows.copies).toBeGreaterThanOrEqual(2);
    for (const u of [...auto.layers, ...auto.dpEngines]) {
      expect(u.crossbars * u.copies).toBeLessThanOrEqual(Math.ceil(u.crossbars / 16) * 16);
    }
    const b = (p: ReturnType<typeof compile>) => staticSchedule(p, hw, 4).bottleneckCycles;
    expect(b(auto)).toBeLessThan(b(compile("off")));
    // the DP engine's load with its copies: writes hold every copy, streams share them
    expect(40 + 1316 / dp.copies).toBeLessThanOrEqual(1356 / 2 + 20);
  });

  it("leaves the naive mapping alone, and the chip's built engines as they were", () => {
    const naive = compileModel(graph, hw, naiveMapping());
    expect([...naive.layers, ...naive.dpEngines].every((u) => u.copies === 1)).toBe(true);
    expect(compile("auto").built).toEqual(compile("off").built);
  });
});
