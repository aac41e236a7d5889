import { atLeastBusy, length, overlapLength, union } from "../../../models/report/intervals";
import { ganttSvg } from "../../../models/report/gantt-svg";

describe("interval arithmetic", () => {
  it("merges, measures and intersects busy intervals", () => {
    expect(
      union([
        [5, 8],
        [0, 2],
        [1, 3],
        [8, 9],
      ]),
    ).toEqual([
      [0, 3],
      [5, 9],
    ]);
    expect(
      length([
        [0, 3],
        [5, 9],
      ]),
    ).toBe(7);
    // [0,3)+[5,9) against [2,6): overlap [2,3) and [5,6): 2 cycles
    expect(
      overlapLength(
        [
          [0, 3],
          [5, 9],
        ],
        [[2, 6]],
      ),
    ).toBe(2);
  });

  it("counts the cycles at least k units are busy", () => {
    const units = [[[0, 10]], [[5, 15]], [[8, 9]]] as Array<Array<[number, number]>>;
    expect(atLeastBusy(units, 1)).toBe(15);
    expect(atLeastBusy(units, 2)).toBe(5); // [5,10)
    expect(atLeastBusy(units, 3)).toBe(1); // [8,9)
  });
});

describe("Gantt chart", () => {
  it("draws a bar per interval, placed on a shared cycle axis", () => {
    const svg = ganttSvg("t", [
      {
        title: "on",
        rows: [
          {
            unit: "xbar",
            bars: [
              { start: 0, end: 50, request: 0 },
              { start: 50, end: 100, request: 1 },
            ],
          },
        ],
      },
    ]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    // 100 cycles span 1100 - 190 - 20 = 890 px: each bar is 445 px wide
    expect(svg).toContain('width="445.00"');
  });
});
