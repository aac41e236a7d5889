import type { DatasetDescriptor } from "./datasets";
import { InputError } from "../sim/kernel/input-error";
import {
  embeddingBagsFromBinary,
  embeddingBagsFromJson,
  requestsFromEmbeddingBags,
} from "./formats/dlrm-datasets";
import {
  countDlrmIds,
  dlrmStackDistanceIds,
  IdTokenizer,
  requestsFromIdStream,
} from "./formats/dlrm-stack-distance";
import type { IntType } from "./formats/int-file";
import { openJsonlTrace } from "./formats/jsonl-trace";
import { lineLengthCheck } from "./line-reader";
import type { InferenceRequest } from "./request";
import {
  DEFAULT_SPOOL_BYTES,
  openTraceFile,
  type SpoolOptions,
  type TraceFile,
} from "./trace-file";

export const TRACE_FORMATS = [
  "jsonl",
  "dlrm-trace",
  "dlrm-trace-bin",
  "dlrm-bags",
  "dlrm-bags-bin",
] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface TraceSourceOptions {
  path: string;
  format?: TraceFormat;
  /** The model's dataset: DLRM's formats carry no layout, so ids are reduced modulo its table rows. */
  dataset: DatasetDescriptor;
  /** Requests to replay, the trace's first (default: all of them); more than the trace holds is refused. */
  requests?: number;
  /** dlrm-bags-bin: the offsets and lengths files (path is the indices file) and their integer type. */
  offsets?: string;
  lengths?: string;
  intType?: IntType;
  /** dlrm-bags, dlrm-bags-bin: the tables in the bags (default: the dataset's sparse features). */
  tables?: number;
  /** The most bytes copied from a pipe to read it more than once (default 1 GiB), and the flag that sets it. */
  spoolBytes?: number;
  spoolFlag?: string;
}

/** An opened trace: where it came from, its request count if known, and its requests (read afresh each call). */
export interface TraceSource {
  describe: string;
  length: number | null;
  /** True when the requests carry arrival times. */
  timed: boolean;
  requests: (nsPerCycle: number) => Iterable<InferenceRequest>;
}

/** The options each format reads besides the trace; any other given is refused. */
const USES: Record<TraceFormat, ReadonlyArray<FormatOption>> = {
  jsonl: [],
  "dlrm-trace": [],
  "dlrm-trace-bin": [],
  "dlrm-bags": ["tables"],
  "dlrm-bags-bin": ["offsets", "lengths", "intType", "tables"],
};
type FormatOption = "offsets" | "lengths" | "intType" | "tables";
const FLAGS: Record<FormatOption, string> = {
  offsets: "--offsets",
  lengths: "--lengths",
  intType: "--int-type",
  tables: "--tables",
};

/** Errors that say the file is not in the format guessed: its first line is not ours, or it is not DLRM text. */
const WRONG_FORMAT = /:1: (invalid JSON|bad trace header|a line longer)|: character "/;

/**
 * The format a file name suggests: .jsonl is ours; .bin a DLRM binary trace;
 * .txt, .csv, .trace and .log (DLRM's own input/trace.log) a DLRM text
 * trace; .json embedding bags; anything else (/dev/stdin) ours.
 */
export function guessFormat(path: string): TraceFormat {
  if (/\.jsonl$/i.test(path)) return "jsonl";
  if (/\.bin$/i.test(path)) return "dlrm-trace-bin";
  if (/\.(txt|csv|trace|log)$/i.test(path)) return "dlrm-trace";
  if (/\.json$/i.test(path)) return "dlrm-bags";
  return "jsonl";
}

export function openTrace(options: TraceSourceOptions): TraceSource {
  const format = options.format ?? guessFormat(options.path);
  refuseUnused(format, options);
  const count = options.requests;
  if (count !== undefined && !(Number.isSafeInteger(count) && count >= 1)) {
    throw new InputError(`--requests ${count}: expected an integer >= 1`);
  }
  let source: TraceSource;
  try {
    source = openFormat(format, options);
  } catch (error) {
    const guessed = options.format === undefined && error instanceof InputError;
    if (!guessed || !WRONG_FORMAT.test(error.message)) throw error;
    throw new InputError(
      `${error.message} (the format, ${format}, was guessed from the name: give --format if it is another)`,
    );
  }
  if (source.length === 0) throw new InputError(`${options.path}: no requests: nothing to replay`);
  if (count === undefined) return source;
  if (source.length !== null && count > source.length) {
    throw new InputError(
      `--requests ${count}: ${options.path} holds ${source.length} requests: ask for at most ${source.length}`,
    );
  }
  return {
    ...source,
    length: count,
    requests: (nsPerCycle) => firstOf(source.requests(nsPerCycle), count, options.path),
  };
}

/** The first `count` requests; a trace that ends before is refused when it does. */
function* firstOf(
  requests: Iterable<InferenceRequest>,
  count: number,
  path: string,
): Generator<InferenceRequest> {
  let n = 0;
  for (const request of requests) {
    yield request;
    if (++n >= count) return;
  }
  throw new InputError(`--requests ${count}: ${path} holds ${n} requests: ask for at most ${n}`);
}

function refuseUnused(format: TraceFormat, options: TraceSourceOptions): void {
  for (const option of Object.keys(FLAGS) as FormatOption[]) {
    if (options[option] === undefined || USES[format].includes(option)) continue;
    const users = TRACE_FORMATS.filter((f) => USES[f].includes(option));
    throw new InputError(
      `${FLAGS[option]}: not used by the ${format} format (${options.path}); it is for ${users.join(" and ")}`,
    );
  }
}

function openFormat(format: TraceFormat, options: TraceSourceOptions): TraceSource {
  const spool = (check?: (chunk: Buffer) => void): SpoolOptions => ({
    maxBytes: options.spoolBytes ?? DEFAULT_SPOOL_BYTES,
    ...(check !== undefined && { check }),
    ...(options.spoolFlag !== undefined && { flag: options.spoolFlag }),
  });
  const { path } = options;
  switch (format) {
    case "jsonl":
      return jsonlSource(openTraceFile(path, spool(lineLengthCheck(path))), options.dataset);
    case "dlrm-trace": {
      const tokens = new IdTokenizer(path);
      const file = openTraceFile(
        path,
        spool((chunk) => tokens.feed(chunk.toString("latin1"), null)),
      );
      return dlrmTraceSource(file, false, options.dataset);
    }
    case "dlrm-trace-bin":
      return dlrmTraceSource(openTraceFile(path, spool()), true, options.dataset);
    case "dlrm-bags":
    case "dlrm-bags-bin":
      return bagsSource(format, options, (p) => openTraceFile(p, spool()));
  }
}

function jsonlSource(file: TraceFile, dataset: DatasetDescriptor): TraceSource {
  const trace = openJsonlTrace(file);
  const layout = trace.header.dataset;
  if (
    layout.denseFeatures !== dataset.denseFeatures ||
    layout.sparseFeatures !== dataset.sparseFeatures
  ) {
    throw new InputError(
      `${file.name}: a trace of ${layout.denseFeatures} dense and ${layout.sparseFeatures} sparse features (${layout.name}); ` +
        `the model's dataset ${dataset.name} has ${dataset.denseFeatures} and ${dataset.sparseFeatures}`,
    );
  }
  const probe = trace.requests(1);
  const first = probe.next(); // a header-only trace that promises requests is refused here
  probe.return(undefined);
  const known = trace.header.requests;
  return {
    describe: `${file.name} (${layout.name}${known !== undefined ? `, ${known} requests` : ""})`,
    length: first.done === true ? 0 : (known ?? null),
    timed: first.done !== true && first.value.arrivalCycle !== null,
    requests: (nsPerCycle) => trace.requests(nsPerCycle),
  };
}

function dlrmTraceSource(
  file: TraceFile,
  binary: boolean,
  dataset: DatasetDescriptor,
): TraceSource {
  const tables = dataset.sparseFeatures;
  const ids = countDlrmIds(file, binary);
  const requests = Math.floor(ids / tables);
  if (requests === 0) {
    throw new InputError(
      `${file.name}: ${ids} ids, fewer than one request (${tables} ids, one per table of ${dataset.name}): nothing to replay`,
    );
  }
  const unused = ids - requests * tables;
  return {
    describe:
      `${file.name} (DLRM ${binary ? "binary" : "text"} trace, ${requests} requests of ${tables} ids` +
      `${unused > 0 ? `; the last ${unused} ids unused` : ""})`,
    length: requests,
    timed: false,
    requests: () =>
      requestsFromIdStream(
        dlrmStackDistanceIds(file, binary),
        dataset.tableRows,
        dataset.denseFeatures,
        requests,
      ),
  };
}

function bagsSource(
  format: "dlrm-bags" | "dlrm-bags-bin",
  options: TraceSourceOptions,
  open: (path: string) => TraceFile,
): TraceSource {
  const { path, dataset } = options;
  const tables = options.tables ?? dataset.sparseFeatures;
  let source;
  if (format === "dlrm-bags") {
    source = embeddingBagsFromJson(open(path), options.tables, dataset.sparseFeatures);
  } else {
    if (options.offsets === undefined)
      throw new InputError(`dlrm-bags-bin needs --offsets FILE (--trace is the indices file)`);
    const files = {
      indices: open(path),
      offsets: open(options.offsets),
      ...(options.lengths !== undefined && { lengths: open(options.lengths) }),
    };
    source = embeddingBagsFromBinary(files, options.intType ?? "int64", tables);
  }
  const bags = source;
  return {
    describe: `${path} (dlrm_datasets embedding bags: ${bags.describe})`,
    length: bags.batch,
    timed: false,
    requests: () => requestsFromEmbeddingBags(bags, dataset.tableRows, dataset.denseFeatures),
  };
}
