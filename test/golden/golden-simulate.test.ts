import { goldenCases } from "./golden-cases";
import { checkGolden, makeTraces, removeTraces } from "./run-golden";

// Behaviour preserved: `simulate` for every zoo model, byte for byte (test/golden/run-golden.ts).
describe("golden: simulate", () => {
  let traces: ReturnType<typeof makeTraces>;
  beforeAll(() => (traces = makeTraces()), 60_000);
  afterAll(() => removeTraces(traces.dir));
  for (const c of goldenCases().filter((g) => g.name.startsWith("simulate-"))) {
    it(c.name, () => checkGolden(c, traces.traces, traces.dir), 120_000);
  }
});
