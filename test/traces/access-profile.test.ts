import { InputError } from "../../sim/kernel/input-error";
import { AccessProfile, PROFILE_FORMAT, profileFromRequests } from "../../traces/access-profile";
import type { InferenceRequest } from "../../traces/request";
import { syntheticRequests } from "../../traces/synthetic";

/** Two tables; counts worked out by hand below. */
const requests: InferenceRequest[] = [
  { id: 0, arrivalCycle: null, dense: [], sparse: [[5], [9, 9]] },
  { id: 1, arrivalCycle: null, dense: [], sparse: [[3], [1]] },
  { id: 2, arrivalCycle: null, dense: [], sparse: [[5, 7], [9]] },
  { id: 3, arrivalCycle: null, dense: [], sparse: [[7], [4]] },
  { id: 4, arrivalCycle: null, dense: [], sparse: [[2], [1]] },
];

describe("AccessProfile", () => {
  // Table 0: row 5 twice, row 7 twice, rows 3 and 2 once; 6 reads.
  // Table 1: row 9 three times (a repeat in one request counts), row 1 twice, row 4 once; 6 reads.
  const profile = profileFromRequests(requests, 2);

  it("counts every id, repeats included", () => {
    expect([...profile.rowCounts(0).entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [2, 1],
      [3, 1],
      [5, 2],
      [7, 2],
    ]);
    expect(profile.count(1, 9)).toBe(3);
    expect(profile.count(1, 8)).toBe(0);
    expect(profile.totalAccesses(0)).toBe(6);
    expect(profile.totalAccesses(1)).toBe(6);
  });

  it("ranks rows by descending count, ties by ascending row id", () => {
    expect(profile.rankedRows(0)).toEqual([5, 7, 2, 3]);
    expect(profile.rankedRows(1)).toEqual([9, 1, 4]);
  });

  it("saves to a compact JSON form and reads it back", () => {
    const json = profile.toJSON();
    expect(json).toEqual({
      format: PROFILE_FORMAT,
      tables: [
        { rows: [5, 7, 2, 3], counts: [2, 2, 1, 1] },
        { rows: [9, 1, 4], counts: [3, 2, 1] },
      ],
    });
    const back = AccessProfile.fromJSON(JSON.parse(JSON.stringify(profile)));
    expect(back.toJSON()).toEqual(json);
    expect(back.totalAccesses(1)).toBe(6);
  });

  it("refuses a malformed saved profile, naming the place", () => {
    const refuse = (json: unknown, message: RegExp) => {
      expect(() => AccessProfile.fromJSON(json, "hot.json")).toThrow(InputError);
      expect(() => AccessProfile.fromJSON(json, "hot.json")).toThrow(message);
    };
    const table = (rows: unknown[], counts: unknown[]) => ({
      format: PROFILE_FORMAT,
      tables: [{ rows, counts }],
    });
    refuse({ tables: [] }, /hot.json: format: expected "autorac.access-profile.v1"/);
    refuse({ format: PROFILE_FORMAT }, /hot.json: tables: expected an array/);
    refuse(table([1, 2], [1]), /tables\[0\]: expected rows and counts/);
    refuse(table([-1], [1]), /tables\[0\].rows\[0\] = -1/);
    refuse(table([1], [0]), /tables\[0\].counts\[0\] = 0/);
    refuse(table([1, 1], [2, 1]), /tables\[0\].rows\[1\] = 1: expected each row listed once/);
  });

  it("refuses a request with the wrong number of sparse features", () => {
    expect(() => profileFromRequests(requests, 3)).toThrow(
      /request 0: 2 sparse features; expected 3/,
    );
    expect(() => profile.rowCounts(2)).toThrow(RangeError);
  });

  it("profiles a lazy stream, counting idsPerFeature ids per table per request", () => {
    const dataset = {
      name: "t",
      description: "",
      denseFeatures: 0,
      sparseFeatures: 2,
      tableRows: [100, 1e9],
      source: "",
    };
    const stream = syntheticRequests({
      dataset,
      count: 1000,
      seed: 1,
      idsPerFeature: 2,
      arrivals: { kind: "closed" },
    });
    const lazy = profileFromRequests(stream, 2);
    expect(lazy.totalAccesses(0)).toBe(2000);
    expect(lazy.totalAccesses(1)).toBe(2000);
    // Memory follows the rows seen: at most 100 in table 0, at most 2000 in table 1.
    expect(lazy.rowCounts(0).size).toBeLessThanOrEqual(100);
    expect(lazy.rowCounts(1).size).toBeLessThanOrEqual(2000);
  });
});
