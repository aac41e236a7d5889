import { InputError } from "../../sim/kernel/input-error";
import type { DatasetDescriptor } from "../../traces/datasets";
import { reachingWork, type BlockWork } from "../operators/block-work";
import { dpProjectionRows } from "../operators/dp";
import { DSI_ROWS } from "../operators/dsi";
import type { LayerDecl, OperatorKind } from "../operators/operator-kind";
import { allOperatorKinds, slotKind } from "../operators/registry";
import { SizeAlgebra } from "../operators/size-algebra";
import { walkModel } from "../operators/walk";
import { analyseModel } from "../spec/model-graph";
import type { BlockShape, ModelGraph, ModelSpec, WeightBits } from "../spec/model-spec";
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

/** A subnet resolved against the supernet: which parts of each block run, and every layer slice. */
export interface SubnetPlan {
  spec: ModelSpec;
  graph: ModelGraph;
  /**
   * The parts of each block whose work reaches the logit (the rest is not
   * computed: the chip still does it, but it cannot change the logit, so it
   * has no gradient); dead blocks do nothing.
   */
  work: BlockWork[];
  final: LayerPlan;
  /** Every slice, in the order the forward pass uses them. */
  layers: LayerPlan[];
  /** Whether any computed layer reads the embeddings (otherwise they get no gradient). */
  usesEmbeddings: boolean;
  /** A slice by name ("block1.dp.dense"), or null when the subnet does not use that layer. */
  layer(name: string): LayerPlan | null;
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

  /**
   * Every weight matrix, in a fixed order (checkpoints rely on it): per
   * block, each searchable operator kind's layers at the space's largest
   * shapes (registry order: fc, efc, dp, dsi, fm), then the final layer.
   */
  layerShapes(): LayerShape[] {
    const e = this.embeddingDim;
    const shapes: LayerShape[] = [];
    const add = (prefix: string, layers: LayerDecl[]) => {
      for (const l of layers) {
        shapes.push({ name: `${prefix}${l.name}`, rows: l.inputs, cols: l.outputs });
      }
    };
    const kinds = allOperatorKinds().filter((k) => k.searchable && k.slot !== "final");
    for (let i = 0; i < this.blocks; i++) {
      const input = { width: this.denseOffset(i + 1), rows: this.sparseOffset(i + 1) };
      for (const kind of kinds) {
        add(
          `block${i}.`,
          kind.supernetLayers(this.largest(kind), this.largestInput(kind, input), e),
        );
      }
    }
    const finalInput = { width: this.maxDense, rows: this.blockSparseRows };
    add("", slotKind("final").supernetLayers({ weightBits: 8 }, finalInput, e));
    return shapes;
  }

  /** A kind's spec at the space's largest. */
  private largest(kind: OperatorKind): { dim: number; weightBits: WeightBits } {
    return { dim: kind.slot === "sparse" ? this.maxSparse : this.maxDense, weightBits: 8 };
  }

  /** What a kind reads at the largest: the block's inputs, or (DSI, FM) the block's largest outputs. */
  private largestInput(kind: OperatorKind, blockInput: { width: number; rows: number }) {
    return kind.slot === "dsi" || kind.slot === "fm"
      ? { width: this.maxDense, rows: this.maxSparse }
      : blockInput;
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
    const reach = reachingWork(graph);
    const planner = new PlanAlgebra(this, graph);
    walkModel(
      graph,
      planner,
      { dense: graph.dataset.denseFeatures, sparse: graph.dataset.sparseFeatures },
      { work: reach.blocks, enter: (part) => (planner.block = part.block) },
    );
    const layers = planner.layers;
    const byName = new Map(layers.map((l) => [l.name, l]));
    return {
      spec,
      graph,
      work: reach.blocks,
      final: byName.get("final")!,
      layers,
      usesEmbeddings: reach.embeddings,
      layer: (name) => byName.get(name) ?? null,
    };
  }

  /** The rows of the layer `decl` of block `block` (null: the final layer) in the supernet's layer. */
  rowsOf(decl: LayerDecl, block: number | null, graph: ModelGraph): Int32Array {
    const shape = block === null ? null : graph.blocks[block]!;
    switch (decl.reads) {
      case "dense":
        return this.denseInputRows(shape!.denseInputs, graph);
      case "sparse":
        return this.sparseInputRows(shape!.sparseInputs, graph);
      case "final":
        return this.finalRows(graph.blocks[graph.blocks.length - 1]!);
      case "internal":
        return range(0, decl.inputs);
    }
  }

  /**
   * The columns a layer uses: a prefix, or for a layer whose outputs are
   * rows (DSI) the subnet column c R + r (element c of row r, the tensors'
   * [B, e, rows] layout) taken from the layer's column r e + c.
   */
  colsOf(decl: LayerDecl): Int32Array {
    const rows = decl.outputRows;
    if (rows === undefined) return range(0, decl.outputs);
    const e = this.embeddingDim;
    const cols = new Int32Array(rows * e);
    for (let c = 0; c < e; c++) for (let r = 0; r < rows; r++) cols[c * rows + r] = r * e + c;
    return cols;
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
 * Records the slice of every layer a subnet's forward pass uses: an
 * algebra over sizes whose layers look their rows and columns up in the
 * layout.
 */
class PlanAlgebra extends SizeAlgebra {
  readonly layers: LayerPlan[] = [];
  block: number | null = null;

  constructor(
    private readonly layout: SupernetLayout,
    private readonly graph: ModelGraph,
  ) {
    super();
  }

  get embeddingDim(): number {
    return this.layout.embeddingDim;
  }

  protected layer(name: string, layer: LayerDecl): void {
    this.layers.push({
      name,
      rows: this.layout.rowsOf(layer, this.block, this.graph),
      cols: this.layout.colsOf(layer),
      bits: layer.weightBits,
    });
  }
}

export function range(from: number, to: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}
