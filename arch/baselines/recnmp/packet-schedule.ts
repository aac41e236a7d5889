import type { InferenceRequest } from "../../../traces/request";

/** One embedding lookup of a batch, in the order its packet goes out. */
export interface Lookup {
  /** Index of the request within its batch. */
  request: number;
  table: number;
  row: number;
  /** RecNMP's LocalityBit: the rank-NMP may cache this vector (otherwise it bypasses the cache). */
  cacheable: boolean;
}

/**
 * Splits `requests` into batches of `batchRequests`, checking that each has
 * one id list per table (the ids themselves are checked when mapped).
 */
export function* requestBatches(
  requests: Iterable<InferenceRequest>,
  batchRequests: number,
  tables: number,
): Generator<InferenceRequest[]> {
  let batch: InferenceRequest[] = [];
  for (const request of requests) {
    if (!Array.isArray(request.sparse) || request.sparse.length !== tables) {
      throw new Error(
        `request ${request.id}: sparse has ${request.sparse?.length} id lists; the workload has ` +
          `${tables} tables`,
      );
    }
    batch.push(request);
    if (batch.length === batchRequests) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The packet order of a batch. Table-aware scheduling (RecNMP) sends all the
 * batch's lookups of table 0, then of table 1, ..., so reuse of a table's hot
 * rows across requests falls close together in time; otherwise request by
 * request, each request's tables in order (the baseline's order).
 */
export function orderLookups(batch: readonly InferenceRequest[], tableAware: boolean): Lookup[] {
  const lookups: Lookup[] = [];
  const tables = batch[0]?.sparse.length ?? 0;
  const push = (request: number, table: number): void => {
    for (const row of batch[request]!.sparse[table]!) {
      lookups.push({ request, table, row, cacheable: true });
    }
  };
  if (tableAware) {
    for (let table = 0; table < tables; table++) {
      for (let request = 0; request < batch.length; request++) push(request, table);
    }
  } else {
    for (let request = 0; request < batch.length; request++) {
      for (let table = 0; table < tables; table++) push(request, table);
    }
  }
  return lookups;
}

/**
 * Hot-entry profiling (RecNMP): before the batch is issued, software counts
 * how often each (table, row) occurs in it and sets the LocalityBit of the
 * ids used at least `threshold` times; the others bypass the RankCache, so
 * one-off vectors do not evict reusable ones.
 */
export function markHotEntries(lookups: Lookup[], threshold: number): void {
  const counts = new Map<number, Map<number, number>>();
  for (const { table, row } of lookups) {
    let perTable = counts.get(table);
    if (perTable === undefined) counts.set(table, (perTable = new Map()));
    perTable.set(row, (perTable.get(row) ?? 0) + 1);
  }
  for (const lookup of lookups) {
    lookup.cacheable = counts.get(lookup.table)!.get(lookup.row)! >= threshold;
  }
}
