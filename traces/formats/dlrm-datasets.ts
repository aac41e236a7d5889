import { readJsonFile } from "../../sim/io/json-file";
import { InputError } from "../../sim/kernel/input-error";
import type { InferenceRequest } from "../request";
import { IntFile, type IntType } from "./int-file";

/**
 * The layout of facebookresearch/dlrm_datasets (an embedding-bag input as
 * FBGEMM takes it): for T tables and a batch of B samples, `indices` holds
 * every looked-up id, `offsets` (T B + 1 values) where sample b's bag of
 * table t starts, indices[offsets[t B + b] .. offsets[t B + b + 1]), table
 * by table, and `lengths` (T B values) each bag's size, for checking. Their
 * .pt files need PyTorch; we read the three arrays as JSON
 * ({"indices": [...], "offsets": [...], "lengths": [...] or [[...], ...]}) or
 * as raw little-endian integer files. Sample b is request b; ids are reduced
 * modulo the table rows.
 */
export interface EmbeddingBagSource {
  tables: number;
  batch: number;
  indices: (i: number) => number;
  offsets: (i: number) => number;
  lengths: ((i: number) => number) | null;
  describe: string;
}

export function embeddingBagsFromJson(path: string): EmbeddingBagSource {
  const json = readJsonFile(path) as Record<string, unknown>;
  const array = (key: string): number[] => {
    const value = json[key];
    if (!Array.isArray(value))
      throw new InputError(`${path}: /${key}: expected an array of integers`);
    const flat = (value as unknown[]).flat(2);
    flat.forEach((v, i) => {
      if (!Number.isSafeInteger(v))
        throw new InputError(`${path}: /${key}/${i} = ${JSON.stringify(v)}: expected an integer`);
    });
    return flat as number[];
  };
  const indices = array("indices");
  const offsets = array("offsets");
  const lengths = json.lengths === undefined ? null : array("lengths");
  const tables =
    Array.isArray(json.lengths) && Array.isArray((json.lengths as unknown[])[0])
      ? (json.lengths as unknown[]).length
      : null;
  return shape(
    path,
    indices.length,
    offsets.length,
    tables,
    (i) => indices[i]!,
    (i) => offsets[i]!,
    lengths && ((i) => lengths[i]!),
  );
}

export function embeddingBagsFromBinary(
  files: { indices: string; offsets: string; lengths?: string },
  type: IntType,
  tables: number,
): EmbeddingBagSource {
  const indices = new IntFile(files.indices, type);
  const offsets = new IntFile(files.offsets, type);
  const lengths = files.lengths === undefined ? null : new IntFile(files.lengths, type);
  return shape(
    files.offsets,
    indices.length,
    offsets.length,
    tables,
    (i) => indices.get(i),
    (i) => offsets.get(i),
    lengths && ((i) => lengths.get(i)),
  );
}

function shape(
  where: string,
  indexCount: number,
  offsetCount: number,
  tables: number | null,
  indices: (i: number) => number,
  offsets: (i: number) => number,
  lengths: ((i: number) => number) | null,
): EmbeddingBagSource {
  if (tables === null || tables < 1)
    throw new InputError(
      `${where}: the number of tables is unknown: give lengths as [tables][batch] or --tables`,
    );
  if ((offsetCount - 1) % tables !== 0 || offsetCount < 2) {
    throw new InputError(
      `${where}: ${offsetCount} offsets is not tables x batch + 1 for ${tables} tables`,
    );
  }
  const batch = (offsetCount - 1) / tables;
  if (offsets(offsetCount - 1) !== indexCount) {
    throw new InputError(
      `${where}: the last offset is ${offsets(offsetCount - 1)}; expected the number of indices, ${indexCount}`,
    );
  }
  return {
    tables,
    batch,
    indices,
    offsets,
    lengths,
    describe: `${tables} tables x ${batch} samples, ${indexCount} ids`,
  };
}

/** One request per sample, its bags as multi-hot ids (modulo each table's rows). */
export function* requestsFromEmbeddingBags(
  source: EmbeddingBagSource,
  tableRows: readonly number[],
  denseFeatures: number,
): Generator<InferenceRequest> {
  if (tableRows.length !== source.tables) {
    throw new InputError(`${source.describe}: the model's dataset has ${tableRows.length} tables`);
  }
  const B = source.batch;
  for (let b = 0; b < B; b++) {
    const sparse: number[][] = [];
    for (let t = 0; t < source.tables; t++) {
      const start = source.offsets(t * B + b);
      const end = source.offsets(t * B + b + 1);
      if (end < start)
        throw new InputError(
          `${source.describe}: offsets ${t * B + b} and ${t * B + b + 1} decrease (${start}, ${end})`,
        );
      if (source.lengths !== null && source.lengths(t * B + b) !== end - start) {
        throw new InputError(
          `${source.describe}: length ${t * B + b} is ${source.lengths(t * B + b)} but the offsets give ${end - start}`,
        );
      }
      const bag: number[] = [];
      for (let i = start; i < end; i++) bag.push(source.indices(i) % tableRows[t]!);
      sparse.push(bag);
    }
    yield { id: b, arrivalCycle: null, dense: new Array<number>(denseFeatures).fill(0), sparse };
  }
}
