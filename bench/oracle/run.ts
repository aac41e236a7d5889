/**
 * npm run bench:oracle — the analytical oracle against the cycle-accurate
 * replay (closed loop, the same synthetic trace) over random (model,
 * hardware) pairs of the search space, and the oracle's evaluations per
 * second on one core.
 *
 * Usage: node dist/bench/oracle/run.js [pairs=200] [requests=300] [seed=1]
 * The last line of output is one JSON object with the figures.
 */
import { defaultHwConfig } from "../../arch/config/hw-config";
import { Oracle } from "../../models/search/oracle";
import { hwConfigOf, randomHw, randomModel } from "../../models/search/space";
import { simulate } from "../../models/simulate";
import { Rng } from "../../sim/kernel/rng";

const pairs = Number(process.argv[2] ?? 200);
const requests = Number(process.argv[3] ?? 300);
const seed = Number(process.argv[4] ?? 1);

const rng = new Rng(seed);
const base = defaultHwConfig();
const candidates = Array.from({ length: pairs }, (_, i) => ({
  model: randomModel(rng, "criteo", `pair${i}`),
  hw: hwConfigOf(randomHw(rng), base),
}));

const errors = {
  throughput: [] as number[],
  latency: [] as number[],
  power: [] as number[],
  area: [] as number[],
};
const oracle = new Oracle();
const started = process.hrtime.bigint();
candidates.forEach((c, i) => {
  const predicted = oracle.evaluate(c.model, c.hw);
  const replay = simulate({
    model: c.model,
    hw: c.hw,
    requests,
    seed,
    compareNaive: false,
    functionalChecks: 0,
  });
  const rel = (p: number, m: number) => Math.abs(p - m) / m;
  errors.throughput.push(rel(predicted.throughput, replay.design.throughputPerSec));
  errors.latency.push(rel(predicted.latencyNs, replay.design.latencyNs.mean));
  errors.power.push(rel(predicted.powerW, replay.design.powerW));
  errors.area.push(rel(predicted.areaMm2, replay.design.areaMm2));
  if (process.env.ORACLE_VERBOSE) {
    console.log(
      `${String(i).padStart(3)} thr ${predicted.throughput.toFixed(0)} vs ${replay.design.throughputPerSec.toFixed(0)}` +
        `  lat ${predicted.latencyNs.toFixed(0)} vs ${replay.design.latencyNs.mean.toFixed(0)}  pow ${predicted.powerW.toFixed(3)} vs ${replay.design.powerW.toFixed(3)}`,
    );
  }
});
const replaySeconds = Number(process.hrtime.bigint() - started) / 1e9;

// Speed: fresh evaluations (no cache hits) of new random pairs.
const speedRng = new Rng(seed + 1);
const fresh = Array.from({ length: 2000 }, (_, i) => ({
  model: randomModel(speedRng, "criteo", `s${i}`),
  hw: hwConfigOf(randomHw(speedRng), base),
}));
const timer = new Oracle();
fresh.slice(0, 100).forEach((c) => new Oracle().evaluate(c.model, c.hw)); // warm-up
const t0 = process.hrtime.bigint();
for (const c of fresh) timer.evaluate(c.model, c.hw);
const evalsPerSec = fresh.length / (Number(process.hrtime.bigint() - t0) / 1e9);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
console.log(
  `oracle vs replay: ${pairs} random (model, hardware) pairs, ${requests} closed-loop requests each (${replaySeconds.toFixed(1)} s)`,
);
for (const [name, xs] of Object.entries(errors)) {
  console.log(
    `  ${name.padEnd(10)} median error ${pct(median(xs)).padStart(7)}   worst ${pct(max(xs)).padStart(7)}`,
  );
}
console.log(
  `  ${evalsPerSec.toFixed(0)} analytical evaluations per second (fresh pairs, one core)`,
);
console.log(
  JSON.stringify({
    pairs,
    medianThroughputErr: median(errors.throughput),
    maxThroughputErr: max(errors.throughput),
    medianLatencyErr: median(errors.latency),
    maxLatencyErr: max(errors.latency),
    medianPowerErr: median(errors.power),
    maxPowerErr: max(errors.power),
    maxAreaErr: max(errors.area),
    evalsPerSec: Math.round(evalsPerSec),
  }),
);
