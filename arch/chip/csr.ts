/** Index lists in one array: those of item i are `list[first[i]]` to `list[first[i + 1] - 1]`. */
export interface Csr {
  first: Int32Array;
  list: Int32Array;
}

/**
 * Lists of indices in 0..n-1, inverted: for each index, the lists that hold
 * it, ascending. Counts per index, summed up to where each run ends, then
 * each run filled from its end, last list first: runs come out ascending
 * and `first` ends at their starts. One allocation (typed arrays are costly
 * to create).
 */
export function invert(n: number, lists: readonly (readonly number[])[]): Csr {
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Int32Array(n + 1 + total);
  const first = all.subarray(0, n + 1);
  const list = all.subarray(n + 1);
  for (const l of lists) for (const t of l) first[t]!++;
  for (let t = 0; t < n; t++) first[t + 1]! += first[t]!;
  for (let j = lists.length - 1; j >= 0; j--) for (const t of lists[j]!) list[--first[t]!] = j;
  return { first, list };
}
