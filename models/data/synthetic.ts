import { InputError } from "../../sim/kernel/input-error";
import { Rng } from "../../sim/kernel/rng";
import { DEFAULT_ZIPF_EXPONENT } from "../../traces/synthetic";
import { ZipfSampler } from "../../traces/zipf";
import { datasets, type DatasetDescriptor, type DatasetName } from "../../traces/datasets";
import type { CtrExample } from "./ctr-example";

export interface SyntheticCtrOptions {
  /** Seeds the planted model and the example streams. */
  seed: number;
  /**
   * A real data set's layout (its dense and sparse feature counts, its name,
   * its tables capped at `layoutTableCap` rows): rows a model of that data set
   * takes as they are. Default: the small layout below.
   */
  layout?: DatasetName;
  /** Rows per table at most with `layout` (default 10,000; a planted model per row). */
  layoutTableCap?: number;
  denseFeatures?: number;
  sparseFeatures?: number;
  /** Rows per table, row 0 (missing) included and never drawn (default 100). */
  tableRows?: number | number[];
  /** Zipf exponent of id popularity (default 1.05, traces/synthetic.ts's). */
  zipfExponent?: number;
  /** Width of the planted latent factors (default 4). */
  latentDim?: number;
  /** Pairs of sparse features whose latent factors interact (default (0,1), (2,3), ...). */
  sparsePairs?: Array<[number, number]>;
  /** (dense feature, sparse feature) pairs that interact (default (0,0), (1,2), ...). */
  denseSparsePairs?: Array<[number, number]>;
  /** Standard deviations of the logit's parts (defaults 0.3, 1.2, 0.8) and its bias (-1.3). */
  firstOrderScale?: number;
  pairwiseScale?: number;
  denseSparseScale?: number;
  bias?: number;
}

/** A synthetic example with the planted model's logit and its parts. */
export interface SyntheticExample extends CtrExample {
  logit: number;
  parts: LogitParts;
}

export interface LogitParts {
  firstOrder: number;
  pairwise: number;
  denseSparse: number;
}

/** Table rows at most in a real set's layout: enough for Zipf's long tail, small enough to plant. */
export const DEFAULT_LAYOUT_TABLE_CAP = 10_000;

/**
 * `--data` names of synthetic rows: "synthetic" (the small layout) or
 * "synthetic-criteo", "synthetic-avazu", "synthetic-kdd" (that set's layout).
 * Returns the layout asked for ("small" for plain synthetic), or null for a file.
 */
export function syntheticLayoutOf(data: string): DatasetName | "small" | null {
  if (data === "synthetic") return "small";
  const m = /^synthetic-(criteo|avazu|kdd)$/.exec(data);
  return m === null ? null : (m[1] as DatasetName);
}

/**
 * Centre of log(1 + x) for the dense features: x = floor(exp(mu + sigma z)),
 * z standard normal, so log(1 + x) is close to mu + sigma z (median 12).
 */
export const SYNTHETIC_DENSE_MU = 2.5;
const DENSE_SIGMA = 1;

/**
 * CTR rows from a known logistic model with planted interactions:
 *
 *   logit = bias + sum_f w_f[i_f]                                  (first order)
 *         + sum_{(f,g)} <u_f[i_f], u_g[i_g]> * c2                   (sparse-sparse)
 *         + sum_{(k,f)} t_k * v_f[i_f] * c3                         (dense-sparse)
 *
 * with ids i_f Zipf-distributed over rows 1..N_f - 1, t_k = log(1 + x_k) -
 * mu the centred transformed dense feature (what the model sees after
 * NASRec's transform), w, u, v independent standard normals scaled so that
 * each part has the standard deviation asked for, and label ~
 * Bernoulli(sigmoid(logit)). The pairwise parts are products of two
 * features' factors: no function of one feature alone can express them, so
 * a model whose sparse inputs never meet (FC alone) misses them, while FM
 * and DP compute exactly such products.
 */
export class SyntheticCtr {
  readonly dataset: DatasetDescriptor;
  readonly denseFeatures: number;
  readonly sparseFeatures: number;
  readonly latentDim: number;
  readonly sparsePairs: ReadonlyArray<[number, number]>;
  readonly denseSparsePairs: ReadonlyArray<[number, number]>;
  readonly bias: number;
  /** Per table, per row: w_f. */
  readonly firstOrder: Float64Array[];
  /** Per table, rows x latentDim: u_f. */
  readonly factors: Float64Array[];
  /** Per table, per row: v_f. */
  readonly denseCoefficients: Float64Array[];
  private readonly samplers: ZipfSampler[];
  private readonly scales: { first: number; pair: number; denseSparse: number };

  constructor(readonly options: SyntheticCtrOptions) {
    const real = options.layout === undefined ? undefined : datasets[options.layout];
    const cap = options.layoutTableCap ?? DEFAULT_LAYOUT_TABLE_CAP;
    check(Number.isInteger(cap) && cap >= 2, "layoutTableCap an integer >= 2");
    this.denseFeatures = options.denseFeatures ?? real?.denseFeatures ?? 2;
    this.sparseFeatures = options.sparseFeatures ?? real?.sparseFeatures ?? 4;
    this.latentDim = options.latentDim ?? 4;
    const rows = options.tableRows ?? real?.tableRows.map((n) => Math.min(n, cap)) ?? 30;
    const tableRows = Array.isArray(rows)
      ? rows
      : new Array<number>(this.sparseFeatures).fill(rows);
    check(tableRows.length === this.sparseFeatures, "one table size per sparse feature");
    check(
      tableRows.every((n) => Number.isInteger(n) && n >= 2),
      "table sizes >= 2",
    );
    const F = this.sparseFeatures;
    const D = this.denseFeatures;
    this.sparsePairs =
      options.sparsePairs ??
      Array.from({ length: Math.floor(F / 2) }, (_, p) => [2 * p, 2 * p + 1] as [number, number]);
    this.denseSparsePairs =
      options.denseSparsePairs ??
      Array.from({ length: Math.min(D, F) }, (_, k) => [k, (2 * k) % F] as [number, number]);
    for (const [f, g] of this.sparsePairs) check(f < F && g < F && f !== g, "sparse pairs");
    for (const [k, f] of this.denseSparsePairs) check(k < D && f < F, "dense-sparse pairs");
    this.bias = options.bias ?? -1.3;
    this.scales = {
      first: (options.firstOrderScale ?? 0.3) / Math.sqrt(Math.max(1, F)),
      pair:
        (options.pairwiseScale ?? 1.2) /
        Math.sqrt(Math.max(1, this.sparsePairs.length) * this.latentDim),
      denseSparse:
        (options.denseSparseScale ?? 0.8) / Math.sqrt(Math.max(1, this.denseSparsePairs.length)),
    };
    this.dataset = {
      // In a real set's layout the rows carry its name, so its models (nasrec-criteo) take them.
      name: real?.name ?? "synthetic",
      description:
        `synthetic CTR rows (seed ${options.seed}): ${D} dense, ${F} sparse features` +
        (real === undefined ? "" : ` in ${real.name}'s layout, tables capped at ${cap} rows`),
      denseFeatures: D,
      sparseFeatures: F,
      tableRows,
      source: "models/data/synthetic.ts: a planted logistic model with Zipf ids",
    };
    const rng = new Rng(options.seed).stream("planted-model");
    const normals = (n: number) => Float64Array.from({ length: n }, () => gaussian(rng));
    this.firstOrder = tableRows.map((n) => normals(n));
    this.factors = tableRows.map((n) => normals(n * this.latentDim));
    this.denseCoefficients = tableRows.map((n) => normals(n));
    const exponent = options.zipfExponent ?? DEFAULT_ZIPF_EXPONENT;
    this.samplers = tableRows.map((n) => new ZipfSampler(n - 1, exponent));
  }

  /** `count` examples of the stream named `stream` ("train", "validation", ...), lazily. */
  *examples(count: number, stream = "train"): Generator<SyntheticExample> {
    const rng = new Rng(this.options.seed).stream(`examples:${stream}`);
    for (let n = 0; n < count; n++) {
      const dense = Array.from({ length: this.denseFeatures }, () =>
        Math.floor(Math.exp(SYNTHETIC_DENSE_MU + DENSE_SIGMA * gaussian(rng))),
      );
      // Rank r (1 = most popular) is row r: row 0 stays the missing-value row.
      const sparse = this.samplers.map((zipf) => zipf.sample(rng));
      const parts = this.logitParts(dense, sparse);
      const logit = this.bias + parts.firstOrder + parts.pairwise + parts.denseSparse;
      const label: 0 | 1 = rng.float() < sigmoid(logit) ? 1 : 0;
      yield { label, dense, sparse, logit, parts };
    }
  }

  /** The planted logit's parts for raw dense values and embedding rows. */
  logitParts(dense: readonly number[], sparse: readonly number[]): LogitParts {
    let firstOrder = 0;
    sparse.forEach((row, f) => (firstOrder += this.firstOrder[f]![row]!));
    let pairwise = 0;
    const r = this.latentDim;
    for (const [f, g] of this.sparsePairs) {
      const u = this.factors[f]!;
      const v = this.factors[g]!;
      const i = sparse[f]! * r;
      const j = sparse[g]! * r;
      for (let d = 0; d < r; d++) pairwise += u[i + d]! * v[j + d]!;
    }
    let denseSparse = 0;
    for (const [k, f] of this.denseSparsePairs) {
      denseSparse += centredDense(dense[k]!) * this.denseCoefficients[f]![sparse[f]!]!;
    }
    return {
      firstOrder: firstOrder * this.scales.first,
      pairwise: pairwise * this.scales.pair,
      denseSparse: denseSparse * this.scales.denseSparse,
    };
  }
}

/** t = log(1 + x) - mu: the transformed dense feature, centred. */
export function centredDense(raw: number): number {
  return Math.log1p(Math.max(0, raw)) - SYNTHETIC_DENSE_MU;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A standard normal by Box-Muller (one of the pair). */
function gaussian(rng: Rng): number {
  const u = 1 - rng.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new InputError(`synthetic CTR data: bad option: expected ${what}`);
}
