import { goldenCases } from "./golden-cases";
import { checkGolden, makeTraces, removeTraces } from "./run-golden";

// Behaviour preserved: model info, cost and a short search, byte for byte (test/golden/run-golden.ts).
describe("golden: model info, cost, search", () => {
  let traces: ReturnType<typeof makeTraces>;
  beforeAll(() => (traces = makeTraces()), 60_000);
  afterAll(() => removeTraces(traces.dir));
  const kinds = ["simulate-", "replay-", "overlap-"];
  for (const c of goldenCases().filter((g) => !kinds.some((k) => g.name.startsWith(k)))) {
    it(c.name, () => checkGolden(c, traces.traces, traces.dir), 120_000);
  }
});
