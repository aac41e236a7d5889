import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { InputError } from "../../sim/kernel/input-error";

export interface NumberedLine {
  line: string;
  /** 1-based. */
  lineNumber: number;
}

/**
 * The lines of a text file, read in chunks (64 KiB at a time), so a 45 M-line
 * data set never sits in memory. A `.gz` file (Avazu ships as `train.gz`) is
 * decompressed on the fly. A missing or unreadable file is an InputError.
 */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(`${file}: not a file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code ?? String(error)})`);
  }
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 16 });
  if (file.endsWith(".gz")) input = input.pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      yield { line, lineNumber };
    }
  } catch (error) {
    const message = (error as Error).message;
    throw new InputError(`${file}:${lineNumber + 1}: read failed (${message})`);
  } finally {
    lines.close();
    input.destroy();
  }
}
