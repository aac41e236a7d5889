import { Rng } from "../../sim/kernel/rng";
import { criterion, type CriterionSettings } from "./criterion";
import type { OracleMetrics } from "./oracle";
import { paretoFront } from "./pareto";
import type { SearchSpace } from "../supernet/search-space";
import { candidateKey, mutate, randomHw, randomModel, type Candidate } from "./space";

export interface EvolutionSettings {
  dataset: string;
  seed: number;
  /** Random candidates to start from (NASRec: 128). */
  population: number;
  /** Generations (the paper: 240). */
  generations: number;
  /** Candidates drawn to pick a parent from (NASRec: 64). */
  sample: number;
  /** Children per generation (NASRec: 8). */
  children: number;
  /** Mutations per child: a number, or NASRec's schedule (G - g) // max(20, G // 5) + 1. */
  mutations: number | "nasrec";
  /** Share of mutations that go to the hardware genes. */
  hwShare: number;
  /** worst: sort by criterion, drop the worst (AutoRAC's algorithm 1); oldest: drop the oldest (NASRec's aging). */
  removal: "worst" | "oldest";
  criterion: CriterionSettings;
  /**
   * A candidate whose loss is above this is infeasible: it ranks after every
   * feasible one, whatever its criterion (null: every candidate is feasible).
   * `autorac search --max-loss-of nasrec-criteo` sets it to that model's loss.
   */
  lossCeiling?: number | null;
  /** The model choices (default the paper's table 1); a supernet loss takes its checkpoint's. */
  space?: SearchSpace;
  /** Lossy hardware genes are legal (space.ts HwGenes.lossy): `autorac search --allow-lossy`. */
  allowLossy?: boolean;
}

/** What evaluating one candidate gives: its loss and its hardware metrics. */
export interface Measured {
  loss: number;
  metrics: OracleMetrics;
}

export interface Evaluated extends Measured {
  /** Order of creation: 0.. for the initial population, then children. */
  id: number;
  generation: number;
  candidate: Candidate;
  key: string;
  criterion: number;
  /** Its loss is within the settings' loss ceiling (always, without one). */
  feasible: boolean;
}

export interface EvolutionResult {
  history: Evaluated[];
  population: Evaluated[];
  /** The best candidate's criterion in the population after each generation (index 0: the initial population); feasible ones first. */
  bestByGeneration: number[];
  best: Evaluated;
  /** The 15 best distinct candidates seen (the paper retrains its top 15). */
  top: Evaluated[];
  /** Non-dominated candidates: throughput up, area and power down. */
  pareto: Evaluated[];
}

/** Evaluates candidates; it may run them at once (workers), but each result must depend on its candidate only. */
export type Evaluator = (candidates: Candidate[]) => Promise<Measured[]>;

/** Attempts to draw a candidate not seen before, then a repeat is accepted. */
const DRAWS = 32;

/**
 * Regularized evolution as the paper's algorithm 1: a random initial
 * population; each generation samples `sample` candidates and takes the best
 * (lowest criterion) as parent, makes `children` children by mutation,
 * evaluates them, adds them, and removes as many (the worst, or with
 * `removal: "oldest"` the oldest). Duplicates are re-drawn as in NASRec. All
 * randomness comes from one seeded stream, and evaluations are consumed in
 * order, so a run is reproducible whatever evaluates it and however fast.
 */
export async function evolve(
  settings: EvolutionSettings,
  evaluate: Evaluator,
  onGeneration?: (generation: number, best: Evaluated) => void,
): Promise<EvolutionResult> {
  const rng = new Rng(settings.seed).stream("evolution");
  const ceiling = settings.lossCeiling ?? null;
  const seen = new Set<string>();
  const history: Evaluated[] = [];
  const fresh = (make: () => Candidate): Candidate => {
    let candidate = make();
    for (let i = 1; i < DRAWS && seen.has(candidateKey(candidate)); i++) candidate = make();
    seen.add(candidateKey(candidate));
    return candidate;
  };
  const admit = async (candidates: Candidate[], generation: number): Promise<Evaluated[]> => {
    const measured = await evaluate(candidates);
    return candidates.map((candidate, i) => {
      const m = measured[i]!;
      const e: Evaluated = {
        ...m,
        id: history.length,
        generation,
        candidate,
        key: candidateKey(candidate),
        criterion: criterion(m.loss, m.metrics, settings.criterion),
        feasible: ceiling === null || m.loss <= ceiling,
      };
      history.push(e);
      return e;
    });
  };
  // Feasible candidates first, then by criterion, then the older first.
  const byCriterion = (a: Evaluated, b: Evaluated) =>
    Number(b.feasible) - Number(a.feasible) || a.criterion - b.criterion || a.id - b.id;

  const initial = Array.from({ length: settings.population }, (_, i) =>
    fresh(() => ({
      model: randomModel(rng, settings.dataset, `candidate${i}`, settings.space),
      hw: randomHw(rng, settings.allowLossy),
    })),
  );
  let population = await admit(initial, 0);
  const first = [...population].sort(byCriterion)[0]!;
  const bestByGeneration = [first.criterion];
  onGeneration?.(0, first);

  for (let g = 1; g <= settings.generations; g++) {
    const sampled = rng
      .shuffle([...population])
      .slice(0, Math.min(settings.sample, population.length));
    const parent = sampled.sort(byCriterion)[0]!;
    const mutations =
      settings.mutations === "nasrec"
        ? Math.floor(
            (settings.generations - g) / Math.max(20, Math.floor(settings.generations / 5)),
          ) + 1
        : settings.mutations;
    const children = Array.from({ length: settings.children }, (_, c) =>
      fresh(() => {
        let child = parent.candidate;
        for (let m = 0; m < mutations; m++)
          child = mutate(rng, child, settings.hwShare, settings.space, settings.allowLossy);
        return { ...child, model: { ...child.model, name: `g${g}c${c}` } };
      }),
    );
    population = population.concat(await admit(children, g));
    if (settings.removal === "worst")
      population = population.sort(byCriterion).slice(0, population.length - settings.children);
    else population = population.sort((a, b) => a.id - b.id).slice(settings.children);
    const best = [...population].sort(byCriterion)[0]!;
    bestByGeneration.push(best.criterion);
    onGeneration?.(g, best);
  }

  // A repeated candidate has its first evaluation's results (the journal's), so its first is kept.
  const keys = new Set<string>();
  const distinct = history.filter((e) => {
    if (keys.has(e.key)) return false;
    keys.add(e.key);
    return true;
  });
  const ranked = [...distinct].sort(byCriterion);
  const points = distinct.map((e) => ({
    e,
    throughput: e.metrics.throughput,
    areaMm2: e.metrics.areaMm2,
    powerW: e.metrics.powerW,
  }));
  return {
    history,
    population,
    bestByGeneration,
    best: ranked[0]!,
    top: ranked.slice(0, 15),
    pareto: paretoFront(points).map((p) => p.e),
  };
}
