import { evaluateCandidate, type EvaluationTask } from "./evaluate-candidate";

/** A piscina worker: evaluates one candidate per task (models/search/evaluators.ts). */
export default function run(task: EvaluationTask) {
  return evaluateCandidate(task);
}
