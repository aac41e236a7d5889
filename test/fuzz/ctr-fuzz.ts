import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readCtrFile } from "../../models/data/ctr-file";
import type { CtrExample, DataFormat } from "../../models/data/ctr-example";
import { datasets } from "../../traces/datasets";
import { runs, type Tally } from "./fuzz-kit";
import { randomBytes, textCases } from "./text-mutations";

/**
 * The properties shared by the Criteo, Avazu and KDD readers: one line to
 * its parser, and whole files (mutated text, random bytes, gzipped or not)
 * through readCtrFile and the line reader. Whatever parses must be a row
 * the trainer can use: a 0/1 label, finite dense values, one row per table
 * inside the table.
 */

export interface CtrReader {
  format: DataFormat;
  tally: Tally;
  /** The format's line parser with NASRec's tables. */
  parseLine: (line: string, lineNumber: number, file: string) => CtrExample;
  /** Valid data lines. */
  lines: readonly string[];
  /** A valid file, header included where the format has one. */
  fileText: string;
  /** A file name the format is read under (train.txt, avazu_train...). */
  fileName: string;
}

/** Throws (failing the property) when a parsed row is not one the trainer can use. */
export function checkExample(example: CtrExample, format: DataFormat): void {
  const { denseFeatures, sparseFeatures, tableRows } = datasets[format];
  const problems: string[] = [];
  if (example.label !== 0 && example.label !== 1) problems.push(`label ${example.label}`);
  if (example.dense.length !== Math.max(1, denseFeatures)) problems.push("dense count");
  if (!example.dense.every(Number.isFinite)) problems.push(`dense ${example.dense.join(",")}`);
  if (example.sparse.length !== sparseFeatures) problems.push("sparse count");
  example.sparse.forEach((row, f) => {
    if (!(Number.isInteger(row) && row >= 0 && row < tableRows[f]!)) {
      problems.push(`sparse[${f}] = ${row} outside 0..${tableRows[f]! - 1}`);
    }
  });
  if (problems.length > 0) throw new Error(`${format}: a parsed row is unusable: ${problems}`);
}

/** Every mutated line parses to a usable row or is refused naming the file, the line and the field. */
export function lineProperty(reader: CtrReader, numRuns: number): void {
  const file = `fuzz/${reader.fileName}`;
  fc.assert(
    fc.property(textCases(reader.lines), fc.integer({ min: 1, max: 2 ** 40 }), (line, n) => {
      const example = reader.tally.check(() => reader.parseLine(line, n, file), `${file}:${n}:`);
      if (example !== undefined) checkExample(example, reader.format);
    }),
    runs(numRuns),
  );
}

/** Reads a whole file, checking every row; returns them. */
export async function readAll(file: string, reader: CtrReader): Promise<CtrExample[]> {
  const rows: CtrExample[] = [];
  for await (const row of readCtrFile({ file, format: reader.format })) {
    checkExample(row, reader.format);
    rows.push(row);
  }
  return rows;
}

const fileCase = (text: string) =>
  fc.record({
    content: fc.oneof(
      { weight: 8, arbitrary: textCases([text]).map((t) => Buffer.from(t, "utf8")) },
      { weight: 1, arbitrary: randomBytes.map((bytes) => Buffer.from(bytes)) },
    ),
    gzip: fc.oneof({ weight: 5, arbitrary: fc.constant("none") }, fc.constantFrom("gz", "fake-gz")),
  });

/**
 * Every mutated file (cut short, bytes changed, random bytes; as it is,
 * gzipped, or not gzip at all under a .gz name) is read to usable rows or
 * refused naming the file (and the line, where there is one).
 */
export async function fileProperty(reader: CtrReader, dir: string, numRuns: number): Promise<void> {
  let index = 0;
  await fc.assert(
    fc.asyncProperty(fileCase(reader.fileText), async ({ content, gzip }) => {
      const file = join(dir, `${index++}-${reader.fileName}${gzip === "none" ? "" : ".gz"}`);
      writeFileSync(file, gzip === "gz" ? gzipSync(content) : content);
      await reader.tally.checkAsync(() => readAll(file, reader), file);
    }),
    runs(numRuns),
  );
}

/** A BOM and CRLF line ends, as a Windows tool saves a file, change no row. */
export async function expectHarmlessVariants(reader: CtrReader, dir: string): Promise<void> {
  const plain = join(dir, `plain-${reader.fileName}`);
  const windows = join(dir, `windows-${reader.fileName}`);
  writeFileSync(plain, reader.fileText);
  writeFileSync(windows, "\uFEFF" + reader.fileText.replace(/\n/g, "\r\n"));
  const rows = await readAll(plain, reader);
  expect(rows.length).toBeGreaterThan(0);
  expect(await reader.tally.checkAsync(() => readAll(windows, reader), windows)).toEqual(rows);
}

/** Counts a file's rows without keeping them (for the memory cases). */
async function countRows(file: string, format: DataFormat): Promise<number> {
  let n = 0;
  for await (const row of readCtrFile({ file, format })) n += row.label >= 0 ? 1 : 0;
  return n;
}

/**
 * Large files: a 2 MB line, 32 MB of one line gzipped into 32 kB, and
 * 20,000 valid rows (streamed: the heap must not grow with the file).
 */
export function memoryCases(reader: CtrReader, dir: string) {
  const header = reader.format === "avazu" ? reader.fileText.split("\n")[0]! + "\n" : "";
  const row = reader.lines[0]!;
  const files: Array<[string, Buffer]> = [
    ["a 2 MB line", Buffer.from(header + row + "1".repeat(2 * 2 ** 20) + "\n" + row)],
    ["a 32 MB line in a gzip", gzipSync(header + "1".repeat(32 * 2 ** 20))],
    ["20,000 rows", Buffer.from(header + Array(2e4).fill(row).join("\n"))],
  ];
  return files.map(([name, content]) => {
    const gz = name.includes("gzip") ? ".gz" : "";
    const file = join(dir, `${name.replace(/\W+/g, "-")}-${reader.fileName}${gz}`);
    writeFileSync(file, content);
    return {
      name,
      bytes: content.length,
      read: () => countRows(file, reader.format),
      location: file,
    };
  });
}
