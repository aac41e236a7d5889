import Ajv from "ajv";
import {
  Counter,
  Utilisation,
  Component,
  Fifo,
  param,
  paramsJsonSchema,
  describeParams,
  Simulator,
} from "../../../sim/kernel";
import type { ParamInput, ParamValues } from "../../../sim/kernel";

const stageParams = {
  serviceCycles: param.integer({
    default: 3,
    min: 1,
    unit: "cycles",
    description: "Cycles per item",
  }),
  policy: param.choice({
    default: "fcfs",
    choices: ["fcfs", "lifo"] as const,
    unit: "",
    description: "Order",
  }),
  enabled: param.boolean({ default: true, unit: "", description: "Whether it runs" }),
};

class Stage extends Component {
  readonly params: ParamValues<typeof stageParams>;
  constructor(parent: Component | Simulator, name: string, given?: ParamInput<typeof stageParams>) {
    super(parent, name);
    this.params = this.resolve(stageParams, given);
  }
}

describe("components and parameters", () => {
  it("fills defaults and keeps given values, with literal types", () => {
    const sim = new Simulator();
    const tile = new Stage(sim, "tile0", { serviceCycles: 5 });
    const inner = new Stage(tile, "mvm", { policy: "lifo" });
    expect(tile.params).toEqual({ serviceCycles: 5, policy: "fcfs", enabled: true });
    const policy: "fcfs" | "lifo" = inner.params.policy;
    expect(policy).toBe("lifo");
    expect(inner.path).toBe("tile0.mvm");
    expect(sim.configJson()).toEqual({
      tile0: {
        serviceCycles: 5,
        policy: "fcfs",
        enabled: true,
        mvm: { serviceCycles: 3, policy: "lifo", enabled: true },
      },
    });
  });

  it("refuses unknown keys and bad values, naming the component path and key", () => {
    const sim = new Simulator();
    const tile = new Stage(sim, "tile0");
    expect(() => new Stage(tile, "a", { sericeCycles: 2 } as never)).toThrow(
      "tile0.a: unknown parameter 'sericeCycles' (known: serviceCycles, policy, enabled)",
    );
    expect(() => new Stage(tile, "b", { serviceCycles: 0 })).toThrow(
      "tile0.b.serviceCycles = 0: expected an integer >= 1 (cycles)",
    );
    expect(() => new Stage(tile, "c", { serviceCycles: 2.5 })).toThrow(
      "tile0.c.serviceCycles = 2.5",
    );
    expect(() => new Stage(tile, "d", { policy: "random" } as never)).toThrow(
      'tile0.d.policy = "random": expected one of "fcfs", "lifo"',
    );
    expect(() => new Fifo(sim, "f", { capacity: 0 })).toThrow(
      "f.capacity = 0: expected an integer >= 1 (entries)",
    );
  });

  it("refuses duplicate and malformed names", () => {
    const sim = new Simulator();
    new Stage(sim, "x");
    expect(() => new Stage(sim, "x")).toThrow("component 'x' exists already");
    expect(() => new Stage(sim, "a.b")).toThrow("component name 'a.b' under '<root>' must match");
  });

  it("turns the declaration into a JSON Schema that ajv enforces", () => {
    const ajv = new Ajv({ strict: true, useDefaults: true });
    const validate = ajv.compile(paramsJsonSchema(stageParams));
    const given: Record<string, unknown> = { serviceCycles: 4 };
    expect(validate(given)).toBe(true);
    expect(given).toEqual({ serviceCycles: 4, policy: "fcfs", enabled: true });
    expect(validate({ serviceCycles: 0 })).toBe(false);
    expect(validate({ policy: "lifo", extra: 1 })).toBe(false);
  });

  it("describes each parameter in one line for --help", () => {
    expect(describeParams(stageParams)).toEqual([
      "serviceCycles: Cycles per item [default 3 cycles]",
      "policy: Order (fcfs|lifo) [default fcfs]",
      "enabled: Whether it runs [default true]",
    ]);
  });

  it("nests statistics like the component tree and flattens them to dotted paths", () => {
    const sim = new Simulator();
    const tile = new Stage(sim, "tile0");
    const fifo = new Fifo<number>(tile, "in", { capacity: 2 });
    sim.process("producer", function* () {
      yield fifo.put(1);
      yield 4;
      yield fifo.put(2);
    });
    sim.run({ until: 10 });
    const nested = sim.statsJson() as { tile0: { in: { occupancy: { mean: number } } } };
    // one item held over cycles 0..4, two over 4..10: (4 + 12) / 10
    expect(nested.tile0.in.occupancy.mean).toBeCloseTo(1.6, 12);
    const flat = sim.stats.flatten();
    expect(flat["tile0.in.occupancy"]).toMatchObject({ unit: "entries", max: 2, integral: 16 });
    expect(Object.keys(flat)).toEqual([
      "tile0.in.occupancy",
      "tile0.in.transferred",
      "tile0.in.putBlockedCycles",
      "tile0.in.getBlockedCycles",
    ]);
  });

  it("rolls statistics up the component tree: counters and busy unit-cycles summed per name", () => {
    const sim = new Simulator();
    const chip = new Stage(sim, "chip");
    const tile = new Stage(chip, "tile0");
    const a = tile.stats.add("jobs", new Counter("jobs", "Jobs"));
    const b = new Stage(tile, "dp0").stats.add("jobs", new Counter("jobs", "Jobs"));
    const busyA = tile.stats.add("busy", new Utilisation(sim, 2, "Busy"));
    const busyB = new Stage(chip, "memory0").stats.add("busy", new Utilisation(sim, 1, "Busy"));
    a.add(3);
    b.add(4);
    busyA.set(2); // 2 units busy from cycle 0
    busyB.set(1);
    sim.run({ until: 10 });
    busyA.set(0); // 2 x 10 busy unit-cycles
    const totals = chip.stats.totals();
    expect(totals.jobs).toEqual({ unit: "jobs", sum: 7, count: 2 });
    // 20 on the tile and 10 on the memory tile, of capacity 2 + 1
    expect(totals.busy).toEqual({ unit: "units", sum: 30, count: 2, capacity: 3 });
    const json = chip.stats.toJSONWithTotals() as {
      tile0: { totals: Record<string, { sum: number }> };
    };
    expect(json.tile0.totals.jobs!.sum).toBe(7);
  });
});
