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
    const allY = this.union(y);
    for (const i of allY) {
      const o = this.operations[i]!;
      if (o.kind === "mvm" && !engine.rowsFrom.includes(o.layer)) engine.rowsFrom.push(o.layer);
    }
    // Row `pos` of X^T is [x_pos, y_1[pos], ..., y_k[pos]]: written when it exists, or after all of Y.
    const writes = this.perDim((pos) =>
      this.op({
        kind: "dpWrite",
        engine: engine.id,
        row: pos,
        deps: this.union([x, this.switches.dpProgramOverlap ? y[pos]! : allY]),
      }),
    );
    // Streaming vector i of X (i = 1..k) gives X_i . X_j for j < i: the strict lower triangle.
    const streams: Ops = [];
    for (let i = 1; i < rows; i++)
      streams.push(this.op({ kind: "dpStream", engine: engine.id, vector: i, deps: writes }));
    return streams;
  }

  fm(name: string, y: RowOps, rows: number): Ops {
    const transposed = this.mapping.transposedFm;
    const layout = transposed ? "transposed" : "standard";
    const engine = fmEngine(this.hw, this.fmEngines.length, name, rows, this.embeddingDim, layout);
    this.fmEngines.push(engine);
    const allY = this.union(y);
    const writes: Ops = [];
    for (let line = 0; line < engine.linesPerInference; line++) {
      const deps = transposed ? y[line]! : allY;
      writes.push(this.op({ kind: "fmWrite", engine: engine.id, line, deps }));
    }
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
    return this.union([[square], squares]);
  }

  add(_name: string, x: Ops, term: Ops): Ops {
    return this.union([x, term]);
  }

  concat(parts: Ops[]): Ops {
    return this.union(parts);
  }

  concatRows(parts: RowOps[]): RowOps {
    const rows: RowOps = [];
    for (let d = 0; d < this.embeddingDim; d++) {
      // parts whose lists at d are those at d - 1 (a dense value as rows) give the same union
      const again = d > 0 && parts.every((p) => p[d] === p[d - 1]);
      rows.push(again ? rows[d - 1]! : this.union(parts.map((p) => p[d]!)));
    }
    return rows;
  }

  flatten(y: RowOps): Ops {
    return this.union(y);
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

  private union(lists: readonly Ops[]): Ops {
    return union(this.operations.length, lists);
  }

  private perDim<T>(f: (d: number) => T): T[] {
    const out: T[] = [];
    for (let d = 0; d < this.embeddingDim; d++) out.push(f(d));
    return out;
  }
}

// union's arrays, shared by every lowering and grown as needed (a union runs to its end before
// the next starts; typed arrays are costly to create): operation i is in the union being built
// when marks[i] === stamp, and gathered holds the union's operations as they are found.
let marks = new Int32Array(0);
let gathered = new Int32Array(0);
let stamp = 0;

/**
 * The operations of several dependency lists (of a program of `operations`
 * operations so far), once each, ascending. Each list is ascending and
 * without repeats, and the lists often repeat one another (a vector as rows
 * is one list e times): a mark per operation drops repeats, and a sort is
 * needed only when the lists interleave. The union is allocated once, at
 * its size.
 */
function union(operations: number, lists: readonly Ops[]): Ops {
  if (lists.length === 1) return lists[0]!;
  if (marks.length < operations) {
    marks = new Int32Array(2 * operations);
    gathered = new Int32Array(2 * operations);
    stamp = 0;
  }
  if (stamp === 2 ** 31 - 1) {
    marks.fill(0); // the stamps ran out: start again
    stamp = 0;
  }
  stamp++;
  let count = 0;
  let ascending = true;
  let previous: Ops | null = null;
  for (const list of lists) {
    if (list === previous) continue;
    previous = list;
    for (const v of list) {
      if (marks[v] === stamp) continue;
      marks[v] = stamp;
      if (count > 0 && v < gathered[count - 1]!) ascending = false;
      gathered[count++] = v;
    }
  }
  if (!ascending) gathered.subarray(0, count).sort();
  const out: Ops = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = gathered[i]!;
  return out;
}
