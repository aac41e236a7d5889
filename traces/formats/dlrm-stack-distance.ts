import { InputError } from "../../sim/kernel/input-error";
import type { InferenceRequest } from "../request";
import { traceFileOf, type TraceFile, type TraceInput } from "../trace-file";
import { IntFile } from "./int-file";

/**
 * DLRM's trace file (dlrm_data_pytorch.py, read_trace_from_file): one
 * stream of embedding ids, as text (one line of integers separated by ", ")
 * or as raw little-endian uint64 values (its trace_file_binary_type). DLRM
 * draws every table's ids from that one stream; so do we: request i takes,
 * for table t, the id at position i * tables + t, reduced modulo the table's
 * rows. The stream is read lazily, so a trace of any length fits in memory.
 */
export function* dlrmStackDistanceIds(input: TraceInput, binary: boolean): Generator<number> {
  if (binary) {
    const file = new IntFile(input, "uint64");
    try {
      for (let i = 0; i < file.length; i++) yield file.get(i);
    } finally {
      file.close();
    }
    return;
  }
  const file = traceFileOf(input);
  const tokens = new IdTokenizer(file.name);
  for (const piece of textPieces(file)) yield* tokens.feed(piece, []);
  yield* tokens.end([]);
}

/** A text trace in pieces of up to 1 MiB (latin1: ids are ASCII), the file closed at the end. */
function* textPieces(file: TraceFile): Generator<string> {
  const pass = file.open();
  const buffer = Buffer.alloc(1 << 20);
  try {
    for (let n = pass.read(buffer); n > 0; n = pass.read(buffer)) {
      yield buffer.toString("latin1", 0, n);
    }
  } finally {
    pass.close();
  }
}

/** The ids in a DLRM trace, read (and checked) from end to end without keeping them. */
export function countDlrmIds(input: TraceInput, binary: boolean): number {
  if (binary) {
    const file = new IntFile(input, "uint64");
    file.close();
    return file.length;
  }
  const file = traceFileOf(input);
  const tokens = new IdTokenizer(file.name);
  for (const piece of textPieces(file)) tokens.feed(piece, null);
  tokens.end(null);
  return tokens.count;
}

/** Digits in the longest id read: 2^53 has 16. */
const MAX_DIGITS = 20;

/**
 * DLRM's text trace, piece by piece: ids (integers >= 0) separated by
 * commas and white space; each error names the file, the line and the
 * value. `feed` returns the ids completed by a piece (into `out`, or only
 * counted when `out` is null).
 */
export class IdTokenizer {
  /** Ids read so far. */
  count = 0;
  private token = "";
  private line = 1;

  constructor(private readonly name: string) {}

  feed(text: string, out: number[] | null): number[] {
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 48 && c <= 57) {
        this.token += text[k];
        if (this.token.length > MAX_DIGITS) throw this.tooLarge();
      } else if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) {
        if (this.token !== "") this.id(out);
        if (c === 10) this.line++;
      } else if (c === 45) {
        throw new InputError(
          `${this.name}:${this.line}: value ${this.count + 1} is negative: a negative id is not allowed (DLRM's text trace holds integers >= 0 separated by ", ")`,
        );
      } else {
        throw new InputError(
          `${this.name}:${this.line}: character ${JSON.stringify(text[k])} after value ${this.count}: expected integers separated by ", " (DLRM's text trace)`,
        );
      }
    }
    return out ?? [];
  }

  end(out: number[] | null): number[] {
    if (this.token !== "") this.id(out);
    return out ?? [];
  }

  private id(out: number[] | null): void {
    const value = Number(this.token);
    if (!Number.isSafeInteger(value)) throw this.tooLarge();
    this.count++;
    this.token = "";
    out?.push(value);
  }

  private tooLarge(): InputError {
    const shown = this.token.length > 17 ? `${this.token.slice(0, 17)}...` : this.token;
    return new InputError(
      `${this.name}:${this.line}: value ${this.count + 1} = ${shown} exceeds 2^53: expected an id below 2^53`,
    );
  }
}

/** Requests from an id stream: `tables` ids per request, each modulo its table's rows. */
export function* requestsFromIdStream(
  ids: Iterator<number>,
  tableRows: readonly number[],
  denseFeatures: number,
  count: number,
): Generator<InferenceRequest> {
  try {
    for (let id = 0; id < count; id++) {
      const sparse: number[][] = [];
      for (let t = 0; t < tableRows.length; t++) {
        const next = ids.next();
        if (next.done === true) return; // the stream ran out: fewer requests than asked (openTrace counts first)
        sparse.push([next.value % tableRows[t]!]);
      }
      yield { id, arrivalCycle: null, dense: new Array<number>(denseFeatures).fill(0), sparse };
    }
  } finally {
    ids.return?.(); // closes the file
  }
}
