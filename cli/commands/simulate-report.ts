import { buildHardware } from "../../arch/config/hardware";
import type { Metrics, SimulateResult } from "../../models/simulate";
import { ablationText } from "./ablation-report";
import { HEADLINE_ROWS, headlineRatio } from "../../models/report/headline-rows";

/** The ADC latency conventions (arch/tech/converters.json latencyModels), as the header names them. */
const ADC_RULES = {
  mnsim: "MNSIM 2.0's (bits + 2) / sample rate, the paper's source (--adc-latency isaac: 1 / rate)",
  isaac: "ISAAC's 1 / sample rate (--adc-latency mnsim: MNSIM's (bits + 2) / rate)",
};

const fix = (v: number, d = 1) => v.toFixed(d);

/** The design (and naive) metrics side by side, with the ratio on the better side. */
function table(r: SimulateResult): string[] {
  const ns = 1000 / r.config.hw.clockMhz;
  const cols = r.naive === null ? ["design"] : ["design", "naive", "ratio"];
  const lines = [`${"".padEnd(30)}${cols.map((h) => h.padStart(14)).join("")}`];
  for (const [label, get, format, better] of HEADLINE_ROWS) {
    const d = get(r.design, ns);
    const cells = [format(d)];
    if (r.naive !== null) {
      const n = get(r.naive, ns);
      cells.push(format(n));
      const ratio = headlineRatio(better, d, n);
      cells.push(ratio === null ? "" : `${fix(ratio, 2)}x`);
    }
    lines.push(`${label.padEnd(30)}${cells.map((v) => v.padStart(14)).join("")}`);
  }
  return lines;
}

/** `autorac simulate`'s text report. */
export function formatResult(r: SimulateResult, args: { timeline?: string }): string {
  const c = r.config;
  const hw = c.hw;
  const chip = (h: typeof hw) =>
    `${h.crossbar.size}x${h.crossbar.size} crossbars, ${h.crossbar.cellBits}-bit cells, ` +
    `${h.dac.bits}-bit DAC, ${h.adc.bits}-bit ADC per ${h.adc.colsPerAdc} columns, ${h.clockMhz} MHz`;
  const against =
    r.comparison.kind === "mapping-only"
      ? `  mapping-only comparison: ${r.comparison.baseline} (the same model: what the mapping alone buys; without --model, a co-searched design runs against NASRec)`
      : `  co-design comparison: the design against ${r.comparison.baseline}` +
        (c.baseline === null ? "" : ` (${chip(c.baseline.hw)})`);
  const lines = [
    `autorac simulate: ${r.comparison.design} (${c.model.dataset}, ${c.model.blocks.length} blocks) on ${chip(hw)}`,
    against,
    `  ADC conversion ${fix(buildHardware(hw).adc.latencyNs, 2)} ns: ${ADC_RULES[hw.adc.latencyModel]}; replication ${c.replicate}`,
    `  ${c.requests ?? "trace"} requests (synthetic, Zipf ${c.zipfExponent}, seed ${c.seed}), ${c.maxInFlight} in flight, ${c.fidelity} fidelity`,
    "",
    ...table(r),
    "",
  ];
  // the mean over a kind's units, and its busiest unit: a bottleneck hides in a mean
  const util = (m: Metrics) =>
    Object.entries(m.utilisation)
      .map(([k, v]) => {
        const b = m.busiest[k];
        const busiest = b === undefined ? "" : ` (busiest ${b.name} ${fix(100 * b.utilisation)}%)`;
        return `${k} ${fix(100 * v)}%${busiest}`;
      })
      .join(", ");
  lines.push(`utilisation (design): ${util(r.design)}`);
  if (r.naive !== null) lines.push(`utilisation (naive):  ${util(r.naive)}`);
  lines.push(
    `bank conflicts: ${r.design.bankConflicts.total} of ${r.design.bankConflicts.lookups} row reads (design)`,
  );
  if (r.ratios !== null) {
    lines.push(
      `ratios: speedup ${fix(r.ratios.speedup, 2)}x, area saving ${fix(r.ratios.areaSaving, 2)}x (compute tiles alone ${fix(r.ratios.areaSavingCompute, 2)}x), power efficiency ${fix(r.ratios.powerEfficiency, 2)}x`,
    );
  }
  if (r.ablation !== null) {
    lines.push("", ...ablationText(r.ablation, r.comparison), "");
  }
  if (r.functional !== null) {
    const f = r.functional;
    lines.push(
      `functional: ${f.equal} of ${f.requests} outputs equal the integer reference through ${f.conversions} ADC conversions` +
        (f.clippedConversions > 0
          ? ` (${f.clippedConversions} saturated, max logit difference ${f.maxLogitDifference})`
          : ""),
    );
  }
  const e = r.design.endurance;
  if (e.lifetimeHours !== null) {
    const first = e.arrays.reduce((a, b) => (b.lifetimeHours < a.lifetimeHours ? b : a));
    lines.push(
      `endurance: ${first.name} wears out first, ${first.writesPerCellPerSec.toExponential(3)} writes per cell per second at ${e.enduranceCycles.toExponential(0)} writes: ${fix(e.lifetimeHours, 1)} hours` +
        (e.wearLevel ? " (wear levelling on)" : " (--wear-level rotates it over idle crossbars)"),
    );
  }
  lines.push(
    "latencies: p50 and p99 interpolated within their histogram bins (each within 0.2 % of the sample); ratios: naive / design, or design / naive where higher is better",
  );
  if (args.timeline !== undefined)
    lines.push(`timeline: ${args.timeline} (open in https://ui.perfetto.dev)`);
  lines.push(
    "naive mapping: all weights 8-bit, requests one at a time, row-id embedding placement, DP programmed after the whole EFC output, FM on a standard crossbar written row by row from the buffer with sequential halves, no replication",
  );
  return lines.join("\n");
}
