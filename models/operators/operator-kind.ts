import type { ChoiceBlock, WeightBits } from "../spec/model-spec";
import type { Algebra } from "./algebra";

/**
 * An operator kind of the design space (paper section 3.1, table 1): one
 * module declares everything about it (its spec fragment, shape rule,
 * layers, computation, search choices and drawing), and everything else
 * looks it up in the registry (registry.ts). Its computation is written
 * once, in the primitives of an Algebra (algebra.ts); each domain (the
 * mapping onto the chip's engines, the integer reference, the float model,
 * the supernet, the counts of model info) interprets those primitives its
 * own way.
 *
 * Where an operator sits in NASRec's choice block: the dense operator (FC,
 * DP) reads the block's dense inputs, the sparse operator (EFC) its sparse
 * inputs; DSI turns the dense output into more sparse rows; FM turns the
 * sparse output into a term added to the dense output; the final layer
 * reads the last block's outputs.
 */
export type Slot = "dense" | "sparse" | "dsi" | "fm" | "final";

/** Sizes flowing into an operator: a dense vector's width, a sparse tensor's rows (each e wide). */
export interface Widths {
  width: number;
  rows: number;
}

/** An operator's entry in a model spec: `op` names the kind (the key names it for DSI, FM, final). */
export interface OperatorSpec {
  op?: string;
  dim?: number;
  weightBits: WeightBits;
}

/** One weight layer of an operator. */
export interface LayerDecl {
  /** Its name within the block ("fc", "dp.dense"); the final layer's is "final". */
  name: string;
  inputs: number;
  outputs: number;
  /** Applied to each of the e embedding elements of a sparse tensor (EFC): e vectors, else one. */
  alongRows: boolean;
  /** ReLU after it (requantisation always). */
  relu: boolean;
  /**
   * What its input is: the block's dense input, its sparse input, the
   * final layer's input, or a value inside the operator (a prefix of the
   * supernet's layer: projections, outputs of earlier layers).
   */
  reads: "dense" | "sparse" | "final" | "internal";
  /** Its outputs are reshaped into rows of e (DSI): the supernet lays its columns out so. */
  outputRows?: number;
  weightBits: WeightBits;
}

/** The values an operator reads, as its slot wires them. */
export interface OperatorInputs<D, S> {
  dense: D;
  sparse: S;
}

export interface OperatorKind {
  /** The name a spec uses: `dense.op` = "fc", or the block key ("dsi", "fm", "final"). */
  kind: string;
  slot: Slot;
  /** The name on drawings and in messages ("FC", "DP"). */
  title: string;
  description: string;
  /**
   * The JSON Schema of its entry in a spec (an object; `op`, when the slot
   * has one, is checked against the registry before this is applied).
   */
  schema: Record<string, unknown>;
  /** A dense operator that reads the block's sparse inputs too (DP). */
  readsSparse?: boolean;
  /**
   * The output's size for inputs of these sizes, or an InputError (thrown
   * with `at` naming the place) when the operator cannot take them.
   * Dense: { width: d }; sparse: { rows: s }; DSI: { rows: 8 }; FM: {}.
   */
  shape(spec: OperatorSpec, input: Widths, e: number, at: string): Partial<Widths>;
  /**
   * Every weight layer it may have, for the supernet, which holds each at
   * its largest shape (`spec` and `input` are the space's largest): those
   * a subnet skips for its shapes included.
   */
  supernetLayers(spec: OperatorSpec, input: Widths, e: number): LayerDecl[];
  /**
   * The computation, once, in the algebra's primitives. `name` is the
   * block's prefix ("block3"), `input` the sizes `inputs` have.
   */
  forward<D, S>(
    alg: Algebra<D, S>,
    spec: OperatorSpec,
    inputs: OperatorInputs<D, S>,
    input: Widths,
    name: string,
  ): { dense?: D; sparse?: S };
  /** Buffer bytes the operator's values take in its tile (simulate --operators), in activations. */
  bufferValues(spec: OperatorSpec, input: Widths, e: number): number;
  /** In the design space the search and the supernet draw from (paper table 1). */
  searchable: boolean;
  /** The node name of NASRec's configs, when NASRec has it (nasrec/supernet/supernet.py). */
  nasrecNode?: string;
  /**
   * The cheap proxy loss's view (models/search/proxy-loss.ts): the weights
   * it counts as capacity, and whether it counts as an interaction (DP,
   * FM) or a dense-to-sparse expansion (DSI).
   */
  proxy: {
    weights(spec: OperatorSpec, input: Widths, e: number): number;
    term?: "interaction" | "expansion";
  };
}

/** The block entry of a slot's operator spec, or undefined when the block has none. */
export function specOf(
  block: ChoiceBlock,
  slot: "dense" | "sparse" | "dsi" | "fm",
): OperatorSpec | undefined {
  const entry = block[slot];
  return entry === null ? undefined : entry;
}
