import { accessAwarePlacement, inOrderPlacement } from "../../../../arch/baselines/rerec/placement";
import { DENSE, driversPerTarget } from "../../../../arch/baselines/rerec/pairing";

describe("access-aware mapping", () => {
  // 100 units, 4 slots per crossbar, 2 crossbars per engine: 25 crossbars needed,
  // 50% spare -> ceil(37.5 / 2) = 19 engines, 38 crossbars, 152 slots, 52 spare.
  const shape = {
    tableUnits: [100],
    units: 100,
    slotsPerCrossbar: 4,
    crossbarsPerEngine: 2,
    engines: null,
    spareSlotFraction: 0.5,
  };

  it("gives a hot vector replicas on distinct engines, and a warm one a single copy", () => {
    const loads = new Map([
      [7, 100],
      [3, 1],
    ]);
    const p = accessAwarePlacement(shape, loads, 4, "t");
    expect(p.engines).toBe(19);
    expect(p.crossbars).toBe(38);
    // Fair share per crossbar: 101 / 38 = 2.66; unit 7 wants ceil(100 / 2.66) = 38, capped at 4.
    // Equal loads: the first crossbar of every engine before any second: crossbars 0, 2, 4, 6.
    expect(p.copiesOf(7)).toEqual([0, 2, 4, 6]);
    // Unit 3 goes to the least-loaded crossbar, the next in that order: crossbar 8 (engine 4).
    expect(p.copiesOf(3)).toEqual([8]);
    expect(p.replicatedUnits).toBe(1);
    expect(p.extraCopies).toBe(3);
    expect(p.maxCopies).toBe(4);
  });

  it("packs cold vectors crossbar by crossbar in the order they are first used", () => {
    const p = accessAwarePlacement(shape, new Map([[7, 100]]), 4, "t");
    // Crossbar 0 holds a copy of unit 7 and has 3 free slots: the first 3 cold units fill it.
    expect([50, 51, 52].map((u) => p.copiesOf(u)[0])).toEqual([0, 0, 0]);
    expect(p.copiesOf(53)).toEqual([1]);
    expect(p.copiesOf(50)).toEqual([0]); // the same place when asked again
  });

  it("makes no replica when there is no spare slot", () => {
    const tight = { ...shape, spareSlotFraction: 0 }; // 13 engines, 26 crossbars, 104 slots, 4 spare
    const p = accessAwarePlacement(tight, new Map([[7, 100]]), 16, "t");
    expect(p.copiesOf(7)).toHaveLength(5); // 1 + the 4 spare slots
    const none = accessAwarePlacement(
      { ...tight, engines: null, units: 104, tableUnits: [104] },
      new Map([[7, 100]]),
      16,
      "t",
    );
    expect(none.copiesOf(7)).toHaveLength(1);
  });
});

describe("in-order mapping", () => {
  it("gives each table crossbars of its own, rows in order, one copy", () => {
    const p = inOrderPlacement(
      {
        tableUnits: [5, 3],
        units: 8,
        slotsPerCrossbar: 4,
        crossbarsPerEngine: 2,
        engines: null,
        spareSlotFraction: 0,
      },
      "t",
    );
    // Table 0: units 0-3 on crossbar 0, unit 4 on crossbar 1; table 1 starts on crossbar 2.
    expect([0, 3, 4, 5, 7].map((u) => p.copiesOf(u))).toEqual([[0], [0], [1], [2], [2]]);
    expect(p.engines).toBe(2); // 3 crossbars, 2 per engine
  });

  it("refuses too few engines, naming the need", () => {
    const s = {
      tableUnits: [100],
      units: 100,
      slotsPerCrossbar: 4,
      crossbarsPerEngine: 2,
      engines: 3,
      spareSlotFraction: 0,
    };
    expect(() => inOrderPlacement(s, "t")).toThrow(
      /3 engines hold 24 vector slots; the tables need 100 \(at least 13 engines\)/,
    );
  });
});

describe("dot products hosted per table", () => {
  it("covers every pair once, the dense vector on every table, each table hosting 13 or 14", () => {
    const n = 26;
    const drivers = driversPerTarget(n);
    const seen = new Set<string>();
    drivers.forEach((list, host) => {
      expect(list[0]).toBe(DENSE);
      expect(list.length === 13 || list.length === 14).toBe(true); // 1 + 12, or + the half-way pair
      for (const d of list.slice(1)) seen.add([Math.min(d, host), Math.max(d, host)].join());
    });
    expect(seen.size).toBe((n * (n - 1)) / 2); // 325
    expect(drivers.reduce((s, l) => s + l.length, 0)).toBe(325 + 26); // 351 = 27 x 26 / 2
  });
});
