import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importNasrec, importNasrecFile } from "../../models/nasrec/import-nasrec";
import { parseJson } from "../../sim/io/json-file";
import { CRITEO_AUTOCTR, CRITEO_AUTOCTR_FILE, XLARGE_SMALL } from "../models/nasrec-fixtures";
import { expectBoundedMemory, runs, jsonText, Tally } from "./fuzz-kit";
import { jsonCases } from "./json-mutations";
import { textCases } from "./text-mutations";

/**
 * NASRec architecture files (models/nasrec/import-nasrec.ts): NASRec's own
 * Criteo best model verbatim, an xlarge-space config and a two-block cut of
 * the first, mutated, under file names that do and do not give the dataset.
 * A refusal names the file (and the JSON path or the block).
 */

const criteo = JSON.parse(CRITEO_AUTOCTR) as { micro: unknown[]; macro: unknown[] };
const cut = { ...criteo, micro: criteo.micro.slice(0, 2), macro: criteo.macro.slice(0, 2) };
const examples = [criteo, JSON.parse(XLARGE_SMALL) as unknown, { ...cut, num_blocks: 2 }];
const texts = [CRITEO_AUTOCTR, XLARGE_SMALL];
const file = `fuzz/${CRITEO_AUTOCTR_FILE}`;
/** Mostly NASRec's own name and no options, so that most cases reach the conversion. */
const names = fc.oneof(
  { weight: 4, arbitrary: fc.constant(file) },
  fc.constantFrom("fuzz/ea_kdd_autoctr.json", "fuzz/best.json"),
);
const options = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  fc.record(
    { weightBits: fc.constantFrom<4 | 8>(4, 8), dataset: fc.constantFrom("criteo", "avazu", "x") },
    { requiredKeys: [] },
  ),
);

const tally = new Tally("NASRec import (importNasrec)");
afterAll(() => tally.report());

describe("fuzzing the NASRec importer", () => {
  it("imports or refuses with a location every mutation of NASRec's configs", () => {
    fc.assert(
      fc.property(jsonCases(examples), names, options, (json, where, opts) => {
        const before = jsonText(json);
        tally.check(() => importNasrec(json, where, opts), where);
        expect(jsonText(json)).toBe(before); // the input is not modified
      }),
      runs(1200),
    );
  });

  it("imports or refuses with a location every mutation of NASRec's files as text", () => {
    fc.assert(
      fc.property(textCases(texts), (text) => {
        tally.check(() => importNasrec(parseJson(text, file), file), file);
      }),
      runs(800),
    );
  });

  it("holds its memory to a small multiple of the file on large files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-fuzz-nasrec-"));
    const large = (name: string, value: unknown, text = JSON.stringify(value)) => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}_criteo.json`);
      writeFileSync(file, text);
      return { name, bytes: text.length, read: () => importNasrecFile(file), location: file };
    };
    const micro = criteo.micro[0]!;
    try {
      await expectBoundedMemory(tally, [
        large("500,000 micro entries that are numbers", { ...criteo, micro: Array(5e5).fill(1) }),
        large("5,000 blocks", { ...criteo, micro: Array(5e3).fill(micro), macro: [] }),
        large("500,000 active nodes", {
          ...criteo,
          micro: [{ ...(micro as object), active_nodes: Array(5e5).fill(0) }],
        }),
        large("50,000 metrics", {
          ...criteo,
          ...Object.fromEntries(Array.from({ length: 5e4 }, (_, i) => [`metric${i}`, i])),
        }),
        large("nested 250,000 deep", null, `{"micro": ${"[".repeat(2.5e5)}${"]".repeat(2.5e5)}}`),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
