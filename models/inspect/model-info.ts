import { datasetByName } from "../../traces/datasets";
import { analyseModel, dpProjectionRows } from "../spec/model-graph";
import { DSI_ROWS, type BlockShape, type ModelGraph, type ModelSpec } from "../spec/model-spec";

/**
 * Parameter and FLOP counts of a model, counted as NASRec counts them
 * (facebookresearch/NasRec, `get_model_flops_and_params` in
 * nasrec/utils/train_utils.py: `numel()` summed over the parameters, and
 * fvcore's FlopCountAnalysis of a traced batch divided by the batch size):
 *
 * - a FLOP is one multiply-accumulate of a Linear or of a batched matrix
 *   product (DP's T T^T: the whole (k+1) x (k+1) product, not only the
 *   triangle kept), per sample, the final layer included; bias adds,
 *   activations, FM's sums and squares and the lookups are not counted;
 * - only work the logit depends on is counted, layer by layer (a trace
 *   keeps nothing else): a dead block, and a live block's EFC or DSI whose
 *   rows nobody reads, hold parameters but no FLOPs;
 * - every Linear has a bias (NASRec's published models are trained with
 *   LayerNorm off); embeddings are rows x embeddingDim over the tables;
 * - a layer the shapes make unnecessary is skipped, as NASRec's builder
 *   skips it, and holds nothing: DP's dense projection when the dense input
 *   is e wide, its row projection when the rows already equal k, its output
 *   Linear when k (k + 1) / 2 already equals d; DSI's Linear when d = 8 e;
 *   FM's Linear when d = e.
 *
 * docs/model-info.md compares this with NASRec's published FLOPs and says
 * where it differs from the functional model and the mapped chip.
 */
export interface LayerCount {
  /** The layer's name, as the mapping names it (`block1.dp.rows`, `final`). */
  name: string;
  /** The block it belongs to; null for the final layer. */
  block: number | null;
  kind: "linear" | "bmm";
  /** Linear: in and out features; bmm: e (each dot product's length) and (k + 1)^2 (the entries). */
  inputs: number;
  outputs: number;
  /** Vectors the layer is applied to per sample: e for a layer along the rows (EFC, DP's row projection), else 1. */
  vectorsPerSample: number;
  /** Weights plus biases. */
  params: number;
  biasParams: number;
  /** Whether the logit depends on the layer's result. */
  reachesOutput: boolean;
  /** inputs x outputs x vectorsPerSample multiply-accumulates when it reaches the output, else 0. */
  flopsPerSample: number;
}

/** A block output's shape: dense [d], sparse [rows, embeddingDim]. */
export interface OutputShape {
  dense: [number];
  sparse: [number, number];
}

export interface ModelInfo {
  model: string;
  dataset: string;
  embeddingDim: number;
  /** Embeddings plus every layer, those of dead blocks included. */
  totalParams: number;
  embeddingParams: number;
  paramsExcludingEmbeddings: number;
  /** The biases within paramsExcludingEmbeddings (the functional model has none). */
  biasParams: number;
  /** Blocks plus the final layer, only what reaches the output. */
  flopsPerSample: number;
  blockFlopsPerSample: number[];
  finalFlopsPerSample: number;
  blockParams: number[];
  finalParams: number;
  blockOutputShapes: OutputShape[];
  /** Blocks none of whose work reaches the output. */
  deadBlocks: number[];
  layers: LayerCount[];
}

/**
 * Counts a model's parameters and FLOPs for a dataset's layout: the spec's
 * own dataset unless `datasetName` names another (the same blocks then read
 * that dataset's inputs). A spec whose blocks do not connect, or an unknown
 * dataset, is refused with an InputError.
 */
export function modelInfo(spec: ModelSpec, datasetName?: string): ModelInfo {
  const name = datasetName ?? spec.dataset;
  const graph = analyseModel(
    name === spec.dataset ? spec : { ...spec, dataset: datasetByName(name).name },
  );
  const e = graph.embeddingDim;
  const work = workReachingOutput(graph);
  const layers = [
    ...graph.blocks.flatMap((shape) => blockLayers(graph, shape, work[shape.index]!)),
    linear({ name: "final", block: null, reachesOutput: true }, graph.finalInWidth, 1),
  ];
  const sum = (list: readonly LayerCount[], of: (l: LayerCount) => number) =>
    list.reduce((total, l) => total + of(l), 0);
  const inBlock = graph.blocks.map((b) => layers.filter((l) => l.block === b.index));
  const final = layers.filter((l) => l.block === null);
  const embeddingParams = graph.dataset.tableRows.reduce((total, rows) => total + rows * e, 0);
  const paramsExcludingEmbeddings = sum(layers, (l) => l.params);
  return {
    model: spec.name,
    dataset: graph.dataset.name,
    embeddingDim: e,
    totalParams: embeddingParams + paramsExcludingEmbeddings,
    embeddingParams,
    paramsExcludingEmbeddings,
    biasParams: sum(layers, (l) => l.biasParams),
    flopsPerSample: sum(layers, (l) => l.flopsPerSample),
    blockFlopsPerSample: inBlock.map((list) => sum(list, (l) => l.flopsPerSample)),
    finalFlopsPerSample: sum(final, (l) => l.flopsPerSample),
    blockParams: inBlock.map((list) => sum(list, (l) => l.params)),
    finalParams: sum(final, (l) => l.params),
    blockOutputShapes: graph.blocks.map((b) => ({
      dense: [b.denseOut],
      sparse: [b.sparseOutRows, e],
    })),
    deadBlocks: graph.blocks
      .filter((b) => !inBlock[b.index]!.some((l) => l.reachesOutput))
      .map((b) => b.index),
    layers,
  };
}

/** Which parts of a block do work that reaches the logit. */
interface BlockWork {
  /** The dense operator (FC, or DP with its projections). */
  dense: boolean;
  efc: boolean;
  dsi: boolean;
  fm: boolean;
}

/**
 * Walks back from the final layer, which reads the last block's dense and
 * sparse outputs, marking the work each needed output needs, as NASRec's
 * traced FLOP count keeps only operations the logit depends on. A dense
 * output needs the dense operator and FM; a sparse output needs the EFC and
 * DSI; DSI needs the dense operator, FM the EFC; FC reads the dense inputs,
 * EFC the sparse ones, DP both.
 */
function workReachingOutput(graph: ModelGraph): BlockWork[] {
  const n = graph.blocks.length;
  const denseRead = new Array<boolean>(n + 1).fill(false); // by input index: 0 = the model input
  const sparseRead = new Array<boolean>(n + 1).fill(false);
  denseRead[n] = sparseRead[n] = true;
  const work = new Array<BlockWork>(n);
  for (let i = n - 1; i >= 0; i--) {
    const shape = graph.blocks[i]!;
    const spec = graph.spec.blocks[i]!;
    const dsi = Boolean(spec.dsi) && sparseRead[i + 1]!;
    // NASRec's exception: at d = 8 e, DSI's rows are the dense output after FM adds its term.
    const dsiHoldsFm = dsi && shape.denseOut === DSI_ROWS * graph.embeddingDim;
    const fm = Boolean(spec.fm) && (denseRead[i + 1]! || dsiHoldsFm);
    const dense = denseRead[i + 1]! || dsi;
    const efc = sparseRead[i + 1]! || fm;
    if (dense) for (const j of shape.denseInputs) denseRead[j] = true;
    if (efc || (dense && spec.dense.op === "dp")) {
      for (const j of shape.sparseInputs) sparseRead[j] = true;
    }
    work[i] = { dense, efc, dsi, fm };
  }
  return work;
}

/** The layers one block holds, in the order they run; FLOPs only where the work reaches the logit. */
function blockLayers(graph: ModelGraph, shape: BlockShape, work: BlockWork): LayerCount[] {
  const spec = graph.spec.blocks[shape.index]!;
  const e = graph.embeddingDim;
  const d = shape.denseOut;
  const N = shape.sparseInRows;
  const at = (suffix: string, reachesOutput: boolean): LayerPlace => ({
    name: `block${shape.index}.${suffix}`,
    block: shape.index,
    reachesOutput,
  });
  const layers = [linear(at("efc", work.efc), N, shape.efcOutRows, e)];
  if (spec.dense.op === "fc") {
    layers.push(linear(at("fc", work.dense), shape.denseInWidth, d));
  } else {
    const k = dpProjectionRows(d);
    const triangle = (k * (k + 1)) / 2;
    if (shape.denseInWidth !== e) {
      layers.push(linear(at("dp.dense", work.dense), shape.denseInWidth, e));
    }
    if (N !== k) layers.push(linear(at("dp.rows", work.dense), N, k, e));
    layers.push(gram(at("dp.gram", work.dense), k + 1, e));
    if (triangle !== d) layers.push(linear(at("dp.out", work.dense), triangle, d));
  }
  if (spec.dsi && d !== DSI_ROWS * e) layers.push(linear(at("dsi", work.dsi), d, DSI_ROWS * e));
  if (spec.fm && d !== e) layers.push(linear(at("fm.proj", work.fm), e, d));
  return layers;
}

/** Where a layer sits and whether its work counts. */
type LayerPlace = Pick<LayerCount, "name" | "block" | "reachesOutput">;

/** A Linear with bias, applied to `vectors` vectors per sample. */
function linear(place: LayerPlace, inputs: number, outputs: number, vectors = 1): LayerCount {
  const { reachesOutput } = place;
  return {
    ...place,
    kind: "linear",
    inputs,
    outputs,
    vectorsPerSample: vectors,
    params: inputs * outputs + outputs,
    biasParams: outputs,
    flopsPerSample: reachesOutput ? inputs * outputs * vectors : 0,
  };
}

/** DP's T T^T: T is rows x e, the product rows x rows, each entry e multiply-accumulates. */
function gram(place: LayerPlace, rows: number, e: number): LayerCount {
  const { reachesOutput } = place;
  return {
    ...place,
    kind: "bmm",
    inputs: e,
    outputs: rows * rows,
    vectorsPerSample: 1,
    params: 0,
    biasParams: 0,
    flopsPerSample: reachesOutput ? rows * rows * e : 0,
  };
}
