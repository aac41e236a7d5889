import * as tf from "@tensorflow/tfjs";
import { requantise } from "../../../models/functional/quantisation";
import {
  fakeQuant,
  fakeQuantiseArray,
  powerOfTwoScale,
  quantiseInteger,
} from "../../../models/supernet/quantisation";
import { CalibratedScales } from "../../../models/supernet/scales";
import { useTestBackend } from "./test-backend";

beforeAll(async () => {
  await useTestBackend();
});

describe("power-of-two grids", () => {
  it("picks the finest step that still fits the largest value", () => {
    // 1 / 2^-6 = 64 <= 127 but 1 / 2^-7 = 128 > 127
    expect(powerOfTwoScale(1, 8)).toBe(2 ** -6);
    expect(powerOfTwoScale(127, 8)).toBe(1);
    expect(powerOfTwoScale(128, 8)).toBe(2);
    // 4 bits: 7 levels; 0.7 / 2^-3 = 5.6 <= 7, 0.7 / 2^-4 = 11.2 > 7
    expect(powerOfTwoScale(0.7, 4)).toBe(2 ** -3);
    expect(powerOfTwoScale(0, 8)).toBe(2 ** -24);
  });

  it("rounds half up and saturates, as the chip's requantise does", () => {
    for (let sum = -300; sum <= 300; sum++) {
      // requantise(sum, 1) halves with round-half-up; so does a grid of step 2 on sum.
      expect(quantiseInteger(sum, 2, 8)).toBe(requantise(sum, 1, 8));
      expect(quantiseInteger(sum, 8, 4)).toBe(requantise(sum, 3, 4));
    }
    const values = Float32Array.from([0.26, -0.26, 3, -3, 0.125]);
    const marks = new Uint8Array(5);
    fakeQuantiseArray(values, 0.25, 4, marks);
    // 7 * 0.25 = 1.75 is the top, -8 * 0.25 = -2 the bottom; 0.125 / 0.25 = 0.5 rounds up
    expect(Array.from(values)).toEqual([0.25, -0.25, 1.75, -2, 0.25]);
    expect(Array.from(marks)).toEqual([0, 0, 1, 1, 0]);
  });
});

describe("fakeQuant", () => {
  it("rounds onto the grid forward and passes the gradient straight through inside the range", () => {
    const x = tf.tensor1d([0.3, -0.3, 0.06, 1.5, -1.7, 1.0]);
    const step = 1 / 8; // 4 bits: -1 .. 0.875
    expect(Array.from(fakeQuant(x, step, 4).dataSync())).toEqual([
      0.25, -0.25, 0, 0.875, -1, 0.875,
    ]);
    const grad = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(fakeQuant(t, step, 4), tf.tensor1d([1, 2, 3, 4, 5, 6]))),
    )(x);
    expect(Array.from(grad.dataSync())).toEqual([1, 2, 3, 0, 0, 0]);
  });
});

describe("CalibratedScales", () => {
  it("starts a point from its first batch, then follows a running average, frozen when not training", () => {
    const scales = new CalibratedScales(0.5);
    expect(scales.activation("p", () => 1)).toBe(2 ** -6);
    scales.record("p", 1);
    scales.record("p", 3); // 1 + 0.5 (3 - 1) = 2
    expect(scales.ranges.get("p")).toEqual({ maxAbs: 2, batches: 2 });
    expect(scales.activation("p", () => 1000)).toBe(2 ** -5);
    scales.training = false;
    expect(scales.observing).toBe(false);
  });
});
