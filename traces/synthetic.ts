import type { DatasetDescriptor } from "./datasets";
import { InputError } from "../sim/kernel/input-error";
import { Rng } from "../sim/kernel/rng";
import type { InferenceRequest } from "./request";
import { RowPermutation } from "./row-permutation";
import { MAX_ZIPF_RANKS, ZipfSampler } from "./zipf";

/** How requests reach the chip. */
export type ArrivalProcess =
  /** Each request is issued as soon as the chip accepts it (arrivalCycle null). */
  | { kind: "closed" }
  /** Request i arrives at cycle i * intervalCycles. */
  | { kind: "fixed"; intervalCycles: number }
  /** A Poisson process: exponential gaps of the given mean, arrival times rounded down to a cycle. */
  | { kind: "poisson"; meanIntervalCycles: number };

export interface SyntheticOptions {
  dataset: DatasetDescriptor;
  /** Requests to generate. */
  count: number;
  /** Integer in [0, 2^32 - 1]; the same seed gives the same requests. */
  seed: number;
  /** Zipf exponent of row popularity, one for all tables or one per table (default 1.05). */
  zipfExponent?: number | number[];
  /** Row ids per sparse feature, drawn with replacement (multi-hot; default 1). */
  idsPerFeature?: number;
  arrivals: ArrivalProcess;
  /** Draw ids in [0, min(tableRows, maxRowsPerTable)) (default: no cap). */
  maxRowsPerTable?: number;
}

/**
 * A common fit for embedding-row popularity in CTR data (s slightly above 1);
 * the trace replays of the paper's datasets are the better source when they exist.
 */
export const DEFAULT_ZIPF_EXPONENT = 1.05;

/**
 * Dense values are floor(exp(mu + sigma z)), z standard normal: non-negative
 * integer-valued counts with a heavy right tail, the shape of Criteo's 13
 * integer features (mostly small counts, a few in the thousands). With
 * mu = 1 and sigma = 1.5 the median is floor(e) = 2 and 1% of values exceed
 * e^(1 + 2.33 * 1.5), about 90. The law only shapes the inputs; it is not a
 * fit to any one feature.
 */
const DENSE_LOG_MU = 1;
const DENSE_LOG_SIGMA = 1.5;

/** One sparse feature's table: its popularity law, rank-to-row map and random stream. */
interface TableSource {
  ranks: ZipfSampler;
  rows: RowPermutation;
  rng: Rng;
}

/**
 * A lazy stream of synthetic requests: `count` of them, generated one at a
 * time, so ten million need no memory. Options are checked when this is
 * called, before the first request is drawn.
 *
 * Every table has its own stream, `table${t}` (with sub-streams "rows" for
 * the permutation and "ranks" for the draws), and the dense values and the
 * arrivals have theirs: adding a table, or changing one table's exponent or
 * size, never shifts another table's ids.
 */
export function syntheticRequests(options: SyntheticOptions): Generator<InferenceRequest> {
  validate(options);
  const root = new Rng(options.seed);
  const exponents = options.zipfExponent ?? DEFAULT_ZIPF_EXPONENT;
  const cap = options.maxRowsPerTable ?? Infinity;
  const tables = options.dataset.tableRows.map((rows, t): TableSource => {
    const tableRng = root.stream(`table${t}`);
    const rowCount = Math.min(rows, cap);
    const exponent = typeof exponents === "number" ? exponents : exponents[t]!;
    return {
      ranks: new ZipfSampler(rowCount, exponent),
      rows: new RowPermutation(rowCount, tableRng.stream("rows")),
      rng: tableRng.stream("ranks"),
    };
  });
  // Everything is resolved now, so changing `options` later cannot change the stream.
  return generate({
    count: options.count,
    denseFeatures: options.dataset.denseFeatures,
    idsPerFeature: options.idsPerFeature ?? 1,
    tables,
    denseRng: root.stream("dense"),
    nextArrivalCycle: arrivalClock({ ...options.arrivals }, root),
  });
}

interface Plan {
  count: number;
  denseFeatures: number;
  idsPerFeature: number;
  tables: TableSource[];
  denseRng: Rng;
  nextArrivalCycle: (id: number) => number | null;
}

function* generate(plan: Plan): Generator<InferenceRequest> {
  const { count, denseFeatures, idsPerFeature, tables, denseRng, nextArrivalCycle } = plan;
  for (let id = 0; id < count; id++) {
    const arrivalCycle = nextArrivalCycle(id);
    const dense = Array.from({ length: denseFeatures }, () => denseValue(denseRng));
    const sparse = tables.map((table) =>
      Array.from({ length: idsPerFeature }, () =>
        table.rows.rowOf(table.ranks.sample(table.rng) - 1),
      ),
    );
    yield { id, arrivalCycle, dense, sparse };
  }
}

/** Arrival cycle of request `id`, called once per request in order. */
function arrivalClock(arrivals: ArrivalProcess, root: Rng): (id: number) => number | null {
  switch (arrivals.kind) {
    case "closed":
      return () => null;
    case "fixed":
      return (id) => id * arrivals.intervalCycles;
    case "poisson": {
      const rng = root.stream("arrivals");
      // Continuous time, rounded down per request: rounding each gap would bias the rate.
      let timeCycles = 0;
      return () => {
        timeCycles += rng.exponential(arrivals.meanIntervalCycles);
        return Math.floor(timeCycles);
      };
    }
  }
}

/** A log-normal count (see DENSE_LOG_MU); Box-Muller from two uniforms. */
function denseValue(rng: Rng): number {
  const radius = Math.sqrt(-2 * Math.log(1 - rng.float()));
  const z = radius * Math.cos(2 * Math.PI * rng.float());
  return Math.floor(Math.exp(DENSE_LOG_MU + DENSE_LOG_SIGMA * z));
}

/** Refuses bad options before any work, naming the option, its value and what was expected. */
function validate(options: SyntheticOptions): void {
  const need = (ok: boolean, key: string, value: unknown, expected: string): void => {
    if (ok) return;
    throw new InputError(`synthetic requests: ${key} = ${show(value)}: expected ${expected}`);
  };
  const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
  const isExponent = (s: unknown) => typeof s === "number" && Number.isFinite(s) && s >= 0;
  const rowsExpected = "an integer in [1, 2^53] (rows)";

  const { dataset, count, seed, zipfExponent, idsPerFeature, arrivals, maxRowsPerTable } = options;
  need(typeof dataset === "object" && dataset !== null, "dataset", dataset, "a DatasetDescriptor");
  const { denseFeatures, sparseFeatures: tables, tableRows } = dataset;
  need(isInt(denseFeatures, 0), "dataset.denseFeatures", denseFeatures, "an integer >= 0");
  need(isInt(tables, 0), "dataset.sparseFeatures", tables, "an integer >= 0");
  const rowsOk = Array.isArray(tableRows) && tableRows.length === tables;
  need(rowsOk, "dataset.tableRows", tableRows, `an array of ${tables} (one per sparse feature)`);
  tableRows.forEach((rows, t) => {
    need(isInt(rows, 1, MAX_ZIPF_RANKS), `dataset.tableRows[${t}]`, rows, rowsExpected);
  });
  need(isInt(count, 0), "count", count, "an integer >= 0 (requests)");
  need(isInt(seed, 0, 0xffffffff), "seed", seed, "an integer in [0, 2^32 - 1]");
  if (Array.isArray(zipfExponent)) {
    const expected = `a number or an array of ${tables} (one per table)`;
    need(zipfExponent.length === tables, "zipfExponent", zipfExponent, expected);
    zipfExponent.forEach((s, t) => {
      need(isExponent(s), `zipfExponent[${t}]`, s, "a finite number >= 0");
    });
  } else if (zipfExponent !== undefined) {
    need(isExponent(zipfExponent), "zipfExponent", zipfExponent, "a finite number >= 0");
  }
  if (idsPerFeature !== undefined) {
    need(isInt(idsPerFeature, 1), "idsPerFeature", idsPerFeature, "an integer >= 1 (ids)");
  }
  if (maxRowsPerTable !== undefined) {
    const capOk = isInt(maxRowsPerTable, 1, MAX_ZIPF_RANKS);
    need(capOk, "maxRowsPerTable", maxRowsPerTable, rowsExpected);
  }

  // Arrival cycles must stay exact integers: the last one is about count * interval.
  const maxCycles = Math.floor(Number.MAX_SAFE_INTEGER / 2 / Math.max(count, 1));
  if (arrivals?.kind === "fixed") {
    const interval = arrivals.intervalCycles;
    const expected = `an integer in [1, ${maxCycles}] (cycles)`;
    need(isInt(interval, 1, maxCycles), "arrivals.intervalCycles", interval, expected);
  } else if (arrivals?.kind === "poisson") {
    const mean = arrivals.meanIntervalCycles;
    const ok = typeof mean === "number" && mean > 0 && mean <= maxCycles;
    need(ok, "arrivals.meanIntervalCycles", mean, `a number in (0, ${maxCycles}] (cycles)`);
  } else {
    const ok = arrivals?.kind === "closed";
    need(ok, "arrivals", arrivals, `{ kind: "closed" | "fixed" | "poisson", ... }`);
  }
}

/** A value as the user wrote it: numbers as they print (NaN, Infinity), the rest as JSON. */
function show(value: unknown): string {
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}
