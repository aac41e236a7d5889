import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { AVAZU_HEADER } from "../../../models/data/avazu";
import { cappedDataset, guessFormat, readCtrFile } from "../../../models/data/ctr-file";
import { FileSource } from "../../../models/data/sources";
import { CRITEO_FIELD_NAMES } from "../../../models/data/criteo";

const dir = mkdtempSync(join(tmpdir(), "autorac-data-"));

/** A Criteo row in the Kaggle layout: label i mod 4 == 0, dense i, ids derived from i. */
function criteoRow(i: number, separator = "\t"): string {
  const dense = Array.from({ length: 13 }, (_, k) => (k === 1 ? "" : String(i + k)));
  const sparse = Array.from({ length: 26 }, (_, k) =>
    k === 3 ? "" : ((i * 7919 + k) >>> 0).toString(16).padStart(8, "0"),
  );
  return [i % 4 === 0 ? "1" : "0", ...dense, ...sparse].join(separator);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("readCtrFile", () => {
  const tsv = join(dir, "train.txt");
  writeFileSync(tsv, Array.from({ length: 400 }, (_, i) => criteoRow(i)).join("\n") + "\n");
  const csv = join(dir, "criteo_sample.txt");
  writeFileSync(
    csv,
    [CRITEO_FIELD_NAMES.join(","), ...Array.from({ length: 20 }, (_, i) => criteoRow(i, ","))].join(
      "\n",
    ),
  );

  it("streams every row of a Kaggle TSV, split 80/10/10 within each label", async () => {
    const rows = await collect(readCtrFile({ file: tsv, format: "criteo" }));
    expect(rows).toHaveLength(400);
    expect(rows[5]!.dense[0]).toBe(5);
    expect(rows[5]!.sparse[3]).toBe(0);
    const count = (part: string, label?: number) =>
      rows.filter((r) => r.part === part && (label === undefined || r.label === label)).length;
    // 100 positives and 300 negatives: exactly 80 %, 10 %, 10 % of each (blocks of ten).
    expect([count("train", 1), count("validation", 1), count("test", 1)]).toEqual([80, 10, 10]);
    expect([count("train", 0), count("validation", 0), count("test", 0)]).toEqual([240, 30, 30]);
  });

  it("skips the DeepCTR sample's header and reads its commas", async () => {
    const rows = await collect(readCtrFile({ file: csv, format: "criteo" }));
    expect(rows).toHaveLength(20);
    expect(rows[0]!.label).toBe(1);
    expect(rows[19]!.dense[0]).toBe(19);
  });

  it("reads a gzipped Avazu file with its header", async () => {
    const file = join(dir, "avazu_train.gz");
    const line = (i: number) =>
      AVAZU_HEADER.map((h) => (h === "click" ? String(i % 2) : h === "id" ? `1000${i}` : "1")).join(
        ",",
      );
    writeFileSync(file, gzipSync([AVAZU_HEADER.join(","), line(0), line(1), line(2)].join("\n")));
    const rows = await collect(readCtrFile({ file, format: "avazu" }));
    expect(rows.map((r) => r.label)).toEqual([0, 1, 0]);
    // id 10002 with NASRec's first Avazu table (10000 rows): 10002 mod 9999 + 1 = 4
    expect(rows[2]!.sparse[0]).toBe(4);
  });

  it("joins KDD's user profile file", async () => {
    const file = join(dir, "training.txt");
    const profile = join(dir, "userid_profile.txt");
    writeFileSync(
      file,
      ["1\t2\t5\t6\t7\t1\t1\t8\t9\t10\t11\t12", "0\t1\t5\t6\t7\t1\t2\t8\t9\t10\t11\t13"].join("\n"),
    );
    writeFileSync(profile, "12\t1\t4\n");
    const rows = await collect(readCtrFile({ file, format: "kdd", userProfile: profile }));
    // NASRec's gender and age tables have 4 and 8 rows: gender 1 -> 2, age 4 -> 5; unknown -> 1, 1
    expect(rows.map((r) => r.sparse.slice(8))).toEqual([
      [2, 5],
      [1, 1],
    ]);
  });

  it("names the line of a bad row after reading the good ones, and a missing file", async () => {
    const file = join(dir, "bad.txt");
    writeFileSync(file, [criteoRow(0), criteoRow(1), criteoRow(2).slice(0, 40)].join("\n"));
    await expect(collect(readCtrFile({ file, format: "criteo" }))).rejects.toThrow(
      /bad\.txt:3: \d+ fields, expected 40 .*truncated line/,
    );
    await expect(
      collect(readCtrFile({ file: join(dir, "none.txt"), format: "criteo" })),
    ).rejects.toThrow("none.txt: cannot read (ENOENT)");
  });

  it("feeds batches of the training part and the first validation rows", async () => {
    const source = new FileSource({ file: tsv, format: "criteo", tableCap: 50 });
    expect(source.dataset.tableRows.every((rows) => rows <= 50)).toBe(true);
    const batches = await collect(source.trainBatches(64));
    expect(batches.map((b) => b.size)).toEqual([64, 64, 64, 64, 64]); // 320 training rows
    expect(await source.countTrainRows()).toBe(320);
    const validation = await source.validationBatches(16, 25);
    expect(validation.map((b) => b.size)).toEqual([16, 9]);
    const firstTrain = (await collect(readCtrFile({ file: tsv, format: "criteo" }))).find(
      (r) => r.part === "train",
    )!;
    expect(batches[0]!.dense[0]).toBeCloseTo(Math.log(1 + firstTrain.dense[0]!), 5);
    for (const batch of batches) {
      expect(batch.sparse.every((row) => row >= 0 && row < 50)).toBe(true);
    }
  });
});

describe("cappedDataset and guessFormat", () => {
  it("caps table sizes and guesses formats from names", () => {
    expect(cappedDataset("kdd", 10).tableRows).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 4, 8]);
    expect(() => cappedDataset("kdd", 1)).toThrow("table cap = 1: expected an integer >= 2");
    expect(guessFormat("/data/avazu/train.gz")).toBe("avazu");
    expect(guessFormat("kddcup2012/training.txt")).toBe("kdd");
    expect(guessFormat("criteo_sample.txt")).toBe("criteo");
    expect(guessFormat("rows.txt")).toBeNull();
  });
});
