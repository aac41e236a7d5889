import { closeSync, existsSync, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { endianness } from "node:os";
import { readJsonFile } from "../../sim/io/json-file";
import { AtomicFile, writeJsonAtomic } from "../../sim/io/atomic-file";
import { InputError } from "../../sim/kernel/input-error";
import type { DatasetDescriptor } from "../../traces/datasets";
import type { RunningRange } from "./scales";
import type { SearchSpace } from "./search-space";
import { checkHeaderShape } from "./checkpoint-header";
import { Supernet } from "./supernet";

export const CHECKPOINT_FORMAT = "autorac-supernet-checkpoint";
export const CHECKPOINT_VERSION = 1;

/**
 * A checkpoint is two files: `NAME.json`, which describes the supernet
 * (data set layout, search space, seed, steps taken, activation ranges,
 * layer shapes) and names `NAME.bin`, the weights as little-endian float32:
 * for each layer in order its weight, bias and their Adagrad sums; then for
 * each embedding table the rows touched so far (int32 ids), their values
 * and their Adagrad sums. Untouched rows are not stored: they are
 * re-derived from the seed. Both files are written to temporary names and
 * renamed into place, the weights first, so an interrupted save leaves the
 * previous checkpoint whole.
 */
export interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  dataset: DatasetDescriptor;
  space: SearchSpace;
  seed: number;
  steps: number;
  activationRanges: Record<string, RunningRange>;
  layers: Array<{ name: string; rows: number; cols: number }>;
  tables: Array<{ rows: number; touchedRows: number }>;
  weights: { file: string; bytes: number };
  /** Whatever the trainer wants to keep (schedule, data, options). */
  training?: Record<string, unknown>;
}

/** The weights file next to a checkpoint JSON: `run.json` -> `run.bin`. */
export function weightsPath(jsonPath: string): string {
  return jsonPath.replace(/\.json$/i, "") + ".bin";
}

/** Saves the supernet to `path` (JSON) and its weights file, atomically. */
export function saveCheckpoint(
  supernet: Supernet,
  path: string,
  training?: Record<string, unknown>,
): CheckpointHeader {
  if (endianness() !== "LE") throw new Error("checkpoints are written on little-endian hosts only");
  const binPath = weightsPath(path);
  const file = new AtomicFile(binPath);
  let bytes = 0;
  const write = (array: Float32Array | Int32Array) => {
    file.write(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    bytes += array.byteLength;
  };
  const { params, embeddings } = supernet;
  const layers = supernet.layout.layerShapes();
  const tables: CheckpointHeader["tables"] = [];
  try {
    for (const shape of layers) {
      const p = params.get(shape.name);
      for (const array of [p.weight, p.bias, p.weightSquares, p.biasSquares]) write(array);
    }
    const e = embeddings.dim;
    embeddings.tableRows.forEach((rows, f) => {
      const touched = embeddings.touchedRows(f);
      tables.push({ rows, touchedRows: touched.length });
      write(touched);
      for (const source of [embeddings.tables[f]!, embeddings.squares[f]!]) {
        const packed = new Float32Array(touched.length * e);
        touched.forEach((row, k) => packed.set(source.subarray(row * e, (row + 1) * e), k * e));
        write(packed);
      }
    });
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    dataset: supernet.dataset,
    space: supernet.layout.space,
    seed: supernet.options.seed,
    steps: supernet.steps,
    activationRanges: supernet.scales.toJSON(),
    layers: layers.map(({ name, rows, cols }) => ({ name, rows, cols })),
    tables,
    weights: { file: basename(binPath), bytes },
    training,
  };
  writeJsonAtomic(path, header);
  return header;
}

/**
 * The weights file a header names: a file name beside the checkpoint, whose
 * real path is beside the checkpoint's too (a queue worker opens checkpoints
 * that a job names: no "../" and no link out of the directory).
 */
function weightsBeside(path: string, header: CheckpointHeader): string {
  const file: unknown = header.weights?.file;
  const refused = () =>
    new InputError(
      `${path}: /weights/file: expected the name of a file in the checkpoint's own directory`,
    );
  if (typeof file !== "string" || file === "" || file === "." || file === "..") throw refused();
  if (basename(file) !== file || file.includes("\\")) throw refused();
  const bin = join(dirname(path), file);
  if (existsSync(bin) && dirname(realpathSync(bin)) !== realpathSync(dirname(path)))
    throw refused();
  return bin;
}

/** Loads a checkpoint saved by saveCheckpoint; a missing or inconsistent file is an InputError. */
export function loadCheckpoint(path: string): { supernet: Supernet; header: CheckpointHeader } {
  const json = readJsonFile(path);
  if (
    json === null ||
    typeof json !== "object" ||
    (json as { format?: unknown }).format !== CHECKPOINT_FORMAT
  ) {
    throw new InputError(
      `${path}: not an autorac supernet checkpoint (format ${CHECKPOINT_FORMAT})`,
    );
  }
  const header = json as CheckpointHeader;
  if (header.version !== CHECKPOINT_VERSION) {
    throw new InputError(
      `${path}: checkpoint version ${header.version}: this autorac reads version ${CHECKPOINT_VERSION}`,
    );
  }
  checkHeaderShape(json, path);
  const supernet = new Supernet({
    dataset: header.dataset,
    space: header.space,
    seed: header.seed,
  });
  const expected = supernet.layout.layerShapes();
  const same =
    expected.length === header.layers.length &&
    expected.every((s, i) => {
      const h = header.layers[i]!;
      return h.name === s.name && h.rows === s.rows && h.cols === s.cols;
    });
  if (!same) throw new InputError(`${path}: layer shapes do not match its search space`);
  const binPath = weightsBeside(path, header);
  let fd: number;
  try {
    fd = openSync(binPath, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${binPath}: cannot read the checkpoint's weights (${code})`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size !== header.weights.bytes) {
      throw new InputError(
        `${binPath}: ${size} bytes, the checkpoint says ${header.weights.bytes}: not its weights file`,
      );
    }
    const read = (array: Float32Array | Int32Array) => {
      const buffer = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      for (let done = 0; done < buffer.length; ) {
        const n = readSync(fd, buffer, done, buffer.length - done, null);
        if (n === 0) throw new InputError(`${binPath}: ends early`);
        done += n;
      }
    };
    for (const shape of expected) {
      const p = supernet.params.get(shape.name);
      for (const array of [p.weight, p.bias, p.weightSquares, p.biasSquares]) read(array);
    }
    const { embeddings } = supernet;
    const e = embeddings.dim;
    header.tables.forEach(({ touchedRows }, f) => {
      const rows = new Int32Array(touchedRows);
      read(rows);
      const values = new Float32Array(touchedRows * e);
      const squares = new Float32Array(touchedRows * e);
      read(values);
      read(squares);
      rows.forEach((row, k) => {
        embeddings.touched[f]![row] = 1;
        embeddings.tables[f]!.set(values.subarray(k * e, (k + 1) * e), row * e);
        embeddings.squares[f]!.set(squares.subarray(k * e, (k + 1) * e), row * e);
      });
    });
  } finally {
    closeSync(fd);
  }
  supernet.steps = header.steps;
  supernet.scales.load(header.activationRanges);
  return { supernet, header };
}
