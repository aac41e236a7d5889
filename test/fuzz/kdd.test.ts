import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseKddLine, UserProfiles } from "../../models/data/kdd";
import { KDD_PROFILE_LINES, KDD_ROWS } from "./ctr-fixtures";
import {
  expectHarmlessVariants,
  fileProperty,
  lineProperty,
  memoryCases,
  type CtrReader,
} from "./ctr-fuzz";
import { expectBoundedMemory, runs, suiteFolder, Tally } from "./fuzz-kit";
import { randomBytes, textCases } from "./text-mutations";

/**
 * KDD Cup 2012 lines (models/data/kdd.ts) and files (ctr-file.ts,
 * line-reader.ts), and the user profile file joined to them.
 */

const profiles = new UserProfiles();
profiles.set(42, 2, 5);
profiles.set(12, 1, 4);

const reader: CtrReader = {
  format: "kdd",
  tally: new Tally("KDD lines, files and user profiles (parseKddLine, readCtrFile, UserProfiles)"),
  parseLine: (line, n, file) => parseKddLine(line, n, file, { profiles }),
  lines: KDD_ROWS,
  fileText: KDD_ROWS.join("\n") + "\n",
  fileName: "training.txt",
};

/** A profile file of `n` users, ids `step` apart. */
function ids(n: number, step: number): string {
  return Array.from({ length: n }, (_, i) => `${i * step + 1}\t${i % 3}\t${i % 7}\n`).join("");
}

const dir = suiteFolder("kdd", reader.tally);

describe("fuzzing the KDD reader", () => {
  it("parses or refuses with file, line and field every mutated line", () => {
    lineProperty(reader, 1800);
  });

  it("reads or refuses with a location every mutated file", async () => {
    await fileProperty(reader, dir, 300);
  });

  it("loads or refuses with a location every mutated user profile file", async () => {
    const text = KDD_PROFILE_LINES.join("\n") + "\n";
    const content = fc.oneof(
      { weight: 8, arbitrary: textCases([text]).map((t) => Buffer.from(t)) },
      { weight: 1, arbitrary: randomBytes.map((b) => Buffer.from(b)) },
    );
    let index = 0;
    await fc.assert(
      fc.asyncProperty(content, async (bytes) => {
        const file = join(dir, `${index++}-userid_profile.txt`);
        writeFileSync(file, bytes);
        const loaded = await reader.tally.checkAsync(() => UserProfiles.load(file), file);
        for (const user of [12, 13, 42]) {
          const profile = loaded?.get(user) ?? [0, 0];
          expect(profile.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
        }
      }),
      runs(200),
    );
  });

  it("reads a file with a BOM and CRLF line ends as the file itself", async () => {
    await expectHarmlessVariants(reader, dir);
  });

  it("holds its memory to a small multiple of the file on large files", async () => {
    const profile = (name: string, text: string) => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}-userid_profile.txt`);
      writeFileSync(file, text);
      return { name, bytes: text.length, read: () => UserProfiles.load(file), location: file };
    };
    await expectBoundedMemory(reader.tally, [
      ...memoryCases(reader, dir),
      profile("a profile of one user, id 2^28 - 1", `${2 ** 28 - 1}\t1\t4\n`),
      profile("a profile of 1,000 users, ids 2^20 apart", ids(1000, 2 ** 20)),
      profile("a profile of 100,000 users, ids 1 apart", ids(1e5, 1)),
    ]);
  }, 30_000);
});
