import { checkAvazuHeader, parseAvazuLine } from "../../models/data/avazu";
import { AVAZU_SAMPLE_HEADER, AVAZU_SAMPLE_ROWS } from "./ctr-fixtures";
import {
  expectHarmlessVariants,
  fileProperty,
  lineProperty,
  memoryCases,
  type CtrReader,
} from "./ctr-fuzz";
import { expectBoundedMemory, runs, suiteFolder, Tally } from "./fuzz-kit";
import fc from "fast-check";
import { textCases } from "./text-mutations";

/**
 * Avazu lines (models/data/avazu.ts) and files (ctr-file.ts, line-reader.ts):
 * the DeepCTR sample's real rows, with its header, plain and gzipped.
 */

const reader: CtrReader = {
  format: "avazu",
  tally: new Tally("Avazu lines and files (parseAvazuLine, readCtrFile)"),
  parseLine: (line, n, file) => parseAvazuLine(line, n, file),
  lines: AVAZU_SAMPLE_ROWS,
  fileText: [AVAZU_SAMPLE_HEADER, ...AVAZU_SAMPLE_ROWS].join("\n") + "\n",
  fileName: "avazu_train",
};

const dir = suiteFolder("avazu", reader.tally);

describe("fuzzing the Avazu reader", () => {
  it("parses or refuses with file, line and field every mutated line", () => {
    lineProperty(reader, 1800);
  });

  it("accepts its header or refuses naming the file and line 1", () => {
    fc.assert(
      fc.property(textCases([AVAZU_SAMPLE_HEADER]), (line) => {
        reader.tally.check(() => checkAvazuHeader(line, "fuzz/avazu_train"), "fuzz/avazu_train:1:");
      }),
      runs(200),
    );
  });

  it("reads or refuses with a location every mutated file", async () => {
    await fileProperty(reader, dir, 400);
  });

  it("reads a file with a BOM and CRLF line ends as the file itself", async () => {
    await expectHarmlessVariants(reader, dir);
  });

  it("holds its memory to a small multiple of the file on large files", async () => {
    await expectBoundedMemory(reader.tally, memoryCases(reader, dir));
  }, 30_000);
});
