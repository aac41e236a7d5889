import * as tf from "@tensorflow/tfjs";
import { batchesOf } from "../../../models/data/batch";
import { SyntheticCtr } from "../../../models/data/synthetic";
import { largestSubnet } from "../../../models/supernet/path-sampling";
import { linear, QuantContext } from "../../../models/supernet/operators";
import { FloatModel } from "../../../models/supernet/scales";
import { Supernet } from "../../../models/supernet/supernet";
import { useTestBackend } from "./test-backend";
import { TINY_SPACE } from "./tiny-space";

/** The float model (scales.ts FloatModel): the same operators with nothing quantised. */
beforeAll(async () => {
  await useTestBackend();
});

it("a layer computes x W + b on values off every grid, ReLU after", () => {
  const x = [
    [0.1234, -0.987],
    [1.5e-3, 0.333],
  ];
  const w = [
    [0.711, -0.0042],
    [-0.25, 0.5001],
  ];
  const b = [0.0123, -0.3];
  const layer = {
    weight: tf.tensor2d(w),
    weightT: tf.tensor2d([w[0]![0]!, w[1]![0]!, w[0]![1]!, w[1]![1]!], [2, 2]),
    weightScale: 1,
    bias: tf.tensor1d(b),
    biasValues: Float32Array.from(b),
  };
  const y = linear(
    new QuantContext(new FloatModel()),
    { tensor: tf.tensor2d(x), scale: 1 },
    layer,
    true,
    "fc",
  );
  const got = Array.from(y.tensor.dataSync());
  const want = x.flatMap((row) =>
    [0, 1].map((j) => Math.max(0, row[0]! * w[0]![j]! + row[1]! * w[1]![j]! + b[j]!)),
  );
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
  expect(want.some((v) => v === 0)).toBe(true); // the ReLU cut one
});

it("floatLogits: the subnet unquantised, near the quantised pass, the policy restored after", () => {
  const data = new SyntheticCtr({ seed: 3, denseFeatures: 2, sparseFeatures: 3, tableRows: 20 });
  const [batch] = batchesOf([...data.examples(128)], 128, 2, 3);
  const supernet = new Supernet({ dataset: data.dataset, space: TINY_SPACE, seed: 2 });
  const spec = largestSubnet(TINY_SPACE, "synthetic", "dp");
  const quantised = supernet.logits(spec, batch!);
  const float = supernet.floatLogits(spec, batch!);
  expect(Array.from(float)).not.toEqual(Array.from(quantised));
  const largest = Math.max(...Array.from(quantised, Math.abs));
  float.forEach((v, i) => expect(Math.abs(v - quantised[i]!)).toBeLessThan(0.25 * largest + 0.05));
  expect(Array.from(supernet.logits(spec, batch!))).toEqual(Array.from(quantised));
});
