import type { Batch } from "../data/batch";
import type { SubnetPlan } from "../supernet/layout";
import { ACTIVATION_BITS, BIAS_BITS, maxAbs, quantiseInteger } from "../supernet/quantisation";
import type { Supernet } from "../supernet/supernet";
import type { QuantisedLayer, QuantisedModel } from "./checkpoint-algebra";
import type { IntDense, IntRows } from "./int-tensors";

/**
 * A subnet of a trained supernet as the chip holds it: each layer's slice
 * quantised to its weight bits on the step the supernet's policy gives it
 * (the finest power of two that fits the slice's largest weight), and the
 * activation steps the supernet calibrated in training (frozen). A point
 * the policy has no step for is an error here: run the supernet's own
 * pass on the data first, which fixes a step for any point training never
 * reached (as its evaluation does).
 */
export function quantisedModel(supernet: Supernet, plan: SubnetPlan): QuantisedModel {
  const layers = new Map<string, QuantisedLayer>();
  return {
    activationExp: (point) => {
      const scale = supernet.policy.activation(point, () => {
        throw new Error(`no calibrated range for activation point ${point}`);
      });
      return Math.log2(scale);
    },
    layer: (name) => {
      let layer = layers.get(name);
      if (layer === undefined) {
        const slice = plan.layer(name);
        if (slice === null) throw new Error(`the subnet has no layer ${name}`);
        const { weight, bias } = supernet.params.slice(slice);
        const scale = supernet.policy.weight(name, maxAbs(weight), slice.bits);
        layer = {
          matrix: {
            values: Float64Array.from(weight, (w) => quantiseInteger(w, scale, slice.bits)),
            inputs: slice.rows.length,
            outputs: slice.cols.length,
            bits: slice.bits,
          },
          weightExp: Math.log2(scale),
          biasOn: biasesOnGrids(bias),
        };
        layers.set(name, layer);
      }
      return layer;
    },
  };
}

/**
 * A layer's float biases as integers on an accumulator grid, one array per
 * grid (supernet/operators.ts biasShift: round half up, 32 bits).
 */
function biasesOnGrids(bias: Float32Array): (exp: number) => Float64Array {
  const onGrid = new Map<number, Float64Array>();
  return (exp) => {
    let ints = onGrid.get(exp);
    if (ints === undefined) {
      ints = Float64Array.from(bias, (b) => quantiseInteger(b, 2 ** exp, BIAS_BITS));
      onGrid.set(exp, ints);
    }
    return ints;
  };
}

/**
 * A batch's model inputs as integers, quantised as the supernet quantises
 * them: the dense features at point "input.dense", the looked-up
 * embeddings [B, e, F] at "input.sparse".
 */
export function quantisedInputs(
  supernet: Supernet,
  model: QuantisedModel,
  batch: Batch,
): { dense: IntDense; sparse: IntRows } {
  const onGrid = (values: Float32Array, point: string) => {
    const exp = model.activationExp(point);
    const step = 2 ** exp;
    const v = new Float32Array(values.length);
    for (let i = 0; i < v.length; i++) v[i] = quantiseInteger(values[i]!, step, ACTIVATION_BITS);
    return { v, exp };
  };
  const dense = onGrid(batch.dense, "input.dense");
  const sparse = onGrid(supernet.embeddings.lookup(batch), "input.sparse");
  return {
    dense: { ...dense, width: batch.denseFeatures },
    sparse: { ...sparse, rows: batch.sparseFeatures },
  };
}
