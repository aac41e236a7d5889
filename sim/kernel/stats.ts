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
 * width 1 (so whole numbers of cycles below 1024 are exact); above, each
 * power of two is split into 512 bins, so a bin is at most 1/512 (0.2 %) of
 * its value wide. A percentile is the nearest-rank sample's bin, reported as
 * the bin's lower edge clamped to the observed [min, max]. Count, sum, mean,
 * min and max are exact.
 */
export class Histogram implements Stat {
  private readonly bins: number[] = [];
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
    while (this.bins.length <= bin) this.bins.push(0);
    this.bins[bin]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /** The p-th percentile (0..100) by the nearest-rank method; NaN when empty. */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100]; got ${p}`);
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let bin = 0; bin < this.bins.length; bin++) {
      seen += this.bins[bin]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, lowerEdge(bin)));
    }
    return this.max;
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
    for (const p of this.reported) json[`p${p}`] = this.count > 0 ? this.percentile(p) : null;
    return json;
  }
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
