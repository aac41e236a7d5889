import type { Program } from "../../arch/chip/program";
import { InputError } from "../../sim/kernel/input-error";
import type { InferenceRequest } from "../../traces/request";
import type { ModelGraph } from "../spec/model-spec";

/** The first n items. */
export function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const item of items) {
    yield item;
    if (++i >= n) return;
  }
}

/** The same requests with their arrival times dropped: a closed loop. */
export function* closedLoop(requests: Iterable<InferenceRequest>): Generator<InferenceRequest> {
  for (const r of requests) yield { ...r, arrivalCycle: null };
}

/** Refuses a request whose layout or ids do not fit the model's dataset, naming the request. */
export function* checked(
  requests: Iterable<InferenceRequest>,
  graph: ModelGraph,
): Generator<InferenceRequest> {
  const { denseFeatures, sparseFeatures, tableRows, name } = graph.dataset;
  for (const r of requests) {
    if (r.dense.length !== denseFeatures || r.sparse.length !== sparseFeatures) {
      throw new InputError(
        `request ${r.id}: ${r.dense.length} dense and ${r.sparse.length} sparse features; ` +
          `the model's dataset ${name} has ${denseFeatures} and ${sparseFeatures}`,
      );
    }
    r.sparse.forEach((ids, f) => {
      for (const id of ids) {
        if (!(Number.isSafeInteger(id) && id >= 0 && id < tableRows[f]!)) {
          throw new InputError(
            `request ${r.id}: sparse feature ${f}: row id ${id} out of range [0, ${tableRows[f]})`,
          );
        }
      }
    });
    yield r;
  }
}

export /** Access counts per stored row (ids hashed as the memory tiles store them). */
function storedRowProfile(
  requests: Iterable<InferenceRequest>,
  program: Program,
): Array<Map<number, number>> {
  const counts = program.tables.map(() => new Map<number, number>());
  for (const request of requests) {
    request.sparse.forEach((ids, f) => {
      const table = program.tables[f]!;
      for (const id of ids) {
        const row = id % table.storedRows;
        counts[f]!.set(row, (counts[f]!.get(row) ?? 0) + 1);
      }
    });
  }
  return counts;
}
