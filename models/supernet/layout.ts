import { InputError } from "../../sim/kernel/input-error";
import { analyseModel, dpProjectionRows } from "../spec/model-graph";
import {
  DSI_ROWS,
  type BlockShape,
  type ChoiceBlock,
  type ModelGraph,
  type ModelSpec,
  type WeightBits,
} from "../spec/model-spec";
import type { DatasetDescriptor } from "../../traces/datasets";
import { checkSearchSpace, type SearchSpace } from "./search-space";

/** One weight matrix of the supernet, [rows (inputs), cols (outputs)], with a bias of cols. */
export interface LayerShape {
  name: string;
  rows: number;
  cols: number;
}

/** Which rows and columns of a supernet layer a subnet uses, in the subnet's order. */
export interface LayerPlan {
  name: string;
  rows: Int32Array;
  cols: Int32Array;
  bits: WeightBits;
}

/**
 * A live block's layers. A layer is absent when the block does not use it,
 * or when nothing downstream reads what it computes: a block whose sparse
 * output no block (and not the final layer) reads skips its EFC (unless its
 * FM needs it) and its DSI; one whose dense output is unread skips FM, and
 * its FC or DP unless DSI needs it. The chip still does that work (liveness
 * is per block); it cannot change the logit, so it has no gradient.
 */
export interface BlockPlan {
  shape: BlockShape;
  spec: ChoiceBlock;
  denseUsed: boolean;
  sparseUsed: boolean;
  efc?: LayerPlan;
  fc?: LayerPlan;
  dp?: { dense: LayerPlan | null; rows: LayerPlan | null; out: LayerPlan; k: number };
  dsi?: LayerPlan;
  fmProjection?: LayerPlan | null;
}

/** A subnet resolved against the supernet: its blocks (null when dead) and every layer slice. */
export interface SubnetPlan {
  spec: ModelSpec;
  graph: ModelGraph;
  blocks: Array<BlockPlan | null>;
  final: LayerPlan;
  layers: LayerPlan[];
  /** Whether any computed layer reads the embeddings (otherwise they get no gradient). */
  usesEmbeddings: boolean;
}

/**
 * The supernet's parameter layout and the slices its subnets use.
 *
 * As in NASRec's supernet, every layer is built at its largest shape: a
 * block's inputs are laid out as if every earlier output were present at
 * its largest width (index 0: the data set's D dense and F sparse rows;
 * block j: maxDense dense values and maxSparse + 8 sparse rows, the last 8
 * for DSI). A subnet uses, for each input it reads, the rows of that input's
 * actual width (a prefix of its segment), and the first d (or s, k) output
 * columns: the same function as NASRec's zero-padded inputs and output
 * masks, without multiplying by the zeros. The weight names are those of the
 * chip's functional model (models/functional/evaluate.ts).
 */
export class SupernetLayout {
  readonly denseFeatures: number;
  readonly sparseFeatures: number;
  readonly embeddingDim: number;
  readonly blocks: number;
  readonly maxDense: number;
  readonly maxSparse: number;
  /** DP's largest row projection, round(sqrt(2 maxDense)). */
  readonly maxK: number;

  constructor(
    readonly dataset: DatasetDescriptor,
    readonly space: SearchSpace,
  ) {
    checkSearchSpace(space);
    this.denseFeatures = dataset.denseFeatures;
    this.sparseFeatures = dataset.sparseFeatures;
    this.embeddingDim = space.embeddingDim;
    this.blocks = space.blocks;
    this.maxDense = Math.max(...space.denseDims);
    this.maxSparse = Math.max(...space.sparseDims);
    this.maxK = dpProjectionRows(this.maxDense);
  }

  /** Sparse rows of an earlier block's output segment: maxSparse EFC rows, then 8 DSI rows. */
  get blockSparseRows(): number {
    return this.maxSparse + DSI_ROWS;
  }

  denseOffset(index: number): number {
    return index === 0 ? 0 : this.denseFeatures + (index - 1) * this.maxDense;
  }

  sparseOffset(index: number): number {
    return index === 0 ? 0 : this.sparseFeatures + (index - 1) * this.blockSparseRows;
  }

  /** Every weight matrix, in a fixed order (checkpoints rely on it). */
  layerShapes(): LayerShape[] {
    const e = this.embeddingDim;
    const shapes: LayerShape[] = [];
    for (let i = 0; i < this.blocks; i++) {
      const denseIn = this.denseOffset(i + 1);
      const sparseIn = this.sparseOffset(i + 1);
      const b = `block${i}`;
      shapes.push(
        { name: `${b}.fc`, rows: denseIn, cols: this.maxDense },
        { name: `${b}.efc`, rows: sparseIn, cols: this.maxSparse },
        { name: `${b}.dp.dense`, rows: denseIn, cols: e },
        { name: `${b}.dp.rows`, rows: sparseIn, cols: this.maxK },
        { name: `${b}.dp.out`, rows: (this.maxK * (this.maxK + 1)) / 2, cols: this.maxDense },
        { name: `${b}.dsi`, rows: this.maxDense, cols: DSI_ROWS * e },
        { name: `${b}.fm.proj`, rows: e, cols: this.maxDense },
      );
    }
    shapes.push({ name: "final", rows: this.maxDense + this.blockSparseRows * e, cols: 1 });
    return shapes;
  }

  /** Resolves a subnet spec; one the supernet cannot hold is an InputError saying why. */
  plan(spec: ModelSpec): SubnetPlan {
    const where = `model ${JSON.stringify(spec.name)}`;
    if (spec.dataset !== this.dataset.name) {
      throw new InputError(
        `${where}: dataset ${JSON.stringify(spec.dataset)}, but the supernet is for ` +
          `${JSON.stringify(this.dataset.name)}`,
      );
    }
    if (spec.embeddingDim !== this.embeddingDim) {
      throw new InputError(
        `${where}: embeddingDim = ${spec.embeddingDim}: the supernet's is ${this.embeddingDim}`,
      );
    }
    if (spec.blocks.length > this.blocks) {
      throw new InputError(
        `${where}: ${spec.blocks.length} blocks: the supernet has ${this.blocks}`,
      );
    }
    const graph = analyseModel(spec, this.dataset);
    spec.blocks.forEach((block, i) => {
      if (block.dense.dim > this.maxDense || block.sparse.dim > this.maxSparse) {
        throw new InputError(
          `${where}: block ${i}: dense.dim ${block.dense.dim}, sparse.dim ${block.sparse.dim}: ` +
            `the supernet holds at most ${this.maxDense} and ${this.maxSparse}`,
        );
      }
    });
    const layers: LayerPlan[] = [];
    const add = (name: string, rows: Int32Array, cols: Int32Array, bits: WeightBits) => {
      const plan: LayerPlan = { name, rows, cols, bits };
      layers.push(plan);
      return plan;
    };
    const last = graph.blocks[graph.blocks.length - 1]!;
    const used = usedOutputs(graph);
    const blocks = graph.blocks.map((shape) => {
      const u = used.blocks[shape.index]!;
      return u.dense || u.sparse
        ? this.blockPlan(shape, spec.blocks[shape.index]!, graph, u, add)
        : null;
    });
    const final = add("final", this.finalRows(last), range(0, 1), spec.final.weightBits);
    return { spec, graph, blocks, final, layers, usesEmbeddings: used.embeddings };
  }

  private blockPlan(
    shape: BlockShape,
    block: ChoiceBlock,
    graph: ModelGraph,
    used: { dense: boolean; sparse: boolean },
    add: (name: string, rows: Int32Array, cols: Int32Array, bits: WeightBits) => LayerPlan,
  ): BlockPlan {
    const b = `block${shape.index}`;
    const e = this.embeddingDim;
    const denseRows = this.denseInputRows(shape.denseInputs, graph);
    const sparseRows = this.sparseInputRows(shape.sparseInputs, graph);
    const needDsi = used.sparse && !!block.dsi;
    const needFm = used.dense && !!block.fm;
    const plan: BlockPlan = { shape, spec: block, denseUsed: used.dense, sparseUsed: used.sparse };
    if (used.sparse || needFm) {
      plan.efc = add(`${b}.efc`, sparseRows, range(0, shape.efcOutRows), block.sparse.weightBits);
    }
    const bits = block.dense.weightBits;
    const d = shape.denseOut;
    if (!used.dense && !needDsi) {
      // Neither the dense output nor DSI is read: no dense operator to compute.
    } else if (block.dense.op === "fc") {
      plan.fc = add(`${b}.fc`, denseRows, range(0, d), bits);
    } else {
      const k = dpProjectionRows(d);
      plan.dp = {
        dense: shape.denseInWidth === e ? null : add(`${b}.dp.dense`, denseRows, range(0, e), bits),
        rows: shape.sparseInRows === k ? null : add(`${b}.dp.rows`, sparseRows, range(0, k), bits),
        out: add(`${b}.dp.out`, range(0, (k * (k + 1)) / 2), range(0, d), bits),
        k,
      };
    }
    if (needDsi && block.dsi) {
      // Subnet column c * 8 + r (element c of DSI row r) is the layer's column r * e + c.
      const cols = new Int32Array(DSI_ROWS * e);
      for (let c = 0; c < e; c++) {
        for (let r = 0; r < DSI_ROWS; r++) cols[c * DSI_ROWS + r] = r * e + c;
      }
      plan.dsi = add(`${b}.dsi`, range(0, d), cols, block.dsi.weightBits);
    }
    if (needFm && block.fm) {
      plan.fmProjection =
        d === e ? null : add(`${b}.fm.proj`, range(0, e), range(0, d), block.fm.weightBits);
    }
    return plan;
  }

  /** The layer rows a block's concatenated dense input occupies: a prefix of each segment. */
  private denseInputRows(inputs: readonly number[], graph: ModelGraph): Int32Array {
    const rows: number[] = [];
    for (const j of inputs) {
      const width = j === 0 ? this.denseFeatures : graph.blocks[j - 1]!.denseOut;
      for (let r = 0; r < width; r++) rows.push(this.denseOffset(j) + r);
    }
    return Int32Array.from(rows);
  }

  /** The layer rows of a concatenated sparse input: EFC rows, then DSI rows, per input. */
  private sparseInputRows(inputs: readonly number[], graph: ModelGraph): Int32Array {
    const rows: number[] = [];
    for (const j of inputs) {
      const offset = this.sparseOffset(j);
      if (j === 0) {
        for (let r = 0; r < this.sparseFeatures; r++) rows.push(offset + r);
        continue;
      }
      const block = graph.blocks[j - 1]!;
      for (let r = 0; r < block.efcOutRows; r++) rows.push(offset + r);
      for (let r = block.efcOutRows; r < block.sparseOutRows; r++) {
        rows.push(offset + this.maxSparse + (r - block.efcOutRows));
      }
    }
    return Int32Array.from(rows);
  }

  /**
   * The final layer's rows for its input [dense d, flattened sparse], the
   * sparse part flattened element-major (element c of row r at c R + r, the
   * tensors' layout), while the layer keeps the chip's row-major order.
   */
  private finalRows(last: BlockShape): Int32Array {
    const e = this.embeddingDim;
    const rowsOut = last.sparseOutRows;
    const rows = new Int32Array(last.denseOut + e * rowsOut);
    for (let i = 0; i < last.denseOut; i++) rows[i] = i;
    const s = last.efcOutRows;
    for (let c = 0; c < e; c++) {
      for (let r = 0; r < rowsOut; r++) {
        const layerRow = r < s ? r : this.maxSparse + (r - s);
        rows[last.denseOut + c * rowsOut + r] = this.maxDense + layerRow * e + c;
      }
    }
    return rows;
  }
}

/**
 * Which outputs of each block reach the logit, walking back from the last
 * block (both of whose outputs the final layer reads): a block computes
 * DSI only if its sparse output is used, FM only if its dense output is,
 * its FC or DP if the dense output or DSI needs it, and EFC if the sparse
 * output or FM needs it; it then reads its dense inputs if it computes FC
 * or DP, and its sparse inputs if it computes EFC or DP.
 */
export function usedOutputs(graph: ModelGraph): {
  blocks: Array<{ dense: boolean; sparse: boolean }>;
  embeddings: boolean;
} {
  const blocks = graph.blocks.map(() => ({ dense: false, sparse: false }));
  const last = blocks[blocks.length - 1]!;
  last.dense = true;
  last.sparse = true;
  let embeddings = false;
  for (let i = graph.blocks.length - 1; i >= 0; i--) {
    const shape = graph.blocks[i]!;
    const block = graph.spec.blocks[i]!;
    const u = blocks[i]!;
    const denseOp = u.dense || (u.sparse && !!block.dsi);
    const efc = u.sparse || (u.dense && !!block.fm);
    const readsSparse = efc || (denseOp && block.dense.op === "dp");
    if (denseOp) for (const j of shape.denseInputs) if (j >= 1) blocks[j - 1]!.dense = true;
    if (readsSparse) {
      for (const j of shape.sparseInputs) {
        if (j >= 1) blocks[j - 1]!.sparse = true;
        else embeddings = true;
      }
    }
  }
  return { blocks, embeddings };
}

export function range(from: number, to: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}
