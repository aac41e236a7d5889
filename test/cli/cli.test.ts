import Ajv from "ajv";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import traceEventSchema from "../../sim/kernel/trace-event.schema.json";
import { main } from "../../cli/main";

/** Runs the CLI in-process, capturing what it prints and its exit status. */
function cli(...argv: string[]): { out: string; err: string; status: number } {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest
    .spyOn(console, "log")
    .mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = jest
    .spyOn(console, "error")
    .mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const exit = jest.spyOn(process, "exit").mockImplementation((code?: string | number | null) => {
    throw new Error(`exit ${code}`);
  });
  let status = 0;
  try {
    main(argv);
  } catch (e) {
    const m = /^exit (\d+)$/.exec((e as Error).message);
    if (m === null) throw e;
    status = Number(m[1]);
  } finally {
    log.mockRestore();
    error.mockRestore();
    exit.mockRestore();
  }
  return { out: out.join("\n"), err: err.join("\n"), status };
}

describe("autorac cost", () => {
  it("prints one FC layer as JSON with the fields the issue names and the resolved config", () => {
    const { out, status } = cli("cost", "--fc", "64,16", "--json");
    expect(status).toBe(0);
    const result = JSON.parse(out) as Record<string, unknown>;
    // 1 crossbar; 4 + 648 + 0 + 2 cycles (test/arch/fc-cost.test.ts derives them)
    expect(result).toMatchObject({ crossbars: 1, cycles: 654, latencyNs: 654 });
    expect(typeof result.energyPj).toBe("number");
    expect(typeof result.areaUm2).toBe("number");
    expect((result.config as { crossbar: unknown }).crossbar).toEqual({
      size: 64,
      cellBits: 2,
      rowsPerRead: null,
      enduranceCycles: null,
      wearLevel: false,
    });
  });

  it("applies flag overrides", () => {
    const { out } = cli(
      "cost",
      "--fc",
      "1024,512",
      "--xbar",
      "32",
      "--cell-bits",
      "1",
      "--weight-bits",
      "4",
      "--json",
    );
    // ceil(1024 / 32) * ceil(512 / floor(32 / 4)) = 32 * 64
    expect((JSON.parse(out) as { crossbars: number }).crossbars).toBe(2048);
  });

  it("prints the chip's parts with a total", () => {
    const { out } = cli("cost", "--json");
    const r = JSON.parse(out) as { parts: Array<{ areaUm2: number }>; totalAreaMm2: number };
    expect(r.totalAreaMm2).toBeCloseTo(r.parts.reduce((s, p) => s + p.areaUm2, 0) / 1e6, 9);
  });

  it("refuses bad input with status 2 and a message naming the flag", () => {
    expect(cli("cost", "--adc-bits", "5")).toMatchObject({ status: 2 });
    expect(cli("cost", "--adc-bits", "5").err).toContain(
      "/adc/bits (--adc-bits) = 5: expected one of 1, 4, 6, 8, 10",
    );
    // 10 bits is one of MNSIM's designs, not in the autorac organisation's technology table
    expect(cli("cost", "--adc-bits", "10").err).toContain(
      "/adc/bits (--adc-bits) = 10: expected one of 4, 6, 8 in the autorac organisation",
    );
    expect(
      cli("cost", "--fc", "64,64", "--organisation", "mnsim", "--adc-bits", "10"),
    ).toMatchObject({ status: 0 });
    // MNSIM's ADC_Choice 4 is its 6-bit design
    expect(
      cli("cost", "--fc", "64,64", "--organisation", "mnsim", "--mnsim-adc-choice", "4").err,
    ).toContain(
      "/mnsim/adcChoice (--mnsim-adc-choice) = 4: MNSIM's ADC_Choice 4 is a 6-bit design, but /adc/bits = 8",
    );
    expect(cli("simulate", "--organisation", "mnsim", "--requests", "5").err).toContain(
      "the chip runs the autorac organisation",
    );
    expect(cli("cost", "--fc", "12").err).toContain('--fc "12": expected IN,OUT');
    expect(cli("cost", "--hw", "/nonexistent/hw.json").err).toContain(
      "/nonexistent/hw.json: cannot read (ENOENT)",
    );
  });
});

describe("autorac simulate", () => {
  it("prints the issue's JSON fields for the design and the naive mapping", () => {
    const { out, status } = cli(
      "simulate",
      "--requests",
      "30",
      "--functional",
      "0",
      "--json",
      "--no-progress",
    );
    expect(status).toBe(0);
    const r = JSON.parse(out) as Record<string, Record<string, unknown>>;
    for (const m of [r.design!, r.naive!]) {
      expect(Object.keys(m.latencyNs as object)).toEqual(
        expect.arrayContaining(["mean", "p50", "p99"]),
      );
      for (const k of ["throughputPerSec", "areaMm2", "powerW", "energyPerInferenceNj"])
        expect(typeof m[k]).toBe("number");
    }
    expect(Object.keys(r.ratios!)).toEqual([
      "speedup",
      "areaSaving",
      "areaSavingCompute",
      "powerEfficiency",
    ]);
    expect((r.config!.hw as { crossbar: { size: number } }).crossbar.size).toBe(64);
    // issue 14's acceptance: the co-searched design against naive NASRec, with its ablation
    expect(r.comparison).toMatchObject({ kind: "co-design" });
    const design = r.design as {
      areaMm2: number;
      areaUsedMm2: number;
      idleCrossbars: number;
      endurance: { lifetimeHours: number | null; arrays: Array<{ lifetimeHours: number }> };
      memory: { lookupEnergyPjPerBit: number };
    };
    expect(design.areaUsedMm2).toBeLessThanOrEqual(design.areaMm2);
    expect(Number.isInteger(design.idleCrossbars)).toBe(true);
    // the shipped design rewrites no array at run time (its DP and FM blocks are dead):
    // no lifetime; naive NASRec rewrites its DP and FM arrays, and its lifetime is the first to wear
    const naive = r.naive as unknown as typeof design;
    expect(design.endurance.arrays).toEqual([]);
    expect(design.endurance.lifetimeHours).toBeNull();
    expect(naive.endurance.arrays.length).toBeGreaterThan(0);
    expect(naive.endurance.lifetimeHours).toBe(
      Math.min(...naive.endurance.arrays.map((a) => a.lifetimeHours)),
    );
    expect(design.memory.lookupEnergyPjPerBit).toBeGreaterThan(0);
    const ratios = r.ratios as unknown as Record<string, number>;
    const steps = (r.ablation as unknown as { steps: Array<{ step: Record<string, number> }> })
      .steps;
    for (const k of ["speedup", "areaSaving", "powerEfficiency"]) {
      const product = steps.reduce((p, s) => p * s.step[k]!, 1);
      expect(Math.abs(product / ratios[k]! - 1)).toBeLessThan(0.01);
    }
  });

  it("runs a mapping-only comparison with --model, and refuses --model with --design", () => {
    const args = ["--requests", "20", "--functional", "0", "--no-progress"];
    const { out } = cli("simulate", "--model", "deepfm-criteo", "--no-ablation", ...args);
    expect(out).toContain("mapping-only comparison: deepfm-criteo, naive mapping, same chip");
    const both = cli("simulate", "--model", "deepfm-criteo", "--design", "autorac-criteo", ...args);
    expect(both.status).not.toBe(0);
    expect(both.err).toMatch(/mutually exclusive|conflicts/i);
  });

  it("writes a timeline that is valid trace-event JSON, with a track per engine", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-sim-"));
    const file = join(dir, "timeline.json");
    const { status } = cli(
      "simulate",
      "--model",
      "figure6-criteo",
      "--requests",
      "5",
      "--functional",
      "0",
      "--no-naive",
      "--timeline",
      file,
      "--no-progress",
    );
    expect(status).toBe(0);
    const trace = JSON.parse(readFileSync(file, "utf8")) as {
      traceEvents: Array<{ name: string; args?: { name?: string } }>;
    };
    expect(new Ajv({ strict: true }).compile(traceEventSchema)(trace)).toBe(true);
    const tracks = trace.traceEvents
      .filter((e) => e.name === "thread_name")
      .map((e) => e.args!.name);
    // each track: the unit's place in the chip, then what runs on it
    for (const [kind, name] of <Array<[string, string]>>[
      ["mvm", "block0.efc"],
      ["dp", "block1.dp"],
      ["fm", "block1.fm"],
      ["mbsa", "block1.fm.mbsa"],
      ["mvm", "final"],
    ]) {
      const track = new RegExp(`^chip\\.tile\\d+\\.${kind}\\d+ ${name.replace(/\./g, "\\.")}$`);
      expect(tracks.some((t) => track.test(t!))).toBe(true);
    }
    expect(tracks).toEqual(expect.arrayContaining(["chip.tile0.buffer tile0.buffer"]));
  });

  it("writes the statistics nested like the chip, each group with its subtree's totals", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-stats-"));
    const file = join(dir, "stats.json");
    const { status } = cli(
      "simulate",
      "--model",
      "figure6-criteo",
      "--requests",
      "5",
      "--functional",
      "0",
      "--no-naive",
      "--stats",
      file,
    );
    expect(status).toBe(0);
    type Group = Record<string, { unit: string; value?: number; integral?: number; sum?: number }>;
    const stats = (
      JSON.parse(readFileSync(file, "utf8")) as {
        stats: { chip: Record<string, Group & { totals: Group }> };
      }
    ).stats;
    const tile0 = stats.chip.tile0!;
    const units = Object.keys(tile0).filter((k) => k !== "totals");
    expect(units).toEqual(expect.arrayContaining(["mvm0", "dp0", "fm0", "mbsa0", "buffer"]));
    // a tile's totals are its units' jobs and busy unit-cycles, summed
    const jobs = units.reduce((s, u) => s + (tile0[u] as unknown as Group).jobs!.value!, 0);
    const busy = units.reduce((s, u) => s + (tile0[u] as unknown as Group).busy!.integral!, 0);
    expect(tile0.totals.jobs!.sum).toBe(jobs);
    expect(tile0.totals.busy!.sum).toBe(busy);
    expect(Object.keys(stats.chip)).toEqual(expect.arrayContaining(["memory0", "totals"]));
  });

  it("refuses an unknown model with the zoo's names", () => {
    const { err, status } = cli("simulate", "--model", "nope", "--requests", "5");
    expect(status).toBe(2);
    expect(err).toContain('unknown zoo model "nope": expected one of figure6-criteo');
  });
});

describe("autorac ablate", () => {
  it("writes the steps as CSV and a waterfall SVG, and the same steps as JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-ablate-"));
    const csv = join(dir, "steps.csv");
    const svg = join(dir, "steps.svg");
    const args = ["ablate", "--model", "deepfm-criteo", "--requests", "20", "--no-progress"];
    const { out, status } = cli(...args, "--csv", csv, "--svg", svg, "--json");
    expect(status).toBe(0);
    const r = JSON.parse(out) as {
      ablation: {
        steps: Array<{ element: string; step: { speedup: number } }>;
        offAlone: unknown[];
      };
    };
    expect(r.ablation.steps.map((s) => s.element)).toEqual([
      "hardware",
      "model",
      "mixedPrecision",
      "frequencyPlacement",
      "dpProgramOverlap",
      "transposedFm",
      "requestPipelining",
      "replication",
    ]);
    expect(r.ablation.offAlone).toHaveLength(8);
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    // a header, the baseline, 8 steps and 8 elements off alone
    expect(lines).toHaveLength(1 + 1 + 8 + 8);
    expect(lines[2]!.startsWith("step,hardware,")).toBe(true);
    expect(Number(lines[2]!.split(",")[4])).toBe(r.ablation.steps[0]!.step.speedup);
    const picture = readFileSync(svg, "utf8");
    expect(picture.startsWith("<svg")).toBe(true);
    // one bar per step and a total, in each of the three panels
    expect(picture.match(/<rect x=/g)).toHaveLength(3 * 9);
  });
});

describe("autorac trace and replay", () => {
  it("writes a synthetic trace, replays it open loop, and refuses a trace of another layout", () => {
    const dir = mkdtempSync(join(tmpdir(), "autorac-replay-"));
    const trace = join(dir, "t.jsonl");
    expect(
      cli("trace", "synth", "--out", trace, "--requests", "40", "--arrivals", "fixed:100000")
        .status,
    ).toBe(0);
    const { out, status } = cli(
      "replay",
      "--trace",
      trace,
      "--json",
      "--no-progress",
      "--window-ns",
      "1000000",
    );
    expect(status).toBe(0);
    const r = JSON.parse(out) as {
      openLoop: boolean;
      design: {
        completed: number;
        queueingNs: { max: number };
        throughputWindows: Array<{ requests: number }>;
      };
    };
    expect(r.openLoop).toBe(true);
    expect(r.design.completed).toBe(40);
    // one request every 100 us: 10 per 1 ms window
    expect(r.design.throughputWindows.slice(0, 3).map((w) => w.requests)).toEqual([10, 10, 10]);
    const avazu = join(dir, "a.jsonl");
    cli("trace", "synth", "--out", avazu, "--requests", "3", "--dataset", "avazu");
    expect(cli("replay", "--trace", avazu, "--no-progress").err).toContain(
      "a trace of 1 dense and 23 sparse features (avazu)",
    );
  });
});
