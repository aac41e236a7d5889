import type { HwConfig } from "../../arch/config/hw-config";
import type { Measured } from "./evolution";
import { Oracle } from "./oracle";
import { proxyLoss } from "./proxy-loss";
import { hwConfigOf, type Candidate } from "./space";

/** What a worker needs to evaluate a candidate: nothing but plain data, so it can cross threads. */
export interface EvaluationTask {
  candidate: Candidate;
  baseHw: HwConfig;
  loss: "proxy";
}

/**
 * The version of what an evaluation computes (the oracle, the losses):
 * journals record it, so a journal is never resumed with results that a
 * changed evaluation would not give. Bump it when the numbers change.
 */
export const EVALUATION_VERSION = 2;

const oracle = new Oracle();

/** Loss and hardware metrics of one candidate: a pure function of the task. */
export function evaluateCandidate(task: EvaluationTask): Measured {
  return {
    loss: proxyLoss(task.candidate.model),
    metrics: oracle.evaluate(task.candidate.model, hwConfigOf(task.candidate.hw, task.baseHw)),
  };
}
