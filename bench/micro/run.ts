/**
 * npm run bench:micro — per-component micro-benchmarks on benchmark.js:
 * the kernel's event queue (insert and pop), a FIFO between two processes
 * (put and get), one crossbar layer's MVM cost, one operator's lowering
 * (a DP block compiled onto the chip), one trace line parsed and checked.
 * Each prints its operations per second with benchmark.js's relative
 * margin of error; the last line is one JSON object { name: opsPerSec }.
 *
 * Usage: node dist/bench/micro/run.js [maxSecondsPerBenchmark=2]
 */
import Benchmark from "benchmark";
import { ALL_OVERLAPS } from "../../arch/chip/overlap-switches";
import { buildHardware } from "../../arch/config/hardware";
import { defaultHwConfig } from "../../arch/config/hw-config";
import { mvmLayerCost } from "../../arch/layers/fc-layer";
import { compileModel } from "../../models/mapping/compile";
import { analyseModel } from "../../models/spec/model-graph";
import { SimEvent } from "../../sim/kernel/event";
import { EventQueue } from "../../sim/kernel/event-queue";
import { Fifo } from "../../sim/kernel/fifo";
import { Simulator } from "../../sim/kernel/simulator";
import { datasets } from "../../traces/datasets";
import { parseRequestLine, TRACE_FORMAT, type TraceHeader } from "../../traces/formats/jsonl-trace";

const maxTime = Number(process.argv[2] ?? 2);
const hw = buildHardware(defaultHwConfig());

/** 64 pending events at spread times: each op pops the earliest and inserts it again later. */
function eventQueue(): () => void {
  const queue = new EventQueue();
  const noop = () => {};
  let now = 0;
  for (let i = 0; i < 64; i++) queue.insert(new SimEvent(noop), 1 + (i % 16));
  return () => {
    const e = queue.pop(Infinity)!;
    now = e.time;
    queue.insert(e, now + 1 + (now % 16));
  };
}

/** A producer and a consumer process passing 1,000 items through a 4-deep FIFO: one op = 1,000 puts and gets. */
function fifoRound(): void {
  const sim = new Simulator();
  const fifo = new Fifo<number>(sim, "fifo", { capacity: 4 });
  sim.process("producer", function* () {
    for (let i = 0; i < 1000; i++) yield fifo.put(i);
  });
  sim.process("consumer", function* () {
    for (let i = 0; i < 1000; i++) yield fifo.get();
  });
  sim.run();
}

/** A 1024 x 512 layer of 8-bit weights priced on the default chip (no cache). */
const mvmCost = () =>
  mvmLayerCost(hw, { inputs: 1024, outputs: 512, weightBits: 8, activationBits: 8 });

/** A DP block (both projections, the DP engine, the output layer) and the final layer compiled. */
const dpModel = analyseModel({
  name: "dp",
  dataset: "criteo",
  embeddingDim: 16,
  blocks: [
    {
      dense: { op: "dp", dim: 512, weightBits: 8 },
      sparse: { op: "efc", dim: 32, weightBits: 8 },
      inputs: [0],
    },
  ],
  final: { weightBits: 8 },
});
const lowering = () => compileModel(dpModel, hw, { switches: ALL_OVERLAPS });

/** A Criteo request line with its arrival time, parsed and checked against the layout. */
const header: TraceHeader = { format: TRACE_FORMAT, dataset: datasets.criteo, timeUnit: "ns" };
const line = JSON.stringify({
  t: 1234.5,
  dense: [1, 0, 5, 12, 3, 0, 7, 1, 0, 44, 2, 0, 9],
  sparse: datasets.criteo.tableRows.map((rows, f) => [(f * 7919) % rows]),
});
const parseLine = () => parseRequestLine(line, "bench:1", header, 1, 0);

const results: Record<string, number> = {};
const suite = new Benchmark.Suite();
const options = { maxTime, minSamples: 5 };
suite
  .add("eventQueueInsertPop", eventQueue(), options)
  .add("fifoPutGet1000", fifoRound, options)
  .add("crossbarMvmCost", mvmCost, options)
  .add("dpOperatorLowering", lowering, options)
  .add("traceLineParse", parseLine, options)
  .on("cycle", (event: Benchmark.Event) => {
    const b = event.target;
    const hz = b.hz ?? 0;
    results[b.name ?? "?"] = Math.round(hz);
    const rme = b.stats?.rme ?? 0;
    console.log(
      `${(b.name ?? "?").padEnd(22)} ${Math.round(hz).toLocaleString("en").padStart(14)} ops/s  ±${rme.toFixed(2)} %  (${b.stats?.sample.length ?? 0} samples)`,
    );
  })
  .run({ async: false });
console.log(JSON.stringify(results));
