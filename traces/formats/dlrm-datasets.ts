import { parseJson } from "../../sim/io/json-file";
import { InputError } from "../../sim/kernel/input-error";
import type { InferenceRequest } from "../request";
import { traceFileOf, type TraceFile, type TraceInput } from "../trace-file";
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
 * modulo the table rows. Every error names the file (and the array and
 * position) it is about.
 */
export interface EmbeddingBagSource {
  tables: number;
  batch: number;
  indices: (i: number) => number;
  offsets: (i: number) => number;
  lengths: ((i: number) => number) | null;
  /** The file holding each array, for messages. */
  files: { indices: string; offsets: string; lengths: string | null };
  describe: string;
}

/** The largest bags file read as JSON (a larger one: the raw integer files, dlrm-bags-bin). */
export const MAX_BAGS_JSON_BYTES = 256 << 20;

/**
 * Reads bags from JSON. The number of tables is `lengths`' when it is given
 * as [tables][batch] (`tables`, when given too, must agree), else `tables`,
 * else `fallbackTables` (the model's sparse features).
 */
export function embeddingBagsFromJson(
  input: TraceInput,
  tables?: number,
  fallbackTables?: number,
): EmbeddingBagSource {
  const file = traceFileOf(input);
  const path = file.name;
  const json = parseJson(readBounded(file), path);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InputError(`${path}: expected an object {"indices", "offsets", "lengths"}`);
  }
  const record = json as Record<string, unknown>;
  const array = (key: string): number[] => {
    const value = record[key];
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
  const lengths = record.lengths === undefined ? null : array("lengths");
  const nested = Array.isArray(record.lengths) && Array.isArray(record.lengths[0]);
  const given = nested ? (record.lengths as unknown[]).length : null;
  if (given !== null && tables !== undefined && given !== tables) {
    throw new InputError(
      `${path}: /lengths has ${given} tables, but ${tables} tables were asked for (--tables)`,
    );
  }
  return shape(
    { indices: path, offsets: path, lengths: lengths === null ? null : path },
    { indices: indices.length, offsets: offsets.length },
    given ?? tables ?? fallbackTables ?? null,
    (i) => indices[i]!,
    (i) => offsets[i]!,
    lengths && ((i) => lengths[i]!),
  );
}

/** The whole file as text, refusing one larger than MAX_BAGS_JSON_BYTES (or endless: /dev/zero). */
function readBounded(file: TraceFile): string {
  const pass = file.open();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const buffer = Buffer.alloc(1 << 20);
      const n = pass.read(buffer);
      if (n === 0) break;
      size += n;
      if (size > MAX_BAGS_JSON_BYTES) {
        throw new InputError(
          `${file.name}: more than ${MAX_BAGS_JSON_BYTES >> 20} MiB of JSON: write the arrays as raw integer files (--format dlrm-bags-bin)`,
        );
      }
      chunks.push(buffer.subarray(0, n));
    }
  } finally {
    pass.close();
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function embeddingBagsFromBinary(
  files: { indices: TraceInput; offsets: TraceInput; lengths?: TraceInput },
  type: IntType,
  tables: number,
): EmbeddingBagSource {
  const indices = new IntFile(files.indices, type);
  const offsets = new IntFile(files.offsets, type);
  const lengths = files.lengths === undefined ? null : new IntFile(files.lengths, type);
  return shape(
    { indices: indices.path, offsets: offsets.path, lengths: lengths?.path ?? null },
    { indices: indices.length, offsets: offsets.length },
    tables,
    (i) => indices.get(i),
    (i) => offsets.get(i),
    lengths && ((i) => lengths.get(i)),
  );
}

function shape(
  files: EmbeddingBagSource["files"],
  counts: { indices: number; offsets: number },
  tables: number | null,
  indices: (i: number) => number,
  offsets: (i: number) => number,
  lengths: ((i: number) => number) | null,
): EmbeddingBagSource {
  const where = files.offsets;
  if (tables === null || !(Number.isSafeInteger(tables) && tables >= 1))
    throw new InputError(
      `${where}: the number of tables is unknown: give lengths as [tables][batch] or --tables T`,
    );
  if ((counts.offsets - 1) % tables !== 0 || counts.offsets < 2) {
    throw new InputError(
      `${where}: ${counts.offsets} offsets is not tables x batch + 1 for ${tables} tables`,
    );
  }
  const batch = (counts.offsets - 1) / tables;
  const last = offsets(counts.offsets - 1);
  if (last !== counts.indices) {
    throw new InputError(
      `${where}: the last offset is ${last}; expected the number of indices, ${counts.indices}${files.indices === where ? "" : ` (${files.indices})`}`,
    );
  }
  const describe = `${tables} tables x ${batch} samples, ${counts.indices} ids`;
  return { tables, batch, indices, offsets, lengths, files, describe };
}

/** One request per sample, its bags as multi-hot ids (modulo each table's rows). */
export function* requestsFromEmbeddingBags(
  source: EmbeddingBagSource,
  tableRows: readonly number[],
  denseFeatures: number,
): Generator<InferenceRequest> {
  const { files } = source;
  if (tableRows.length !== source.tables) {
    throw new InputError(
      `${files.offsets}: bags of ${source.tables} tables (${source.describe}); the model's dataset has ${tableRows.length} tables`,
    );
  }
  const B = source.batch;
  const ids = source.offsets(B * source.tables);
  for (let b = 0; b < B; b++) {
    const sparse: number[][] = [];
    for (let t = 0; t < source.tables; t++) {
      const i = t * B + b;
      const [start, end] = [source.offsets(i), source.offsets(i + 1)];
      if (!(start >= 0 && start <= end && end <= ids))
        throw new InputError(
          `${files.offsets}: offsets[${i}] = ${start}, offsets[${i + 1}] = ${end}: expected 0 <= offsets[${i}] <= offsets[${i + 1}] <= ${ids} (the number of indices)`,
        );
      if (source.lengths !== null && source.lengths(i) !== end - start) {
        throw new InputError(
          `${files.lengths}: lengths[${i}] = ${source.lengths(i)}, but the offsets give ${end - start}`,
        );
      }
      const bag: number[] = [];
      for (let k = start; k < end; k++) {
        const id = source.indices(k);
        if (id < 0)
          throw new InputError(
            `${files.indices}: indices[${k}] = ${id}: a negative id is not allowed`,
          );
        bag.push(id % tableRows[t]!);
      }
      sparse.push(bag);
    }
    yield { id: b, arrivalCycle: null, dense: new Array<number>(denseFeatures).fill(0), sparse };
  }
}
