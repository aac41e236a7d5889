/**
 * npm run validate:mnsim — every MNSIM 2.0 run of the calibration set
 * (../shared/reference/mnsim2-calibration.json, beside the repository)
 * through the mnsim organisation's FC model, figure by figure: the layer
 * latency (finish - begin), total area and total energy, and every module
 * MNSIM reports (latency stages, area, power and energy per module).
 *
 * Usage: node dist/bench/mnsim/validate.js [calibration.json]
 * Prints one row per figure (case, kind, module, ours, MNSIM's, relative
 * error; "!" marks a figure outside the acceptance: 2 % on the totals, 5 %
 * on a module above 1 % of its total, or a mapping figure that differs),
 * then one JSON line of summary figures. Exits with status 1 when the file
 * is absent or a case misses the acceptance.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readCalibration } from "../../arch/mnsim/calibration-case";
import {
  compareCase,
  type CaseComparison,
  type ModuleComparison,
} from "../../arch/mnsim/calibration-compare";

const totalTolerance = 0.02;
const moduleTolerance = 0.05;
const moduleShare = 0.01;

/** The repository's root: the nearest folder above this file holding package.json. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function outside(c: ModuleComparison, total: boolean): boolean {
  if (total) return !(c.relErr <= totalTolerance);
  return c.share > moduleShare && !(c.relErr <= moduleTolerance);
}

function row(label: string, c: ModuleComparison, total: boolean): string {
  const flag = outside(c, total) ? "!" : " ";
  const err = `${(c.relErr * 100).toFixed(4)} %`;
  return [
    flag,
    label.padEnd(43),
    c.kind.padEnd(8),
    (total ? `TOTAL ${c.module}` : c.module).slice(0, 44).padEnd(44),
    c.ours.toPrecision(10).padStart(17),
    c.mnsim.toPrecision(10).padStart(17),
    err.padStart(12),
  ].join(" ");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function main(): number {
  const path = resolve(
    process.argv[2] ?? join(repoRoot(), "..", "shared", "reference", "mnsim2-calibration.json"),
  );
  if (!existsSync(path)) {
    console.error(
      `validate:mnsim: the calibration set ${path} is absent. It lives in ../shared ` +
        "beside the repository (../shared/reference/mnsim2-calibration.json); give another " +
        "file as the first argument.",
    );
    return 1;
  }
  const results: CaseComparison[] = readCalibration(path).map(compareCase);
  console.log(
    `  ${"case".padEnd(43)} ${"kind".padEnd(8)} ${"module".padEnd(44)} ` +
      `${"ours".padStart(17)} ${"MNSIM".padStart(17)} ${"rel. error".padStart(12)}`,
  );
  let failing = 0;
  for (const [i, r] of results.entries()) {
    const label = `#${i + 1} ${r.label}`;
    const totals = [r.latency, r.area, r.energy];
    for (const t of totals) console.log(row(label, t, true));
    for (const m of r.modules) if (m.mnsim !== 0 || m.ours !== 0) console.log(row(label, m, false));
    for (const mismatch of r.mappingMismatches)
      console.log(`! ${label.padEnd(43)} mapping  ${mismatch}`);
    const bad =
      totals.some((t) => outside(t, true)) ||
      r.modules.some((m) => outside(m, false)) ||
      r.mappingMismatches.length > 0;
    if (bad) failing++;
  }
  const errs = (pick: (r: CaseComparison) => ModuleComparison) =>
    results.map((r) => pick(r).relErr);
  const [latency, area, energy] = [
    errs((r) => r.latency),
    errs((r) => r.area),
    errs((r) => r.energy),
  ];
  console.log(`${failing} of ${results.length} cases outside the acceptance`);
  console.log(
    JSON.stringify({
      cases: results.length,
      medianLatencyErr: median(latency),
      maxLatencyErr: Math.max(...latency),
      medianAreaErr: median(area),
      maxAreaErr: Math.max(...area),
      medianEnergyErr: median(energy),
      maxEnergyErr: Math.max(...energy),
    }),
  );
  return failing > 0 ? 1 : 0;
}

process.exitCode = main();
