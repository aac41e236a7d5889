import { defaultHwConfig } from "../../../arch/config/hw-config";
import type { CriterionSettings } from "../../../models/search/criterion";
import { journaled, localEvaluator } from "../../../models/search/evaluators";
import {
  evolve,
  type Evaluated,
  type EvolutionResult,
  type EvolutionSettings,
  type Evaluator,
  type Measured,
} from "../../../models/search/evolution";
import type { Candidate } from "../../../models/search/space";
import type { ChoiceBlock } from "../../../models/spec/model-spec";
import { Rng } from "../../../sim/kernel/rng";

/**
 * Regularized evolution (paper algorithm 1) with a cheap fake evaluator
 * and with the real one, checked by properties that can be verified by
 * hand: sizes, who is kept, who is the parent, order independence.
 */

// --- a cheap deterministic evaluator ------------------------------------

/** A 32-bit FNV-1a of a text: a tie-breaker that makes criteria (almost surely) distinct. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The content of a candidate without its name. */
const content = (c: Candidate) => JSON.stringify([c.model.blocks, c.model.final, c.hw]);

/** Loss and metrics as simple functions of the genes. */
function fakeMeasure(c: Candidate): Measured {
  const dims = c.model.blocks.reduce((s, b) => s + b.dense.dim + b.sparse.dim, 0);
  const dp = c.model.blocks.filter((b) => b.dense.op === "dp").length;
  const throughput = (1e4 * c.hw.crossbar) / c.hw.adcBits;
  const powerW = c.hw.dacBits + c.hw.adcBits / 8 + dims / 1000;
  return {
    loss: 0.45 - dims / 1e5 - dp * 1e-3 + fnv(content(c)) / 2 ** 32 / 1e4,
    metrics: {
      throughput,
      areaMm2: c.hw.crossbar * c.hw.cellBits + dims / 100,
      powerW,
      latencyNs: 1e9 / throughput,
      unloadedLatencyNs: 1e9 / throughput,
      energyPerInferencePj: (powerW / throughput) * 1e12,
      inFlight: 1,
    },
  };
}

/** The fake as a batch evaluator that also records the batch sizes. */
function fakeEvaluator(batches: number[] = []): Evaluator {
  return (candidates) => {
    batches.push(candidates.length);
    return Promise.resolve(candidates.map(fakeMeasure));
  };
}

/** The same answers, each after a random delay, so they resolve in a scrambled order. */
function scrambledEvaluator(seed: number, order: number[][] = []): Evaluator {
  const delays = new Rng(seed);
  return async (candidates) => {
    const finished: number[] = [];
    const results = await Promise.all(
      candidates.map(
        (c, i) =>
          new Promise<Measured>((resolve) =>
            setTimeout(
              () => {
                finished.push(i);
                resolve(fakeMeasure(c));
              },
              delays.int(0, 4),
            ),
          ),
      ),
    );
    order.push(finished);
    return results;
  };
}

const criterionSettings: CriterionSettings = {
  targetThroughput: 1e5,
  targetAreaMm2: 100,
  targetPowerW: 5,
  lambdaThroughput: 0.01,
  lambdaArea: 0.01,
  lambdaPower: 0.01,
};

/** The criterion written out again: loss + sum lambda metric / target over [1/X, A, P]. */
const expectedCriterion = (m: Measured) =>
  m.loss +
  0.01 * (1e5 / m.metrics.throughput) +
  0.01 * (m.metrics.areaMm2 / 100) +
  0.01 * (m.metrics.powerW / 5);

function settings(over: Partial<EvolutionSettings> = {}): EvolutionSettings {
  return {
    dataset: "criteo",
    seed: 7,
    population: 12,
    generations: 5,
    sample: 6,
    children: 3,
    mutations: 1,
    hwShare: 0.25,
    removal: "worst",
    criterion: criterionSettings,
    ...over,
  };
}

/** What a run is, for comparing runs: everything but object identity. */
const summary = (r: EvolutionResult) => ({
  history: r.history.map((e) => [e.id, e.generation, e.key, e.loss, e.criterion]),
  population: r.population.map((e) => e.id),
  bestByGeneration: r.bestByGeneration,
  best: r.best.id,
  top: r.top.map((e) => e.id),
  pareto: r.pareto.map((e) => e.id),
});

// --- helpers to reason about a run ---------------------------------------

const inputsOf = (b: ChoiceBlock) =>
  Array.isArray(b.inputs) ? { dense: b.inputs, sparse: b.inputs } : b.inputs;
const sorted = (xs: number[]) => JSON.stringify([...new Set(xs)].sort((a, b) => a - b));

/** How many genes differ between two candidates (one mutation changes one). */
function distance(a: Candidate, b: Candidate): number {
  let n = 0;
  for (const g of ["crossbar", "cellBits", "dacBits", "adcBits"] as const)
    if (a.hw[g] !== b.hw[g]) n++;
  if (a.model.final.weightBits !== b.model.final.weightBits) n++;
  a.model.blocks.forEach((x, i) => {
    const y = b.model.blocks[i]!;
    const fields = [
      [x.dense.op, y.dense.op],
      [x.dense.dim, y.dense.dim],
      [x.dense.weightBits, y.dense.weightBits],
      [x.sparse.dim, y.sparse.dim],
      [x.sparse.weightBits, y.sparse.weightBits],
      [JSON.stringify(x.dsi ?? null), JSON.stringify(y.dsi ?? null)],
      [JSON.stringify(x.fm ?? null), JSON.stringify(y.fm ?? null)],
      [sorted(inputsOf(x).dense), sorted(inputsOf(y).dense)],
      [sorted(inputsOf(x).sparse), sorted(inputsOf(y).sparse)],
    ];
    for (const [p, q] of fields) if (p !== q) n++;
  });
  return n;
}

const byCriterion = (a: Evaluated, b: Evaluated) => a.criterion - b.criterion;
const minCriterion = (es: Evaluated[]) => Math.min(...es.map((e) => e.criterion));

function dominates(a: Evaluated, b: Evaluated): boolean {
  const [x, y] = [a.metrics, b.metrics];
  const noWorse = x.throughput >= y.throughput && x.areaMm2 <= y.areaMm2 && x.powerW <= y.powerW;
  return noWorse && (x.throughput > y.throughput || x.areaMm2 < y.areaMm2 || x.powerW < y.powerW);
}

/**
 * The populations after each generation, rebuilt by the rule of algorithm 1
 * (lines 12-15: append the children, sort by criterion, drop the last
 * `children`) or by aging (drop the `children` oldest).
 */
function populations(r: EvolutionResult, s: EvolutionSettings): Evaluated[][] {
  const out = [r.history.filter((e) => e.generation === 0)];
  for (let g = 1; g <= s.generations; g++) {
    const all = out[g - 1]!.concat(r.history.filter((e) => e.generation === g));
    out.push(
      s.removal === "worst"
        ? [...all].sort(byCriterion).slice(0, s.population)
        : [...all].sort((a, b) => a.id - b.id).slice(all.length - s.population),
    );
  }
  return out;
}

const ids = (es: Evaluated[]) => es.map((e) => e.id).sort((a, b) => a - b);

// --- the tests ------------------------------------------------------------

describe("evolve: reproducibility", () => {
  it("gives identical histories for the same seed and different ones for another (fake evaluator)", async () => {
    const s = settings({ mutations: 3 });
    const a = await evolve(s, fakeEvaluator());
    const b = await evolve(s, fakeEvaluator());
    const c = await evolve({ ...s, seed: 8 }, fakeEvaluator());
    expect(summary(b)).toEqual(summary(a));
    expect(c.history.map((e) => e.key)).not.toEqual(a.history.map((e) => e.key));
  });

  it("gives identical histories for the same seed with the real evaluator", async () => {
    const real = journaled(localEvaluator(defaultHwConfig(), "proxy"), null);
    const a = await evolve(settings(), real);
    const b = await evolve(settings(), real);
    const c = await evolve(settings({ seed: 8 }), real);
    expect(summary(b)).toEqual(summary(a));
    expect(c.history.map((e) => e.key)).not.toEqual(a.history.map((e) => e.key));
  });
});

describe("evolve: algorithm 1 on a tiny run", () => {
  const cases: [string, Partial<EvolutionSettings>][] = [
    ["worst, sample = population", { population: 6, sample: 6, children: 2, generations: 8 }],
    ["worst, sample 3 of 6", { population: 6, sample: 3, children: 2, generations: 8 }],
    [
      "oldest, sample 3 of 6",
      { population: 6, sample: 3, children: 2, generations: 8, removal: "oldest" },
    ],
  ];

  it.each(cases)("%s", async (_name, over) => {
    const s = settings(over);
    const batches: number[] = [];
    const reported: [number, number][] = [];
    const r = await evolve(s, fakeEvaluator(batches), (g, best) =>
      reported.push([g, best.criterion]),
    );

    // one batch with the initial population, then one of `children` per generation
    expect(batches).toEqual([s.population, ...Array(s.generations).fill(s.children)]);
    expect(r.history).toHaveLength(s.population + s.generations * s.children);
    r.history.forEach((e, i) => {
      expect(e.id).toBe(i);
      expect(e.generation).toBe(
        i < s.population ? 0 : Math.floor((i - s.population) / s.children) + 1,
      );
      // the results belong to their candidates, and the criterion is line 11's
      expect(e.loss).toBe(fakeMeasure(e.candidate).loss);
      expect(e.criterion).toBeCloseTo(expectedCriterion(fakeMeasure(e.candidate)), 12);
    });
    // no candidate is evaluated twice (duplicates are re-drawn)
    expect(new Set(r.history.map((e) => e.key)).size).toBe(r.history.length);

    const pops = populations(r, s);
    for (let g = 0; g <= s.generations; g++) {
      expect(pops[g]).toHaveLength(s.population);
      // the best reported and recorded is the best of the rebuilt population
      expect(r.bestByGeneration[g]).toBe(minCriterion(pops[g]!));
      expect(reported[g]).toEqual([g, minCriterion(pops[g]!)]);
    }
    expect(reported).toHaveLength(s.generations + 1);
    expect(ids(r.population)).toEqual(ids(pops[s.generations]!));

    for (let g = 1; g <= s.generations; g++) {
      const before = pops[g - 1]!;
      const children = r.history.filter((e) => e.generation === g);
      // One parent per generation: a member of the population with every child
      // one mutation away, and the best of some `sample` members, so at most
      // population - sample members are better than it.
      const parents = before.filter((p) =>
        children.every((c) => distance(p.candidate, c.candidate) === 1),
      );
      const fits = parents.filter(
        (p) => before.filter((q) => q.criterion < p.criterion).length <= s.population - s.sample,
      );
      expect([g, fits.length > 0]).toEqual([g, true]);
      if (s.sample === s.population) {
        const best = [...before].sort(byCriterion)[0]!;
        expect(parents.map((p) => p.id)).toContain(best.id);
      }
    }

    if (s.removal === "worst") {
      for (let g = 1; g <= s.generations; g++)
        expect(r.bestByGeneration[g]).toBeLessThanOrEqual(r.bestByGeneration[g - 1]!);
      // the final population holds the `population` best candidates ever seen
      const bestEver = [...r.history].sort(byCriterion).slice(0, s.population);
      expect(ids(r.population)).toEqual(ids(bestEver));
    } else {
      // aging: the population is always the `population` youngest
      const n = r.history.length;
      expect(ids(r.population)).toEqual(
        Array.from({ length: s.population }, (_, i) => n - s.population + i),
      );
    }
  });

  it("follows NASRec's mutation schedule (G - g) // max(20, G // 5) + 1", async () => {
    // G = 40: max(20, 8) = 20; generations 1..20 make (40 - g) // 20 + 1 = 2
    // mutations per child (g = 20: 20 // 20 + 1 = 2), generations 21..40 make 1.
    const s = settings({
      population: 6,
      sample: 6,
      children: 2,
      generations: 40,
      mutations: "nasrec",
    });
    const r = await evolve(s, fakeEvaluator());
    const pops = populations(r, s);
    const distances: number[][] = [[]];
    for (let g = 1; g <= s.generations; g++) {
      const parent = [...pops[g - 1]!].sort(byCriterion)[0]!;
      distances.push(
        r.history
          .filter((e) => e.generation === g)
          .map((e) => distance(parent.candidate, e.candidate)),
      );
    }
    const early = distances.slice(1, 21).flat();
    const late = distances.slice(21).flat();
    // two mutations can hit the same gene, so early children are 1 or 2 genes away
    for (const d of early) expect([1, 2]).toContain(d);
    expect(early.filter((d) => d === 2).length).toBeGreaterThan(early.length / 2);
    for (const d of late) expect(d).toBe(1);
  });

  it("keeps the best with removal 'worst' by criterion, not by age", async () => {
    // A loss that favours the initial population: children always score worse,
    // so with 'worst' the initial population survives whole; with 'oldest' it is gone.
    const s = settings({ population: 5, sample: 5, children: 2, generations: 3 });
    const evaluator: Evaluator = (candidates) =>
      Promise.resolve(
        candidates.map((c) => {
          const m = fakeMeasure(c);
          return { ...m, loss: m.loss + (c.model.name.startsWith("g") ? 10 : 0) };
        }),
      );
    const worst = await evolve(s, evaluator);
    expect(ids(worst.population)).toEqual([0, 1, 2, 3, 4]);
    expect(worst.bestByGeneration.every((b) => b === worst.bestByGeneration[0])).toBe(true);
    const oldest = await evolve({ ...s, removal: "oldest" }, evaluator);
    expect(ids(oldest.population)).toEqual([6, 7, 8, 9, 10]);
  });
});

describe("evolve: order of evaluation", () => {
  it("gives the same run when answers arrive in a random order (fake evaluator)", async () => {
    const order: number[][] = [];
    const sync = await evolve(settings(), fakeEvaluator());
    const scrambled = await evolve(settings(), scrambledEvaluator(99, order));
    expect(summary(scrambled)).toEqual(summary(sync));
    // the test is only worth something if the answers did arrive out of order
    expect(order.some((o) => o.some((x, i) => x !== i))).toBe(true);
  });

  it("gives the same run when the real evaluator answers in a random order", async () => {
    const local = localEvaluator(defaultHwConfig(), "proxy");
    const delays = new Rng(5);
    const slow = (c: Candidate) =>
      new Promise<void>((resolve) => setTimeout(resolve, delays.int(0, 4))).then(() => local(c));
    const a = await evolve(settings(), journaled(local, null));
    const b = await evolve(settings(), journaled(slow, null));
    expect(summary(b)).toEqual(summary(a));
  });
});

describe("evolve: top 15 and the Pareto front", () => {
  const check = (r: EvolutionResult) => {
    expect(r.top).toHaveLength(15);
    expect(new Set(r.top.map((e) => e.key)).size).toBe(15);
    for (let i = 1; i < r.top.length; i++)
      expect(r.top[i]!.criterion).toBeGreaterThanOrEqual(r.top[i - 1]!.criterion);
    expect(r.top[0]).toBe(r.best);
    expect(r.best.criterion).toBe(minCriterion(r.history));
    // nothing left out of the top is better than its last
    const topKeys = new Set(r.top.map((e) => e.key));
    for (const e of r.history)
      if (!topKeys.has(e.key)) expect(e.criterion).toBeGreaterThanOrEqual(r.top[14]!.criterion);
    // the front: no member dominated by anything seen; everything else dominated
    const front = new Set(r.pareto.map((e) => e.id));
    expect(front.size).toBeGreaterThan(0);
    for (const e of r.history) {
      const dominated = r.history.some((q) => dominates(q, e));
      expect([e.id, front.has(e.id)]).toEqual([e.id, !dominated]);
    }
  };

  it("holds for a run with the fake evaluator", async () => {
    check(await evolve(settings(), fakeEvaluator()));
  });

  it("holds for a run with the real evaluator", async () => {
    check(await evolve(settings(), journaled(localEvaluator(defaultHwConfig(), "proxy"), null)));
  });
});

describe("evolve: a loss ceiling (--max-loss-of)", () => {
  it("ranks every candidate within the ceiling before any above it", async () => {
    const free = await evolve(settings(), fakeEvaluator());
    const losses = free.history.map((e) => e.loss).sort((a, b) => a - b);
    // a ceiling that the unconstrained best just breaks: the candidates with a lower loss meet it
    const ceiling = losses.filter((l) => l < free.best.loss).at(-1)!;
    expect(ceiling).toBeDefined();
    const bound = await evolve(settings({ lossCeiling: ceiling }), fakeEvaluator());
    for (const e of bound.history) expect(e.feasible).toBe(e.loss <= ceiling);
    expect(bound.best.feasible).toBe(true);
    expect(bound.best.loss).toBeLessThanOrEqual(ceiling);
    // the best is the lowest criterion among the feasible candidates seen
    const feasible = bound.history.filter((e) => e.feasible).map((e) => e.criterion);
    expect(bound.best.criterion).toBe(Math.min(...feasible));
    // top 15: feasible ones first
    const flags = bound.top.map((e) => e.feasible);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
  });

  it("changes nothing when every candidate is within it", async () => {
    const free = await evolve(settings(), fakeEvaluator());
    const bound = await evolve(settings({ lossCeiling: 1e9 }), fakeEvaluator());
    expect(summary(bound)).toEqual(summary(free));
  });
});
