import type { OperatorKind, OperatorSpec, Widths } from "../operators/operator-kind";
import { operatorKind, slotKind } from "../operators/registry";
import { analyseModel } from "../spec/model-graph";
import type { ModelSpec } from "../spec/model-spec";

/**
 * `--loss proxy`: a cheap stand-in for the supernet's validation log loss,
 * for quick runs and tests only, never chosen silently. It is a heuristic,
 * not a predictor of accuracy: it starts from 0.47 (a Criteo-like log loss),
 * rewards capacity (log2 of the live layers' weights), each live interaction
 * operator (DP, FM, DSI: what FC alone cannot learn), and charges the 4-bit
 * share of the live operators (the paper's figure 2: accuracy degrades
 * below 8-bit weights). Each operator kind says what it counts as
 * (models/operators, `proxy`):
 *
 *   0.47 - 0.002 log2(1 + weights) - 0.003 (DP + FM) - 0.001 DSI + 0.004 (4-bit share)
 */
export function proxyLoss(spec: ModelSpec): number {
  const graph = analyseModel(spec);
  const e = graph.embeddingDim;
  let weights = 0;
  let interactions = 0;
  let expansions = 0;
  let operators = 0;
  let fourBit = 0;
  for (const block of graph.blocks) {
    if (!block.live) continue;
    const b = spec.blocks[block.index]!;
    const ins = { width: block.denseInWidth, rows: block.sparseInRows };
    const out = { width: block.denseOut, rows: block.efcOutRows };
    const parts: Array<[OperatorKind, OperatorSpec, Widths]> = [
      [operatorKind("dense", b.dense.op), b.dense, ins],
      [operatorKind("sparse", b.sparse.op), b.sparse, ins],
    ];
    if (b.dsi) parts.push([slotKind("dsi"), b.dsi, out]);
    if (b.fm) parts.push([slotKind("fm"), b.fm, out]);
    for (const [kind, operator, input] of parts) {
      weights += kind.proxy.weights(operator, input, e);
      if (kind.proxy.term === "interaction") interactions++;
      if (kind.proxy.term === "expansion") expansions++;
      operators++;
      if (operator.weightBits === 4) fourBit++;
    }
  }
  return (
    0.47 -
    0.002 * Math.log2(1 + weights) -
    0.003 * interactions -
    0.001 * expansions +
    0.004 * (fourBit / Math.max(1, operators))
  );
}
