import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { AtomicFile, writeFileAtomic, writeJsonAtomic } from "../../../sim/io/atomic-file";

const dir = () => mkdtempSync(join(tmpdir(), "autorac-atomic-"));

describe("AtomicFile", () => {
  it("shows nothing under the real name until the commit, then the whole file", () => {
    const d = dir();
    const path = join(d, "out.txt");
    const file = new AtomicFile(path);
    file.write("a");
    file.write(new Uint8Array([98, 99])); // "bc"
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(d)).toEqual([`out.txt.${process.pid}.tmp`]);
    file.commit();
    expect(readFileSync(path, "utf8")).toBe("abc");
    expect(readdirSync(d)).toEqual(["out.txt"]);
  });

  it("keeps the old file and leaves no temporary one when aborted", () => {
    const d = dir();
    const path = join(d, "out.json");
    writeFileSync(path, "old");
    const file = new AtomicFile(path);
    file.write("new");
    file.abort();
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(d)).toEqual(["out.json"]);
    expect(() => file.write("more")).toThrow("written after commit or abort");
  });

  it("writes JSON with a final newline, and fails cleanly into a missing folder", () => {
    const d = dir();
    writeJsonAtomic(join(d, "x.json"), { a: [1] });
    expect(readFileSync(join(d, "x.json"), "utf8")).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(() => writeFileAtomic(join(d, "missing", "y.txt"), "z")).toThrow(/ENOENT/);
    expect(readdirSync(d)).toEqual(["x.json"]);
  });

  it("removes its temporary file when the process is stopped by SIGINT or SIGTERM", () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const d = dir();
      const script = join(d, "writer.ts");
      const module = resolve(__dirname, "../../../sim/io/atomic-file");
      writeFileSync(
        script,
        `import { AtomicFile } from ${JSON.stringify(module)};\n` +
          `const f = new AtomicFile(${JSON.stringify(join(d, "big.jsonl"))});\n` +
          `f.write("x".repeat(3 << 20));\n` + // past the buffer: bytes on disk
          `process.kill(process.pid, "${signal}");\n` +
          "setTimeout(() => f.commit(), 5000);\n",
      );
      const run = spawnSync(process.execPath, [resolve(__dirname, "../../run-ts.cjs"), script]);
      expect(run.signal).toBe(signal);
      expect(readdirSync(d)).toEqual(["writer.ts"]);
    }
  });
});
