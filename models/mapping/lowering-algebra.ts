import type { OverlapSwitches } from "../../arch/chip/overlap-switches";
import type { Operation } from "../../arch/chip/program";
import type { Hardware } from "../../arch/config/hardware";
import { dpEngine, type DpEngine } from "../../arch/engines/dp";
import { fmEngine, type FmEngine } from "../../arch/engines/fm";
import { mvmLayer, type MvmLayer } from "../../arch/engines/mvm";
import type { Algebra } from "../operators/algebra";
import type { LayerDecl } from "../operators/operator-kind";
import type { MappingOptions } from "./compile";

/** The operations producing a value: a dense value's, or per embedding position a sparse value's. */
type Ops = number[];
type RowOps = number[][];

/**
 * The mapping onto the chip as an algebra (paper section 3.2): a layer is
 * an MVM layer on MVM engines, one MVM per vector; DP's interaction is a
 * DP engine (X^T written row by row, as each row exists with the
 * dpProgramOverlap switch, after all of Y without it; then each vector of
 * X streamed through); FM is an FM engine (transposed write of each EFC
 * output column as it is produced, or without transposedFm a standard
 * crossbar written row by row once the whole output exists; a ones read;
 * the MBSA's square concurrent with the sums of squares, or after it
 * without fmConcurrentHalves). Values are the operations producing them;
 * reshapes, concatenations and additions cost no operation (the consumer
 * reads its inputs from the buffer).
 */
export class LoweringAlgebra implements Algebra<Ops, RowOps> {
  readonly layers: MvmLayer[] = [];
  readonly dpEngines: DpEngine[] = [];
  readonly fmEngines: FmEngine[] = [];
  readonly operations: Operation[] = [];

  private readonly switches: OverlapSwitches;

  constructor(
    private readonly hw: Hardware,
    readonly embeddingDim: number,
    /** compileModel's options: mixedPrecision and transposedFm given, the switches. */
    private readonly mapping: Required<Pick<MappingOptions, "mixedPrecision" | "transposedFm">> &
      Pick<MappingOptions, "switches">,
  ) {
    this.switches = mapping.switches;
  }

  op(o: Operation): number {
    return this.operations.push(o) - 1;
  }

  linear(name: string, layer: LayerDecl, x: Ops): Ops {
    const l = this.layer(name, layer, 1);
    return [this.op({ kind: "mvm", layer: l.id, vector: 0, deps: x })];
  }

  alongRows(name: string, layer: LayerDecl, y: RowOps): RowOps {
    const l = this.layer(name, layer, this.embeddingDim);
    return this.perDim((d) => [this.op({ kind: "mvm", layer: l.id, vector: d, deps: y[d]! })]);
  }

  linearToRows(name: string, layer: LayerDecl, x: Ops): RowOps {
    const ops = this.linear(name, layer, x);
    return this.perDim(() => ops);
  }

  toRows(x: Ops): RowOps {
    return this.perDim(() => x);
  }

  gram(name: string, x: Ops, y: RowOps, rows: number): Ops {
    const engine = dpEngine(this.hw, this.dpEngines.length, name, this.embeddingDim, rows);
    this.dpEngines.push(engine);
    const allY = union(...y);
    engine.rowsFrom = [
      ...new Set(
        allY.flatMap((i) => {
          const o = this.operations[i]!;
          return o.kind === "mvm" ? [o.layer] : [];
        }),
      ),
    ];
    // Row `pos` of X^T is [x_pos, y_1[pos], ..., y_k[pos]]: written when it exists, or after all of Y.
    const writes = this.perDim((pos) =>
      this.op({
        kind: "dpWrite",
        engine: engine.id,
        row: pos,
        deps: union(x, this.switches.dpProgramOverlap ? y[pos]! : allY),
      }),
    );
    // Streaming vector i of X (i = 1..k) gives X_i . X_j for j < i: the strict lower triangle.
    return Array.from({ length: rows - 1 }, (_, i) =>
      this.op({ kind: "dpStream", engine: engine.id, vector: i + 1, deps: writes }),
    );
  }

  fm(name: string, y: RowOps, rows: number): Ops {
    const transposed = this.mapping.transposedFm;
    const layout = transposed ? "transposed" : "standard";
    const engine = fmEngine(this.hw, this.fmEngines.length, name, rows, this.embeddingDim, layout);
    this.fmEngines.push(engine);
    const allY = union(...y);
    const writes = Array.from({ length: engine.linesPerInference }, (_, line) =>
      this.op({ kind: "fmWrite", engine: engine.id, line, deps: transposed ? y[line]! : allY }),
    );
    const ones = this.op({ kind: "fmOnes", engine: engine.id, deps: writes });
    const square = this.op({ kind: "fmSquare", engine: engine.id, deps: [ones] });
    const squares = this.perDim((dim) =>
      this.op({
        kind: "fmSumSquares",
        engine: engine.id,
        dim,
        deps: this.switches.fmConcurrentHalves ? [ones] : [ones, square],
      }),
    );
    return union([square], squares);
  }

  add(_name: string, x: Ops, term: Ops): Ops {
    return union(x, term);
  }

  concat(parts: Ops[]): Ops {
    return union(...parts);
  }

  concatRows(parts: RowOps[]): RowOps {
    return this.perDim((d) => union(...parts.map((p) => p[d]!)));
  }

  flatten(y: RowOps): Ops {
    return union(...y);
  }

  private layer(name: string, layer: LayerDecl, vectorsPerInference: number): MvmLayer {
    const l = mvmLayer(this.hw, this.layers.length, {
      name,
      inputs: layer.inputs,
      outputs: layer.outputs,
      weightBits: this.mapping.mixedPrecision ? layer.weightBits : 8,
      vectorsPerInference,
    });
    this.layers.push(l);
    return l;
  }

  private perDim<T>(f: (d: number) => T): T[] {
    return Array.from({ length: this.embeddingDim }, (_, d) => f(d));
  }
}

/** The operations of several dependency lists, once each, ascending (a native numeric sort). */
export function union(...lists: number[][]): number[] {
  if (lists.length === 1) return lists[0]!; // every list is already ascending and without repeats
  let total = 0;
  for (const list of lists) total += list.length;
  const all = new Int32Array(total);
  let k = 0;
  for (const list of lists) for (const v of list) all[k++] = v;
  all.sort();
  const out: number[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) out.push(all[i]!);
  return out;
}
