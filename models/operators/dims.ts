/** One value per embedding position: what a sparse value is made of, e wide. */
export function perDimension<T>(e: number, f: (d: number) => T): T[] {
  return Array.from({ length: e }, (_, d) => f(d));
}
