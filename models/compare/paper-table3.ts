/** The paper's figures for one comparison: AutoRAC's gain over that baseline ("-" in the paper: null). */
export interface PaperFigures {
  speedup: number;
  powerEfficiency: number;
  areaSaving: number | null;
}

/**
 * The paper's table 3 (arXiv 2505.10748, section 4.2): AutoRAC against each
 * baseline. The paper gives an area saving only against naive NASRec.
 */
export const PAPER_TABLE3 = {
  cpu: { speedup: 22.83, powerEfficiency: 66.87, areaSaving: null },
  naiveNasrec: { speedup: 3.17, powerEfficiency: 2.39, areaSaving: 1.68 },
  recnmp: { speedup: 3.36, powerEfficiency: 12.48, areaSaving: null },
  rerec: { speedup: 1.28, powerEfficiency: 1.57, areaSaving: null },
} as const satisfies Record<string, PaperFigures>;

/** Where the paper's table 3 comes from, and what each of its baselines is. */
export const PAPER_SOURCES = {
  table3: "AutoRAC, arXiv 2505.10748, table 3 and section 4.2",
  cpu: "the paper's CPU platform: Intel Xeon Gold 6254 (arXiv 2505.10748, section 4.1)",
  recnmp:
    "L. Ke et al., RecNMP: Accelerating Personalized Recommendation with Near-Memory Processing, ISCA 2020 (arXiv 1912.12953); the paper's reference [9]",
  rerec:
    "Y. Wang et al., ReREC: In-ReRAM Acceleration with Access-Aware Mapping for Personalized Recommendation, ICCAD 2021 (doi 10.1109/ICCAD51958.2021.9643573); the paper's reference [22]",
  nasrec:
    "T. Zhang et al., NASRec: Weight Sharing Neural Architecture Search for Recommender Systems, WWW 2023 (arXiv 2207.07187); the paper's reference [32]",
} as const;
