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
    return this.ctx.activation(tf.sub(tf.square(sum), tf.sum(tf.square(rows), 2)), name);
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
