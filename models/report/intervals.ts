/** Busy intervals [start, end) of one unit, in cycles. */
export type Intervals = Array<[number, number]>;

/** Merges overlapping or touching intervals into a sorted, disjoint list. */
export function union(intervals: Intervals): Intervals {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Intervals = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

export function length(intervals: Intervals): number {
  return intervals.reduce((t, [s, e]) => t + (e - s), 0);
}

/** Cycles during which both (disjoint, sorted) interval lists are busy. */
export function overlapLength(a: Intervals, b: Intervals): number {
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]![0], b[j]![0]);
    const end = Math.min(a[i]![1], b[j]![1]);
    if (end > start) total += end - start;
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return total;
}

/** Cycles during which at least `k` of the units are busy (a sweep over all their interval ends). */
export function atLeastBusy(units: Intervals[], k: number): number {
  const edges: Array<[number, number]> = [];
  for (const list of units) {
    for (const [s, e] of union(list)) {
      edges.push([s, 1], [e, -1]);
    }
  }
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let busy = 0;
  let since = 0;
  let total = 0;
  for (const [t, delta] of edges) {
    if (busy >= k) total += t - since;
    busy += delta;
    since = t;
  }
  return total;
}
