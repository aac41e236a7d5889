import fc from "fast-check";
import { Fifo, Simulator } from "../../../sim/kernel";

/**
 * Three stages in a line: stage 1 (1 cycle/item) -> FIFO A (depth 1) ->
 * stage 2 (2 cycles/item) -> FIFO B (depth 2) -> stage 3 (5 cycles/item).
 * Stage 1 always has input. A stage takes an item, works, then puts it
 * downstream, blocking while the FIFO is full; only then does it take the
 * next item. With S = start, F = finish, P = put accepted, G = got:
 *
 *   F1(n) = S1(n) + 1,  S1(n) = P1(n-1),  P1(n) = max(F1(n), G2(n-1))   [A holds 1]
 *   G2(n) = max(P1(n), P2(n-1)),  F2(n) = G2(n) + 2,  P2(n) = max(F2(n), G3(n-2))   [B holds 2]
 *   G3(n) = max(P2(n), F3(n-1)),  F3(n) = G3(n) + 5
 *
 * Worked by hand for six items:
 *
 *   n | S1 F1 P1 (stall) | G2 F2 P2 (stall) | G3 F3
 *   0 |  0  1  1         |  1  3  3         |  3  8
 *   1 |  1  2  2         |  3  5  5         |  8 13
 *   2 |  2  3  3         |  5  7  7         | 13 18
 *   3 |  3  4  5  (1)    |  7  9  9         | 18 23
 *   4 |  5  6  7  (1)    |  9 11 13  (2)    | 23 28
 *   5 |  7  8  9  (1)    | 13 15 18  (3)    | 28 33
 *
 * Stage 1 stalls 3 cycles on A, stage 2 stalls 5 on B; stage 2 waits 1 cycle
 * on an empty A (0 -> 1) and stage 3 waits 3 on an empty B (0 -> 3).
 */
function runPipeline(items: number, service: [number, number, number], depths: [number, number]) {
  const sim = new Simulator();
  const a = new Fifo<number>(sim, "a", { capacity: depths[0] });
  const b = new Fifo<number>(sim, "b", { capacity: depths[1] });
  const done: number[] = [];
  sim.process("stage1", function* () {
    for (let n = 0; n < items; n++) {
      yield service[0];
      yield a.put(n);
    }
  });
  sim.process("stage2", function* () {
    for (let n = 0; n < items; n++) {
      const item = (yield a.get()) as number;
      yield service[1];
      yield b.put(item);
    }
  });
  sim.process("stage3", function* () {
    for (let n = 0; n < items; n++) {
      const item = (yield b.get()) as number;
      yield service[2];
      done[item] = sim.now;
    }
  });
  sim.run();
  return { done, a, b };
}

/** The max-plus recurrence above, for any service times and depths. */
function recurrence(items: number, s: number[], depths: number[]): number[] {
  const P1: number[] = [];
  const G2: number[] = [];
  const P2: number[] = [];
  const G3: number[] = [];
  const F3: number[] = [];
  const at = (xs: number[], i: number) => (i < 0 ? -Infinity : xs[i]!);
  for (let n = 0; n < items; n++) {
    const F1 = (n === 0 ? 0 : P1[n - 1]!) + s[0]!;
    P1[n] = Math.max(F1, at(G2, n - depths[0]!));
    G2[n] = Math.max(P1[n]!, at(P2, n - 1));
    P2[n] = Math.max(G2[n]! + s[1]!, at(G3, n - depths[1]!));
    G3[n] = Math.max(P2[n]!, at(F3, n - 1));
    F3[n] = G3[n]! + s[2]!;
  }
  return F3;
}

describe("3-stage pipeline with bounded FIFOs (depth 1 and 2)", () => {
  it("completes each item at the cycle derived by hand", () => {
    const { done } = runPipeline(6, [1, 2, 5], [1, 2]);
    expect(done).toEqual([8, 13, 18, 23, 28, 33]);
  });

  it("counts the back-pressure stalls derived by hand", () => {
    const { a, b } = runPipeline(6, [1, 2, 5], [1, 2]);
    expect(a.putBlockedCycles.value).toBe(3);
    expect(b.putBlockedCycles.value).toBe(5);
    expect(a.getBlockedCycles.value).toBe(1);
    expect(b.getBlockedCycles.value).toBe(3);
    expect(a.transferred.value).toBe(6);
    expect(b.transferred.value).toBe(6);
  });

  it("agrees with the recurrence for any service times and depths", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.tuple(
          fc.integer({ min: 0, max: 6 }),
          fc.integer({ min: 0, max: 6 }),
          fc.integer({ min: 0, max: 6 }),
        ),
        fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
        (items, service, depths) => {
          const { done } = runPipeline(items, service, depths);
          expect(done).toEqual(recurrence(items, service, depths));
        },
      ),
      { numRuns: 300 },
    );
  });
});
