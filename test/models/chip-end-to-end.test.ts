import { runChip, type ChipRequest } from "../../arch/chip/chip-run";
import type { Fidelity } from "../../arch/chip/engine-server";
import type { OverlapSwitches } from "../../arch/chip/overlap-switches";
import { buildHardware } from "../../arch/config/hardware";
import { resolveHwConfig } from "../../arch/config/hw-config";
import { crossbarArithmetic, exactArithmetic } from "../../models/functional/arithmetic";
import { evaluateModel } from "../../models/functional/evaluate";
import { ModelValues } from "../../models/functional/model-values";
import { compileModel, naiveMapping } from "../../models/mapping/compile";
import { analyseModel } from "../../models/spec/model-graph";
import type { ChoiceBlock, ModelSpec } from "../../models/spec/model-spec";
import type { DatasetDescriptor } from "../../traces/datasets";

/*
 * The test chip: 16x16 crossbars of 2-bit cells, a 1-bit DAC, 8-bit ADCs
 * shared by 4 columns (4 per crossbar), 1 GHz; a 2 KiB buffer with a 64-bit
 * bus (CACTI cycle 0.16 ns -> 1 cycle per word) and one port; one memory tile
 * of two banks. Lossless: 16 rows * 1 * 3 = 48 <= 255. Its latencies:
 *   read = ceil(3 ns DAC + 3.16 ns array) = 7, ADC conversion = ceil(9.09) = 10,
 *   bank read (arch/memory, docs/memory.md: a 4-row-per-word-line subarray row of e = 4 8-bit
 *   values in 16 two-bit cells, a 16:1 column mux): decoder 4 x 0.27933 + word-line driver 3 +
 *   cell 3.16 + sense amplifier 1 + mux 3 x 0.032744 = 8.3756 ns -> 9 cycles,
 *   row transfer = ceil(e * 8 / 64),
 *   line write = 10, functional unit = 1, buffer word = 1.
 * An MVM of 8-bit inputs takes 8 steps: 7 + C + 7 C + 1 with C = 10 x conversions per ADC.
 */
function chip(extra: Record<string, unknown> = {}) {
  return buildHardware(
    resolveHwConfig({
      crossbar: { size: 16, cellBits: 2 },
      dac: { bits: 1 },
      adc: { bits: 8, colsPerAdc: 4 },
      buffer: { tileKiB: 2, busBits: 64, ports: 1 },
      chip: { memoryTiles: 1, banksPerMemoryTile: 2, ...((extra.chip as object) ?? {}) },
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "chip")),
    }),
  );
}

const ALL_ON: OverlapSwitches = {
  dpProgramOverlap: true,
  fmConcurrentHalves: true,
  requestPipelining: true,
  frequencyPlacement: true,
};

function dataset(dense: number, sparse: number): DatasetDescriptor {
  return {
    name: "tiny",
    description: "test layout",
    denseFeatures: dense,
    sparseFeatures: sparse,
    tableRows: new Array<number>(sparse).fill(100),
    source: "test",
  };
}

function model(e: number, blocks: ChoiceBlock[]): ModelSpec {
  return { name: "tiny", dataset: "tiny", embeddingDim: e, blocks, final: { weightBits: 8 } };
}

function run(
  spec: ModelSpec,
  data: DatasetDescriptor,
  hw: ReturnType<typeof chip>,
  requests: ChipRequest[],
  options: {
    switches?: Partial<OverlapSwitches>;
    window?: number;
    fidelity?: Fidelity;
    /** Copies of the first DP engine (the derivations below are for one copy of every unit). */
    dpCopies?: number;
  } = {},
) {
  const graph = analyseModel(spec, data);
  const program = compileModel(graph, hw, {
    switches: { ...ALL_ON, ...options.switches },
    replicate: "off",
  });
  if (options.dpCopies !== undefined) program.dpEngines[0]!.copies = options.dpCopies;
  const profile = data.tableRows.map(() => new Map<number, number>());
  requests.forEach((r) =>
    r.sparse.forEach((ids, f) =>
      ids.forEach((id) => profile[f]!.set(id, (profile[f]!.get(id) ?? 0) + 1)),
    ),
  );
  const result = runChip(program, hw, requests, {
    fidelity: options.fidelity ?? "op",
    maxInFlight: options.window ?? 1,
    embeddingDim: graph.embeddingDim,
    profile,
  });
  return { result, program, graph };
}

const request = (id: number, sparse: number[][]): ChipRequest => ({
  id,
  arrivalCycle: null,
  sparse,
});

/*
 * One FC block: 4 dense and 2 sparse features of e = 4; block 0 is FC 4 -> 8
 * and EFC 2 -> 2 rows; final 8 + 2 * 4 = 16 -> 1. 8-bit weights on 2-bit
 * cells: 4 cells each, 4 outputs per crossbar.
 *   EFC (2 -> 2): 8 columns, 2 conversions per ADC, C = 20: 7 + 20 + 140 + 1 = 168, + 1 FU = 169
 *   FC (4 -> 8): 2 crossbars, 16 columns each, C = 40: 7 + 40 + 280 + 1 = 328, + 1 = 329
 *   final (16 -> 1): 4 columns, C = 10: 7 + 10 + 70 + 1 = 88, + 1 = 89
 * All layers share tile 0's buffer port. One request, ids f0 = 0, f1 = 1 (banks 0, 1):
 *   0-1   input (32 bits, 1 word);   lookups: banks 0-9, port 9-10 and 10-11: ready at 11
 *   1-2   FC input read; 2-331 FC; 331-332 FC output write
 *   11-15 EFC input reads (1 word each, FIFO on the port)
 *   12-181, 181-350, 350-519, 519-688: the 4 EFC vectors; writes 181, 350, 519, 688 (+1)
 *   689-691 final input read (128 bits = 2 words); 691-780 final; 780-781 write
 * Latency 781 cycles.
 */
describe("a one-FC-block model on the chip", () => {
  const data = dataset(4, 2);
  const spec = model(4, [
    {
      dense: { op: "fc", dim: 8, weightBits: 8 },
      sparse: { op: "efc", dim: 2, weightBits: 8 },
      inputs: [0],
    },
  ]);

  it("completes one request in the 781 cycles derived by hand, at op and bit fidelity", () => {
    for (const fidelity of ["op", "bit"] as const) {
      const { result } = run(spec, data, chip(), [request(0, [[0], [1]])], { fidelity });
      expect(result.latencyCycles.max).toBe(781);
      expect(result.latencyCycles.count).toBe(1);
    }
  });

  it("completes one request every 676 cycles once pipelined: the EFC's 4 x 169 is the bottleneck", () => {
    const requests = Array.from({ length: 30 }, (_, i) => request(i, [[i % 7], [(3 * i) % 11]]));
    const { result } = run(spec, data, chip(), requests, { window: 4 });
    expect(result.completed).toBe(30);
    // the span of the last 20 completions is 20 intervals of 676 cycles (steady state)
    const exitsOf = (n: number) =>
      run(spec, data, chip(), requests.slice(0, n), { window: 4 }).result.lastExitCycle;
    expect(exitsOf(30) - exitsOf(10)).toBe(20 * 676);
    // utilisation of the EFC layer in steady state approaches 1
    const efc = result.units.find((u) => u.name === "block0.efc")!;
    expect(efc.path).toBe("chip.tile0.mvm0");
    expect(efc.jobs).toBe(30 * 4);
  });
});

/*
 * One DP block: 4 dense and 3 sparse features, e = 4; block 0 is DP d = 8
 * (k = round(sqrt 16) = 4) and EFC 3 -> 2 rows. The dense width is e, so no
 * dense projection; the 3 sparse rows are projected to 4 (one MVM per
 * element, 4 of them). The DP engine writes X^T (4 rows of 5 values) and
 * streams rows 1..4 of X. Every layer and engine sits on its own tile.
 * With dpProgramOverlap, row r of X^T is written as soon as projection r
 * exists: the last write ends 1 (read) + 10 (write) after the last
 * projection. Without, all four wait for the last projection and queue on
 * the DP engine: 1 + 4 x 10. The latency grows by 3 x 10 = 30 cycles.
 */
describe("a one-DP-block model on the chip", () => {
  const data = dataset(4, 3);
  const spec = model(4, [
    {
      dense: { op: "dp", dim: 8, weightBits: 8 },
      sparse: { op: "efc", dim: 2, weightBits: 8 },
      inputs: [0],
    },
  ]);
  const hw = chip({ chip: { mvmEnginesPerTile: 1, dpEnginesPerTile: 1, fmEnginesPerTile: 1 } });
  const one = [request(0, [[0], [1], [2]])];

  it("maps DP as the paper does: rows projection, DP engine, output FC", () => {
    const graph = analyseModel(spec, data);
    const program = compileModel(graph, hw, { switches: ALL_ON });
    expect(
      program.layers.map((l) => `${l.name} ${l.inputs}->${l.outputs} x${l.vectorsPerInference}`),
    ).toEqual([
      "block0.efc 3->2 x4",
      "block0.dp.rows 3->4 x4",
      "block0.dp.out 10->8 x1", // k (k + 1) / 2 = 10
      "final 16->1 x1",
    ]);
    expect(program.dpEngines).toMatchObject([{ rows: 4, vectors: 5, rowWriteCycles: 10 }]);
    expect(program.operations.filter((o) => o.kind === "dpStream")).toHaveLength(4);
  });

  it("loses exactly 3 row writes (30 cycles) with dpProgramOverlap off", () => {
    const on = run(spec, data, hw, one).result.latencyCycles.max;
    const off = run(spec, data, hw, one, { switches: { dpProgramOverlap: false } }).result
      .latencyCycles.max;
    expect(off - on).toBe(30);
  });

  it("times op and bit fidelity alike", () => {
    const op = run(spec, data, hw, one, { fidelity: "op" }).result.latencyCycles.max;
    expect(run(spec, data, hw, one, { fidelity: "bit" }).result.latencyCycles.max).toBe(op);
  });

  /*
   * A stream of X (5 vectors of e = 4) through X^T: 4 rows, 5 outputs of 8-bit
   * activations on 2-bit cells = 4 columns each, 4 outputs a crossbar: the
   * full tile is 4 rows x 16 columns; 8 one-bit DAC steps; 16 columns over 4
   * ADCs = 4 conversions of 10 cycles a step: 7 + 40 + 7 x 40 + 1 = 328, one
   * row tile (no adder tree), + 1 functional-unit cycle = 329 cycles. Four
   * streams on one copy: 4 x 329 = 1316 cycles from the first to the last; on
   * two copies, two at a time: 2 x 329 = 658, plus 1: the streams read their
   * 32-bit rows through the tile's one buffer port one word (one cycle) after
   * another, so the second pair starts a cycle apart as the first did. Each of
   * the 4 row writes holds both copies (X^T is written into each) for its 10
   * cycles, at twice the energy.
   */
  it("halves the DP stream time with two copies of X^T", () => {
    const streams = (copies: number) => {
      const spans: Array<[number, number]> = [];
      const { program } = run(spec, data, hw, one, { dpCopies: copies });
      const graph = analyseModel(spec, data);
      runChip(program, hw, one, {
        fidelity: "op",
        maxInFlight: 1,
        embeddingDim: graph.embeddingDim,
        recordUnits: (u) => u.kind === "dp",
        onInterval: (_u, start, end, _r, step) => {
          if (step === "dpStream") spans.push([start, end]);
        },
      });
      return spans;
    };
    const one1 = streams(1);
    const two = streams(2);
    expect(one1.map(([s, e]) => e - s)).toEqual([329, 329, 329, 329]);
    expect(one1[3]![1] - one1[0]![0]).toBe(1316);
    expect(two.map(([s, e]) => e - s)).toEqual([329, 329, 329, 329]);
    expect(two[3]![1] - two[0]![0]).toBe(658 + 1);
    expect(two[1]![0] - two[0]![0]).toBe(1); // the pairs run side by side
    const energy = (copies: number) =>
      run(spec, data, hw, one, { dpCopies: copies }).result.energyPj.dp!;
    const writes = 4 * run(spec, data, hw, one).program.dpEngines[0]!.rowWriteEnergyPj;
    expect(energy(2) - energy(1)).toBeCloseTo(writes, 9); // the writes again, into the second copy
  });
});

/*
 * One FM block: 4 sparse features of dim 16; block 0 is FC 16 and EFC 4 -> 4
 * with FM on (d = e = 16, so no FM projection). The FM engine writes the 16
 * EFC outputs into its transposed array, reads the column sums with a ones
 * vector, squares them in the MBSA (8 + ceil(log2 5) = 11 bits: 11 cycles)
 * and reads 16 sums of squares. With fmConcurrentHalves the MBSA works during
 * the sums of squares (far longer than 11 cycles); without, they wait for it:
 * the latency grows by exactly the MBSA's 11 cycles.
 */
describe("a one-FM-block model on the chip", () => {
  const data = dataset(4, 4);
  const spec = model(16, [
    {
      dense: { op: "fc", dim: 16, weightBits: 8 },
      sparse: { op: "efc", dim: 4, weightBits: 8 },
      fm: { weightBits: 8 },
      inputs: [0],
    },
  ]);
  const hw = chip({ chip: { mvmEnginesPerTile: 1, dpEnginesPerTile: 1, fmEnginesPerTile: 1 } });
  const one = [request(0, [[0], [1], [2], [3]])];

  it("costs the MBSA's 11 cycles when the halves run one after the other", () => {
    const graph = analyseModel(spec, data);
    const program = compileModel(graph, hw, { switches: ALL_ON });
    expect(program.fmEngines[0]!.mbsaCycles).toBe(11);
    const on = run(spec, data, hw, one).result.latencyCycles.max;
    const off = run(spec, data, hw, one, { switches: { fmConcurrentHalves: false } }).result
      .latencyCycles.max;
    expect(off - on).toBe(11);
  });

  it("writes 16 columns on the transposed array, but 4 rows from the buffer when naive", () => {
    const graph = analyseModel(spec, data);
    const design = compileModel(graph, hw, { switches: ALL_ON }).fmEngines[0]!;
    const naive = compileModel(graph, hw, naiveMapping()).fmEngines[0]!;
    // 8-bit values on 2-bit cells: a value column is 4 physical columns, 4 writes of 10 cycles
    expect([design.linesPerInference, design.lineWriteCycles, design.lineReadBits]).toEqual([
      16, 40, 0,
    ]);
    expect([naive.linesPerInference, naive.lineWriteCycles, naive.lineReadBits]).toEqual([
      4,
      10,
      16 * 8,
    ]);
  });
});

/*
 * Bank conflicts: two tables on one memory tile of two banks; three requests
 * in turn, each reading row 4 of table 0 and row 6 of table 1. Row-id
 * placement puts both on bank 4 mod 2 = 6 mod 2 = 0: the second read of every
 * request finds the bank busy, 3 conflicts. Frequency placement ranks the
 * rows by count (3 each), then by table: row 4 of table 0 first (bank 0),
 * row 6 of table 1 second (bank 1): no conflict.
 */
describe("bank conflicts", () => {
  const data = dataset(4, 2);
  const spec = model(4, [
    {
      dense: { op: "fc", dim: 8, weightBits: 8 },
      sparse: { op: "efc", dim: 2, weightBits: 8 },
      inputs: [0],
    },
  ]);
  const requests = [0, 1, 2].map((i) => request(i, [[4], [6]]));

  it("counts the conflicts derived by hand, with and without frequency placement", () => {
    const naive = run(spec, data, chip(), requests, {
      switches: { frequencyPlacement: false },
    }).result;
    expect(naive.bankConflicts).toEqual([0, 3]);
    const frequency = run(spec, data, chip(), requests).result;
    expect(frequency.bankConflicts).toEqual([0, 0]);
  });
});

describe("functional equality with the integer reference", () => {
  const data = dataset(4, 4);
  const spec = model(4, [
    {
      dense: { op: "dp", dim: 8, weightBits: 4 },
      sparse: { op: "efc", dim: 3, weightBits: 8 },
      dsi: { weightBits: 8 },
      fm: { weightBits: 8 },
      inputs: [0],
    },
    {
      dense: { op: "fc", dim: 16, weightBits: 4 },
      sparse: { op: "efc", dim: 5, weightBits: 8 },
      fm: { weightBits: 4 },
      inputs: { dense: [0, 1], sparse: [1] },
    },
  ]);
  const graph = analyseModel(spec, data);
  const values = new ModelValues(7, 8);
  const inputs = [0, 1, 2].map((i) => ({
    dense: [i, 3 * i + 1, 100, 0],
    rows: [[i], [i + 1], [5, 6], [i * 3]],
  }));

  it("computes every output through the crossbar models exactly on a lossless chip", () => {
    const tally = { conversions: 0, clipped: 0 };
    const onChip = crossbarArithmetic(chip(), tally);
    for (const input of inputs) {
      expect(evaluateModel(graph, values, input, onChip)).toEqual(
        evaluateModel(graph, values, input, exactArithmetic),
      );
    }
    expect(tally.conversions).toBeGreaterThan(0);
    expect(tally.clipped).toBe(0);
  });

  it("saturates conversions, and may move the output, on a lossy chip", () => {
    const tally = { conversions: 0, clipped: 0 };
    const lossy = crossbarArithmetic(chip({ lossy: true, adc: { bits: 4, colsPerAdc: 4 } }), tally);
    inputs.forEach((input) => evaluateModel(graph, values, input, lossy));
    expect(tally.clipped).toBeGreaterThan(0);
  });
});

/*
 * Open loop on the one-FC-block model (781 cycles alone). Three requests
 * arriving together at cycle 0 with one in flight: each enters when the
 * previous leaves, so they queue 0, 781 and 1562 cycles and each still takes
 * 781. Arrivals 5000 cycles apart never queue.
 */
describe("open-loop arrivals", () => {
  const data = dataset(4, 2);
  const spec = model(4, [
    {
      dense: { op: "fc", dim: 8, weightBits: 8 },
      sparse: { op: "efc", dim: 2, weightBits: 8 },
      inputs: [0],
    },
  ]);
  const timed = (at: number[]) =>
    at.map((t, i): ChipRequest => ({ id: i, arrivalCycle: t, sparse: [[0], [1]] }));

  it("queues requests that find the chip full", () => {
    const { result } = run(spec, data, chip(), timed([0, 0, 0]), { window: 1 });
    expect(result.queueingCycles.sum).toBe(781 + 1562);
    expect(result.queueingCycles.max).toBe(1562);
    expect(result.latencyCycles.max).toBe(781);
    expect(result.lastExitCycle).toBe(3 * 781);
  });

  it("honours arrival times", () => {
    const { result } = run(spec, data, chip(), timed([0, 5000, 10000]), { window: 1 });
    expect(result.queueingCycles.max).toBe(0);
    expect(result.lastExitCycle).toBe(10000 + 781);
  });
});
