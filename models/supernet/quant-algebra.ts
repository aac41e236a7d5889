import * as tf from "@tensorflow/tfjs";
import type { Algebra } from "../operators/algebra";
import type { LayerDecl } from "../operators/operator-kind";
import {
  denseToSparse,
  flattenSparse,
  linear,
  linearRows,
  lowerTriangle,
  type LayerTensors,
  type QTensor,
  type QuantContext,
} from "./operators";

/**
 * FM's fixed power-of-two scaling, as a shift: the interaction over `rows`
 * rows is multiplied by 2^-fmShift(rows), about 1/rows^2, which makes it
 * the FM of the rows' mean, (mean)^2 - (mean of squares) / rows. Its input
 * (EFC's output) is non-negative, so the unscaled sum grows as rows^2
 * times the rows' magnitude squared, and squares any growth block after
 * block (through FM's projection, the dense output, DSI, the next EFC): at
 * initialisation the paper space's largest path reached |FM| = 5.7e5 in
 * block 5, and training diverged (docs/supernet.md); scaled, every point
 * of that path stays below 7. It also gives FM's projection, shared by
 * subnets with 16 to 64 rows, the same magnitudes whatever the rows. The
 * chip applies it as part of FM's requantisation shift: the 8-bit integers
 * after requantisation are those of the unscaled value on a grid 2^shift
 * coarser, so the integer arithmetic is unchanged; only the float weights'
 * scale, which Adagrad's steps are measured against, differs. (DP's gram
 * is not scaled: it did not grow at initialisation, and dividing it by e
 * slowed DP's learning, quality.test.ts.)
 */
export function fmShift(rows: number): number {
  return 2 * Math.ceil(Math.log2(Math.max(1, rows)));
}

/** A sparse value as the parts it was concatenated from, joined onto one grid where it is read. */
type Parts = QTensor[];

/**
 * The supernet's forward pass as an algebra: fake-quantised tfjs tensors
 * with the integer semantics of the chip's reference (operators.ts), each
 * layer the slice of the supernet's weights the subnet uses (`layers`, by
 * name), each activation point named as the layer (or "<engine>.gram",
 * "<block>.fm", "<block>.dense") for its calibrated range. A sparse tensor
 * is [B, e, rows]; its parts stay apart until an operator reads them, so
 * that each is rounded onto the common grid once.
 */
export class QuantAlgebra implements Algebra<QTensor, Parts> {
  constructor(
    readonly embeddingDim: number,
    private readonly ctx: QuantContext,
    private readonly layers: ReadonlyMap<string, LayerTensors>,
  ) {}

  linear(name: string, layer: LayerDecl, x: QTensor): QTensor {
    return linear(this.ctx, x, this.tensors(name), layer.relu, name);
  }

  alongRows(name: string, layer: LayerDecl, y: Parts): Parts {
    return [linearRows(this.ctx, this.ctx.join(y, 2), this.tensors(name), layer.relu, name)];
  }

  linearToRows(name: string, layer: LayerDecl, x: QTensor, rows: number): Parts {
    return [denseToSparse(this.ctx, x, this.tensors(name), rows, layer.relu, name)];
  }

  toRows(x: QTensor, rows: number): Parts {
    const batch = x.tensor.shape[0]!;
    const rowsFirst = tf.reshape(x.tensor, [batch, rows, this.embeddingDim]);
    return [{ tensor: tf.transpose(rowsFirst, [0, 2, 1]), scale: x.scale }];
  }

  gram(name: string, x: QTensor, y: Parts, rows: number): QTensor {
    const batch = x.tensor.shape[0]!;
    const e = this.embeddingDim;
    const column = { tensor: tf.reshape(x.tensor, [batch, e, 1]), scale: x.scale };
    const t = this.ctx.join([column, this.ctx.join(y, 2)], 2);
    const product = tf.matMul(t.tensor as tf.Tensor3D, t.tensor as tf.Tensor3D, true, false);
    return this.ctx.activation(lowerTriangle(product, rows), `${name}.gram`);
  }

  fm(name: string, y: Parts): QTensor {
    const rows = this.ctx.join(y, 2).tensor;
    const sum = tf.sum(rows, 2);
    const interaction = tf.sub(tf.square(sum), tf.sum(tf.square(rows), 2));
    return this.ctx.activation(tf.mul(interaction, 2 ** -fmShift(rows.shape[2]!)), name);
  }

  add(name: string, x: QTensor, term: QTensor): QTensor {
    return this.ctx.activation(tf.add(x.tensor, term.tensor), `${name}.dense`);
  }

  concat(parts: QTensor[]): QTensor {
    return this.ctx.join(parts, 1);
  }

  concatRows(parts: Parts[]): Parts {
    return parts.flat();
  }

  flatten(y: Parts): QTensor {
    return flattenSparse(this.ctx.join(y, 2));
  }

  private tensors(name: string): LayerTensors {
    const t = this.layers.get(name);
    if (t === undefined) throw new Error(`supernet: no slice of layer ${name} in the plan`);
    return t;
  }
}
