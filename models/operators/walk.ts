import type { ModelGraph } from "../spec/model-spec";
import type { Algebra } from "./algebra";
import { everyPart, type BlockWork } from "./block-work";
import { dsiIsReshape } from "./dsi";
import type { OperatorKind, OperatorSpec, Widths } from "./operator-kind";
import { operatorKind, slotKind } from "./registry";

/** One operator about to run: where, which, on inputs of what sizes. */
export interface OperatorPart {
  /** The block's index; null for the final layer. */
  block: number | null;
  /** "block1.dp", "block0.efc", "final". */
  name: string;
  kind: OperatorKind;
  spec: OperatorSpec;
  input: Widths;
  /** Whether its work reaches the logit (per `reach`; true without it). */
  reaches: boolean;
}

export interface WalkOptions {
  /** Which parts of each block run (default: every part of a live block, as the chip runs them). */
  work?: readonly BlockWork[];
  /** Which parts reach the logit, told to `enter` (model info counts FLOPs only there). */
  reach?: readonly BlockWork[];
  /** Also walk the dead blocks (model info counts their parameters). */
  dead?: boolean;
  /** Called before each operator runs. */
  enter?: (part: OperatorPart) => void;
}

interface Output<D, S> {
  dense?: D;
  sparse?: S;
}

/**
 * A model through an algebra: the model input, each block's operators in
 * their slots (NASRec's choice block), the final layer; returns the logit.
 * A block reads its inputs concatenated in ascending index order; its sparse
 * operator runs first, then the dense one, then DSI on the dense output and
 * FM's term added to it (at d = 8 e, when DSI is a reshape, FM comes first:
 * NASRec's rows include its term).
 */
export function walkModel<D, S>(
  graph: ModelGraph,
  alg: Algebra<D, S>,
  input: { dense: D; sparse: S },
  options: WalkOptions = {},
): D {
  const outputs: Array<Output<D, S> | null> = [input];
  for (const block of graph.blocks) {
    if (!block.live && options.dead !== true) {
      outputs.push(null);
      continue;
    }
    outputs.push(walkBlock(graph, alg, outputs, block.index, options));
  }
  const last = outputs[outputs.length - 1]!;
  const shape = graph.blocks[graph.blocks.length - 1]!;
  const run = runner(alg, options);
  return run(
    null,
    slotKind("final"),
    graph.spec.final,
    {
      dense: need(last.dense, shape.index + 1, "dense"),
      sparse: need(last.sparse, shape.index + 1, "sparse"),
    },
    { width: shape.denseOut, rows: shape.sparseOutRows },
  ).dense!;
}

function walkBlock<D, S>(
  graph: ModelGraph,
  alg: Algebra<D, S>,
  outputs: Array<Output<D, S> | null>,
  index: number,
  options: WalkOptions,
): Output<D, S> {
  const shape = graph.blocks[index]!;
  const spec = graph.spec.blocks[index]!;
  const w = options.work?.[index] ?? everyPart(graph, index);
  const prefix = `block${index}`;
  const run = runner(alg, options, index);
  const denseOp = operatorKind("dense", spec.dense.op);
  const sparseOp = operatorKind("sparse", spec.sparse.op);
  const readsSparse = w.efc || (w.dense && denseOp.readsSparse === true);
  const denseIn = w.dense
    ? alg.concat(shape.denseInputs.map((j) => need(outputs[j]?.dense, j, "dense")))
    : undefined;
  const sparseIn = readsSparse
    ? alg.concatRows(shape.sparseInputs.map((j) => need(outputs[j]?.sparse, j, "sparse")))
    : undefined;
  const ins = { width: shape.denseInWidth, rows: shape.sparseInRows };
  const efc = w.efc
    ? run(prefix, sparseOp, spec.sparse, { sparse: sparseIn! }, ins).sparse
    : undefined;
  let dense = w.dense
    ? run(prefix, denseOp, spec.dense, { dense: denseIn!, sparse: sparseIn! }, ins).dense
    : undefined;
  const d = shape.denseOut;
  const addFm = () => {
    const term = run(
      prefix,
      slotKind("fm"),
      spec.fm!,
      { sparse: efc! },
      {
        width: d,
        rows: shape.efcOutRows,
      },
    ).dense!;
    dense = alg.add(prefix, dense!, term);
  };
  const dsiAfterFm = dsiIsReshape(d, alg.embeddingDim);
  if (w.fm && dsiAfterFm) addFm();
  const dsiRows = w.dsi
    ? run(prefix, slotKind("dsi"), spec.dsi!, { dense: dense! }, { width: d, rows: 0 }).sparse
    : undefined;
  if (w.fm && !dsiAfterFm) addFm();
  const parts = [efc, dsiRows].filter((p): p is S => p !== undefined);
  return { dense, sparse: parts.length > 0 ? alg.concatRows(parts) : undefined };
}

/** Runs one operator, telling `enter` first. */
function runner<D, S>(alg: Algebra<D, S>, options: WalkOptions, block: number | null = null) {
  return (
    prefix: string | null,
    kind: OperatorKind,
    spec: OperatorSpec,
    inputs: { dense?: D; sparse?: S },
    input: Widths,
  ): { dense?: D; sparse?: S } => {
    const name = prefix === null ? "final" : `${prefix}.${kind.kind}`;
    const reaches =
      block === null || options.reach === undefined ? true : options.reach[block]![workOf(kind)];
    options.enter?.({ block, name, kind, spec, input, reaches });
    return kind.forward(alg, spec, inputs as { dense: D; sparse: S }, input, prefix ?? "");
  };
}

/** The part of a block's work an operator kind does. */
function workOf(kind: OperatorKind): keyof BlockWork {
  return kind.slot === "sparse" ? "efc" : kind.slot === "final" ? "dense" : kind.slot;
}

function need<T>(value: T | undefined, index: number, side: string): T {
  if (value === undefined) throw new Error(`input ${index}'s ${side} output was not computed`);
  return value;
}
