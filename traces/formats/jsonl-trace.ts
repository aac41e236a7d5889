import Ajv from "ajv";
import type { DatasetDescriptor } from "../datasets";
import { AtomicFile } from "../../sim/io/atomic-file";
import { InputError } from "../../sim/kernel/input-error";
import { describeSchemaErrors } from "../../sim/io/schema-errors";
import { readLines } from "../line-reader";
import { traceFileOf, type TraceInput } from "../trace-file";
import type { InferenceRequest } from "../request";

/**
 * autorac's trace format, JSON Lines (docs/traces.md):
 *
 *   line 1: {"format": "autorac.trace.v1", "dataset": {...layout...}, "timeUnit": "cycles" | "ns",
 *            "requests": 10000, "provenance": {...}}
 *   then:   {"t": 1234, "dense": [3, 0, 12.5], "sparse": [[17], [4, 9], ...]}   one request per line
 *
 * `t` is the arrival time in `timeUnit`; absent or null means closed loop
 * (the request goes in as soon as the chip accepts it). `sparse` lists, per
 * sparse feature, one or more row ids (several: multi-hot, summed).
 */
export const TRACE_FORMAT = "autorac.trace.v1";

export interface TraceHeader {
  format: typeof TRACE_FORMAT;
  dataset: Omit<DatasetDescriptor, "description" | "source"> & {
    description?: string;
    source?: string;
  };
  timeUnit: "cycles" | "ns";
  /** Number of requests, when the writer knew it (progress bars). */
  requests?: number;
  provenance?: Record<string, unknown>;
}

const headerSchema = {
  type: "object",
  additionalProperties: false,
  required: ["format", "dataset", "timeUnit"],
  properties: {
    format: { const: TRACE_FORMAT },
    dataset: {
      type: "object",
      additionalProperties: false,
      required: ["name", "denseFeatures", "sparseFeatures", "tableRows"],
      properties: {
        name: { type: "string", minLength: 1 },
        description: { type: "string" },
        source: { type: "string" },
        denseFeatures: { type: "integer", minimum: 0 },
        sparseFeatures: { type: "integer", minimum: 0 },
        tableRows: { type: "array", items: { type: "integer", minimum: 1 } },
      },
    },
    timeUnit: { enum: ["cycles", "ns"] },
    requests: { type: "integer", minimum: 0 },
    provenance: { type: "object" },
  },
} as const;

const requestSchema = {
  type: "object",
  additionalProperties: false,
  required: ["dense", "sparse"],
  properties: {
    t: { type: ["number", "null"], minimum: 0 },
    id: { type: "integer", minimum: 0 },
    dense: { type: "array", items: { type: "number" } },
    sparse: {
      type: "array",
      items: { type: "array", minItems: 1, items: { type: "integer", minimum: 0 } },
    },
  },
} as const;

type RequestLine = { t?: number | null; dense: number[]; sparse: number[][] };
const ajv = new Ajv({ allErrors: true, strict: true });
const validateHeader = ajv.compile<TraceHeader>(headerSchema);
const validateRequest = ajv.compile<RequestLine>(requestSchema);
/**
 * Past this many characters a line is checked for its first problem only:
 * with every error, ajv keeps an error object (hundreds of bytes) for each
 * bad id of a line, many times the line's size.
 */
const EVERY_ERROR_MAX_CHARS = 10_000;
const firstError = new Ajv({ allErrors: false, strict: true });
const validateHeaderFirst = firstError.compile<TraceHeader>(headerSchema);
const validateRequestFirst = firstError.compile<RequestLine>(requestSchema);

export const traceSchemas = { header: headerSchema, request: requestSchema };

/** A trace file opened for streaming: its header, and its requests, read again from disk at each call. */
export interface OpenTrace {
  /** The file's name, as messages give it. */
  name: string;
  header: TraceHeader;
  requests: (nsPerCycle: number) => Generator<InferenceRequest>;
}

type Lines = Generator<{ line: string; lineNumber: number }>;

/**
 * Reads the header; `requests` then reads the requests. The first call goes
 * on from the header in the same pass (a command that reads the trace once
 * reads a pipe too); later calls read the file again.
 */
export function openJsonlTrace(input: TraceInput): OpenTrace {
  const file = traceFileOf(input);
  const path = file.name;
  const lines = readLines(file);
  let header: TraceHeader;
  try {
    header = readHeader(lines, path);
  } catch (error) {
    lines.return(undefined); // closes the file
    throw error;
  }
  let fresh: Lines | null = lines;
  return {
    name: path,
    header,
    requests: (nsPerCycle) => {
      const from = fresh ?? afterHeader(readLines(file));
      fresh = null;
      return readRequests(from, path, header, nsPerCycle);
    },
  };
}

/** Line 1, checked against the header's schema and for a table row count per sparse feature. */
function readHeader(lines: Lines, path: string): TraceHeader {
  const first = lines.next();
  if (first.done === true)
    throw new InputError(`${path}: empty file: expected a trace header line`);
  const header = parseJsonLine(first.value.line, `${path}:1`);
  const short = first.value.line.length <= EVERY_ERROR_MAX_CHARS;
  const validate = short ? validateHeader : validateHeaderFirst;
  if (!validate(header)) {
    throw new InputError(
      `${path}:1: bad trace header: ${describeSchemaErrors(validate.errors ?? [], header).join("; ")}`,
    );
  }
  const { dataset } = header;
  if (dataset.tableRows.length !== dataset.sparseFeatures) {
    throw new InputError(
      `${path}:1: /dataset/tableRows has ${dataset.tableRows.length} entries; expected sparseFeatures = ${dataset.sparseFeatures}`,
    );
  }
  return header;
}

function afterHeader(lines: Lines): Lines {
  lines.next();
  return lines;
}

/**
 * The requests of `lines` (the header read); their number must be the
 * header's `requests`, when it gives one: a trace cut short, or one with
 * lines added, is refused with the line where they part.
 */
function* readRequests(
  lines: Lines,
  path: string,
  header: TraceHeader,
  nsPerCycle: number,
): Generator<InferenceRequest> {
  let id = 0;
  let previous = -Infinity;
  let last = 1;
  try {
    for (const { line, lineNumber } of lines) {
      last = lineNumber;
      if (line.trim() === "") continue;
      if (header.requests !== undefined && id === header.requests) {
        throw new InputError(
          `${path}:${lineNumber}: request ${id + 1}, but the header (line 1) says the trace has ${header.requests}`,
        );
      }
      const at = `${path}:${lineNumber}`;
      const request = parseRequestLine(line, at, header, nsPerCycle, previous);
      if (request.arrivalCycle !== null) previous = request.arrivalCycle;
      yield { id: id++, ...request };
    }
  } finally {
    lines.return(undefined);
  }
  if (header.requests !== undefined && id < header.requests) {
    throw new InputError(
      `${path}:${last + 1}: the file ends after ${id} requests, but the header (line 1) says ${header.requests}: a trace cut short?`,
    );
  }
}

/**
 * One request line of a trace, checked against the header's layout: its
 * dense features, its row ids per table (each below the table's rows), its
 * arrival (in cycles; not before `previous`). Errors name `at` (file:line).
 */
export function parseRequestLine(
  line: string,
  at: string,
  header: TraceHeader,
  nsPerCycle: number,
  previous: number,
): Omit<InferenceRequest, "id"> {
  const { denseFeatures, sparseFeatures, tableRows } = header.dataset;
  const value = parseJsonLine(line, at);
  const validate = line.length <= EVERY_ERROR_MAX_CHARS ? validateRequest : validateRequestFirst;
  if (!validate(value)) {
    throw new InputError(`${at}: ${describeSchemaErrors(validate.errors ?? [], value).join("; ")}`);
  }
  if (value.dense.length !== denseFeatures) {
    throw new InputError(
      `${at}: /dense has ${value.dense.length} values; expected ${denseFeatures}`,
    );
  }
  if (value.sparse.length !== sparseFeatures) {
    throw new InputError(
      `${at}: /sparse has ${value.sparse.length} features; expected ${sparseFeatures}`,
    );
  }
  value.sparse.forEach((ids, f) => {
    for (const row of ids) {
      if (row >= tableRows[f]!) {
        throw new InputError(
          `${at}: /sparse/${f} = ${row}: row id out of range: table ${f} has ${tableRows[f]} rows`,
        );
      }
    }
  });
  const t = value.t ?? null;
  let arrivalCycle: number | null = null;
  if (t !== null) {
    arrivalCycle = header.timeUnit === "cycles" ? Math.floor(t) : Math.floor(t / nsPerCycle);
    if (arrivalCycle < previous) {
      throw new InputError(
        `${at}: /t = ${t}: arrivals must not go back in time (previous request at ${previous} cycles)`,
      );
    }
  }
  return { arrivalCycle, dense: value.dense, sparse: value.sparse };
}

function parseJsonLine(line: string, at: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (error) {
    throw new InputError(`${at}: invalid JSON (${(error as Error).message}): a truncated line?`);
  }
}

/**
 * Writes a trace line by line: the header first, then one line per request,
 * into a temporary file renamed into place by `close` (an interrupted write
 * leaves nothing, and never half a file under the real name).
 */
/** Requests written between two returns to the event loop (where signals are handled). */
const YIELD_EVERY = 4096;

export class TraceWriter {
  private readonly file: AtomicFile;
  count = 0;

  constructor(path: string, header: TraceHeader) {
    this.file = new AtomicFile(path);
    this.file.write(JSON.stringify(header) + "\n");
  }

  /** One request; `t` is its arrival in the header's time unit (null: closed loop). */
  write(request: { dense: number[]; sparse: number[][] }, t: number | null): void {
    const line =
      t === null
        ? { dense: request.dense, sparse: request.sparse }
        : { t, dense: request.dense, sparse: request.sparse };
    this.file.write(JSON.stringify(line) + "\n");
    this.count++;
  }

  close(): number {
    this.file.commit();
    return this.count;
  }

  /** Gives up: the temporary file is removed and nothing is written under the real name. */
  abort(): void {
    this.file.abort();
  }
}

/** Writes a whole trace from requests (their `t`, else their arrival cycle, is the time). */
export async function writeJsonlTrace(
  path: string,
  header: TraceHeader,
  requests: Iterable<InferenceRequest & { t?: number | null }>,
): Promise<number> {
  const writer = new TraceWriter(path, header);
  try {
    let n = 0;
    for (const r of requests) {
      writer.write(r, r.t !== undefined ? r.t : r.arrivalCycle);
      // let Ctrl-C in: its handler removes the temporary file and stops the process
      if (++n % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    writer.abort();
    throw error;
  }
  return writer.close();
}
