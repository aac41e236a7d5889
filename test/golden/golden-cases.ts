/**
 * The golden runs: CLI invocations whose output must not change unless a
 * commit says why. `{tmp}` is a fresh folder per run; `{trace:criteo}` (and
 * avazu, kdd) a small synthetic trace written first by `trace synth`.
 * Each case names the files it compares: stdout, and any files it writes.
 */
export interface GoldenCase {
  name: string;
  argv: string[];
  /** Files under {tmp} compared besides stdout. */
  files?: string[];
}

export const ZOO = [
  "figure6-criteo",
  "nasrec-criteo",
  "nasrec-avazu",
  "nasrec-kdd",
  "dlrm-criteo",
  "deepfm-criteo",
] as const;

export const DATASET_OF: Record<(typeof ZOO)[number], "criteo" | "avazu" | "kdd"> = {
  "figure6-criteo": "criteo",
  "nasrec-criteo": "criteo",
  "nasrec-avazu": "avazu",
  "nasrec-kdd": "kdd",
  "dlrm-criteo": "criteo",
  "deepfm-criteo": "criteo",
};

const quiet = ["--json", "--progress", "false"];

/** The small traces the replay cases read: 60 requests with Poisson arrivals. */
export function traceArgs(dataset: string, out: string): string[] {
  return [
    "trace",
    "synth",
    "--dataset",
    dataset,
    "--requests",
    "60",
    "--seed",
    "3",
    "--arrivals",
    "poisson:20000",
    "--out",
    out,
  ];
}

export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const model of ZOO) {
    cases.push(
      {
        name: `simulate-${model}`,
        argv: ["simulate", "--model", model, "--requests", "60", "--functional", "1", ...quiet],
      },
      {
        name: `replay-${model}`,
        argv: [
          "replay",
          "--model",
          model,
          "--trace",
          `{trace:${DATASET_OF[model]}}`,
          "--naive",
          ...quiet,
        ],
      },
      {
        name: `overlap-${model}`,
        argv: ["overlap", "--model", model, "--requests", "30", "--svg-dir", "{tmp}", ...quiet],
        files: [
          "overlap-dpProgramOverlap.svg",
          "overlap-fmConcurrentHalves.svg",
          "overlap-requestPipelining.svg",
          "overlap-frequencyPlacement.svg",
        ],
      },
      { name: `model-info-${model}`, argv: ["model", "info", model, "--json"] },
    );
  }
  for (const dataset of ["criteo", "avazu", "kdd"]) {
    cases.push({
      name: `trace-synth-${dataset}`,
      argv: traceArgs(dataset, "{tmp}/t.jsonl"),
      files: ["t.jsonl"],
    });
  }
  cases.push(
    { name: "cost-chip", argv: ["cost", "--json"] },
    { name: "cost-fc", argv: ["cost", "--fc", "1024,512", "--json"] },
    {
      name: "cost-fc-mnsim",
      argv: ["cost", "--fc", "256,128", "--xbar", "32", "--organisation", "mnsim", "--json"],
    },
    {
      name: "search-proxy",
      argv: ["search", "--loss", "proxy", "--generations", "20", "--out", "{tmp}/run", ...quiet],
      files: [
        "run/best.json",
        "run/top15.json",
        "run/pareto.json",
        "run/result.json",
        "run/criterion.svg",
        "run/best-model.svg",
        "run/pareto.svg",
      ],
    },
  );
  return cases;
}
