import type { Cycles } from "./time";

/** Anything that can tell the current cycle. */
export interface Clock {
  readonly now: Cycles;
}

/** A JSON-ready snapshot of one statistic; derived figures are computed when it is taken. */
export type StatJson = { unit: string; description: string } & Record<string, unknown>;

/** A named measurement, registered once and dumped as JSON with its unit. */
export interface Stat {
  readonly unit: string;
  readonly description: string;
  toJSON(): StatJson;
}

/** A plain count (events, bytes, conflicts). */
export class Counter implements Stat {
  value = 0;
  constructor(
    readonly unit: string,
    readonly description: string,
  ) {}

  add(amount = 1): void {
    this.value += amount;
  }

  toJSON(): StatJson {
    return { unit: this.unit, description: this.description, value: this.value };
  }
}

/**
 * A quantity that holds its value between changes (queue length, busy units):
 * its mean is weighted by how many cycles each value was held, measured from
 * the cycle the statistic was created.
 */
export class TimeWeighted implements Stat {
  private current = 0;
  private peak = 0;
  private since: Cycles;
  private area = 0;
  readonly startCycle: Cycles;

  constructor(
    protected readonly clock: Clock,
    readonly unit: string,
    readonly description: string,
  ) {
    this.startCycle = clock.now;
    this.since = clock.now;
  }

  get value(): number {
    return this.current;
  }

  set(value: number): void {
    const now = this.clock.now;
    this.area += this.current * (now - this.since);
    this.since = now;
    this.current = value;
    if (value > this.peak) this.peak = value;
  }

  add(delta: number): void {
    this.set(this.current + delta);
  }

  /** Sum over cycles of the value held (value x cycles), up to now. */
  integral(): number {
    return this.area + this.current * (this.clock.now - this.since);
  }

  elapsed(): Cycles {
    return this.clock.now - this.startCycle;
  }

  /** Time-weighted mean up to now; the current value if no time has passed. */
  mean(): number {
    const elapsed = this.elapsed();
    return elapsed > 0 ? this.integral() / elapsed : this.current;
  }

  toJSON(): StatJson {
    return {
      unit: this.unit,
      description: this.description,
      current: this.current,
      mean: this.mean(),
      max: this.peak,
      integral: this.integral(),
      elapsedCycles: this.elapsed(),
    };
  }
}

/** Busy units out of `capacity` identical units: utilisation = mean busy / capacity. */
export class Utilisation extends TimeWeighted {
  constructor(
    clock: Clock,
    readonly capacity: number,
    description: string,
  ) {
    super(clock, "units", description);
  }

  utilisation(): number {
    return this.mean() / this.capacity;
  }

  override toJSON(): StatJson {
    return {
      ...super.toJSON(),
      capacity: this.capacity,
      busyUnitCycles: this.integral(),
      utilisation: this.utilisation(),
    };
  }
}

/**
 * A distribution of non-negative values in bounded memory, with percentiles.
 *
 * Log-linear bins, as HdrHistogram uses: values below 1024 fall in bins of
 * width 1; above, each power of two is split into 512 bins, so a bin is at
 * most 1/512 (0.2 %) of its value wide. Count, sum, mean, min and max are
 * exact.
 *
 * The p-th percentile is the nearest-rank sample, rank ceil(p x count / 100)
 * (at least 1). Only its bin is stored, so it is estimated:
 * - rank 1 is `min` and rank `count` is `max`, which are stored exactly;
 * - any other rank, the k-th of the n samples in its bin, is placed at
 *   low + (k - 1/2) / n x (high - low), where [low, high] is the bin's
 *   extent: its range clamped to [min, max]. While every value recorded is a
 *   whole number, the range is the integers lower..upper - 1, so a bin below
 *   1024 has width 0 and whole numbers there come out exactly.
 * This midpoint rule gives each sample the middle of its own 1/n share of the
 * bin: it leans to neither edge, where the bin's lower edge (reported before)
 * biased every percentile low, enough to print p99 under the mean, and
 * interpolating the CDF puts a bin's last sample on its upper edge. A lone
 * sample sits at the bin's centre, half the worst error of either edge.
 *
 * The error is bounded: the true nearest-rank sample lies in
 * `percentileBounds(p)`, the extent above (a single point for ranks 1 and
 * `count`). p <= q gives percentile(p) <= percentile(q), since rank, bin and
 * place in the bin all rise with p and extents of successive bins do not
 * overlap; every percentile lies in [min, max].
 */
export class Histogram implements Stat {
  private readonly binCounts: number[] = [];
  /** All values so far are whole numbers, so a bin holds only the integers in its range. */
  private wholeNumbers = true;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(
    readonly unit: string,
    readonly description: string,
    /** Percentiles (0..100) written by `toJSON`. */
    readonly reported: readonly number[] = [50, 90, 99, 99.9],
  ) {}

  record(value: number): void {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new RangeError(
        `${this.description}: cannot record ${value}; values must be finite and >= 0`,
      );
    }
    const bin = binOf(value);
    while (this.binCounts.length <= bin) this.binCounts.push(0);
    this.binCounts[bin]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (!Number.isInteger(value)) this.wholeNumbers = false;
  }

  mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /**
   * The p-th percentile (0..100): the nearest-rank sample, interpolated in
   * its bin as the class comment states; NaN when empty.
   */
  percentile(p: number): number {
    const at = this.locate(p);
    if (at === null) return NaN;
    if (at.rank === 1) return this.min;
    if (at.rank === this.count) return this.max;
    const { low, high } = this.extent(at.bin);
    const estimate = low + ((at.k - 0.5) / at.n) * (high - low);
    // guards against rounding only: the estimate lies in [low, high] in exact arithmetic
    return Math.min(high, Math.max(low, estimate));
  }

  /**
   * The interval the true nearest-rank p-th percentile lies in, so a report
   * can say "p99 = X (within [low, high])"; NaNs when empty.
   */
  percentileBounds(p: number): { low: number; high: number } {
    const at = this.locate(p);
    if (at === null) return { low: NaN, high: NaN };
    if (at.rank === 1) return { low: this.min, high: this.min };
    if (at.rank === this.count) return { low: this.max, high: this.max };
    return this.extent(at.bin);
  }

  /**
   * The non-empty bins in order, each with the values its samples can take
   * (clamped to [min, max]) and how many it holds: the distribution itself,
   * for histograms and CDFs drawn from it.
   */
  bins(): Array<{ low: number; high: number; count: number }> {
    const out: Array<{ low: number; high: number; count: number }> = [];
    this.binCounts.forEach((count, bin) => {
      if (count > 0) out.push({ ...this.extent(bin), count });
    });
    return out;
  }

  toJSON(): StatJson {
    const json: StatJson = {
      unit: this.unit,
      description: this.description,
      count: this.count,
      sum: this.sum,
      mean: this.count > 0 ? this.mean() : null,
      min: this.count > 0 ? this.min : null,
      max: this.count > 0 ? this.max : null,
    };
    for (const p of this.reported) {
      const { low, high } = this.percentileBounds(p);
      json[`p${p}`] = this.count > 0 ? this.percentile(p) : null;
      json[`p${p}Bounds`] = this.count > 0 ? [low, high] : null;
    }
    return json;
  }

  /** The nearest-rank sample for p: its rank, its bin, and that it is the k-th of the bin's n. */
  private locate(p: number): { rank: number; bin: number; k: number; n: number } | null {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100]; got ${p}`);
    if (this.count === 0) return null;
    const rank = nearestRank(p, this.count);
    let seen = 0;
    for (let bin = 0; bin < this.binCounts.length; bin++) {
      const n = this.binCounts[bin]!;
      if (seen + n >= rank) return { rank, bin, k: rank - seen, n };
      seen += n;
    }
    throw new Error(`histogram '${this.description}' holds fewer than ${rank} samples`);
  }

  /** The values a bin's samples can take, clamped to [min, max]. */
  private extent(bin: number): { low: number; high: number } {
    const upper = lowerEdge(bin + 1);
    const top = this.wholeNumbers ? upper - 1 : upper;
    return { low: Math.max(this.min, lowerEdge(bin)), high: Math.min(this.max, top) };
  }
}

/**
 * ceil(p x count / 100), at least 1. A decimal p such as 1.1 is not exact in
 * binary, so a product within rounding error of a whole rank is that rank
 * (1.1 % of 3000 is the 33rd sample, not the 34th); multiplying before
 * dividing keeps whole products exact (7 % of 100 is the 7th).
 */
function nearestRank(p: number, count: number): number {
  const exact = (p * count) / 100;
  const whole = Math.round(exact);
  const rank = Math.abs(exact - whole) <= 1e-12 * Math.max(1, exact) ? whole : Math.ceil(exact);
  return Math.min(count, Math.max(1, rank));
}

const EXACT_BELOW = 1024;
const BINS_PER_OCTAVE = 512;

function binOf(value: number): number {
  if (value < EXACT_BELOW) return Math.floor(value);
  // value / 2^shift lies in [512, 1024)
  const shift = (value < 2 ** 32 ? 31 - Math.clz32(value) : Math.floor(Math.log2(value))) - 9;
  const mantissa = Math.floor(value / 2 ** shift);
  return EXACT_BELOW + (shift - 1) * BINS_PER_OCTAVE + (mantissa - BINS_PER_OCTAVE);
}

function lowerEdge(bin: number): number {
  if (bin < EXACT_BELOW) return bin;
  const offset = bin - EXACT_BELOW;
  const shift = Math.floor(offset / BINS_PER_OCTAVE) + 1;
  return (BINS_PER_OCTAVE + (offset % BINS_PER_OCTAVE)) * 2 ** shift;
}

/** A statistic summed over a subtree of the component tree. */
export interface StatTotal {
  unit: string;
  /** Counters: the sum of their values; time-weighted quantities: of their integrals. */
  sum: number;
  /** How many statistics were summed. */
  count: number;
  /** Utilisations: the summed capacity (units), so that sum / (capacity x cycles) is the subtree's. */
  capacity?: number;
}

/** The statistics of one component, nested like the component tree. */
export class StatGroup {
  private readonly stats = new Map<string, Stat>();
  private readonly children = new Map<string, StatGroup>();

  constructor(readonly path: string) {}

  /** Registers `stat` under `name`; a name is registered once per group. */
  add<S extends Stat>(name: string, stat: S): S {
    if (name === "totals") throw new Error(`'totals' is reserved for roll-ups (${this.path})`);
    if (this.stats.has(name) || this.children.has(name)) {
      throw new Error(`statistic '${this.qualify(name)}' is registered twice`);
    }
    this.stats.set(name, stat);
    return stat;
  }

  /** The child group of that name, if there is one. */
  group(name: string): StatGroup | undefined {
    return this.children.get(name);
  }

  /** The child group for a sub-component. */
  child(name: string): StatGroup {
    if (name === "totals") throw new Error(`'totals' is reserved for roll-ups (${this.path})`);
    if (this.stats.has(name) || this.children.has(name)) {
      throw new Error(`'${this.qualify(name)}' is registered twice`);
    }
    const group = new StatGroup(this.qualify(name));
    this.children.set(name, group);
    return group;
  }

  /** Nested JSON: `{ fifo: { occupancy: { unit, description, mean, ... } } }`. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {};
    for (const [name, stat] of this.stats) json[name] = stat.toJSON();
    for (const [name, group] of this.children) json[name] = group.toJSON();
    return json;
  }

  /**
   * The subtree's totals by statistic name, as gem5 and Ramulator roll
   * statistics up their component trees: every counter's value and every
   * time-weighted quantity's integral (with the capacity of utilisations)
   * in this group and below, summed per name. Histograms are not summed.
   */
  totals(into: Record<string, StatTotal> = {}): Record<string, StatTotal> {
    for (const [name, stat] of this.stats) {
      const value =
        stat instanceof Counter
          ? stat.value
          : stat instanceof TimeWeighted
            ? stat.integral()
            : null;
      if (value === null) continue;
      const t = (into[name] ??= { unit: stat.unit, sum: 0, count: 0 });
      t.sum += value;
      t.count++;
      if (stat instanceof Utilisation) t.capacity = (t.capacity ?? 0) + stat.capacity;
    }
    for (const group of this.children.values()) group.totals(into);
    return into;
  }

  /** Nested JSON with each group's subtree totals beside its statistics, under "totals". */
  toJSONWithTotals(): Record<string, unknown> {
    const json: Record<string, unknown> = {};
    for (const [name, stat] of this.stats) json[name] = stat.toJSON();
    for (const [name, group] of this.children) json[name] = group.toJSONWithTotals();
    if (this.children.size > 0) json.totals = this.totals();
    return json;
  }

  /** Flat map from dotted path (`tile3.dp.xbar.busyCycles`) to the stat's JSON. */
  flatten(into: Record<string, StatJson> = {}): Record<string, StatJson> {
    for (const [name, stat] of this.stats) into[this.qualify(name)] = stat.toJSON();
    for (const group of this.children.values()) group.flatten(into);
    return into;
  }

  private qualify(name: string): string {
    return this.path === "" ? name : `${this.path}.${name}`;
  }
}
