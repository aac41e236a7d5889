import type { Argv, CommandModule, Options } from "yargs";
import { datasetByName, datasetNames } from "../../traces/datasets";
import { InputError } from "../../sim/kernel/input-error";

import { writeJsonAtomic } from "../../sim/io/atomic-file";
import { AccessProfile, profileFromRequests } from "../../traces/access-profile";
import { openJsonlTrace, TRACE_FORMAT, writeJsonlTrace } from "../../traces/formats/jsonl-trace";
import { openTraceFile } from "../../traces/trace-file";
import {
  DEFAULT_ZIPF_EXPONENT,
  syntheticRequests,
  type ArrivalProcess,
} from "../../traces/synthetic";
import { convertDataset } from "../../models/data/convert-to-trace";
import { guessFormat as guessDataFormat } from "../../models/data/ctr-file";
import { dataFormats, type DataFormat } from "../../models/data/ctr-example";
import { checkOutputFile } from "../../sim/io/output-path";
import { ranged } from "../ranged";

const SEED = { integer: true, min: 0, max: 0xffffffff };

const SYNTH_NUMBERS: Record<string, Options> = {
  requests: ranged(
    "requests",
    { type: "number", default: 10_000, describe: "Requests" },
    {
      integer: true,
      min: 1,
    },
  ),
  seed: ranged("seed", { type: "number", default: 1, describe: "Seed" }, SEED),
  zipf: ranged(
    "zipf",
    {
      type: "number",
      default: DEFAULT_ZIPF_EXPONENT,
      describe: "Zipf exponent of row popularity",
    },
    { min: 0 },
  ),
  "ids-per-feature": ranged(
    "ids-per-feature",
    { type: "number", default: 1, describe: "Ids per sparse feature (multi-hot)" },
    { integer: true, min: 1 },
  ),
};

const CONVERT_NUMBERS: Record<string, Options> = {
  limit: ranged(
    "limit",
    { type: "number", describe: "Convert at most this many rows" },
    {
      integer: true,
      min: 1,
    },
  ),
  seed: ranged("seed", { type: "number", default: 1, describe: "Seed of Poisson arrivals" }, SEED),
};

/** --trace of the commands that read a trace once (a pipe works: it is read once). */
const TRACE_OPTION = {
  type: "string",
  demandOption: true,
  describe: "An autorac trace (.jsonl); a pipe works (/dev/stdin), read once",
} as const;

/** "closed", "fixed:INTERVAL" or "poisson:MEAN" (cycles) -> an arrival process. */
function parseArrivals(text: string): ArrivalProcess {
  if (text === "closed") return { kind: "closed" };
  const m = /^(fixed|poisson):(\d+(\.\d+)?)$/.exec(text);
  if (m === null)
    throw new InputError(
      `--arrivals ${JSON.stringify(text)}: expected closed, fixed:CYCLES or poisson:MEAN_CYCLES`,
    );
  const value = Number(m[2]);
  return m[1] === "fixed"
    ? { kind: "fixed", intervalCycles: value }
    : { kind: "poisson", meanIntervalCycles: value };
}

interface SynthArgs {
  out: string;
  dataset: string;
  requests: number;
  seed: number;
  zipf: number;
  "ids-per-feature": number;
  arrivals: string;
}

const synth: CommandModule<object, SynthArgs> = {
  command: "synth",
  describe:
    "Write a synthetic trace: Zipf-skewed ids per table, closed-loop, fixed-rate or Poisson arrivals, seeded",
  builder: (y) =>
    y
      .option("out", {
        type: "string",
        demandOption: true,
        describe: "The trace file to write (.jsonl)",
      })
      .option("dataset", {
        type: "string",
        default: "criteo",
        choices: datasetNames,
        describe: "Input layout and table sizes",
      })
      .options(SYNTH_NUMBERS)
      .option("arrivals", {
        type: "string",
        default: "closed",
        describe: "closed, fixed:CYCLES or poisson:MEAN_CYCLES",
      })
      .example(
        "$0 trace synth --out t.jsonl --requests 100000 --zipf 1.1 --arrivals poisson:30000",
        "100,000 Criteo requests, Poisson arrivals every 30,000 cycles on average",
      )
      .example("$0 trace synth --out a.jsonl --dataset avazu --ids-per-feature 4", "multi-hot")
      .strict() as unknown as Argv<SynthArgs>,
  handler: async (args) => {
    checkOutputFile(args.out, "--out");
    const dataset = datasetByName(args.dataset);
    const arrivals = parseArrivals(args.arrivals);
    const options = {
      dataset,
      count: args.requests,
      seed: args.seed,
      zipfExponent: args.zipf,
      idsPerFeature: args["ids-per-feature"],
      arrivals,
    };
    const written = await writeJsonlTrace(
      args.out,
      {
        format: TRACE_FORMAT,
        dataset: {
          name: dataset.name,
          denseFeatures: dataset.denseFeatures,
          sparseFeatures: dataset.sparseFeatures,
          tableRows: dataset.tableRows,
        },
        timeUnit: "cycles",
        requests: args.requests,
        provenance: {
          generator: "autorac trace synth",
          seed: args.seed,
          zipfExponent: args.zipf,
          arrivals: args.arrivals,
        },
      },
      syntheticRequests(options),
    );
    console.log(
      `${args.out}: ${written} requests (${dataset.name}, Zipf ${args.zipf}, ${args.arrivals} arrivals, seed ${args.seed})`,
    );
  },
};

const profile: CommandModule<object, { trace: string; out: string }> = {
  command: "profile",
  describe:
    "Count each embedding row's reads in a trace: the access profile frequency placement uses",
  builder: (y) =>
    y
      .option("trace", TRACE_OPTION)
      .option("out", {
        type: "string",
        demandOption: true,
        describe: "The profile to write (JSON)",
      })
      .example("$0 trace profile --trace t.jsonl --out profile.json", "row access counts per table")
      .example("zcat t.jsonl.gz | $0 trace profile --trace /dev/stdin --out p.json", "from a pipe")
      .strict(),
  handler: (args) => {
    checkOutputFile(args.out, "--out");
    const trace = openJsonlTrace(openTraceFile(args.trace));
    const tables = trace.header.dataset.sparseFeatures;
    let n = 0;
    const counted = function* () {
      for (const r of trace.requests(1)) {
        n++;
        yield r;
      }
    };
    const result = profileFromRequests(counted(), tables);
    if (n === 0) throw new InputError(`${args.trace}: no requests: nothing to profile`);
    writeJsonAtomic(args.out, result.toJSON());
    const rows = result.toJSON().tables.reduce((s, t) => s + t.rows.length, 0);
    console.log(`${args.out}: ${rows} distinct rows over ${tables} tables`);
  },
};

const info: CommandModule<object, { trace: string; json: boolean }> = {
  command: "info",
  describe:
    "Check a trace from end to end and summarise it: requests, arrivals, ids, hottest rows (a header-only trace: 0 requests)",
  builder: (y) =>
    y
      .option("trace", TRACE_OPTION)
      .option("json", { type: "boolean", default: false, describe: "Print JSON" })
      .example("$0 trace info --trace t.jsonl", "requests, arrivals, distinct rows, hottest rows")
      .example("cat t.jsonl | $0 trace info --trace /dev/stdin", "from a pipe")
      .strict(),
  handler: (args) => {
    const trace = openJsonlTrace(openTraceFile(args.trace));
    const summary = summarise(trace);
    if (args.json) {
      console.log(JSON.stringify(summary, null, 2));
      return;
    }
    const { dataset } = trace.header;
    console.log(
      `${args.trace}: ${summary.requests} requests of ${dataset.name} (${dataset.denseFeatures} dense, ${dataset.sparseFeatures} sparse)`,
    );
    const span = summary.arrivalSpan;
    console.log(
      `  arrivals: ${span !== null ? `${span.first} to ${span.last} ${span.unit}` : "none (closed loop)"}; ${summary.idsPerRequest.toFixed(1)} ids per request`,
    );
    console.log(`  distinct rows per table: ${summary.distinctRowsPerTable.join(" ")}`);
    console.log(
      `  hottest row's share per table: ${summary.hottestRowShare.map((s) => s.toFixed(3)).join(" ")}`,
    );
  },
};

/** Reads every request of a trace once: counts, arrival span, distinct and hottest rows. */
function summarise(trace: ReturnType<typeof openJsonlTrace>) {
  const counts = new AccessProfile(trace.header.dataset.sparseFeatures);
  let n = 0;
  let first: number | null = null;
  let last: number | null = null;
  let ids = 0;
  for (const r of trace.requests(1)) {
    n++;
    if (r.arrivalCycle !== null) {
      first ??= r.arrivalCycle;
      last = r.arrivalCycle;
    }
    counts.recordRequest(r);
    ids += r.sparse.reduce((s, x) => s + x.length, 0);
  }
  const tables = counts.toJSON().tables;
  return {
    header: trace.header,
    requests: n,
    timed: first !== null,
    arrivalSpan: first === null ? null : { first, last, unit: trace.header.timeUnit },
    idsPerRequest: n > 0 ? ids / n : 0,
    distinctRowsPerTable: tables.map((t) => t.rows.length),
    hottestRowShare: tables.map((t, i) =>
      t.counts.length > 0 ? t.counts[0]! / counts.totalAccesses(i) : 0,
    ),
  };
}

interface ConvertArgs {
  input: string;
  format?: DataFormat;
  out: string;
  "user-profile"?: string;
  limit?: number;
  part: "all" | "train" | "val" | "test";
  arrivals: string;
  seed: number;
}

const convert: CommandModule<object, ConvertArgs> = {
  command: "convert",
  describe:
    "Convert a Criteo, Avazu or KDD 2012 file into a trace, with NASRec's preprocessing of the ids",
  builder: (y) =>
    y
      .option("input", {
        type: "string",
        demandOption: true,
        describe:
          "The data file (Criteo TSV or the DeepCTR sample, Avazu CSV or .gz, KDD training.txt)",
      })
      .option("format", {
        choices: dataFormats,
        describe: "criteo, avazu or kdd (default: from the file name)",
      })
      .option("out", {
        type: "string",
        demandOption: true,
        describe: "The trace to write (.jsonl)",
      })
      .option("user-profile", { type: "string", describe: "KDD: userid_profile.txt (gender, age)" })
      .options(CONVERT_NUMBERS)
      .option("part", {
        choices: ["all", "train", "val", "test"] as const,
        default: "all" as const,
        describe: "Rows of one part of NASRec's 80/10/10 split",
      })
      .option("arrivals", {
        type: "string",
        default: "closed",
        describe: "closed, fixed:CYCLES or poisson:MEAN_CYCLES",
      })
      .example(
        "$0 trace convert --input train.txt --out criteo.jsonl --limit 100000 --part test",
        "Criteo's first 100,000 test rows",
      )
      .example(
        "$0 trace convert --input training.txt --format kdd --user-profile userid_profile.txt --out kdd.jsonl",
        "KDD Cup 2012 with the users' gender and age",
      )
      .strict() as unknown as Argv<ConvertArgs>,
  handler: async (args) => {
    checkOutputFile(args.out, "--out");
    const format = args.format ?? guessDataFormat(args.input);
    if (format === null)
      throw new InputError(
        `${args.input}: cannot tell the format from the name: give --format criteo|avazu|kdd`,
      );
    const rows = await convertDataset({
      input: args.input,
      format,
      out: args.out,
      ...(args["user-profile"] !== undefined && { userProfile: args["user-profile"] }),
      ...(args.limit !== undefined && { maxRows: args.limit }),
      part: args.part,
      arrivals: parseArrivals(args.arrivals),
      seed: args.seed,
    });
    console.log(
      `${args.out}: ${rows} requests from ${args.input} (${format}, part ${args.part}, ${args.arrivals} arrivals)`,
    );
  },
};

export const traceCommand: CommandModule = {
  command: "trace <command>",
  describe:
    "Write, convert, profile and check traces (autorac's JSON Lines format; docs/traces.md)",
  builder: (y) =>
    y
      .command(synth)
      .command(convert)
      .command(profile)
      .command(info)
      .demandCommand(1, "Name a trace command (see --help)."),
  handler: () => undefined,
};
