import type { Program } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import type { InferenceRequest } from "../../traces/request";
import { crossbarArithmetic, exactArithmetic } from "../functional/arithmetic";
import { evaluateModel } from "../functional/evaluate";
import { ModelValues } from "../functional/model-values";
import type { ModelGraph } from "../spec/model-spec";

export interface FunctionalCheck {
  requests: number;
  /** Requests whose crossbar output equals the integer reference bit for bit. */
  equal: number;
  maxLogitDifference: number;
  conversions: number;
  clippedConversions: number;
}

export /** Runs the first `count` requests through the crossbar models and the integer reference. */
function functionalCheck(
  graph: ModelGraph,
  hw: Hardware,
  requests: Iterable<InferenceRequest>,
  program: Program,
  count: number,
  seed: number,
): FunctionalCheck {
  const values = new ModelValues(seed, hw.config.precision.activationBits);
  const tally = { conversions: 0, clipped: 0 };
  const chip = crossbarArithmetic(hw, tally);
  let checked = 0;
  let equal = 0;
  let maxDiff = 0;
  for (const request of requests) {
    if (checked >= count) break;
    const rows = request.sparse.map((ids, f) =>
      ids.map((id) => id % program.tables[f]!.storedRows),
    );
    const input = { dense: request.dense, rows };
    const reference = evaluateModel(graph, values, input, exactArithmetic);
    const onChip = evaluateModel(graph, values, input, chip);
    checked++;
    if (onChip.logit === reference.logit) equal++;
    maxDiff = Math.max(maxDiff, Math.abs(onChip.logit - reference.logit));
  }
  return {
    requests: checked,
    equal,
    maxLogitDifference: maxDiff,
    conversions: tally.conversions,
    clippedConversions: tally.clipped,
  };
}
