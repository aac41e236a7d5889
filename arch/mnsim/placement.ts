/**
 * Where MNSIM 2.0 puts a layer's tiles and how far its partial results
 * travel to be merged (Tile_connection_graph.py, Tile_Connection = 2).
 *
 * Tiles are handed out in the order of `generate_hui_matrix`: a spiral of
 * growing squares from the corner (0, 0). Tile k lies on the shell
 * s = floor(sqrt(k)), the tiles s^2 .. (s + 1)^2 - 1. An odd shell runs down
 * column s from row 0 to row s, then along row s back to column 0; an even
 * shell runs along row s from column 0 to column s, then up column s to
 * row 0. So the first n^2 tiles fill an n x n square, whatever the grid.
 */

/** Row and column of the k-th tile (k from 0) of MNSIM's spiral. */
export function spiralPosition(k: number): { row: number; column: number } {
  const s = Math.floor(Math.sqrt(k));
  const r = k - s * s; // 0 .. 2s along the shell
  const along = r <= s ? r : 2 * s - r;
  const onEdge = r <= s; // the first leg of the shell
  if (s % 2 === 1) return onEdge ? { row: along, column: s } : { row: s, column: along };
  return onEdge ? { row: s, column: along } : { row: along, column: s };
}

/**
 * MNSIM's `inLayer_distance` of the last layer of a net (calculate_transfer_distance):
 * the layer takes spiral tiles first .. first + tiles - 1, and its results
 * gather on the tile whose farthest fellow tile is nearest; the answer is
 * that farthest Manhattan distance, in hops. A one-layer net (first = 0)
 * is never placed by `mapping_net`, so it has 0 hops.
 *
 * Computed in O(tiles): with u = row + column and v = row - column the
 * Manhattan distance is max(|du|, |dv|), so a tile's farthest fellow lies at
 * an extreme of u or v.
 */
export function mergeHops(first: number, tiles: number): number {
  if (first === 0 || tiles <= 1) return 0;
  const u: number[] = [];
  const v: number[] = [];
  let [uMin, uMax, vMin, vMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let k = first; k < first + tiles; k++) {
    const { row, column } = spiralPosition(k);
    u.push(row + column);
    v.push(row - column);
    [uMin, uMax] = [Math.min(uMin, row + column), Math.max(uMax, row + column)];
    [vMin, vMax] = [Math.min(vMin, row - column), Math.max(vMax, row - column)];
  }
  let best = Infinity;
  for (let i = 0; i < u.length; i++) {
    const farthest = Math.max(u[i]! - uMin, uMax - u[i]!, v[i]! - vMin, vMax - v[i]!);
    best = Math.min(best, farthest);
  }
  return best;
}
