import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Piscina } from "piscina";
import type { HwConfig } from "../../arch/config/hw-config";
import type { Evaluator, Measured } from "./evolution";
import { evaluateCandidate, type EvaluationTask, type LossSetting } from "./evaluate-candidate";
import type { SearchJournal } from "./journal";
import { candidateKey, type Candidate } from "./space";

/** Something that evaluates candidates one by one, possibly many at once, and is closed after the search. */
export interface CandidateEvaluator {
  evaluate: (candidate: Candidate) => Promise<Measured>;
  close: () => Promise<void>;
}

/** Evaluates in this thread. */
export function localEvaluator(
  baseHw: HwConfig,
  loss: LossSetting,
): (c: Candidate) => Promise<Measured> {
  return (candidate) => evaluateCandidate({ candidate, baseHw, loss });
}

/** The compiled worker: beside this file when running from dist/, else in dist/ (tests run the TypeScript). */
export function workerFile(): string {
  const here = join(__dirname, "evaluate-worker.js");
  if (existsSync(here)) return here;
  const built = resolve(__dirname, "../../dist/models/search/evaluate-worker.js");
  if (existsSync(built)) return built;
  throw new Error("the search worker is not built: run `npm run build`");
}

/** `threads` worker threads running evaluate-worker.js (evaluateCandidate). */
export function threadPool(threads: number): Piscina {
  return new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads });
}

/** Evaluates on `threads` worker threads (piscina); results are the same as in one thread. */
export function workerEvaluator(
  baseHw: HwConfig,
  loss: LossSetting,
  threads: number,
): CandidateEvaluator {
  const pool = threadPool(threads);
  return {
    evaluate: (candidate) =>
      pool.run({ candidate, baseHw, loss } satisfies EvaluationTask) as Promise<Measured>,
    close: () => pool.destroy(),
  };
}

/**
 * A batch evaluator over a per-candidate one: candidates the journal holds
 * are not evaluated again; each new result is journaled as soon as it
 * arrives; results come back in candidate order.
 */
export function journaled(
  evaluateOne: (c: Candidate) => Promise<Measured>,
  journal: SearchJournal | null,
  onEvaluated?: () => void,
): Evaluator {
  return (candidates) => {
    // A candidate repeated within a batch is evaluated (and journaled) once.
    const pending = new Map<string, Promise<Measured>>();
    const measure = async (key: string, candidate: Candidate): Promise<Measured> => {
      const known = journal?.get(key);
      if (known !== undefined) return known;
      const measured = await evaluateOne(candidate);
      journal?.record(key, measured);
      onEvaluated?.();
      return measured;
    };
    return Promise.all(
      candidates.map((candidate) => {
        const key = candidateKey(candidate);
        let result = pending.get(key);
        if (result === undefined) {
          result = measure(key, candidate);
          pending.set(key, result);
        }
        return result;
      }),
    );
  };
}
