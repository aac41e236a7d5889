import Ajv, { type ErrorObject, type SchemaObject } from "ajv";
import { readJsonFile } from "../../sim/io/json-file";
import { describeSchemaErrors } from "../../sim/io/schema-errors";
import { InputError } from "../../sim/kernel/input-error";
import type { ModelSpec } from "./model-spec";

/**
 * The JSON Schema of a model spec (models/spec/model-spec.ts). It checks the
 * format only: types, ranges, required and unknown keys. Whether the blocks
 * connect (input indices, widths, the dataset) is analyseModel's job
 * (models/spec/model-graph.ts), which needs the dataset's layout.
 *
 * Dims are any positive integer. Table 1's sets (dense 16..1024, sparse 16,
 * 32, 48, 64) are what the search draws from, but a handcrafted model (the
 * DLRM interaction's 351 values, DeepFM's 400-wide layers) may use others.
 */

const weightBits = {
  type: "integer",
  enum: [4, 8],
  description: "Weight bits of the operator's crossbars (table 1: 4 or 8)",
} as const;

const positiveInt = (description: string) =>
  ({ type: "integer", minimum: 1, description }) as const;

/** A list of input indices: 0 = the model input, j >= 1 = block j-1's output. */
const indexList = {
  type: "array",
  minItems: 1,
  items: { type: "integer", minimum: 0 },
} as const;

const interaction = {
  type: ["object", "null"],
  additionalProperties: false,
  required: ["weightBits"],
  properties: { weightBits },
} as const;

const block = {
  type: "object",
  additionalProperties: false,
  required: ["dense", "sparse", "inputs"],
  properties: {
    dense: {
      type: "object",
      additionalProperties: false,
      required: ["op", "dim", "weightBits"],
      properties: {
        op: { type: "string", enum: ["fc", "dp"] },
        dim: positiveInt("Dense output width d (table 1: 16, 32, 64, 128, 256, 512, 768, 1024)"),
        weightBits,
      },
    },
    sparse: {
      type: "object",
      additionalProperties: false,
      required: ["op", "dim", "weightBits"],
      properties: {
        op: { type: "string", enum: ["efc"] },
        dim: positiveInt("Sparse output rows s (table 1: 16, 32, 48, 64)"),
        weightBits,
      },
    },
    dsi: interaction,
    fm: interaction,
    // Block-wise (an array: both operators read it) or operator-wise ({dense, sparse}).
    inputs: {
      type: ["array", "object"],
      if: { type: "array" },
      then: indexList,
      else: {
        additionalProperties: false,
        required: ["dense", "sparse"],
        properties: { dense: indexList, sparse: indexList },
      },
    },
  },
} as const;

export const modelSpecSchema: SchemaObject = {
  $id: "https://autorac.dev/schemas/model-spec.json",
  title: "autorac model spec",
  type: "object",
  additionalProperties: false,
  required: ["name", "dataset", "blocks", "final"],
  properties: {
    name: { type: "string", minLength: 1 },
    description: { type: "string" },
    dataset: { type: "string", minLength: 1, description: "criteo, avazu or kdd" },
    embeddingDim: { ...positiveInt("Embedding width e"), default: 16 },
    blocks: { type: "array", minItems: 1, items: block },
    final: {
      type: "object",
      additionalProperties: false,
      required: ["weightBits"],
      properties: { weightBits },
    },
    provenance: { type: "string" },
  },
};

// allowUnionTypes: `inputs` is an array or an object, `dsi` / `fm` an object or null.
const validate = new Ajv({
  allErrors: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
}).compile<ModelSpec>(modelSpecSchema);

/**
 * Checks a parsed JSON value against the schema and fills the defaults
 * (embeddingDim 16). `where` names the source in errors. Returns a new
 * object; `json` is not modified.
 */
export function parseModelSpec(json: unknown, where: string): ModelSpec {
  const data: unknown = structuredClone(json);
  if (!validate(data)) {
    const lines = describeSchemaErrors(readable(validate.errors ?? []), data);
    throw new InputError(`${where}: ${lines.join("; ")}`);
  }
  return data;
}

/** Reads and checks a model spec file. */
export function loadModelSpec(path: string): ModelSpec {
  return parseModelSpec(readJsonFile(path), path);
}

/**
 * describeSchemaErrors prints ajv's own message for keywords it has no case
 * for, which reads badly after "expected" ("expected must NOT have fewer
 * than 1 items"), and joins union types with a comma; say what is wanted
 * instead. (These cases would sit well in sim/io/schema-errors.ts.)
 */
function readable(errors: ErrorObject[]): ErrorObject[] {
  return errors.map((e) => {
    const limit = (e.params as { limit?: number }).limit;
    if (e.keyword === "minItems") return { ...e, message: `at least ${limit} item(s)` };
    if (e.keyword === "minLength") return { ...e, message: `at least ${limit} character(s)` };
    const type = (e.params as { type?: unknown }).type;
    if (e.keyword === "type" && Array.isArray(type)) {
      return { ...e, params: { type: type.join(" or ") } }; // "array or object", not "array,object"
    }
    return e;
  });
}
