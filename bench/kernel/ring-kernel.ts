import { SimEvent, Simulator, type Waitable } from "../../sim/kernel";
import {
  passToken,
  RING_PROCESSES,
  ringDelay,
  ringStates,
  ringTokens,
  type RingResult,
} from "./xorshift";

/**
 * The hold-model ring on the kernel, in the style of SystemC's SC_METHOD:
 * each process owns one reusable event. When its wait ends (one event),
 * it passes its token on: an idle successor starts waiting at once, a busy
 * one queues the token; then the process starts its next wait if it holds a
 * queued token, else goes idle.
 */
export function kernelRing(events: number): RingResult {
  const sim = new Simulator();
  const state = ringStates();
  const tokens = ringTokens();
  const wakeups: SimEvent[] = [];
  let count = 0;
  let finalTime = -1;

  const startWait = (i: number): void => {
    tokens.busy[i] = 1;
    sim.schedule(wakeups[i]!, ringDelay(state, i));
  };
  const onWake = (i: number): void => {
    if (++count === events) {
      finalTime = sim.now;
      sim.stop();
      return;
    }
    passToken(tokens, i, startWait);
  };
  for (let i = 0; i < RING_PROCESSES; i++) wakeups.push(new SimEvent(() => onWake(i)));
  for (let i = 0; i < RING_PROCESSES; i++) startWait(i);
  sim.run();
  return { events: count, finalTime };
}

/** The same ring with generator processes (`yield delay`), as a model author would write it. */
export function kernelProcessRing(events: number): RingResult {
  const sim = new Simulator();
  const state = ringStates();
  const tokens = new Int32Array(RING_PROCESSES).fill(1);
  const idle: Array<((value: void) => void) | null> = new Array<((value: void) => void) | null>(
    RING_PROCESSES,
  ).fill(null);
  let count = 0;
  let finalTime = -1;

  const give = (j: number): void => {
    tokens[j]!++;
    const resume = idle[j];
    if (resume !== null && resume !== undefined) {
      idle[j] = null;
      resume();
    }
  };
  for (let i = 0; i < RING_PROCESSES; i++) {
    const tokenArrives: Waitable<void> = {
      onReady: (resume) => {
        idle[i] = resume;
      },
    };
    sim.process(`p${i}`, function* () {
      while (true) {
        if (tokens[i] === 0) yield tokenArrives;
        tokens[i]!--;
        yield ringDelay(state, i);
        if (++count === events) {
          finalTime = sim.now;
          sim.stop();
          return;
        }
        give((i + 1) % RING_PROCESSES);
      }
    });
  }
  sim.run();
  return { events: count, finalTime };
}
