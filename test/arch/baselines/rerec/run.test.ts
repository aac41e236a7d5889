import {
  defaultReRecConfig,
  reramBaselineConfig,
  runReRec,
  type DlrmWorkload,
  type ReRecConfig,
} from "../../../../arch/baselines/rerec/rerec";
import { mlpHardware } from "../../../../arch/baselines/rerec/engine-hardware";
import { autoracFcCost } from "../../../../arch/layers/fc-layer";
import { datasets } from "../../../../traces/datasets";
import type { InferenceRequest } from "../../../../traces/request";
import { syntheticRequests } from "../../../../traces/synthetic";

/** Two tables of 4 rows, vectors of 16, a one-layer bottom MLP (3 -> 16) and top MLP (19 -> 1). */
const tiny: DlrmWorkload = {
  embeddingDim: 16,
  tableRows: [4, 4],
  denseFeatures: 3,
  bottomMlp: [16],
  topMlp: [1],
  weightBits: 8,
};
const request = (id: number, sparse: number[][]): InferenceRequest => ({
  id,
  arrivalCycle: null,
  dense: [0, 0, 0],
  sparse,
});
const inOrder = (c: ReRecConfig): ReRecConfig => ({
  ...c,
  mapping: { accessAware: false, maxReplicas: 1, spareSlotFraction: 0 },
});

describe("one request, by hand", () => {
  // The MLPs are the autorac chip's FC layers (arch/layers/fc-layer.ts), one input vector each.
  const c = defaultReRecConfig();
  const hw = mlpHardware(c, 8);
  const bottom = autoracFcCost(hw, {
    inputs: 3,
    outputs: 16,
    weightBits: 8,
    activationBits: 8,
  }).cycles;
  // Top input: the 16-wide bottom output and the 3 dot products of 3 vectors.
  const top = autoracFcCost(hw, {
    inputs: 19,
    outputs: 1,
    weightBits: 8,
    activationBits: 8,
  }).cycles;
  const job = 72; // one ReREC inner product (inner-product.test.ts)

  it("in order: table 1 hosts the dense and the table-0 products, one after the other", () => {
    // Pairs of (dense, e0, e1): dense.e0 on e0's crossbar; dense.e1 and e0.e1 on e1's
    // (2d = 2 = n, i = 0 even: j hosts). Table 1's single copy serialises its two jobs.
    // The lookups (two reads of the engine's bank) finish well inside the bottom MLP.
    const r = runReRec(inOrder(c), tiny, [request(0, [[1], [2]])]);
    expect(r.latencyNs.mean).toBe(bottom + 2 * job + top); // 1 ns cycles
    expect(r.requests).toBe(1);
  });

  it("access-aware: table 1's vector gets a second copy and its two jobs run side by side", () => {
    const aam = { ...c, mapping: { accessAware: true, maxReplicas: 2, spareSlotFraction: 1 } };
    const r = runReRec(aam, tiny, [request(0, [[1], [2]])]);
    expect(r.latencyNs.mean).toBe(bottom + job + top);
  });

  it("counts one job per id of a multi-hot host", () => {
    const r = runReRec(inOrder(c), tiny, [request(0, [[1], [2, 3]])]);
    // Table 1 hosts 2 products x 2 ids = 4 jobs; ids 2 and 3 share crossbar 1 (4 slots of 16).
    expect(r.latencyNs.mean).toBe(bottom + 4 * job + top);
    expect(r.notes.some((n) => n.startsWith("5 inner products and 3 lookups"))).toBe(true);
  });
});

describe("bad input", () => {
  const ok = [request(0, [[1], [2]])];
  it("refuses 0 engines", () => {
    expect(() => runReRec({ ...defaultReRecConfig(), engines: 0 }, tiny, ok)).toThrow(
      /ReREC config: engines = 0: expected null or an integer >= 1/,
    );
  });
  it("refuses a crossbar size that is not a power of two", () => {
    expect(() => runReRec({ ...defaultReRecConfig(), crossbarSize: 48 }, tiny, ok)).toThrow(
      /crossbarSize = 48: expected a power of two in 16..256/,
    );
  });
  it("names the table and the id of a row out of range", () => {
    expect(() => runReRec(defaultReRecConfig(), tiny, [request(0, [[1], [4]])])).toThrow(
      /request 0: table 1: row id 4 is out of range \[0, 4\)/,
    );
  });
  it("refuses a bottom MLP whose output is not the embedding width", () => {
    expect(() => runReRec(defaultReRecConfig(), { ...tiny, bottomMlp: [8] }, ok)).toThrow(
      /bottomMlp \(last\) = 8: expected embeddingDim = 16/,
    );
  });
});

describe("a skewed trace", () => {
  const workload: DlrmWorkload = {
    embeddingDim: 16,
    tableRows: datasets.criteo.tableRows,
    denseFeatures: 13,
    bottomMlp: [512, 256, 64, 16],
    topMlp: [512, 256, 1],
    weightBits: 8,
  };
  const trace = () =>
    syntheticRequests({
      dataset: datasets.criteo,
      count: 300,
      seed: 7,
      arrivals: { kind: "closed" },
    });

  it("is deterministic, with busy fractions in [0, 1]", () => {
    const a = runReRec(defaultReRecConfig(), workload, trace());
    const b = runReRec(defaultReRecConfig(), workload, trace());
    expect(b).toEqual(a);
    expect(a.engineBusyFraction).toHaveLength(a.engines);
    expect(a.engineBusyFraction.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(a.latencyNs.p50).toBeLessThanOrEqual(a.latencyNs.p99);
    expect(a.powerW).toBeCloseTo(a.energyPj / (a.requests / a.throughputPerSec) / 1e12, 9);
  });

  it("runs faster with access-aware mapping than with vectors in order, and beats the baseline", () => {
    const aam = runReRec(defaultReRecConfig(), workload, trace());
    const plain = runReRec(inOrder(defaultReRecConfig()), workload, trace());
    const baseline = runReRec(reramBaselineConfig(), workload, trace());
    expect(aam.throughputPerSec).toBeGreaterThan(plain.throughputPerSec);
    expect(plain.throughputPerSec).toBeGreaterThan(baseline.throughputPerSec);
  });
});
