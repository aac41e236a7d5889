import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SWITCH_NAMES, type OverlapSwitches } from "../../arch/chip/overlap-switches";
import type { Fidelity } from "../../arch/chip/engine-server";
import { simulate } from "../../models/simulate";
import { zooModel } from "../../models/zoo";
import { datasetByName } from "../../traces/datasets";
import type { InferenceRequest } from "../../traces/request";
import { syntheticRequests } from "../../traces/synthetic";
import { DATASET_OF, ZOO } from "./golden-cases";

/**
 * The chip's timing and energy pinned to the cycle and the picojoule, so
 * that a faster event model (issue 15) can be shown to give the same
 * answers: every zoo model at op and bit fidelity, open and closed loop,
 * with every overlap switch on and with each off alone, on a small fixed
 * trace. A run is kept as its digest: each request's latency as the
 * histogram's exact sum, min and max with its percentiles; the first entry
 * and last exit; energy by part; bank conflicts; and every unit's jobs and
 * busy fraction (hashed; summed per kind in the clear). Not kept: the kernel's event count (a faster model fires
 * fewer events for the same timing). Record with GOLDEN_UPDATE=1, in a
 * commit that says which numbers changed and why.
 */
const UPDATE = process.env.GOLDEN_UPDATE === "1";
const EXPECTED = join(__dirname, "expected", "fidelity");

/** 24 requests with Poisson arrivals, one per 10,000 cycles on average (100,000 a second at 1 GHz: a loaded chip). */
function traceOf(model: (typeof ZOO)[number]): InferenceRequest[] {
  return [
    ...syntheticRequests({
      dataset: datasetByName(DATASET_OF[model]),
      count: 24,
      seed: 11,
      zipfExponent: 1.05,
      arrivals: { kind: "poisson", meanIntervalCycles: 10_000 },
    }),
  ];
}

interface Variant {
  name: string;
  fidelity: Fidelity;
  openLoop: boolean;
  switches: Partial<OverlapSwitches>;
}

function variants(): Variant[] {
  const out: Variant[] = [];
  for (const fidelity of ["op", "bit"] as const) {
    for (const openLoop of [false, true]) {
      const loop = openLoop ? "open" : "closed";
      out.push({ name: `${fidelity}-${loop}-all-on`, fidelity, openLoop, switches: {} });
      for (const s of SWITCH_NAMES) {
        out.push({
          name: `${fidelity}-${loop}-no-${s}`,
          fidelity,
          openLoop,
          switches: { [s]: false },
        });
      }
    }
  }
  return out;
}

function digest(model: (typeof ZOO)[number], v: Variant, trace: InferenceRequest[]) {
  const r = simulate({
    model: zooModel(model),
    trace: () => trace,
    traceLength: trace.length,
    openLoop: v.openLoop,
    fidelity: v.fidelity,
    switches: v.switches,
    compareNaive: v.name === "op-closed-all-on",
    functionalChecks: 0,
  });
  const run = r.run;
  const h = run.latencyCycles.toJSON();
  return {
    completed: run.completed,
    firstEntryCycle: run.firstEntryCycle,
    lastExitCycle: run.lastExitCycle,
    latencyCycles: { count: h.count, sum: h.sum, min: h.min, max: h.max, p50: h.p50, p99: h.p99 },
    queueingCycles: { sum: run.queueingCycles.sum, max: run.queueingCycles.max },
    overlappedRequestCycles: run.overlappedRequestCycles,
    energyPj: run.energyPj,
    leakageMw: run.leakageMw,
    bankConflicts: run.bankConflicts,
    lookups: run.lookups,
    // every unit's jobs and busy fraction, exactly, as a hash; per kind in the clear
    unitsSha256: createHash("sha256").update(JSON.stringify(run.units)).digest("hex"),
    byKind: byKind(run.units),
    naive:
      r.naive === null
        ? null
        : {
            latencyNs: r.naive.latencyNs,
            throughputPerSec: r.naive.throughputPerSec,
            energyPerInferenceNj: r.naive.energyPerInferenceNj,
            bankConflicts: r.naive.bankConflicts.total,
          },
  };
}

/** Jobs and summed busy fractions per unit kind (a readable trace of what moved when the hash does). */
function byKind(units: Array<{ kind: string; jobs: number; utilisation: number }>) {
  const out: Record<string, { units: number; jobs: number; busy: number }> = {};
  for (const u of units) {
    const k = (out[u.kind] ??= { units: 0, jobs: 0, busy: 0 });
    k.units++;
    k.jobs += u.jobs;
    k.busy += u.utilisation;
  }
  return out;
}

describe("golden: the chip's timing at op and bit fidelity, open and closed loop, each switch", () => {
  for (const model of ZOO) {
    it(`${model}`, () => {
      const trace = traceOf(model);
      const actual: Record<string, unknown> = {};
      for (const v of variants()) actual[v.name] = digest(model, v, trace);
      const text = `${JSON.stringify(actual, null, 1)}\n`;
      const file = join(EXPECTED, `${model}.json`);
      if (UPDATE) {
        mkdirSync(EXPECTED, { recursive: true });
        writeFileSync(file, text);
        return;
      }
      if (!existsSync(file)) throw new Error(`no golden file ${file}: record with GOLDEN_UPDATE=1`);
      expect(text).toBe(readFileSync(file, "utf8"));
    });
  }
});
