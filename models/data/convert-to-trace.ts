import { readCtrFile } from "./ctr-file";
import type { DataFormat } from "./ctr-example";
import { datasets } from "../../traces/datasets";
import { InputError } from "../../sim/kernel/input-error";
import { Rng } from "../../sim/kernel/rng";
import { TRACE_FORMAT, TraceWriter } from "../../traces/formats/jsonl-trace";
import type { ArrivalProcess } from "../../traces/synthetic";

export interface ConvertOptions {
  input: string;
  format: DataFormat;
  out: string;
  /** KDD: the user profile file (gender, age). */
  userProfile?: string;
  /** Rows to convert at most. */
  maxRows?: number;
  /** Which part of NASRec's 80/10/10 split to keep (default all rows). */
  part?: "all" | "train" | "val" | "test";
  arrivals: ArrivalProcess;
  seed: number;
}

/**
 * Turns a Criteo, Avazu or KDD file into an autorac trace: each data row is
 * a request with its raw dense features and its sparse features indexed by
 * NASRec's preprocessing (models/data). Rows stream through: a 45 M-line file
 * never sits in memory. Arrival times (cycles) come from `arrivals`.
 */
export async function convertDataset(options: ConvertOptions): Promise<number> {
  const descriptor = datasets[options.format];
  const writer = new TraceWriter(options.out, {
    format: TRACE_FORMAT,
    dataset: {
      name: descriptor.name,
      denseFeatures: descriptor.denseFeatures,
      sparseFeatures: descriptor.sparseFeatures,
      tableRows: descriptor.tableRows,
    },
    timeUnit: "cycles",
    provenance: {
      converter: "autorac trace convert",
      input: options.input,
      format: options.format,
      part: options.part ?? "all",
      preprocessing: "NASRec's categorical indexing (models/data); dense values raw",
    },
  });
  const gaps = new Rng(options.seed).stream("arrivals");
  const a = options.arrivals;
  let clock = 0;
  try {
    for await (const row of readCtrFile({
      file: options.input,
      format: options.format,
      ...(options.userProfile !== undefined && { userProfile: options.userProfile }),
      ...(options.maxRows !== undefined && { maxRows: options.maxRows }),
    })) {
      if (options.part !== undefined && options.part !== "all" && row.part !== options.part)
        continue;
      let t: number | null = null;
      if (a.kind === "fixed") t = writer.count * a.intervalCycles;
      if (a.kind === "poisson") {
        t = Math.floor(clock);
        clock += gaps.exponential(a.meanIntervalCycles);
      }
      writer.write({ dense: row.dense, sparse: row.sparse.map((id) => [id]) }, t);
    }
  } catch (error) {
    writer.abort();
    throw error;
  }
  if (writer.count === 0) {
    writer.abort();
    throw new InputError(
      `${options.input}: no data rows${options.part !== undefined ? ` in part ${options.part}` : ""}`,
    );
  }
  return writer.close();
}
