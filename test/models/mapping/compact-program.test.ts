import { unitOf } from "../../../arch/chip/compact-program";
import { invert } from "../../../arch/chip/csr";
import { operationCosts } from "../../../arch/chip/op-costs";
import { ALL_OVERLAPS } from "../../../arch/chip/overlap-switches";
import { buildHardware } from "../../../arch/config/hardware";
import { defaultHwConfig, resolveHwConfig } from "../../../arch/config/hw-config";
import { compileCompact } from "../../../models/mapping/compile";
import { KeyHeap } from "../../../models/mapping/key-heap";
import { Scratch } from "../../../models/mapping/scratch";
import { hwConfigOf, randomHw, randomModel } from "../../../models/search/space";
import { analyseModel } from "../../../models/spec/model-graph";
import { Rng } from "../../../sim/kernel/rng";

describe("the compact program", () => {
  it("inverts index lists: for each index, the lists holding it, ascending", () => {
    // index 0 is in list 2; 1 in list 0; 2 in lists 0 and 2; 3 in none
    const { first, list } = invert(4, [[1, 2], [], [0, 2]]);
    expect([...first]).toEqual([0, 1, 2, 4, 4]);
    expect([...list]).toEqual([2, 0, 0, 2]);
  });

  // Random pairs of the search space, replicated: the compact form holds what the program does.
  const rng = new Rng(3);
  const pairs = Array.from({ length: 6 }, () => {
    const hw = buildHardware(resolveHwConfig(hwConfigOf(randomHw(rng), defaultHwConfig())));
    const graph = analyseModel(randomModel(rng, "criteo"));
    return { hw, ...compileCompact(graph, hw, { switches: ALL_OVERLAPS }) };
  });

  it("holds each operation's cost, after replication, as operationCosts gives it", () => {
    expect(pairs.some((p) => p.program.dpEngines.some((d) => d.copies > 1))).toBe(true);
    for (const { hw, program, compact: c } of pairs) {
      operationCosts(program, hw, false).forEach((cost, i) => {
        const o = program.operations[i]!;
        const unit = c.unit[i]!;
        if (o.kind === "lookup") {
          const memoryTile = program.tables[o.feature]!.memoryTile;
          expect(unitOf(c.units, unit)).toEqual({ kind: "memoryPort", index: memoryTile });
        } else {
          expect(unit < 0 ? null : unitOf(c.units, unit)).toEqual(cost.unit);
        }
        const entries = [c.tile, c.readBits, c.computeCycles, c.writeBits, c.energyPj, c.gang];
        expect(entries.map((a) => a[i])).toEqual([
          cost.tile,
          cost.readBits,
          cost.computeCycles,
          cost.writeBits,
          cost.energyPj,
          cost.gang === true ? 1 : 0,
        ]);
      });
    }
  });

  it("groups consecutive operations with one dependency list, and lists each group under its dependencies", () => {
    for (const { program, compact: c } of pairs) {
      const ops = program.operations;
      const { start, depCount } = c.groups;
      expect([start[0], start[start.length - 1]]).toEqual([0, ops.length]);
      for (let g = 0; g < depCount.length; g++) {
        const deps = ops[start[g]!]!.deps;
        expect(depCount[g]).toBe(deps.length);
        for (let i = start[g]!; i < start[g + 1]!; i++) expect(ops[i]!.deps).toBe(deps);
        if (g > 0) expect(ops[start[g]! - 1]!.deps).not.toBe(deps);
        for (const d of deps) {
          const { first, list } = c.dependents;
          expect([...list.subarray(first[d]!, first[d + 1]!)]).toContain(g);
        }
      }
    }
  });
});

describe("the static schedule's containers", () => {
  it("pops keys in ascending order", () => {
    const rng = new Rng(1);
    const keys = Array.from({ length: 200 }, () => rng.int(0, 1000) * 4096 + rng.int(0, 4095));
    const heap = new KeyHeap(new Float64Array(keys.length));
    const popped: number[] = [];
    keys.forEach((k, i) => {
      heap.push(k);
      if (i % 3 === 2) popped.push(heap.pop());
    });
    while (heap.length > 0) popped.push(heap.pop());
    // pops interleaved with pushes: each pop is the least key pushed and not yet popped
    const pending: number[] = [];
    const expected: number[] = [];
    keys.forEach((k, i) => {
      pending.push(k);
      pending.sort((a, b) => a - b);
      if (i % 3 === 2) expected.push(pending.shift()!);
    });
    expect(popped).toEqual([...expected, ...pending]);
  });

  it("hands out zeroed pieces of one reused buffer", () => {
    const scratch = new Scratch((n) => new Int32Array(n));
    const [a, b] = scratch.take([3, 2]);
    a.fill(7);
    b.fill(9);
    expect([a.length, b.length]).toEqual([3, 2]);
    const [c] = scratch.take([5]);
    expect([...c]).toEqual([0, 0, 0, 0, 0]);
  });
});
