import {
  compareDesign,
  ownPaperWarning,
  PAPER_TABLE3,
  ROW_IDS,
} from "../../../models/compare/table3";
import { withinTwoX } from "../../../arch/baselines/own-paper-check";
import { DEFAULT_DESIGN, designNamed } from "../../../models/design";
import { simulate } from "../../../models/simulate";
import { runRecNmp, defaultRecNmpConfig } from "../../../arch/baselines/recnmp/recnmp";
import { runReRec, defaultReRecConfig } from "../../../arch/baselines/rerec/rerec";
import { syntheticRequests, DEFAULT_ZIPF_EXPONENT } from "../../../traces/synthetic";
import { datasets } from "../../../traces/datasets";
import { compareCsv } from "../../../cli/commands/compare-report";

describe("autorac compare (table 3)", () => {
  const options = { requests: 200, seed: 3, cpu: false as const };
  let result: Awaited<ReturnType<typeof compareDesign>>;
  beforeAll(async () => {
    result = await compareDesign(options);
  }, 120_000);

  it("has the paper's five rows, the CPU's null when not measured", () => {
    expect(Object.keys(result.rows).sort()).toEqual([...ROW_IDS].sort());
    expect(result.rows.cpu).toBeNull();
    expect(result.rows.recnmp.paper).toEqual(PAPER_TABLE3.recnmp);
    expect(result.rows.rerec.paper).toEqual(PAPER_TABLE3.rerec);
    expect(result.rows.naiveNasrec.paper).toEqual(PAPER_TABLE3.naiveNasrec);
    expect(result.rows.design.paper).toBeNull();
    for (const id of ["recnmp", "rerec", "naiveNasrec"] as const) {
      expect(result.rows[id].sources.length).toBeGreaterThan(0);
      expect(result.rows[id].workload).not.toBe("");
    }
  });

  it("puts the design's ratios against naive NASRec as simulate measures them", () => {
    const run = { requests: 200, seed: 3, functionalChecks: 0 };
    const paper = simulate(run);
    const design = paper.design;
    const nasrec = paper.naive!;
    const naiveRow = result.rows.naiveNasrec;
    expect(naiveRow.throughputPerSec).toBe(nasrec.throughputPerSec);
    // speedup: throughput ratio; area saving: baseline area / design area;
    // power efficiency: (inferences per joule) ratio = (X_d / P_d) / (X_b / P_b)
    expect(naiveRow.speedup).toBeCloseTo(design.throughputPerSec / nasrec.throughputPerSec, 12);
    expect(naiveRow.areaSaving).toBeCloseTo(nasrec.areaMm2 / design.areaMm2, 12);
    expect(naiveRow.powerEfficiency).toBeCloseTo(
      (design.throughputPerSec / design.powerW) * (nasrec.powerW / nasrec.throughputPerSec),
      12,
    );
    expect(naiveRow.speedup).toBeCloseTo(paper.ratios!.speedup, 12);
    // the design against itself
    expect(result.rows.design.speedup).toBe(1);
    expect(result.rows.design.powerEfficiency).toBeCloseTo(1, 12);
    expect(result.config.design.model.name).toBe(designNamed(DEFAULT_DESIGN).model.name);
    expect(result.config.requests).toBe(200);
  });

  // The same ids as the design's run: Criteo's synthetic trace, seed 3.
  const requests = () =>
    syntheticRequests({
      dataset: datasets.criteo,
      count: 200,
      seed: 3,
      zipfExponent: DEFAULT_ZIPF_EXPONENT,
      arrivals: { kind: "closed" },
    });

  it("runs RecNMP on the same requests: DLRM's 16-element fp32 vectors, memory side alone without the host", () => {
    const memory = runRecNmp(
      defaultRecNmpConfig(),
      { vectorBytes: 16 * 4, tableRows: datasets.criteo.tableRows },
      requests(),
    );
    const row = result.rows.recnmp;
    expect(memory.lookups).toBe(200 * 26);
    expect(row.throughputPerSec).toBe(memory.throughputPerSec);
    expect(row.energyPerInferenceNj).toBeCloseTo(memory.energyPerRequestPj / 1e3, 9);
    // P = E x X
    expect(row.powerW).toBeCloseTo(row.energyPerInferenceNj * 1e-9 * row.throughputPerSec, 12);
    expect(row.areaMm2).toBeNull();
    expect(row.areaSaving).toBeNull();
    expect(row.warning === null).toBe(row.ownPaperCheck!.within2x);
  });

  it("runs ReREC on the same requests, the tables capped as on the design's chip", () => {
    const cap = result.config.design.hw.memory.maxRowsPerTable;
    const tableRows = datasets.criteo.tableRows.map((r) => Math.min(r, cap));
    const capped = [...requests()].map((r) => ({
      ...r,
      sparse: r.sparse.map((ids, f) => ids.map((id) => id % tableRows[f]!)),
    }));
    const run = runReRec(
      defaultReRecConfig(),
      {
        embeddingDim: 16,
        tableRows,
        denseFeatures: 13,
        bottomMlp: [512, 256, 64, 16],
        topMlp: [512, 256, 1],
        weightBits: 8,
      },
      capped,
    );
    const row = result.rows.rerec;
    expect(row.throughputPerSec).toBe(run.throughputPerSec);
    expect(row.areaMm2).toBe(run.areaMm2);
    expect(row.areaSaving).toBeCloseTo(run.areaMm2 / result.design.metrics.areaMm2, 12);
    expect(row.speedup).toBeCloseTo(
      result.design.metrics.throughputPerSec / run.throughputPerSec,
      12,
    );
    expect(row.warning === null).toBe(row.ownPaperCheck!.within2x);
  });

  it("writes one CSV line per row, quoted where a field holds a comma", () => {
    const lines = compareCsv(result).trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 4); // header, RecNMP, naive NASRec, ReREC, the design
    expect(lines[0]!.split(",")[0]).toBe("id");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([
      "recnmp",
      "naiveNasrec",
      "rerec",
      "design",
    ]);
  });

  it("quotes the paper's table 3", () => {
    // arXiv 2505.10748, table 3 and section 4.2
    expect(PAPER_TABLE3.cpu).toMatchObject({ speedup: 22.83, powerEfficiency: 66.87 });
    expect(PAPER_TABLE3.naiveNasrec).toEqual({
      speedup: 3.17,
      powerEfficiency: 2.39,
      areaSaving: 1.68,
    });
    expect(PAPER_TABLE3.recnmp).toEqual({
      speedup: 3.36,
      powerEfficiency: 12.48,
      areaSaving: null,
    });
    expect(PAPER_TABLE3.rerec).toEqual({ speedup: 1.28, powerEfficiency: 1.57, areaSaving: null });
  });

  it("labels a baseline that misses its own paper by more than 2x, and only then", () => {
    // 2x either way is the boundary: 4.9 of 9.8 is just under half, 19.6 exactly twice
    expect(withinTwoX(4.9, 9.8).within2x).toBe(true);
    expect(withinTwoX(4.8, 9.8).within2x).toBe(false);
    expect(withinTwoX(19.6, 9.8).within2x).toBe(true);
    expect(withinTwoX(19.7, 9.8).within2x).toBe(false);
    const check = (measured: number) => ({
      name: "a headline",
      workload: "w",
      paperFigure: 10,
      measured,
      ...withinTwoX(measured, 10),
      source: "s",
      notes: [],
    });
    expect(ownPaperWarning("X", check(6))).toBeNull();
    expect(ownPaperWarning("X", null)).toBeNull();
    expect(ownPaperWarning("X", check(4))).toBe(
      "X does not reproduce its own paper within 2x (a headline: paper 10, measured 4.00); read its ratios with care",
    );
  });
});
