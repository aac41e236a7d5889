import type { DatasetDescriptor } from "./datasets";
import { InputError } from "../sim/kernel/input-error";
import {
  embeddingBagsFromBinary,
  embeddingBagsFromJson,
  requestsFromEmbeddingBags,
} from "./formats/dlrm-datasets";
import { dlrmStackDistanceIds, requestsFromIdStream } from "./formats/dlrm-stack-distance";
import type { IntType } from "./formats/int-file";
import { openJsonlTrace } from "./formats/jsonl-trace";
import type { InferenceRequest } from "./request";

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
  /** dlrm-trace: requests to draw from the id stream (default: as many as it holds). */
  requests?: number;
  /** dlrm-bags-bin: the offsets and lengths files (path is the indices file), their integer type and the table count. */
  offsets?: string;
  lengths?: string;
  intType?: IntType;
  tables?: number;
}

/** An opened trace: where it came from, its request count if known, and its requests (read afresh each call). */
export interface TraceSource {
  describe: string;
  length: number | null;
  /** True when the requests carry arrival times. */
  timed: boolean;
  requests: (nsPerCycle: number) => Iterable<InferenceRequest>;
}

/** The format a file name suggests: .jsonl is ours, .bin a DLRM binary trace, .txt/.csv a DLRM text trace. */
export function guessFormat(path: string): TraceFormat {
  if (/\.jsonl$/i.test(path)) return "jsonl";
  if (/\.bin$/i.test(path)) return "dlrm-trace-bin";
  if (/\.(txt|csv|trace)$/i.test(path)) return "dlrm-trace";
  if (/\.json$/i.test(path)) return "dlrm-bags";
  return "jsonl";
}

export function openTrace(options: TraceSourceOptions): TraceSource {
  const { path, dataset } = options;
  const format = options.format ?? guessFormat(path);
  switch (format) {
    case "jsonl": {
      const trace = openJsonlTrace(path);
      const layout = trace.header.dataset;
      if (
        layout.denseFeatures !== dataset.denseFeatures ||
        layout.sparseFeatures !== dataset.sparseFeatures
      ) {
        throw new InputError(
          `${path}: a trace of ${layout.denseFeatures} dense and ${layout.sparseFeatures} sparse features (${layout.name}); ` +
            `the model's dataset ${dataset.name} has ${dataset.denseFeatures} and ${dataset.sparseFeatures}`,
        );
      }
      const first = trace.requests(1).next();
      return {
        describe: `${path} (${layout.name}${trace.header.requests !== undefined ? `, ${trace.header.requests} requests` : ""})`,
        length: trace.header.requests ?? null,
        timed: first.done !== true && first.value.arrivalCycle !== null,
        requests: (nsPerCycle) => trace.requests(nsPerCycle),
      };
    }
    case "dlrm-trace":
    case "dlrm-trace-bin": {
      const binary = format === "dlrm-trace-bin";
      const count = options.requests ?? Number.MAX_SAFE_INTEGER;
      return {
        describe: `${path} (DLRM ${binary ? "binary" : "text"} trace, ${dataset.sparseFeatures} ids per request)`,
        length: options.requests ?? null,
        timed: false,
        requests: () =>
          requestsFromIdStream(
            dlrmStackDistanceIds(path, binary),
            dataset.tableRows,
            dataset.denseFeatures,
            count,
          ),
      };
    }
    case "dlrm-bags":
    case "dlrm-bags-bin": {
      const source =
        format === "dlrm-bags"
          ? embeddingBagsFromJson(path)
          : embeddingBagsFromBinary(
              {
                indices: path,
                offsets: required(options.offsets, "--offsets"),
                ...(options.lengths !== undefined && { lengths: options.lengths }),
              },
              options.intType ?? "int64",
              options.tables ?? dataset.sparseFeatures,
            );
      return {
        describe: `${path} (dlrm_datasets embedding bags: ${source.describe})`,
        length: source.batch,
        timed: false,
        requests: () => requestsFromEmbeddingBags(source, dataset.tableRows, dataset.denseFeatures),
      };
    }
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new InputError(`dlrm-bags-bin needs ${flag} FILE`);
  return value;
}
