import Ajv from "ajv";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resource, Simulator, TimelineRecorder } from "../../../sim/kernel";
import traceEventSchema from "../../../sim/kernel/trace-event.schema.json";

function busyModel(timeline: boolean) {
  const sim = new Simulator({
    timeline: timeline ? { nsPerCycle: 0.5, processName: "test" } : false,
  });
  const pool = new Resource(sim, "pool", { capacity: 3 });
  for (let n = 0; n < 10; n++) {
    sim.process(`job${n}`, function* () {
      yield n;
      const unit = (yield pool.acquire()) as number;
      yield 7;
      pool.release(unit);
    });
  }
  sim.run();
  return sim;
}

describe("timeline recorder", () => {
  const validate = new Ajv({ strict: true }).compile(traceEventSchema);

  it("writes a file that is valid trace-event JSON, with one track per unit", () => {
    const sim = busyModel(true);
    const dir = mkdtempSync(join(tmpdir(), "autorac-timeline-"));
    const file = join(dir, "trace.json");
    sim.timeline!.write(file);
    expect(readdirSync(dir)).toEqual(["trace.json"]); // the temporary file was renamed
    const trace = JSON.parse(readFileSync(file, "utf8")) as {
      traceEvents: Array<Record<string, unknown>>;
    };
    expect(validate(trace)).toBe(true);
    const threads = trace.traceEvents
      .filter((e) => e.name === "thread_name")
      .map((e) => (e.args as { name: string }).name);
    expect(threads.sort()).toEqual(["pool.unit0", "pool.unit1", "pool.unit2"]);
    const complete = trace.traceEvents.filter((e) => e.ph === "X");
    expect(complete).toHaveLength(10); // one interval per grant
    // every job holds a unit 7 cycles = 3.5 ns = 0.0035 us
    for (const e of complete) expect(e.dur).toBeCloseTo(0.0035, 12);
  });

  it("is off by default and then records nothing", () => {
    const sim = busyModel(false);
    expect(sim.timeline).toBeNull();
  });

  it("caps the events it keeps and counts the rest as dropped", () => {
    const recorder = new TimelineRecorder({ maxEvents: 2 });
    const tid = recorder.track("x");
    for (let i = 0; i < 5; i++) recorder.complete(tid, "busy", i, i + 1);
    expect(recorder.eventCount).toBe(2);
    expect(recorder.toJSON().otherData).toEqual({ nsPerCycle: 1, droppedEvents: 3 });
    expect(validate(recorder.toJSON())).toBe(true);
    expect(() => recorder.complete(tid, "bad", 5, 4)).toThrow("ends (4) before it starts (5)");
  });
});
