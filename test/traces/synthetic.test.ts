import type { DatasetDescriptor } from "../../traces/datasets";
import { InputError } from "../../sim/kernel/input-error";
import { Rng } from "../../sim/kernel/rng";
import type { InferenceRequest } from "../../traces/request";
import { RowPermutation } from "../../traces/row-permutation";
import { syntheticRequests, type SyntheticOptions } from "../../traces/synthetic";

jest.setTimeout(60_000);

/** Tables from one row up to 2^40 rows, so tiny and huge tables are both exercised. */
const dataset: DatasetDescriptor = {
  name: "test",
  description: "five tables of assorted sizes",
  denseFeatures: 4,
  sparseFeatures: 5,
  tableRows: [1, 2, 7, 1000, 2 ** 40],
  source: "hand-written for the tests",
};

const base: SyntheticOptions = { dataset, count: 300, seed: 17, arrivals: { kind: "closed" } };

function take(options: Partial<SyntheticOptions>): InferenceRequest[] {
  return [...syntheticRequests({ ...base, ...options })];
}

/** Table t's ids, request by request. */
function column(requests: InferenceRequest[], t: number): number[][] {
  return requests.map((r) => r.sparse[t]!);
}

describe("syntheticRequests", () => {
  it("gives the same requests for the same options and other ones for another seed", () => {
    expect(take({})).toEqual(take({}));
    expect(column(take({ seed: 18 }), 4)).not.toEqual(column(take({}), 4));
  });

  it("shapes every request to the dataset, ids in range", () => {
    const requests = take({ idsPerFeature: 3 });
    expect(requests.map((r) => r.id)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    for (const request of requests) {
      expect(request.dense).toHaveLength(4);
      expect(request.dense.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expect(request.sparse.map((ids) => ids.length)).toEqual([3, 3, 3, 3, 3]);
      request.sparse.forEach((ids, t) => {
        const rows = dataset.tableRows[t]!;
        expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < rows)).toBe(true);
      });
    }
    // A one-row table can only give row 0.
    expect(
      column(requests, 0)
        .flat()
        .every((id) => id === 0),
    ).toBe(true);
  });

  it("draws dense values as floor(exp(1 + 1.5 z)), z standard normal", () => {
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 8); // the two-sided 95% point
    // P(floor(e^(1 + 1.5 z)) < c) = P(z < (ln c - 1) / 1.5) for an integer c >= 1.
    const values = take({ count: 20_000 }).flatMap((r) => r.dense);
    for (const c of [1, 3, 90]) {
      const p = normalCdf((Math.log(c) - 1) / 1.5);
      const below = values.filter((x) => x < c).length;
      const sigma = Math.sqrt(values.length * p * (1 - p));
      expect(Math.abs(below - values.length * p)).toBeLessThanOrEqual(5 * sigma);
    }
  });

  it("caps the ids with maxRowsPerTable and leaves smaller tables alone", () => {
    const requests = take({ maxRowsPerTable: 500 });
    expect(
      column(requests, 3)
        .flat()
        .every((id) => id < 500),
    ).toBe(true);
    expect(
      column(requests, 4)
        .flat()
        .every((id) => id < 500),
    ).toBe(true);
    for (const t of [0, 1, 2]) expect(column(requests, t)).toEqual(column(take({}), t));
  });

  it("keeps each table's ids independent of the other tables", () => {
    const reference = take({ zipfExponent: [1.05, 1.05, 1.05, 1.05, 1.05] });
    const changed = take({ zipfExponent: [1.05, 1.05, 1.05, 0.2, 1.05] });
    for (const t of [0, 1, 2, 4]) expect(column(changed, t)).toEqual(column(reference, t));
    expect(column(changed, 3)).not.toEqual(column(reference, 3));
    // The default exponent is 1.05.
    expect(take({})).toEqual(reference);
    // Adding a table shifts neither the other tables nor the dense values.
    const wider = { ...dataset, sparseFeatures: 6, tableRows: [...dataset.tableRows, 50] };
    const more = take({ dataset: wider });
    for (const t of [0, 1, 2, 3, 4]) expect(column(more, t)).toEqual(column(reference, t));
    expect(more.map((r) => r.dense)).toEqual(reference.map((r) => r.dense));
  });

  it("maps popularity ranks through table t's permutation (stream table${t}/rows)", () => {
    // With s = 1 over 10 rows, rank 1 has probability 1 / H(10, 1) = 0.341 and
    // rank 2 half that: the most frequent id is rowOf(0), the next rowOf(1).
    const small = { ...dataset, sparseFeatures: 1, tableRows: [10] };
    const requests = take({ dataset: small, count: 5000, zipfExponent: 1 });
    const hits = new Map<number, number>();
    for (const id of column(requests, 0).flat()) hits.set(id, (hits.get(id) ?? 0) + 1);
    const byCount = [...hits.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    const permutation = new RowPermutation(10, new Rng(17).stream("table0").stream("rows"));
    expect(byCount.slice(0, 2)).toEqual([permutation.rowOf(0), permutation.rowOf(1)]);
  });

  it("produces the three arrival kinds", () => {
    expect(take({}).every((r) => r.arrivalCycle === null)).toBe(true);
    const fixed = take({ arrivals: { kind: "fixed", intervalCycles: 7 } });
    expect(fixed.map((r) => r.arrivalCycle)).toEqual(fixed.map((_, i) => 7 * i));

    const count = 20_000;
    const mean = 10;
    const poisson = take({ count, arrivals: { kind: "poisson", meanIntervalCycles: mean } });
    const cycles = poisson.map((r) => r.arrivalCycle!);
    expect(cycles.every((c, i) => Number.isInteger(c) && c >= (cycles[i - 1] ?? 0))).toBe(true);
    // The last arrival is the floor of a sum of `count` exponential gaps: mean
    // count * mean, standard deviation sqrt(count) * mean; allow 5 of them.
    expect(Math.abs(cycles[count - 1]! - count * mean)).toBeLessThanOrEqual(
      5 * Math.sqrt(count) * mean,
    );
    // Arrivals have their own stream: the ids are those of the closed loop.
    expect(poisson.slice(0, 300).map((r) => r.sparse)).toEqual(take({}).map((r) => r.sparse));
  });

  it("is lazy: ten million requests cost nothing until drawn", () => {
    const requests = syntheticRequests({ ...base, count: 10_000_000 });
    const first = [requests.next().value, requests.next().value] as InferenceRequest[];
    expect(first).toEqual(take({ count: 2 }));
  });

  it("refuses bad options at the call, naming the option and the expectation", () => {
    const refuse = (options: Partial<SyntheticOptions>, message: RegExp) => {
      const call = () => syntheticRequests({ ...base, ...options });
      expect(call).toThrow(InputError);
      expect(call).toThrow(message);
    };
    refuse({ count: -1 }, /count = -1: expected an integer >= 0/);
    refuse({ count: 1.5 }, /count = 1\.5/);
    refuse({ seed: 2 ** 32 }, /seed = 4294967296: expected an integer in \[0, 2\^32 - 1\]/);
    refuse({ zipfExponent: -0.5 }, /zipfExponent = -0\.5: expected a finite number >= 0/);
    refuse({ zipfExponent: NaN }, /zipfExponent = NaN/);
    refuse({ zipfExponent: [1, 1] }, /zipfExponent = \[1,1\]: expected .*array of 5/);
    refuse({ zipfExponent: [1, 1, 1, -1, 1] }, /zipfExponent\[3\] = -1/);
    refuse({ idsPerFeature: 0 }, /idsPerFeature = 0: expected an integer >= 1/);
    refuse({ maxRowsPerTable: 0 }, /maxRowsPerTable = 0/);
    refuse({ arrivals: { kind: "fixed", intervalCycles: 0 } }, /arrivals.intervalCycles = 0/);
    refuse(
      { arrivals: { kind: "fixed", intervalCycles: 2.5 } },
      /an integer in \[1, \d+\] \(cycles\)/,
    );
    refuse({ arrivals: { kind: "poisson", meanIntervalCycles: 0 } }, /meanIntervalCycles = 0/);
    refuse({ arrivals: { kind: "burst" } as never }, /arrivals = \{"kind":"burst"\}/);
    refuse({ count: 1e9, arrivals: { kind: "fixed", intervalCycles: 1e7 } }, /in \[1, 4503599\]/);
    refuse({ dataset: { ...dataset, tableRows: [1, 2] } }, /dataset.tableRows = \[1,2\]/);
    refuse({ dataset: { ...dataset, tableRows: [1, 2, 0, 4, 5] } }, /dataset.tableRows\[2\] = 0/);
  });
});

/** The standard normal CDF by Simpson's rule on the density (2000 intervals: error far below 1e-9). */
function normalCdf(x: number): number {
  const density = (t: number) => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
  const steps = 2000;
  const h = Math.abs(x) / steps;
  let sum = density(0) + density(Math.abs(x));
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * density(i * h);
  const half = (sum * h) / 3;
  return x >= 0 ? 0.5 + half : 0.5 - half;
}
