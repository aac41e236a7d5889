import { analyseModel } from "../spec/model-graph";
import type { ModelSpec } from "../spec/model-spec";

/**
 * `--loss proxy`: a cheap stand-in for the supernet's validation log loss,
 * for quick runs and tests only, never chosen silently. It is a heuristic,
 * not a predictor of accuracy: it starts from 0.47 (a Criteo-like log loss),
 * rewards capacity (log2 of the live layers' weights), each live interaction
 * operator (DP, FM, DSI: what FC alone cannot learn), and charges the 4-bit
 * share of the live operators (the paper's figure 2: accuracy degrades
 * below 8-bit weights):
 *
 *   0.47 - 0.002 log2(1 + weights) - 0.003 (DP + FM) - 0.001 DSI + 0.004 (4-bit share)
 */
export function proxyLoss(spec: ModelSpec): number {
  const graph = analyseModel(spec);
  const e = graph.embeddingDim;
  let weights = 0;
  let interactions = 0;
  let dsi = 0;
  let operators = 0;
  let fourBit = 0;
  for (const block of graph.blocks) {
    if (!block.live) continue;
    const b = spec.blocks[block.index]!;
    weights += block.denseInWidth * block.denseOut + block.sparseInRows * block.efcOutRows;
    if (b.dense.op === "dp") interactions++;
    if (b.fm) interactions++;
    if (b.dsi) {
      dsi++;
      weights += block.denseOut * 8 * e;
    }
    const bits = [
      b.dense.weightBits,
      b.sparse.weightBits,
      b.dsi?.weightBits,
      b.fm?.weightBits,
    ].filter((x) => x !== undefined);
    operators += bits.length;
    fourBit += bits.filter((x) => x === 4).length;
  }
  return (
    0.47 -
    0.002 * Math.log2(1 + weights) -
    0.003 * interactions -
    0.001 * dsi +
    0.004 * (fourBit / Math.max(1, operators))
  );
}
