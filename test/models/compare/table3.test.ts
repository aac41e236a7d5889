import { compareDesign, PAPER_TABLE3 } from "../../../models/compare/table3";
import { DEFAULT_DESIGN, designNamed } from "../../../models/design";
import { simulate } from "../../../models/simulate";

describe("autorac compare (table 3)", () => {
  it("puts the design's ratios against each chip baseline, by their definitions", async () => {
    const result = await compareDesign({ requests: 200, seed: 3, cpu: false });
    expect(result.rows.map((r) => r.against)).toEqual(["NASRec (naive mapping)", "DLRM", "DeepFM"]);
    // The baselines, run independently: the naive mapping of NASRec's model, and DLRM's design mapping.
    const run = { requests: 200, seed: 3, functionalChecks: 0 };
    // the design: the zoo's co-searched one on its chip, as simulate runs it by default
    const paper = simulate(run);
    const design = paper.design;
    const nasrec = simulate({ ...run, model: "nasrec-criteo" }).naive!;
    const dlrm = simulate({ ...run, model: "dlrm-criteo", compareNaive: false }).design;
    const [naiveRow, dlrmRow] = result.rows;
    expect(naiveRow!.throughputPerSec).toBe(nasrec.throughputPerSec);
    expect(dlrmRow!.areaMm2).toBe(dlrm.areaMm2);
    // speedup: throughput ratio; area saving: baseline area / design area;
    // power efficiency: (inferences per joule) ratio = (X_d / P_d) / (X_b / P_b)
    expect(naiveRow!.speedup).toBeCloseTo(design.throughputPerSec / nasrec.throughputPerSec, 12);
    expect(naiveRow!.areaSaving).toBeCloseTo(nasrec.areaMm2 / design.areaMm2, 12);
    expect(naiveRow!.powerEfficiency).toBeCloseTo(
      (design.throughputPerSec / design.powerW) * (nasrec.powerW / nasrec.throughputPerSec),
      12,
    );
    expect(naiveRow!.paper).toEqual(PAPER_TABLE3.naiveNasrec);
    // the same pair as simulate's default comparison
    expect(naiveRow!.speedup).toBeCloseTo(paper.ratios!.speedup, 12);
    expect(naiveRow!.throughputPerSec).toBe(paper.naive!.throughputPerSec);
    // the resolved config is returned with the result, to run it again
    expect(result.config.design.model.name).toBe(designNamed(DEFAULT_DESIGN).model.name);
    expect(result.config.requests).toBe(200);
  }, 60_000);

  it("quotes the paper's table 3", () => {
    // arXiv 2505.10748, table 3 and section 4.2
    expect(PAPER_TABLE3.cpu).toMatchObject({ speedup: 22.83, powerEfficiency: 66.87 });
    expect(PAPER_TABLE3.naiveNasrec).toEqual({
      speedup: 3.17,
      powerEfficiency: 2.39,
      areaSaving: 1.68,
    });
  });
});
