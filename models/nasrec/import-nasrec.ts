import Ajv, { type SchemaObject } from "ajv";
import { basename } from "node:path";
import { checkJsonValue, readJsonFile } from "../../sim/io/json-file";
import { describeSchemaErrors, validatorFor } from "../../sim/io/schema-errors";
import { InputError } from "../../sim/kernel/input-error";
import { datasetNames } from "../../traces/datasets";
import { analyseModel } from "../spec/model-graph";
import { parseModelSpec } from "../spec/model-schema";
import { operatorKinds } from "../operators/registry";
import type { ChoiceBlock, ModelSpec, WeightBits } from "../spec/model-spec";

/**
 * Converts a NASRec architecture (facebookresearch/NasRec,
 * nasrec/configs/<data>/ea_*_best_1shot.json) into a model spec. Facts of
 * the format: `../shared/reference/nasrec/README.md`.
 *
 * micro[i].active_nodes = [dense node, sparse node], indices into the
 * config's node list; dense_in_dims / sparse_in_dims are the output dims;
 * dense_sparse_interact -> DSI, deep_fm -> FM. macro[i].dense_idx /
 * sparse_idx -> operator-wise inputs, ascending (NASRec concatenates them
 * in that order whatever the JSON says). dense_left_idx / dense_right_idx
 * feed only `sum` and `sigmoid-gating`, which are refused, so they are
 * ignored. use_layernorm is ignored as NASRec's main_train.py builds every
 * model without LayerNorm.
 */
export interface NasrecImportOptions {
  /** Weight bits of every operator and of the final layer (default 8). */
  weightBits?: WeightBits;
  /** The spec's name (default: the file name without .json). */
  name?: string;
  /** The dataset, when the file name does not say (criteo, avazu, kdd). */
  dataset?: string;
}

interface NasrecMicro {
  active_nodes: number[];
  dense_in_dims: number;
  sparse_in_dims: number;
  dense_sparse_interact: number;
  deep_fm: number;
}

interface NasrecMacro {
  dense_idx: number[];
  sparse_idx: number[];
}

interface NasrecConfig {
  micro: NasrecMicro[];
  macro: NasrecMacro[];
  num_blocks?: number;
  config: string;
  test_loss?: number;
}

/** NASRec's node lists per search space (nasrec/supernet/supernet.py, ops_config_lib). */
const nodeNames: Record<string, readonly string[]> = {
  autoctr: ["linear-2d", "dot-product", "linear-3d"],
  xlarge: ["linear-2d", "dot-product", "sigmoid-gating", "sum", "transformer", "linear-3d"],
  "xlarge-zeros": [
    "linear-2d",
    "dot-product",
    "sigmoid-gating",
    "sum",
    "zeros-2d",
    "transformer",
    "zeros-3d",
    "linear-3d",
  ],
};

interface OurNode {
  side: "dense" | "sparse";
  op: string;
}

/** NASRec's nodes that autorac's operator kinds hold (their `nasrecNode`), with their side and kind. */
function ourNode(name: string): OurNode | undefined {
  for (const side of ["dense", "sparse"] as const) {
    const kind = operatorKinds(side).find((k) => k.nasrecNode === name);
    if (kind !== undefined) return { side, op: kind.kind };
  }
  return undefined;
}

const flag = { type: "integer", enum: [0, 1] } as const;
const indices = { type: "array", minItems: 1, items: { type: "integer", minimum: 0 } } as const;

/** The parts of NASRec's format the importer reads. Other top-level keys (metrics) are let through. */
const nasrecSchema: SchemaObject = {
  type: "object",
  required: ["micro", "macro", "config"],
  properties: {
    micro: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: [
          "active_nodes",
          "dense_in_dims",
          "sparse_in_dims",
          "dense_sparse_interact",
          "deep_fm",
        ],
        properties: {
          active_nodes: {
            type: "array",
            minItems: 2,
            maxItems: 2,
            items: { type: "integer", minimum: 0 },
          },
          dense_in_dims: { type: "integer", minimum: 1 },
          sparse_in_dims: { type: "integer", minimum: 1 },
          dense_sparse_interact: flag,
          deep_fm: flag,
        },
      },
    },
    macro: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["dense_idx", "sparse_idx"],
        properties: {
          dense_idx: indices,
          sparse_idx: indices,
          dense_left_idx: { type: "array", items: { type: "integer", minimum: 0 } },
          dense_right_idx: { type: "array", items: { type: "integer", minimum: 0 } },
        },
      },
    },
    num_blocks: { type: "integer", minimum: 1 },
    use_layernorm: { enum: [0, 1, false, true] },
    config: { type: "string" },
    test_loss: { type: "number" },
  },
};

// Every error for a file of a normal size, the first for a huge one (validatorFor).
const validateEveryError = new Ajv({ allErrors: true, strict: true }).compile<NasrecConfig>(
  nasrecSchema,
);
const validateFirstError = new Ajv({ allErrors: false, strict: true }).compile<NasrecConfig>(
  nasrecSchema,
);

/**
 * Converts a parsed NASRec JSON value; `where` is its file name (the dataset
 * is inferred from it) or another label for errors. The result is checked
 * with parseModelSpec and analyseModel.
 */
export function importNasrec(
  json: unknown,
  where: string,
  options: NasrecImportOptions = {},
): ModelSpec {
  const validate = validatorFor(
    checkJsonValue(json, where),
    validateEveryError,
    validateFirstError,
  );
  if (!validate(json)) {
    const lines = describeSchemaErrors(validate.errors ?? [], json);
    throw new InputError(`${where}: not a NASRec architecture: ${lines.join("; ")}`);
  }
  const config = json;
  const nodes = nodeList(config.config, where);
  checkBlockCounts(config, where);
  const bits = options.weightBits ?? 8;
  const file = basename(where);
  const dataset = inferDataset(file, options.dataset, where);
  const outside: string[] = [];
  const blocks = config.micro.map((micro, i) =>
    convertBlock(micro, config.macro[i]!, i, nodes, bits, { where, outside }),
  );
  if (outside.length > 0) {
    throw new InputError(
      `${where}: ${outside.join("; ")}: outside autorac's space, which is NASRec's autoctr ` +
        "space (FC, DP, EFC, DSI, FM)",
    );
  }
  const loss = config.test_loss === undefined ? "" : `, NASRec test_loss ${config.test_loss}`;
  const spec = parseModelSpec(
    {
      name: options.name ?? file.replace(/\.json$/i, ""),
      description:
        `A NASRec ${config.config}-space architecture for ${dataset}, imported from ${file} ` +
        `with every weight ${bits}-bit.`,
      dataset,
      embeddingDim: 16, // NASRec's embedding width
      blocks,
      final: { weightBits: bits },
      provenance:
        `imported from ${file} (facebookresearch/NasRec, config ${config.config}${loss}); ` +
        "LayerNorm dropped as NASRec's main_train.py trains without it",
    },
    where,
  );
  try {
    analyseModel(spec); // connections NASRec's builder could not make, e.g. a hand-edited index
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
  return spec;
}

/** Reads and converts a NASRec architecture file. */
export function importNasrecFile(path: string, options: NasrecImportOptions = {}): ModelSpec {
  return importNasrec(readJsonFile(path), path, options);
}

function nodeList(config: string, where: string): readonly string[] {
  if (!Object.hasOwn(nodeNames, config)) {
    throw new InputError(
      `${where}: /config = ${JSON.stringify(config)}: expected one of ` +
        `${Object.keys(nodeNames).join(", ")} (NASRec's search spaces)`,
    );
  }
  return nodeNames[config]!;
}

function checkBlockCounts(config: NasrecConfig, where: string): void {
  const blocks = config.micro.length;
  if (config.macro.length !== blocks) {
    throw new InputError(
      `${where}: ${blocks} micro entries but ${config.macro.length} macro entries: expected one each per block`,
    );
  }
  if (config.num_blocks !== undefined && config.num_blocks !== blocks) {
    throw new InputError(`${where}: /num_blocks = ${config.num_blocks}: expected ${blocks}`);
  }
}

/** The file name's dataset, or the option's; both given and different is an error. */
function inferDataset(file: string, option: string | undefined, where: string): string {
  const named = datasetNames.filter((name) => file.toLowerCase().includes(name));
  const fromName = named.length === 1 ? named[0] : undefined;
  if (fromName !== undefined && option !== undefined && option !== fromName) {
    throw new InputError(
      `${where}: the file name says ${fromName} but the dataset option says ${option}: ` +
        "expected them to agree (rename the file or drop the option)",
    );
  }
  const dataset = fromName ?? option;
  if (dataset === undefined) {
    throw new InputError(
      `${where}: cannot tell the dataset: expected a file name containing exactly one of ` +
        `${datasetNames.join(", ")}, or the dataset option`,
    );
  }
  return dataset;
}

function convertBlock(
  micro: NasrecMicro,
  macro: NasrecMacro,
  i: number,
  nodes: readonly string[],
  bits: WeightBits,
  context: { where: string; outside: string[] },
): ChoiceBlock {
  const [denseK, sparseK] = micro.active_nodes as [number, number]; // the schema holds 2
  // A node outside autorac's space is refused after every block is read; until then, any kind.
  const denseOp = nodeAt(nodes, denseK, "dense", i, context)?.op ?? "fc";
  const sparseOp = nodeAt(nodes, sparseK, "sparse", i, context)?.op ?? "efc";
  const ascending = (list: number[]) => [...new Set(list)].sort((a, b) => a - b);
  return {
    dense: { op: denseOp, dim: micro.dense_in_dims, weightBits: bits },
    sparse: { op: sparseOp, dim: micro.sparse_in_dims, weightBits: bits },
    dsi: micro.dense_sparse_interact === 1 ? { weightBits: bits } : null,
    fm: micro.deep_fm === 1 ? { weightBits: bits } : null,
    inputs: { dense: ascending(macro.dense_idx), sparse: ascending(macro.sparse_idx) },
  };
}

/**
 * One active node of block i. A node of NASRec's that autorac lacks is
 * noted in `outside` (all are reported together, then refused); an index
 * past the node list or a node on the wrong side is a malformed file.
 */
function nodeAt(
  nodes: readonly string[],
  k: number,
  side: "dense" | "sparse",
  i: number,
  context: { where: string; outside: string[] },
): OurNode | undefined {
  const slot = side === "dense" ? 0 : 1;
  const at = `${context.where}: /micro/${i}/active_nodes/${slot} = ${k}`;
  const name = nodes[k];
  if (name === undefined) {
    throw new InputError(`${at}: expected a node index in 0..${nodes.length - 1}`);
  }
  const ours = ourNode(name);
  if (ours === undefined) {
    context.outside.push(`block ${i} uses NASRec's ${name} operator as its ${side} node`);
  } else if (ours.side !== side) {
    throw new InputError(`${at} (${name}): expected a ${side} node`);
  }
  return ours;
}
