/**
 * npm run bench:kernel — events per second of the kernel on the hold-model
 * ring (64 processes, 64 tokens, delays of 1 to 16 cycles), against the same
 * loop on a bare typed-array heap and, when installed, SimPy 3 and SystemC
 * 2.3 (bench/peers). Every model must end at the same simulated time.
 *
 * Usage: node dist/bench/kernel/run.js [events=5000000] [repeats=5]
 * The last line of output is one JSON object with the figures.
 */
import { bareRing } from "./ring-bare";
import { kernelProcessRing, kernelRing } from "./ring-kernel";
import { runSimpy, runSystemc, type PeerResult } from "./peers";
import type { RingResult } from "./xorshift";

const events = Number(process.argv[2] ?? 5_000_000);
const repeats = Number(process.argv[3] ?? 5);

interface Measured {
  eventsPerSec: number;
  finalTime: number;
}

/** One warm-up run, then the median of `repeats` timed runs. */
function measure(run: (events: number) => RingResult): Measured {
  run(Math.min(events, 200_000));
  const rates: number[] = [];
  let finalTime = -1;
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    const result = run(events);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.events !== events) throw new Error(`ring stopped after ${result.events} events`);
    finalTime = result.finalTime;
    rates.push(events / seconds);
  }
  rates.sort((a, b) => a - b);
  return { eventsPerSec: rates[Math.floor(rates.length / 2)]!, finalTime };
}

function peer(name: string, result: PeerResult | string): Measured | null {
  if (typeof result === "string") {
    console.log(`${name.padEnd(24)} not run: ${result}`);
    return null;
  }
  return { eventsPerSec: result.eventsPerSec, finalTime: result.finalTime };
}

const fmt = (rate: number | null) =>
  rate === null ? "-" : `${(rate / 1e6).toFixed(2)} M events/s`;
const ratio = (a: number, b: number | null | undefined) =>
  b === null || b === undefined ? null : Number((a / b).toFixed(3));

console.log(`hold-model ring: 64 processes, ${events} events, median of ${repeats} runs`);
const kernel = measure(kernelRing);
const bare = measure(bareRing);
const processes = measure(kernelProcessRing);
const simpy = peer("SimPy 3", runSimpy(events));
const systemc = peer("SystemC 2.3 (SC_METHOD)", runSystemc(events));

const rows: Array<[string, Measured | null]> = [
  ["kernel (events)", kernel],
  ["kernel (generator procs)", processes],
  ["bare typed-array heap", bare],
  ["SimPy 3", simpy],
  ["SystemC 2.3 (SC_METHOD)", systemc],
];
for (const [name, m] of rows) {
  if (m !== null)
    console.log(
      `${name.padEnd(24)} ${fmt(m.eventsPerSec).padStart(18)}   final cycle ${m.finalTime}`,
    );
}
const times = new Set(rows.flatMap(([, m]) => (m === null ? [] : [m.finalTime])));
if (times.size !== 1) {
  console.error(`MISMATCH: the models end at different simulated times: ${[...times].join(", ")}`);
  process.exitCode = 1;
}

const figures = {
  events,
  finalTime: kernel.finalTime,
  kernelEventsPerSec: Math.round(kernel.eventsPerSec),
  bareEventsPerSec: Math.round(bare.eventsPerSec),
  kernelToBare: ratio(kernel.eventsPerSec, bare.eventsPerSec),
  simpyEventsPerSec: simpy === null ? null : Math.round(simpy.eventsPerSec),
  kernelToSimpy: ratio(kernel.eventsPerSec, simpy?.eventsPerSec),
  systemcEventsPerSec: systemc === null ? null : Math.round(systemc.eventsPerSec),
  kernelToSystemc: ratio(kernel.eventsPerSec, systemc?.eventsPerSec),
  kernelProcessEventsPerSec: Math.round(processes.eventsPerSec),
};
console.log(JSON.stringify(figures));
