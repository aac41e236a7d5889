import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { InputError } from "../../sim/kernel/input-error";

export interface NumberedLine {
  line: string;
  /** 1-based. */
  lineNumber: number;
}

/**
 * The longest line read, in characters. A data row is a few hundred; without
 * a limit one line is held whole however long it is, and 64 MB of a single
 * line gzip into 64 kB.
 */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * The lines of a text file, read in chunks (64 KiB at a time), so a 45 M-line
 * data set never sits in memory. A `.gz` file (Avazu ships as `train.gz`) is
 * decompressed on the fly. Each line is yielded without its end of line
 * (`\n` or `\r\n`), the first without a byte-order mark. A missing or
 * unreadable file, a corrupt gzip stream and a line longer than
 * `maxLineChars` are InputErrors naming the file (and the line).
 */
export async function* readLines(
  file: string,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<NumberedLine> {
  await checkReadable(file);
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 16 });
  if (file.endsWith(".gz")) input = input.pipe(createGunzip());
  const decoder = new StringDecoder("utf8"); // keeps a character split across chunks whole
  let carry = ""; // the line read so far
  let lineNumber = 0;
  const numbered = (raw: string): NumberedLine => {
    lineNumber++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    return {
      line: lineNumber === 1 && line.startsWith("\uFEFF") ? line.slice(1) : line,
      lineNumber,
    };
  };
  try {
    for await (const chunk of input) {
      const text = decoder.write(chunk as Buffer);
      let start = 0; // only the new text is searched: the carry has no end of line
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
        yield checkLength(numbered(carry + text.slice(start, end)), file, maxLineChars);
        carry = "";
        start = end + 1;
      }
      carry += text.slice(start);
      if (carry.length > maxLineChars) checkLength(numbered(carry), file, maxLineChars);
    }
    carry += decoder.end();
    if (carry.length > 0) yield checkLength(numbered(carry), file, maxLineChars);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const message = (error as Error).message;
    throw new InputError(`${file}:${lineNumber + 1}: read failed (${message})`);
  } finally {
    input.destroy();
  }
}

async function checkReadable(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(`${file}: not a file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code ?? String(error)})`);
  }
}

function checkLength(numbered: NumberedLine, file: string, maxLineChars: number): NumberedLine {
  if (numbered.line.length > maxLineChars) {
    throw new InputError(
      `${file}:${numbered.lineNumber}: a line longer than ${maxLineChars} characters: ` +
        "expected a data row of a few hundred (is this a data file?)",
    );
  }
  return numbered;
}
