import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { categoricalRow } from "../../../models/data/categorical";
import { datasets } from "../../../traces/datasets";
import { convertDataset } from "../../../models/data/convert-to-trace";
import { openJsonlTrace } from "../../../traces/formats/jsonl-trace";

/** A Criteo line in Kaggle's layout: label, 13 integers, 26 hex ids (an empty field is missing). */
function criteoLine(label: number, dense: Array<number | "">, hex: string[]): string {
  return [String(label), ...dense.map(String), ...hex].join("\t");
}

describe("converting a data set into a trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "autorac-convert-"));
  const ids = Array.from({ length: 26 }, (_, i) => (0x1000 + i).toString(16).padStart(8, "0"));
  const file = join(dir, "criteo.txt");
  writeFileSync(
    file,
    [
      criteoLine(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], ids),
      criteoLine(0, ["", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ["", ...ids.slice(1)]),
    ].join("\n") + "\n",
  );

  it("writes one request per row with NASRec's row indexing and fixed-rate arrivals", async () => {
    const out = join(dir, "t.jsonl");
    expect(
      await convertDataset({
        input: file,
        format: "criteo",
        out,
        arrivals: { kind: "fixed", intervalCycles: 100 },
        seed: 1,
      }),
    ).toBe(2);
    const trace = openJsonlTrace(out);
    expect(trace.header.dataset.sparseFeatures).toBe(26);
    const [first, second] = [...trace.requests(1)];
    expect(first!.arrivalCycle).toBe(0);
    expect(second!.arrivalCycle).toBe(100);
    expect(first!.dense).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(second!.dense[0]).toBe(0); // missing -> 0
    // the same rule the data loader uses, on the same id, per table
    expect(first!.sparse[3]).toEqual([categoricalRow(0x1003, datasets.criteo.tableRows[3]!)]);
    expect(second!.sparse[0]).toEqual([0]); // a missing categorical is row 0
  });

  it("refuses a truncated row, naming the file and line, and leaves no file behind", async () => {
    const bad = join(dir, "bad.txt");
    writeFileSync(
      bad,
      criteoLine(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], ids) + "\n1\t2\t3\n",
    );
    const out = join(dir, "bad.jsonl");
    await expect(
      convertDataset({ input: bad, format: "criteo", out, arrivals: { kind: "closed" }, seed: 1 }),
    ).rejects.toThrow(/bad\.txt:2: 3 fields, expected 40 .*truncated/);
    expect(() => openJsonlTrace(out)).toThrow("cannot read (ENOENT)");
  });
});
