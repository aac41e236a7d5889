import {
  Fifo,
  Histogram,
  param,
  ParamError,
  Resource,
  resolveParams,
  Simulator,
  type ParamInput,
  type ParamValues,
} from "../kernel";

/**
 * The kernel demo: requests arrive at random (Poisson), pass a decoder, a
 * pool of compute units shared by several workers, and a writer, linked by
 * bounded FIFOs whose back-pressure stalls the stage before them. It touches
 * every kernel feature: processes, FIFOs, a resource with capacity, seeded
 * streams, statistics and the timeline.
 */
export const demoParams = {
  requests: param.integer({
    default: 10_000,
    min: 1,
    unit: "requests",
    description: "Requests to simulate",
  }),
  seed: param.integer({
    default: 1,
    min: 0,
    max: 0xffffffff,
    unit: "",
    description: "Random seed",
  }),
  arrivalMeanCycles: param.number({
    default: 4,
    min: 0.01,
    unit: "cycles",
    description: "Mean gap between arrivals (exponential)",
  }),
  decodeCycles: param.integer({
    default: 3,
    min: 1,
    unit: "cycles",
    description: "Decoder time per request",
  }),
  computeMinCycles: param.integer({
    default: 5,
    min: 1,
    unit: "cycles",
    description: "Shortest compute time",
  }),
  computeMaxCycles: param.integer({
    default: 9,
    min: 1,
    unit: "cycles",
    description: "Longest compute time",
  }),
  computeUnits: param.integer({
    default: 2,
    min: 1,
    unit: "units",
    description: "Compute units shared by the workers",
  }),
  workers: param.integer({
    default: 3,
    min: 1,
    unit: "workers",
    description: "Workers taking requests to compute",
  }),
  writeCycles: param.integer({
    default: 2,
    min: 1,
    unit: "cycles",
    description: "Writer time per request",
  }),
  fifoDepth: param.integer({
    default: 2,
    min: 1,
    unit: "entries",
    description: "Depth of each FIFO between stages",
  }),
};

export type DemoConfig = ParamValues<typeof demoParams>;

export interface DemoResult {
  config: DemoConfig;
  simulatedCycles: number;
  completed: number;
  latencyCycles: { mean: number; p50: number; p99: number; max: number };
  throughputPerKiloCycle: number;
  computeUtilisation: number;
  stallCycles: { decoderOnFullFifo: number; workersOnFullFifo: number };
  kernelEvents: number;
  wallSeconds: number;
  stats: Record<string, unknown>;
}

interface Request {
  id: number;
  arrivedAt: number;
}

export function runPipelineDemo(
  given?: ParamInput<typeof demoParams>,
  timelineFile?: string,
): DemoResult {
  const config = resolveParams(demoParams, given, "demo");
  if (config.computeMaxCycles < config.computeMinCycles) {
    throw new ParamError(
      `demo.computeMaxCycles (${config.computeMaxCycles}) must be >= computeMinCycles (${config.computeMinCycles})`,
    );
  }
  const sim = new Simulator({ seed: config.seed, timeline: timelineFile !== undefined });
  const depth = { capacity: config.fifoDepth };
  const inbox = new Fifo<Request>(sim, "inbox", depth);
  const decoded = new Fifo<Request>(sim, "decoded", depth);
  const computed = new Fifo<Request>(sim, "computed", depth);
  const units = new Resource(sim, "computeUnits", { capacity: config.computeUnits });
  const latency = sim.stats.add("latency", new Histogram("cycles", "Arrival to completion"));
  const arrivals = sim.rng.stream("arrivals");
  const computeTimes = sim.rng.stream("compute");

  sim.process("source", function* () {
    for (let id = 0; id < config.requests; id++) {
      yield Math.round(arrivals.exponential(config.arrivalMeanCycles));
      yield inbox.put({ id, arrivedAt: sim.now });
    }
  });
  const decoder = sim.process("decoder", function* () {
    while (true) {
      const request = (yield inbox.get()) as Request;
      const start = sim.now;
      yield config.decodeCycles;
      decoder.recordBusy("decode", start, sim.now, { request: request.id });
      yield decoded.put(request);
    }
  });
  for (let w = 0; w < config.workers; w++) {
    const worker = sim.process(`worker${w}`, function* () {
      while (true) {
        const request = (yield decoded.get()) as Request;
        const unit = (yield units.acquire()) as number;
        const start = sim.now;
        yield computeTimes.int(config.computeMinCycles, config.computeMaxCycles);
        units.release(unit);
        worker.recordBusy("compute", start, sim.now, { request: request.id, unit });
        yield computed.put(request);
      }
    });
  }
  const writer = sim.process("writer", function* () {
    while (true) {
      const request = (yield computed.get()) as Request;
      const start = sim.now;
      yield config.writeCycles;
      writer.recordBusy("write", start, sim.now, { request: request.id });
      latency.record(sim.now - request.arrivedAt);
    }
  });

  const started = process.hrtime.bigint();
  sim.run({ stopWhen: () => latency.count === config.requests });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (timelineFile !== undefined) sim.timeline!.write(timelineFile);

  return {
    config,
    simulatedCycles: sim.now,
    completed: latency.count,
    latencyCycles: {
      mean: latency.mean(),
      p50: latency.percentile(50),
      p99: latency.percentile(99),
      max: latency.max,
    },
    throughputPerKiloCycle: (1000 * latency.count) / sim.now,
    computeUtilisation: units.busy.utilisation(),
    stallCycles: {
      decoderOnFullFifo: decoded.putBlockedCycles.value,
      workersOnFullFifo: computed.putBlockedCycles.value,
    },
    kernelEvents: sim.eventsFired,
    wallSeconds,
    stats: sim.statsJson(),
  };
}
