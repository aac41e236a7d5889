import { rowsInOrder, type CompareResult } from "../../models/compare/table3";
import { csvTable } from "../../sim/io/csv";

/** Table 3 as text: each platform's figures, the design's ratios, the paper's beside them. */
export function compareText(r: CompareResult): string {
  const x = (v: number | null) => (v === null ? "-" : `${v.toFixed(2)}x`);
  const num = (v: number | null, digits = 0) => (v === null ? "-" : v.toFixed(digits));
  const rows = rowsInOrder(r);
  const lines = [
    `autorac compare: ${r.design.model} against the paper's table 3 baselines, ${r.config.requests} requests (seed ${r.config.seed})`,
    "",
    [
      "against".padEnd(22),
      "inf/s".padStart(11),
      "mm^2".padStart(9),
      "W".padStart(8),
      "nJ/inf".padStart(10),
      "speedup".padStart(9),
      "area".padStart(8),
      "power eff".padStart(10),
      "   paper: speedup / area / power eff",
    ].join(""),
  ];
  for (const row of rows) {
    lines.push(
      [
        row.against.padEnd(22),
        num(row.throughputPerSec).padStart(11),
        num(row.areaMm2, 1).padStart(9),
        num(row.powerW, 3).padStart(8),
        num(row.energyPerInferenceNj, 1).padStart(10),
        x(row.speedup).padStart(9),
        x(row.areaSaving).padStart(8),
        x(row.powerEfficiency).padStart(10),
        row.paper === null
          ? ""
          : `   ${x(row.paper.speedup)} / ${x(row.paper.areaSaving)} / ${x(row.paper.powerEfficiency)}`,
      ].join(""),
    );
  }
  lines.push(
    "",
    "Ratios are the design's over each row's: speedup = throughput ratio, area = row area / design area,",
    "power eff = inferences per joule ratio. Every row replays the same synthetic requests.",
  );
  for (const row of rows) {
    lines.push("", `${row.against}: ${row.workload}`);
    if (row.warning !== null) lines.push(`  WARNING: ${row.warning}`);
    const check = row.ownPaperCheck;
    if (check !== null) {
      lines.push(
        `  own-paper check: ${check.name}: paper ${check.paperFigure}, measured ${check.measured.toPrecision(3)} (${check.ratio.toFixed(2)} of it${check.within2x ? ", within 2x" : ", NOT within 2x"})`,
      );
    }
    for (const note of row.notes) lines.push(`  - ${note}`);
    lines.push(`  sources: ${row.sources.join("; ")}`);
  }
  return lines.join("\n");
}

/** Table 3 as CSV, one line per row. */
export function compareCsv(r: CompareResult): string {
  const header = [
    "id",
    "against",
    "workload",
    "throughputPerSec",
    "latencyNsMean",
    "latencyNsP99",
    "areaMm2",
    "powerW",
    "energyPerInferenceNj",
    "speedup",
    "areaSaving",
    "powerEfficiency",
    "paperSpeedup",
    "paperAreaSaving",
    "paperPowerEfficiency",
    "ownPaperCheck",
    "ownPaperPaperFigure",
    "ownPaperMeasured",
    "ownPaperWithin2x",
    "warning",
    "sources",
  ];
  return csvTable(
    header,
    rowsInOrder(r).map((row) => [
      row.id,
      row.against,
      row.workload,
      row.throughputPerSec,
      row.latencyNs?.mean,
      row.latencyNs?.p99,
      row.areaMm2,
      row.powerW,
      row.energyPerInferenceNj,
      row.speedup,
      row.areaSaving,
      row.powerEfficiency,
      row.paper?.speedup,
      row.paper?.areaSaving,
      row.paper?.powerEfficiency,
      row.ownPaperCheck?.name,
      row.ownPaperCheck?.paperFigure,
      row.ownPaperCheck?.measured,
      row.ownPaperCheck?.within2x,
      row.warning,
      row.sources.join("; "),
    ]),
  );
}
