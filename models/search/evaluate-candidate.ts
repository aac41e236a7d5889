import type { HwConfig } from "../../arch/config/hw-config";
import type { Measured } from "./evolution";
import { Oracle } from "./oracle";
import { proxyLoss } from "./proxy-loss";
import { hwConfigOf, type Candidate } from "./space";
import { supernetLoss, type SupernetLoss } from "./supernet-loss";

/** What a worker needs to evaluate a candidate: nothing but plain data, so it can cross threads. */
export interface EvaluationTask {
  candidate: Candidate;
  baseHw: HwConfig;
  loss: LossSetting;
}

/** Where a candidate's loss comes from: the named proxy, or the trained supernet. */
export type LossSetting = "proxy" | SupernetLoss;

/**
 * The version of what an evaluation computes (the oracle, the losses):
 * journals record it, so a journal is never resumed with results that a
 * changed evaluation would not give. Bump it when the numbers change.
 */
export const EVALUATION_VERSION = 3;

const oracle = new Oracle();

/** Loss and hardware metrics of one candidate: a pure function of the task. */
export async function evaluateCandidate(task: EvaluationTask): Promise<Measured> {
  const model = task.candidate.model;
  const hw = hwConfigOf(task.candidate.hw, task.baseHw);
  if (task.loss === "proxy" && hw.lossy) {
    throw new Error("a lossy candidate needs the supernet loss: the proxy cannot see clipping");
  }
  return {
    loss: task.loss === "proxy" ? proxyLoss(model) : await supernetLoss(model, task.loss, hw),
    metrics: oracle.evaluate(task.candidate.model, hw),
  };
}
