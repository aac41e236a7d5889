/** A point to compare: larger throughput, smaller area and power are better. */
export interface ParetoPoint {
  throughput: number;
  areaMm2: number;
  powerW: number;
}

function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  const noWorse = a.throughput >= b.throughput && a.areaMm2 <= b.areaMm2 && a.powerW <= b.powerW;
  const better = a.throughput > b.throughput || a.areaMm2 < b.areaMm2 || a.powerW < b.powerW;
  return noWorse && better;
}

/** The points no other point dominates (throughput up, area and power down), in their input order. */
export function paretoFront<T extends ParetoPoint>(points: readonly T[]): T[] {
  return points.filter((p) => !points.some((q) => dominates(q, p)));
}
