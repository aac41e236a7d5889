/**
 * One CTR inference request, as the simulator consumes it: the dataset's dense
 * features and, per sparse feature, the embedding rows to look up. Generators
 * (traces/synthetic.ts) and trace readers both produce this shape.
 */
export interface InferenceRequest {
  /** Position in the trace, from 0; results are reported against it. */
  id: number;
  /** Cycle the request reaches the chip; null in a closed loop (issued as soon as the chip accepts it). */
  arrivalCycle: number | null;
  /** Raw dense feature values, one per dense feature (length = denseFeatures). */
  dense: number[];
  /** Per sparse feature, one or more row ids (multi-hot), each in [0, tableRows). */
  sparse: number[][];
}
