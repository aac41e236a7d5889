import type { ModelGraph } from "../spec/model-spec";
import { dsiIsReshape } from "./dsi";
import { operatorKind } from "./registry";

/** Which parts of a block do work. */
export interface BlockWork {
  /** The dense operator (FC, DP with its projections). */
  dense: boolean;
  /** The sparse operator (EFC). */
  efc: boolean;
  dsi: boolean;
  fm: boolean;
}

/** Every part a block has: what the chip runs for a live block. */
export function everyPart(graph: ModelGraph, index: number): BlockWork {
  const spec = graph.spec.blocks[index]!;
  return { dense: true, efc: true, dsi: Boolean(spec.dsi), fm: Boolean(spec.fm) };
}

/**
 * Which parts of each block do work that reaches the logit, walking back
 * from the final layer (which reads the last block's dense and sparse
 * outputs), as NASRec's traced FLOP count and its supernet's forward keep
 * only what the logit depends on: a dense output needs the dense operator
 * and FM; a sparse output needs the sparse operator and DSI; DSI needs the
 * dense operator, FM the sparse one; a dense operator reads the dense
 * inputs (and the sparse ones when it reads both, as DP does), the sparse
 * operator the sparse inputs. NASRec's exception: at d = 8 e DSI's rows
 * are the dense output after FM adds its term, so DSI needs FM too.
 */
export function reachingWork(graph: ModelGraph): { blocks: BlockWork[]; embeddings: boolean } {
  const n = graph.blocks.length;
  const denseRead = new Array<boolean>(n + 1).fill(false); // by input index: 0 = the model input
  const sparseRead = new Array<boolean>(n + 1).fill(false);
  denseRead[n] = sparseRead[n] = true;
  const blocks = new Array<BlockWork>(n);
  for (let i = n - 1; i >= 0; i--) {
    const shape = graph.blocks[i]!;
    const spec = graph.spec.blocks[i]!;
    const dsi = Boolean(spec.dsi) && sparseRead[i + 1]!;
    const holdsFm = dsi && dsiIsReshape(shape.denseOut, graph.embeddingDim);
    const fm = Boolean(spec.fm) && (denseRead[i + 1]! || holdsFm);
    const dense = denseRead[i + 1]! || dsi;
    const efc = sparseRead[i + 1]! || fm;
    const readsSparse = operatorKind("dense", spec.dense.op).readsSparse === true;
    if (dense) for (const j of shape.denseInputs) denseRead[j] = true;
    if (efc || (dense && readsSparse)) for (const j of shape.sparseInputs) sparseRead[j] = true;
    blocks[i] = { dense, efc, dsi, fm };
  }
  return { blocks, embeddings: sparseRead[0]! };
}
