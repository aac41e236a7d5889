import { checkAvazuHeader, parseAvazuLine, AVAZU_HEADER } from "../../../models/data/avazu";
import { categoricalRow, denseTransform } from "../../../models/data/categorical";
import { parseCriteoLine } from "../../../models/data/criteo";
import { parseKddLine, UserProfiles } from "../../../models/data/kdd";
import { InputError } from "../../../sim/kernel/input-error";

/**
 * Expected rows are NASRec's rule, row = x mod (N - 1) + 1, worked out with
 * Python's integers (which is what NASRec's preprocessing runs on):
 * 0x05db9164 = 98275684 -> 98275684 mod 999 + 1 = 59 for N = 1000, etc.
 */
const N = 1000;

function criteoLine(fields: Partial<Record<number, string>> = {}, separator = "\t"): string {
  const values = [
    "1",
    ...Array.from({ length: 13 }, (_, i) => String(i)),
    ...Array.from({ length: 26 }, () => "05db9164"),
  ];
  for (const [i, v] of Object.entries(fields)) values[Number(i)] = v!;
  return values.join(separator);
}

const criteoRows = new Array<number>(26).fill(N);

describe("parseCriteoLine", () => {
  it("reads the label, the raw dense values and NASRec's rows", () => {
    const line = criteoLine({ 2: "", 3: "-3", 4: "260.0", 14: "08d6d899", 15: "", 39: "ffffffff" });
    const example = parseCriteoLine(line, 7, "train.txt", { tableRows: criteoRows });
    expect(example.label).toBe(1);
    expect(example.dense).toEqual([0, 0, -3, 260, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // 0x08d6d899 = 148297881 -> 328; empty -> row 0; 0x05db9164 -> 59; 0xffffffff -> 562
    expect(example.sparse[0]).toBe(328);
    expect(example.sparse[1]).toBe(0);
    expect(example.sparse[2]).toBe(59);
    expect(example.sparse[25]).toBe(562);
  });

  it("accepts the DeepCTR sample's commas and a CRLF line end", () => {
    const example = parseCriteoLine(criteoLine({ 0: "0" }, ",") + "\r", 2, "s.txt", {
      tableRows: criteoRows,
      separator: ",",
    });
    expect(example.label).toBe(0);
    expect(example.sparse[25]).toBe(59);
  });

  it("uses NASRec's Criteo table sizes by default", () => {
    // C9's table has 4 rows: 98275684 mod 3 + 1 = 2 (98275684 = 3 * 32758561 + 1).
    expect(parseCriteoLine(criteoLine(), 1, "t").sparse[8]).toBe(2);
  });

  it("names the file, line and field of a truncated line, a bad hex id, a bad number or label", () => {
    const truncated = criteoLine().split("\t").slice(0, 30).join("\t");
    expect(() => parseCriteoLine(truncated, 12, "train.txt")).toThrow(
      "train.txt:12: 30 fields, expected 40 (label, 13 integer, 26 categorical) (a truncated line?)",
    );
    expect(() => parseCriteoLine(criteoLine() + "\textra", 3, "t")).toThrow(
      "41 fields, expected 40",
    );
    expect(() => parseCriteoLine(criteoLine({ 17: "zz12" }), 5, "train.txt")).toThrow(
      'train.txt:5: field C4 (column 18): "zz12": expected a hex id or an empty field',
    );
    expect(() => parseCriteoLine(criteoLine({ 6: "abc" }), 9, "t")).toThrow(
      't:9: field I6 (column 7): "abc": expected a number or an empty field',
    );
    expect(() => parseCriteoLine(criteoLine({ 0: "2" }), 1, "t")).toThrow(
      't:1: field label (column 1): "2": expected a label 0 or 1',
    );
    expect(() => parseCriteoLine(truncated, 1, "t")).toThrow(InputError);
  });
});

function avazuLine(fields: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = Object.fromEntries(AVAZU_HEADER.map((h) => [h, "1"]));
  Object.assign(base, { click: "0", id: "10000169349117863715", hour: "14102100" }, fields);
  return AVAZU_HEADER.map((h) => base[h]).join(",");
}

describe("parseAvazuLine", () => {
  const rows = new Array<number>(23).fill(N);

  it("reduces ids modulo 2^31 - 1 as Python does, then indexes them", () => {
    const example = parseAvazuLine(
      avazuLine({ click: "1", site_id: "1fbe01fe", C20: "-1", C21: "12345678" }),
      4,
      "train",
      { tableRows: rows },
    );
    expect(example.label).toBe(1);
    expect(example.dense).toEqual([0]);
    expect(example.sparse).toHaveLength(23);
    // id 10000169349117863715 mod 2147483647 = 1232789817 -> 841
    expect(example.sparse[0]).toBe(841);
    // hour 14102100 -> 217; site_id (hex) 0x1fbe01fe = 532546046 -> 126
    expect(example.sparse[1]).toBe(217);
    expect(example.sparse[AVAZU_HEADER.indexOf("site_id") - 1]).toBe(126);
    // C20 = -1: Python's -1 % 2147483647 = 2147483646 -> 280; C21 "12345678" is decimal -> 37
    expect(example.sparse[21]).toBe(280);
    expect(example.sparse[22]).toBe(37);
  });

  it("checks the header and the field count", () => {
    expect(() => checkAvazuHeader(AVAZU_HEADER.join(","), "train")).not.toThrow();
    expect(() => checkAvazuHeader("id,label", "train")).toThrow("train:1: not Avazu's header");
    expect(() => parseAvazuLine("1,0,14102100", 2, "train")).toThrow(
      "train:2: 3 fields, expected 24",
    );
    expect(() => parseAvazuLine(avazuLine({ C1: "1.5" }), 8, "train")).toThrow(
      'train:8: field C1 (column 4): "1.5": expected a decimal or hex id',
    );
  });
});

describe("parseKddLine", () => {
  const rows = [N, N, N, N, N, N, N, N, 4, 8];
  const line = (click: string, user: string) =>
    [
      click,
      "3",
      "18446744073709551615",
      "7",
      "8",
      "2",
      "1",
      "3",
      "2147483647",
      "2147483648",
      "0",
      user,
    ].join("\t");

  it("reads label = clicks > 0, three raw dense values and ten rows, gender and age joined", () => {
    const profiles = new UserProfiles();
    profiles.set(42, 2, 5);
    const example = parseKddLine(line("2", "42"), 1, "training.txt", { tableRows: rows, profiles });
    expect(example.label).toBe(1);
    expect(example.dense).toEqual([3, 2, 1]);
    // DisplayURL 2^64 - 1 mod 2147483647 = 3 -> 4; 2147483647 -> 0 -> 1; 2147483648 -> 1 -> 2
    expect(example.sparse).toEqual([4, 8, 9, 4, 1, 2, 1, 43, 3, 6]); // gender 2 -> 2 mod 3 + 1, age 5 -> 5 mod 7 + 1
  });

  it("gives an unknown user gender 0 and age 0 (rows 1), and refuses bad lines", () => {
    const example = parseKddLine(line("0", "99"), 1, "t", { tableRows: rows });
    expect(example.label).toBe(0);
    expect(example.sparse.slice(8)).toEqual([1, 1]);
    expect(() => parseKddLine("0\t1\t2", 3, "t")).toThrow("t:3: 3 fields, expected 12");
    expect(() => parseKddLine(line("x", "1"), 4, "t")).toThrow(
      't:4: field Click (column 1): "x": expected an integer',
    );
    expect(() => parseKddLine(line("0", "1a"), 5, "t")).toThrow(
      't:5: field UserID (column 12): "1a": expected a decimal id',
    );
  });
});

describe("NASRec's transforms", () => {
  it("maps a missing value to row 0, present ones into 1..N-1, and dense x to log(max(0, x) + 1)", () => {
    expect(categoricalRow(0, 5)).toBe(1);
    expect(categoricalRow(3, 5)).toBe(4);
    expect(categoricalRow(4, 5)).toBe(1);
    expect(categoricalRow(2n ** 70n, 5)).toBe(Number(2n ** 70n % 4n) + 1);
    expect(denseTransform(5)).toBeCloseTo(Math.log(6), 12);
    expect(denseTransform(-3)).toBe(0);
  });
});
