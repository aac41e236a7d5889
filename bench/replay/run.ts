/**
 * npm run bench:replay — replays synthetic requests of the figure-6 model
 * through the chip at op fidelity (design mapping only, closed loop) and
 * prints simulated requests per wall-second, kernel events per second and
 * the peak resident memory; beside it, the kernel's own event rate on the
 * hold-model ring in the same run, so the chip model's overhead shows as a
 * ratio. Target (issue 15): 50,000 requests/s. The exact event model fires
 * one event per job (every buffer transfer, computation, bank read and port
 * transfer: 788 per figure-6 request), so the kernel's own rate bounds it at
 * about kernelEventsPerSec / eventsPerRequest requests/s (docs/kernel.md).
 *
 * Usage: node dist/bench/replay/run.js [requests=100000]
 * The last line of output is one JSON object with the figures.
 */
import { simulate } from "../../models/simulate";
import { kernelRing } from "../kernel/ring-kernel";

const requests = Number(process.argv[2] ?? 100_000);
const TARGET = 50_000;

kernelRing(200_000); // warm-up
const ringStart = process.hrtime.bigint();
const ring = kernelRing(2_000_000);
const ringSeconds = Number(process.hrtime.bigint() - ringStart) / 1e9;
const kernelEventsPerSec = ring.events / ringSeconds;

const run = { model: "figure6-criteo", functionalChecks: 0, compareNaive: false } as const;
simulate({ ...run, requests: 200 }); // warm-up
const start = process.hrtime.bigint();
const result = simulate({ ...run, requests, fidelity: "op" });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const requestsPerSec = requests / seconds;
const eventsPerSec = result.design.kernelEvents / seconds;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

console.log(
  `replay: figure6-criteo, ${requests} synthetic requests, op fidelity, ${result.config.maxInFlight} in flight`,
);
console.log(
  `  ${seconds.toFixed(2)} s wall: ${requestsPerSec.toFixed(0)} requests/s (target ${TARGET}: ${(requestsPerSec / TARGET).toFixed(3)}x)`,
);
console.log(
  `  ${result.design.kernelEvents} kernel events: ${(eventsPerSec / 1e6).toFixed(2)} M events/s; ` +
    `${(result.design.kernelEvents / requests).toFixed(0)} events per request`,
);
console.log(
  `  kernel alone (hold-model ring): ${(kernelEventsPerSec / 1e6).toFixed(2)} M events/s; the chip model runs at ${(eventsPerSec / kernelEventsPerSec).toFixed(3)}x of it`,
);
console.log(
  `  ceiling at this event count (the kernel's rate / events per request): ${(kernelEventsPerSec / (result.design.kernelEvents / requests)).toFixed(0)} requests/s`,
);
console.log(
  `  peak RSS ${peakRssMb.toFixed(0)} MB; simulated ${result.design.simulatedCycles} cycles, ${result.design.throughputPerSec.toFixed(0)} inferences/s simulated`,
);
console.log(
  JSON.stringify({
    requestsPerSec: Math.round(requestsPerSec),
    eventsPerSec: Math.round(eventsPerSec),
    eventsPerRequest: result.design.kernelEvents / requests,
    peakRssMb: Math.round(peakRssMb),
    kernelEventsPerSec: Math.round(kernelEventsPerSec),
    requests,
  }),
);
