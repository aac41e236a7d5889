import fc from "fast-check";
import { Priority, SimEvent, Simulator } from "../../../sim/kernel";

describe("scheduling", () => {
  it("cancels a pending event, once", () => {
    const sim = new Simulator();
    const fired: string[] = [];
    sim.after(5, () => fired.push("a"));
    const b = sim.after(5, () => fired.push("b"));
    sim.after(7, () => fired.push("c"));
    expect(sim.pendingEvents).toBe(3);
    expect(sim.cancel(b)).toBe(true);
    expect(sim.cancel(b)).toBe(false);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.run()).toEqual({ reason: "empty", now: 7, events: 2 });
    expect(fired).toEqual(["a", "c"]);
  });

  it("cancels every event of a cycle and moves on to the next", () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const gone = [sim.after(3, () => fired.push(3)), sim.after(3, () => fired.push(33))];
    sim.after(9, () => fired.push(9));
    gone.forEach((e) => sim.cancel(e));
    expect(sim.peek()).toBe(9);
    sim.run();
    expect(fired).toEqual([9]);
  });

  it("lets a handler cancel a later event of its own cycle", () => {
    const sim = new Simulator();
    const fired: string[] = [];
    const victim = new SimEvent(() => fired.push("victim"));
    sim.after(4, () => {
      fired.push("first");
      sim.cancel(victim);
    });
    sim.schedule(victim, 4);
    sim.run();
    expect(fired).toEqual(["first"]);
  });

  it("reschedules a cancelled event at a new time", () => {
    const sim = new Simulator();
    const times: number[] = [];
    const e = new SimEvent(() => times.push(sim.now));
    sim.schedule(e, 10);
    sim.cancel(e);
    sim.schedule(e, 3);
    sim.run();
    expect(times).toEqual([3]);
  });

  it("runs equal-time events by priority, then in scheduling order", () => {
    const sim = new Simulator();
    const order: string[] = [];
    const at = (name: string, priority: number) => sim.after(2, () => order.push(name), priority);
    at("n1", Priority.normal);
    at("late", Priority.late);
    at("n2", Priority.normal);
    at("wake", Priority.wake);
    at("arrival", Priority.arrival);
    at("n3", Priority.normal);
    sim.run();
    expect(order).toEqual(["arrival", "wake", "n1", "n2", "n3", "late"]);
  });

  it("runs an event scheduled for the current cycle after the one that scheduled it, ahead of less urgent ones", () => {
    const sim = new Simulator();
    const order: string[] = [];
    sim.after(1, () => {
      order.push("normal-1");
      sim.after(0, () => order.push("urgent-now"), Priority.arrival);
      sim.after(0, () => order.push("normal-now"), Priority.normal);
    });
    sim.after(1, () => order.push("normal-2"));
    sim.after(1, () => order.push("late"), Priority.late);
    sim.run();
    expect(order).toEqual(["normal-1", "urgent-now", "normal-2", "normal-now", "late"]);
  });

  it("refuses double scheduling, past times and fractional delays", () => {
    const sim = new Simulator();
    const e = new SimEvent(() => undefined, Priority.normal, "tick");
    sim.schedule(e, 5);
    expect(() => sim.schedule(e, 6)).toThrow("event 'tick' is already scheduled (cycle 5)");
    sim.run({ until: 20 });
    expect(() => sim.scheduleAt(new SimEvent(() => undefined), 19)).toThrow(
      "cannot schedule 'event' at cycle 19: the clock is at 20",
    );
    expect(() => sim.after(1.5, () => undefined)).toThrow("whole, non-negative number of cycles");
    expect(() => sim.after(-1, () => undefined)).toThrow(RangeError);
  });
});

describe("run-until", () => {
  function ticker(sim: Simulator, times: number[]) {
    const e = new SimEvent(() => {
      times.push(sim.now);
      sim.schedule(e, 10);
    });
    sim.schedule(e, 0);
  }

  it("stops before a time, sets the clock to it, and resumes from there", () => {
    const sim = new Simulator();
    const times: number[] = [];
    ticker(sim, times);
    expect(sim.run({ until: 30 })).toEqual({ reason: "until", now: 30, events: 3 });
    expect(times).toEqual([0, 10, 20]);
    expect(sim.run({ until: 31 })).toEqual({ reason: "until", now: 31, events: 1 });
    expect(times).toEqual([0, 10, 20, 30]);
  });

  it("stops on a predicate, an event count, or stop()", () => {
    const sim = new Simulator();
    const times: number[] = [];
    ticker(sim, times);
    expect(sim.run({ stopWhen: () => sim.now >= 25 })).toEqual({
      reason: "predicate",
      now: 30,
      events: 4,
    });
    expect(sim.run({ maxEvents: 2 })).toEqual({ reason: "maxEvents", now: 50, events: 2 });
    sim.after(5, () => sim.stop());
    expect(sim.run()).toEqual({ reason: "stopped", now: 55, events: 1 }); // the tick at 60 is still pending
    expect(times).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("refuses to run from inside an event", () => {
    const sim = new Simulator();
    sim.after(1, () => sim.run());
    expect(() => sim.run()).toThrow("Simulator.run called from inside an event");
  });
});

/**
 * Property: whatever is scheduled and cancelled, from outside or from inside
 * handlers, events fire in (time, priority, sequence) order, which a plain
 * sorted list reproduces.
 */
describe("queue ordering (property)", () => {
  type Op = { delay: number; priority: number; children: number; cancelPrevious: boolean };
  const opArb = fc.record({
    delay: fc.integer({ min: 0, max: 5 }),
    priority: fc.integer({ min: -2, max: 2 }),
    children: fc.integer({ min: 0, max: 2 }),
    cancelPrevious: fc.boolean(),
  });

  /** Drives the kernel and a reference list with the same operations. */
  function both(initial: Op[], spawned: Op[]) {
    let nextSpawn = 0;
    const take = (): Op | undefined => spawned[nextSpawn++ % Math.max(1, spawned.length)];
    const budget = { left: 60 };

    // Kernel.
    const sim = new Simulator();
    const kernelOrder: number[] = [];
    let kernelId = 0;
    const kernelEvents: SimEvent[] = [];
    const kernelSchedule = (op: Op): void => {
      const id = kernelId++;
      const e = new SimEvent(() => {
        kernelOrder.push(id);
        for (let c = 0; c < op.children && budget.left > 0; c++, budget.left--) {
          const child = take();
          if (child !== undefined) kernelSchedule(child);
        }
      }, op.priority);
      if (op.cancelPrevious && kernelEvents.length > 0)
        sim.cancel(kernelEvents[kernelEvents.length - 1]!);
      kernelEvents.push(e);
      sim.schedule(e, op.delay);
    };
    initial.forEach(kernelSchedule);
    sim.run();

    // Reference: a list sorted by (time, priority, seq), scanned for its minimum.
    nextSpawn = 0;
    budget.left = 60;
    type Entry = { time: number; priority: number; seq: number; id: number; op: Op; live: boolean };
    const pending: Entry[] = [];
    const all: Entry[] = [];
    const refOrder: number[] = [];
    let now = 0;
    let seq = 0;
    const refSchedule = (op: Op): void => {
      if (op.cancelPrevious && all.length > 0) all[all.length - 1]!.live = false;
      const entry = {
        time: now + op.delay,
        priority: op.priority,
        seq: seq++,
        id: all.length,
        op,
        live: true,
      };
      all.push(entry);
      pending.push(entry);
    };
    initial.forEach(refSchedule);
    while (true) {
      const live = pending.filter((e) => e.live);
      if (live.length === 0) break;
      live.sort((x, y) => x.time - y.time || x.priority - y.priority || x.seq - y.seq);
      const e = live[0]!;
      e.live = false;
      now = e.time;
      refOrder.push(e.id);
      for (let c = 0; c < e.op.children && budget.left > 0; c++, budget.left--) {
        const child = take();
        if (child !== undefined) refSchedule(child);
      }
    }
    return { kernelOrder, refOrder };
  }

  it("fires in (time, priority, sequence) order, with cancels and nested schedules", () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 30 }),
        fc.array(opArb, { maxLength: 10 }),
        (initial, spawned) => {
          const { kernelOrder, refOrder } = both(initial, spawned);
          expect(kernelOrder).toEqual(refOrder);
        },
      ),
      { numRuns: 500 },
    );
  });
});
