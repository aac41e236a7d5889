/** The dense vector (the bottom MLP's output) as a driver: it is computed, never stored. */
export const DENSE = -1;

/**
 * Which stored vector each dot product of DLRM's interaction is computed on.
 * A pair (i, j) of embeddings needs one of them stored in a crossbar and the
 * other driven into its rows; the dense vector is never stored, so its 26
 * pairs (for Criteo) go to the embeddings. The embedding pairs are dealt as a
 * round-robin tournament so every embedding hosts about (n - 1) / 2 of them:
 * for i < j at distance d = j - i, j hosts the pair when 2d < n, i when
 * 2d > n, and at 2d = n (even n) j hosts it when i is even, i when odd.
 * Returns, per table, the drivers of the products it hosts, dense first.
 */
export function driversPerTarget(tables: number): number[][] {
  const drivers = Array.from({ length: tables }, () => [DENSE]);
  for (let i = 0; i < tables; i++) {
    for (let j = i + 1; j < tables; j++) {
      const twice = 2 * (j - i);
      const jHosts = twice < tables || (twice === tables && i % 2 === 0);
      if (jHosts) drivers[j]!.push(i);
      else drivers[i]!.push(j);
    }
  }
  return drivers;
}
