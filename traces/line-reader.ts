import { StringDecoder } from "node:string_decoder";
import { InputError } from "../sim/kernel/input-error";
import { traceFileOf, type TraceInput } from "./trace-file";

/** The longest line read: 1 Mi characters (a request line is a few kB; a longer one is not a line-based file). */
export const MAX_LINE_CHARS = 1 << 20;

export interface LineReaderOptions {
  /** Bytes read at a time (1 MiB). */
  chunkBytes?: number;
  /** The longest line allowed, in characters (MAX_LINE_CHARS). */
  maxLineChars?: number;
}

/**
 * Reads a text file line by line, synchronously, in 1 MiB chunks, so a file
 * of any length streams in bounded memory and can feed the (synchronous)
 * simulator directly. Yields each line without its end-of-line, with its
 * 1-based number; a final line without a newline is yielded too. A line
 * longer than `maxLineChars` is refused with the file and its number, so a
 * file without newlines (`/dev/zero`) cannot fill the memory.
 */
export function* readLines(
  input: TraceInput,
  options: number | LineReaderOptions = {},
): Generator<{ line: string; lineNumber: number }> {
  const { chunkBytes = 1 << 20, maxLineChars = MAX_LINE_CHARS } =
    typeof options === "number" ? { chunkBytes: options } : options;
  const file = traceFileOf(input);
  const pass = file.open();
  const buffer = Buffer.alloc(chunkBytes);
  const decoder = new StringDecoder("utf8"); // keeps a character split across chunks whole
  const tooLong = (lineNumber: number) => lineTooLong(file.name, lineNumber, maxLineChars);
  let carry = "";
  let lineNumber = 0;
  try {
    while (true) {
      const n = pass.read(buffer);
      if (n === 0) break;
      const text = carry + decoder.write(buffer.subarray(0, n));
      const lines = text.split("\n");
      carry = lines.pop()!;
      for (const raw of lines) {
        lineNumber++;
        if (raw.length > maxLineChars + 1) throw tooLong(lineNumber); // + 1: a "\r" ending
        yield { line: raw.endsWith("\r") ? raw.slice(0, -1) : raw, lineNumber };
      }
      if (carry.length > maxLineChars + 1) throw tooLong(lineNumber + 1);
    }
    carry += decoder.end();
    if (carry.length > maxLineChars) throw tooLong(lineNumber + 1);
    if (carry.length > 0) yield { line: carry, lineNumber: lineNumber + 1 };
  } finally {
    pass.close();
  }
}

function lineTooLong(name: string, lineNumber: number, maxLineChars: number): InputError {
  return new InputError(
    `${name}:${lineNumber}: a line longer than ${maxLineChars} characters: expected one JSON object per line (not a line-based file, or a damaged one)`,
  );
}

/**
 * A check for a stream being copied (trace-file.ts, SpoolOptions.check): a
 * line of more than 4 bytes per allowed character is too long in any
 * encoding, and is refused at once instead of after the whole copy.
 */
export function lineLengthCheck(
  name: string,
  maxLineChars = MAX_LINE_CHARS,
): (chunk: Buffer) => void {
  let lineNumber = 1;
  let lineBytes = 0;
  return (chunk) => {
    for (let at = 0; at < chunk.length; ) {
      const newline = chunk.indexOf(10, at);
      const end = newline < 0 ? chunk.length : newline;
      lineBytes += end - at;
      if (lineBytes > 4 * maxLineChars + 1) throw lineTooLong(name, lineNumber, maxLineChars);
      if (newline < 0) break;
      lineNumber++;
      lineBytes = 0;
      at = newline + 1;
    }
  };
}
