import { totalmem } from "node:os";
import Ajv from "ajv";
import { InputError } from "../../sim/kernel/input-error";
import { describeSchemaErrors } from "../../sim/io/schema-errors";

/**
 * A checkpoint's JSON header checked before a supernet is built from it:
 * its shape and every size within bounds (a header is small, but its sizes
 * say how much the supernet allocates: a table of 3e8 rows reserved 9.4 GB,
 * 3,000 blocks ran V8 out of memory), then the memory its sizes imply
 * against the machine's. Errors name the file and the JSON path.
 */
const count = (max: number) => ({ type: "integer", minimum: 1, maximum: max });
const dims = { type: "array", minItems: 1, maxItems: 64, items: count(65_536) };

const schema = {
  type: "object",
  required: [
    "format",
    "version",
    "dataset",
    "space",
    "seed",
    "steps",
    "activationRanges",
    "layers",
    "tables",
    "weights",
  ],
  properties: {
    format: { type: "string" },
    version: { type: "integer" },
    dataset: {
      type: "object",
      required: ["name", "denseFeatures", "sparseFeatures", "tableRows"],
      properties: {
        name: { type: "string", maxLength: 256 },
        denseFeatures: count(10_000),
        sparseFeatures: count(10_000),
        tableRows: { type: "array", maxItems: 10_000, items: count(1e9) },
      },
    },
    space: {
      type: "object",
      required: ["blocks", "denseDims", "sparseDims", "weightBits", "embeddingDim"],
      properties: {
        blocks: count(64),
        denseDims: dims,
        sparseDims: dims,
        weightBits: { type: "array", minItems: 1, items: { enum: [4, 8] } },
        embeddingDim: count(4096),
      },
    },
    seed: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    steps: { type: "integer", minimum: 0 },
    activationRanges: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["maxAbs", "batches"],
        properties: { maxAbs: { type: "number" }, batches: { type: "integer", minimum: 0 } },
      },
    },
    layers: {
      type: "array",
      maxItems: 100_000,
      items: {
        type: "object",
        required: ["name", "rows", "cols"],
        properties: { name: { type: "string" }, rows: count(1e9), cols: count(1e9) },
      },
    },
    tables: {
      type: "array",
      maxItems: 10_000,
      items: {
        type: "object",
        required: ["rows", "touchedRows"],
        properties: { rows: count(1e9), touchedRows: { type: "integer", minimum: 0 } },
      },
    },
    weights: {
      type: "object",
      required: ["file", "bytes"],
      properties: { file: { type: "string" }, bytes: { type: "integer", minimum: 0 } },
    },
    training: { type: "object" },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile(schema);

interface Sizes {
  dataset: { sparseFeatures: number; tableRows: number[] };
  space: { blocks: number; denseDims: number[]; sparseDims: number[]; embeddingDim: number };
}

/** Refuses a header of the wrong shape, or whose supernet would not fit in this machine's memory. */
export function checkHeaderShape(header: unknown, path: string): void {
  if (!validate(header)) {
    const lines = describeSchemaErrors(validate.errors ?? [], header);
    throw new InputError(`${path}: not a valid checkpoint header: ${lines.join("; ")}`);
  }
  const { dataset, space } = header as unknown as Sizes;
  if (dataset.tableRows.length !== dataset.sparseFeatures) {
    throw new InputError(
      `${path}: /dataset/tableRows: ${dataset.tableRows.length} tables for ${dataset.sparseFeatures} sparse features`,
    );
  }
  // Float32 values and Adagrad squares of every embedding row, and of the widest layers every
  // block may hold (dense x dense, twice over for FC and DP): an upper bound on what is allocated
  const rows = dataset.tableRows.reduce((a, b) => a + b, 0);
  const widest = Math.max(...space.denseDims, ...space.sparseDims, space.embeddingDim);
  const bytes = 8 * (rows * space.embeddingDim + 4 * space.blocks * widest * widest);
  const limit = 0.75 * totalmem();
  if (bytes > limit) {
    throw new InputError(
      `${path}: its supernet needs about ${Math.round(bytes / 2 ** 20)} MB (${rows} embedding rows of ${space.embeddingDim}, ${space.blocks} blocks up to ${widest} wide), more than 3/4 of this machine's ${Math.round(totalmem() / 2 ** 20)} MB`,
    );
  }
}
