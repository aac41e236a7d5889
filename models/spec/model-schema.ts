import Ajv, { type ErrorObject, type SchemaObject, type ValidateFunction } from "ajv";
import { checkJsonValue, readJsonFile } from "../../sim/io/json-file";
import { describeSchemaErrors, validatorFor } from "../../sim/io/schema-errors";
import { InputError } from "../../sim/kernel/input-error";
import { operatorKinds, registryVersion, slotKind } from "../operators/registry";
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

const positiveInt = (description: string) =>
  ({ type: "integer", minimum: 1, description }) as const;

/** A list of input indices: 0 = the model input, j >= 1 = block j-1's output. */
const indexList = {
  type: "array",
  minItems: 1,
  items: { type: "integer", minimum: 0 },
} as const;

/**
 * A slot whose entry names its kind with `op`: `op` one of the slot's
 * registered kinds, then that kind's own fragment (models/operators).
 */
function slotSchema(slot: "dense" | "sparse"): SchemaObject {
  const kinds = operatorKinds(slot);
  return {
    type: "object",
    required: ["op"],
    properties: { op: { type: "string", enum: kinds.map((k) => k.kind) } },
    allOf: kinds.map((k) => ({
      if: { properties: { op: { const: k.kind } }, required: ["op"] },
      then: k.schema,
    })),
  };
}

function blockSchema(): SchemaObject {
  return {
    type: "object",
    additionalProperties: false,
    required: ["dense", "sparse", "inputs"],
    properties: {
      dense: slotSchema("dense"),
      sparse: slotSchema("sparse"),
      dsi: slotKind("dsi").schema,
      fm: slotKind("fm").schema,
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
  };
}

/** The schema of a model spec, with the operator kinds registered now. */
export function modelSpecSchema(): SchemaObject {
  return {
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
      blocks: { type: "array", minItems: 1, items: blockSchema() },
      final: slotKind("final").schema,
      provenance: { type: "string" },
    },
  };
}

// allowUnionTypes: `inputs` is an array or an object, `dsi` / `fm` an object or null.
const options = { useDefaults: true, strict: true, allowUnionTypes: true } as const;
const everyErrorAjv = new Ajv({ ...options, allErrors: true });
const firstErrorAjv = new Ajv({ ...options, allErrors: false });

interface Validators {
  version: number;
  everyError: ValidateFunction<ModelSpec>;
  firstError: ValidateFunction<ModelSpec>;
}
let compiled: Validators | null = null;

/**
 * The validators (every error, for a spec of a normal size; the first, for
 * a huge one), compiled again when an operator kind has been registered since.
 */
function validators(): Validators {
  if (compiled === null || compiled.version !== registryVersion()) {
    const schema = modelSpecSchema();
    const compile = (ajv: Ajv) => {
      ajv.removeSchema(schema.$id as string);
      return ajv.compile<ModelSpec>(schema);
    };
    compiled = {
      version: registryVersion(),
      everyError: compile(everyErrorAjv),
      firstError: compile(firstErrorAjv),
    };
  }
  return compiled;
}

/**
 * Checks a parsed JSON value against the schema and fills the defaults
 * (embeddingDim 16). `where` names the source in errors. Returns a new
 * object; `json` is not modified.
 */
export function parseModelSpec(json: unknown, where: string): ModelSpec {
  const nodes = checkJsonValue(json, where); // before the copy: too deep a value overflows it
  return checkSpec(structuredClone(json), nodes, where);
}

/** Reads and checks a model spec file (its parsed value is the reader's own: no copy). */
export function loadModelSpec(path: string): ModelSpec {
  const json = readJsonFile(path);
  return checkSpec(json, checkJsonValue(json, path), path);
}

/** Validates `data` (of `nodes` nodes) in place, filling the defaults. */
function checkSpec(data: unknown, nodes: number, where: string): ModelSpec {
  const { everyError, firstError } = validators();
  const validate = validatorFor(nodes, everyError, firstError);
  if (!validate(data)) {
    const lines = describeSchemaErrors(readable(validate.errors ?? []), data);
    throw new InputError(`${where}: ${lines.join("; ")}`);
  }
  return data;
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
