import { criteoSeparator, parseCriteoLine } from "../../models/data/criteo";
import { CRITEO_SAMPLE_HEADER, CRITEO_SAMPLE_ROWS, criteoKaggleRow } from "./ctr-fixtures";
import {
  expectHarmlessVariants,
  fileProperty,
  lineProperty,
  memoryCases,
  type CtrReader,
} from "./ctr-fuzz";
import { expectBoundedMemory, suiteFolder, Tally } from "./fuzz-kit";

/**
 * Criteo lines (models/data/criteo.ts) and files (ctr-file.ts, line-reader.ts):
 * the DeepCTR sample's real rows (commas, a header) and Kaggle rows (tabs).
 */

const kaggleRows = Array.from({ length: 5 }, (_, i) => criteoKaggleRow(i));
const reader: CtrReader = {
  format: "criteo",
  tally: new Tally("Criteo lines and files (parseCriteoLine, readCtrFile)"),
  parseLine: (line, n, file) =>
    parseCriteoLine(line, n, file, { separator: criteoSeparator(line) }),
  lines: [...CRITEO_SAMPLE_ROWS, ...kaggleRows],
  fileText: [CRITEO_SAMPLE_HEADER, ...CRITEO_SAMPLE_ROWS].join("\n") + "\n",
  fileName: "criteo_sample.txt",
};
const kaggle: CtrReader = { ...reader, fileText: kaggleRows.join("\n"), fileName: "train.txt" };

const dir = suiteFolder("criteo", reader.tally);

describe("fuzzing the Criteo reader", () => {
  it("parses or refuses with file, line and field every mutated line", () => {
    lineProperty(reader, 2000);
  });

  it("reads or refuses with a location every mutated sample file", async () => {
    await fileProperty(reader, dir, 250);
  });

  it("reads or refuses with a location every mutated Kaggle file", async () => {
    await fileProperty(kaggle, dir, 150);
  });

  it("reads a file with a BOM and CRLF line ends as the file itself", async () => {
    await expectHarmlessVariants(reader, dir);
    await expectHarmlessVariants(kaggle, dir);
  });

  it("holds its memory to a small multiple of the file on large files", async () => {
    await expectBoundedMemory(reader.tally, memoryCases(reader, dir));
  }, 30_000);
});
