import { Histogram, Resource, Simulator } from "../../../sim/kernel";

/**
 * M/D/1 with a fixed arrival list: one server, deterministic service D = 4.
 * By hand (Lindley: W[n+1] = max(0, W[n] + D - (a[n+1] - a[n]))):
 *
 *   n  arrive  start  wait  depart
 *   0     0      0     0      4
 *   1     1      4     3      8
 *   2     2      8     6     12
 *   3    10     12     2     16
 *   4    11     16     5     20
 *   5    30     30     0     34
 *
 * Busy 6 x 4 = 24 of 34 cycles; the queue-length integral is the sum of the
 * waits, 16 customer-cycles (Little's law), so its time mean is 16 / 34.
 */
describe("M/D/1 queue with a fixed arrival list", () => {
  const arrivals = [0, 1, 2, 10, 11, 30];
  const serviceCycles = 4;

  function run() {
    const sim = new Simulator();
    const server = new Resource(sim, "server", { capacity: 1 });
    const starts: number[] = [];
    const departures: number[] = [];
    arrivals.forEach((arrival, n) => {
      sim.after(arrival, () =>
        sim.process(`customer${n}`, function* () {
          const unit = (yield server.acquire()) as number;
          starts[n] = sim.now;
          yield serviceCycles;
          server.release(unit);
          departures[n] = sim.now;
        }),
      );
    });
    const result = sim.run();
    return { sim, server, starts, departures, result };
  }

  it("gives the Lindley waits and departures derived by hand", () => {
    const { starts, departures, result } = run();
    expect(starts).toEqual([0, 4, 8, 12, 16, 30]);
    expect(starts.map((s, n) => s - arrivals[n]!)).toEqual([0, 3, 6, 2, 5, 0]);
    expect(departures).toEqual([4, 8, 12, 16, 20, 34]);
    expect(result).toMatchObject({ reason: "empty", now: 34 });
  });

  it("measures utilisation, queue length and the wait distribution", () => {
    const { server } = run();
    expect(server.busy.integral()).toBe(24);
    expect(server.busy.utilisation()).toBeCloseTo(24 / 34, 12);
    expect(server.queueLength.integral()).toBe(16);
    expect(server.queueLength.mean()).toBeCloseTo(16 / 34, 12);
    expect(server.waitCycles.count).toBe(6);
    expect(server.waitCycles.mean()).toBeCloseTo(16 / 6, 12);
    // sorted waits 0 0 2 3 5 6: nearest rank of p50 is the 3rd, of p90 the 6th
    expect(server.waitCycles.percentile(50)).toBe(2);
    expect(server.waitCycles.percentile(90)).toBe(6);
    expect(server.waitCycles.max).toBe(6);
  });
});

/**
 * Resource with 2 units and 5 requests (request cycle, hold cycles):
 * r0 (0, 4), r1 (0, 3), r2 (1, 5), r3 (2, 2), r4 (3, 1). By hand:
 * r0 -> unit 0 at 0 (frees 4); r1 -> unit 1 at 0 (frees 3); r2, r3, r4 queue;
 * at 3 unit 1 goes to r2 (frees 8); at 4 unit 0 goes to r3 (frees 6);
 * at 6 unit 0 goes to r4 (frees 7). Waits 0 0 2 2 3; busy unit-cycles
 * 4 + 3 + 5 + 2 + 1 = 15 over 8 cycles x 2 units.
 */
describe("resource with 2 units and 5 requests", () => {
  const requests = [
    { at: 0, hold: 4 },
    { at: 0, hold: 3 },
    { at: 1, hold: 5 },
    { at: 2, hold: 2 },
    { at: 3, hold: 1 },
  ];

  function run(timeline = false) {
    const sim = new Simulator({ timeline: timeline ? { nsPerCycle: 2 } : false });
    const adcs = new Resource(sim, "adcs", { capacity: 2 });
    const grants: Array<{ cycle: number; unit: number }> = [];
    const ends: number[] = [];
    requests.forEach(({ at, hold }, n) => {
      sim.after(at, () =>
        sim.process(`r${n}`, function* () {
          const unit = (yield adcs.acquire()) as number;
          grants[n] = { cycle: sim.now, unit };
          yield hold;
          adcs.release(unit);
          ends[n] = sim.now;
        }),
      );
    });
    sim.run();
    return { sim, adcs, grants, ends };
  }

  it("grants units first come, first served, lowest free unit first", () => {
    const { grants, ends } = run();
    expect(grants).toEqual([
      { cycle: 0, unit: 0 },
      { cycle: 0, unit: 1 },
      { cycle: 3, unit: 1 },
      { cycle: 4, unit: 0 },
      { cycle: 6, unit: 0 },
    ]);
    expect(ends).toEqual([4, 3, 8, 6, 7]);
  });

  it("counts waits and utilisation", () => {
    const { adcs } = run();
    expect(adcs.grants.value).toBe(5);
    expect(adcs.waitCycles.sum).toBe(7);
    expect(adcs.queueLength.integral()).toBe(7);
    expect(adcs.busy.integral()).toBe(15);
    expect(adcs.busy.utilisation()).toBeCloseTo(15 / 16, 12);
  });

  it("records one busy interval per grant on a track per unit", () => {
    const { sim } = run(true);
    const trace = sim.timeline!.toJSON();
    const names = new Map<number, string>();
    for (const e of trace.traceEvents) {
      if (e.ph === "M" && e.name === "thread_name") names.set(e.tid!, e.args!.name as string);
    }
    const intervals = (track: string) =>
      trace.traceEvents
        .filter((e) => e.ph === "X" && names.get(e.tid!) === track)
        .map((e) => [e.ts! * 1000, (e.ts! + e.dur!) * 1000]); // us -> ns
    // nsPerCycle = 2: cycle c sits at 2c ns
    expect(intervals("adcs.unit0")).toEqual([
      [0, 8],
      [8, 12],
      [12, 14],
    ]);
    expect(intervals("adcs.unit1")).toEqual([
      [0, 6],
      [6, 16],
    ]);
  });

  it("refuses to release a unit that is not held", () => {
    const sim = new Simulator();
    const r = new Resource(sim, "r", { capacity: 2 });
    expect(() => r.release(1)).toThrow("r: release of unit 1, which is not held");
  });
});

describe("histogram", () => {
  it("is exact below 1024 and within 1/512 above", () => {
    const h = new Histogram("cycles", "test");
    for (let v = 1; v <= 100; v++) h.record(v);
    expect(h.percentile(50)).toBe(50);
    expect(h.percentile(99)).toBe(99);
    expect(h.percentile(100)).toBe(100);
    expect(h.percentile(0)).toBe(1);
    const big = new Histogram("cycles", "big");
    big.record(1_000_000);
    big.record(3_000_000);
    const p50 = big.percentile(50);
    expect(p50).toBeLessThanOrEqual(1_000_000);
    expect((1_000_000 - p50) / 1_000_000).toBeLessThan(1 / 512);
  });

  it("refuses negative or non-finite values", () => {
    const h = new Histogram("cycles", "latency");
    expect(() => h.record(-1)).toThrow("latency: cannot record -1");
    expect(() => h.record(NaN)).toThrow(RangeError);
  });
});
