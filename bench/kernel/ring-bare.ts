import {
  passToken,
  RING_PROCESSES,
  ringDelay,
  ringStates,
  ringTokens,
  type RingResult,
} from "./xorshift";

/** (time, sequence) packed into one double: exact while time < 2^27 and sequence < 2^26. */
const SEQ_BITS = 2 ** 26;

/**
 * The same ring written directly against a binary heap on typed arrays,
 * ordered by (time, sequence) packed into one number: the upper bound for an
 * event loop in JS.
 */
export function bareRing(events: number): RingResult {
  if (events >= SEQ_BITS)
    throw new RangeError(`bareRing packs sequence numbers below 2^26; asked for ${events}`);
  const key = new Float64Array(RING_PROCESSES + 1);
  const who = new Int32Array(RING_PROCESSES + 1);
  let size = 0;
  let nextSeq = 0;

  const push = (time: number, process: number): void => {
    const k = time * SEQ_BITS + nextSeq++;
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (key[parent]! <= k) break;
      key[i] = key[parent]!;
      who[i] = who[parent]!;
      i = parent;
    }
    key[i] = k;
    who[i] = process;
  };
  const popTop = (): void => {
    const n = --size;
    const k = key[n]!;
    const w = who[n]!;
    let i = 0;
    while (true) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && key[c + 1]! < key[c]!) c++;
      if (key[c]! >= k) break;
      key[i] = key[c]!;
      who[i] = who[c]!;
      i = c;
    }
    key[i] = k;
    who[i] = w;
  };

  const state = ringStates();
  const tokens = ringTokens();
  let now = 0;
  const startWait = (i: number): void => {
    tokens.busy[i] = 1;
    push(now + ringDelay(state, i), i);
  };
  for (let i = 0; i < RING_PROCESSES; i++) startWait(i);
  let count = 0;
  while (size > 0) {
    now = Math.floor(key[0]! / SEQ_BITS);
    const i = who[0]!;
    popTop();
    if (++count === events) break;
    passToken(tokens, i, startWait);
  }
  return { events: count, finalTime: now };
}
