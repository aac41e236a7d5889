import { InputError } from "../../../sim/kernel/input-error";

/**
 * Where the stored embedding vectors live: each unit (one segment of one
 * stored row) has one or more copies, each in a slot of a crossbar; crossbar
 * c belongs to engine floor(c / crossbarsPerEngine).
 */
export interface Placement {
  engines: number;
  crossbars: number;
  crossbarsPerEngine: number;
  slotsPerCrossbar: number;
  /** The crossbars holding a copy of `unit`, first copy first. */
  copiesOf(unit: number): readonly number[];
  /** Units with more than one copy, and the copies beyond the first over all units. */
  replicatedUnits: number;
  extraCopies: number;
  maxCopies: number;
  /** Slots holding a copy (units + extra copies); the rest are empty. */
  usedSlots: number;
}

export interface PlacementShape {
  /** Units per table, tables in order; unit indices run table after table. */
  tableUnits: number[];
  units: number;
  slotsPerCrossbar: number;
  crossbarsPerEngine: number;
  /** Engines built; null: as many as `units` x (1 + spare) slots need. */
  engines: number | null;
  spareSlotFraction: number;
}

function engineCount(s: PlacementShape, name: string, crossbarsNeeded: number): number {
  const perEngine = s.slotsPerCrossbar * s.crossbarsPerEngine;
  const needed = Math.ceil(crossbarsNeeded / s.crossbarsPerEngine);
  if (s.engines === null) {
    const withSpare = Math.ceil(
      (crossbarsNeeded * (1 + s.spareSlotFraction)) / s.crossbarsPerEngine,
    );
    return Math.max(1, withSpare);
  }
  if (s.engines < needed) {
    throw new InputError(
      `${name}: ${s.engines} engines hold ${s.engines * perEngine} vector slots; ` +
        `the tables need ${s.units} (at least ${needed} engines)`,
    );
  }
  return s.engines;
}

/**
 * The naive mapping: each table on crossbars of its own (as a DNN accelerator
 * gives each layer its own crossbars), its units in row order, one copy.
 */
export function inOrderPlacement(s: PlacementShape, name: string): Placement {
  const unitStart: number[] = [];
  const crossbarStart: number[] = [];
  let units = 0;
  let crossbarsNeeded = 0;
  for (const count of s.tableUnits) {
    unitStart.push(units);
    crossbarStart.push(crossbarsNeeded);
    units += count;
    crossbarsNeeded += Math.ceil(count / s.slotsPerCrossbar);
  }
  const engines = engineCount(s, name, crossbarsNeeded);
  const copies = new Map<number, number[]>();
  return {
    engines,
    crossbars: engines * s.crossbarsPerEngine,
    crossbarsPerEngine: s.crossbarsPerEngine,
    slotsPerCrossbar: s.slotsPerCrossbar,
    copiesOf: (unit) => {
      let list = copies.get(unit);
      if (list === undefined) {
        let t = unitStart.length - 1;
        while (unitStart[t]! > unit) t--;
        list = [crossbarStart[t]! + Math.floor((unit - unitStart[t]!) / s.slotsPerCrossbar)];
        copies.set(unit, list);
      }
      return list;
    },
    replicatedUnits: 0,
    extraCopies: 0,
    maxCopies: 1,
    usedSlots: s.units,
  };
}

/**
 * ReREC's access-aware mapping, as modelled here (the paper's algorithm is not
 * public in detail; this follows its abstract: replicate frequently accessed
 * vectors, balance load across engines, pack the rest):
 *
 * 1. A unit's load is its access count in the profile. The fair share of one
 *    crossbar is the total load over the crossbars built.
 * 2. A unit gets copies = min(maxReplicas, ceil(load / fair share)), fewer if
 *    the spare slots run out (hottest units first).
 * 3. Copies are placed hottest unit first (longest-processing-time greedy),
 *    each on the least-loaded crossbar with a free slot, the copies of one unit
 *    on distinct crossbars; among equally loaded crossbars the order visits
 *    every engine before a second crossbar of any engine, so copies spread over
 *    engines (and their ADCs) first. A copy adds load / copies to its crossbar.
 * 4. Units the profile never saw are packed into the remaining slots in the
 *    order they are first accessed (crossbar by crossbar).
 */
export function accessAwarePlacement(
  s: PlacementShape,
  loads: ReadonlyMap<number, number>,
  maxReplicas: number,
  name: string,
): Placement {
  const engines = engineCount(s, name, Math.ceil(s.units / s.slotsPerCrossbar));
  const K = s.crossbarsPerEngine;
  const crossbars = engines * K;
  const used = new Int32Array(crossbars);
  const load = new Float64Array(crossbars);
  const tie = (c: number) => (c % K) * engines + ((c / K) | 0);
  const heap = new CrossbarHeap(load, tie);
  for (let c = 0; c < crossbars; c++) heap.push(c);
  const hot = [...loads.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const total = hot.reduce((sum, [, l]) => sum + l, 0);
  const fair = total / crossbars;
  let spare = crossbars * s.slotsPerCrossbar - s.units;
  const copies = new Map<number, number[]>();
  let replicatedUnits = 0;
  let maxCopies = 1;
  for (const [unit, unitLoad] of hot) {
    const wanted = Math.min(maxReplicas, crossbars, Math.max(1, Math.ceil(unitLoad / fair)));
    const count = Math.min(wanted, 1 + spare, heap.size);
    spare -= count - 1;
    const taken: number[] = [];
    for (let k = 0; k < count; k++) taken.push(heap.pop());
    for (const c of taken) {
      used[c]!++;
      load[c]! += unitLoad / count;
      if (used[c]! < s.slotsPerCrossbar) heap.push(c);
    }
    copies.set(unit, taken);
    if (count > 1) replicatedUnits++;
    maxCopies = Math.max(maxCopies, count);
  }
  const extraCopies = [...copies.values()].reduce((n, list) => n + list.length - 1, 0);
  let cursor = 0;
  return {
    engines,
    crossbars,
    crossbarsPerEngine: K,
    slotsPerCrossbar: s.slotsPerCrossbar,
    copiesOf: (unit) => {
      let list = copies.get(unit);
      if (list === undefined) {
        while (used[cursor]! >= s.slotsPerCrossbar) cursor++; // room is guaranteed by engineCount
        used[cursor]!++;
        list = [cursor];
        copies.set(unit, list);
      }
      return list;
    },
    replicatedUnits,
    extraCopies,
    maxCopies,
    usedSlots: s.units + extraCopies,
  };
}

/** A binary min-heap of crossbars by (load, tie order): deterministic. */
class CrossbarHeap {
  private readonly items: number[] = [];

  constructor(
    private readonly load: Float64Array,
    private readonly tie: (c: number) => number,
  ) {}

  private less(a: number, b: number): boolean {
    const la = this.load[a]!;
    const lb = this.load[b]!;
    return la < lb || (la === lb && this.tie(a) < this.tie(b));
  }

  get size(): number {
    return this.items.length;
  }

  push(c: number): void {
    const items = this.items;
    items.push(c);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    if (top === undefined) throw new Error("placement: no crossbar has a free slot");
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}
