import type { Argv, CommandModule } from "yargs";
import { buildHardware } from "../../arch/config/hardware";
import { hwConfigFromArgs, hwOptions } from "../hw-flags";
import type { HwConfig } from "../../arch/config/hw-config";
import { chipCost, type ChipCost } from "../../arch/cost/chip-cost";
import type { FcCost } from "../../arch/layers/fc-cost";
import { fcCost } from "../../arch/layers/fc-cost-of";
import { InputError } from "../../sim/kernel/input-error";

interface CostArgs {
  fc?: string;
  json: boolean;
  [key: string]: unknown;
}

export const costCommand: CommandModule<object, CostArgs> = {
  command: "cost",
  describe:
    "Area and power of a hardware config by part, or (--fc IN,OUT) one FC layer's crossbars, cycles, latency, energy and area",
  builder: (yargs: Argv) =>
    yargs
      .options(hwOptions())
      .option("fc", {
        type: "string",
        describe: "One FC layer IN,OUT (e.g. 1024,512) for one input vector",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print one JSON object (with the resolved config)",
      })
      .example("$0 cost", "the default chip's area and power by part")
      .example(
        "$0 cost --hw hw.json --adc-bits 6 --json",
        "a config file with one field overridden",
      )
      .example(
        "$0 cost --fc 1024,512 --xbar 32 --organisation mnsim",
        "one FC layer as MNSIM 2.0 composes it",
      )
      .strict() as unknown as Argv<CostArgs>,
  handler: (args) => {
    const config = hwConfigFromArgs(args);
    if (args.fc !== undefined) {
      const [inputs, outputs] = parseFc(args.fc);
      const cost = fcCost(config, {
        inputs,
        outputs,
        weightBits: config.precision.weightBits,
        activationBits: config.precision.activationBits,
      });
      console.log(args.json ? JSON.stringify({ ...cost, config }, null, 2) : formatFc(cost));
      return;
    }
    if (config.organisation === "mnsim") {
      throw new InputError(
        "the mnsim organisation sizes its tiles from the layers it maps (as MNSIM does), so it prices layers, " +
          "not a chip: give one with --fc IN,OUT",
      );
    }
    const hw = buildHardware(config);
    const cost = chipCost(hw);
    if (args.json) {
      console.log(
        JSON.stringify(
          {
            config,
            precision: hw.precision,
            parts: cost.lines,
            totalAreaMm2: cost.totalAreaUm2 / 1e6,
            totalPowerW: cost.totalPowerMw / 1e3,
          },
          null,
          2,
        ),
      );
    } else {
      console.log(formatChip(config, hw.precision.explanation, cost));
    }
  },
};

function parseFc(text: string): [number, number] {
  const parts = text.split(",").map((p) => Number(p.trim()));
  if (parts.length !== 2 || !parts.every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new InputError(
      `--fc ${JSON.stringify(text)}: expected IN,OUT, two positive integers (e.g. --fc 1024,512)`,
    );
  }
  return [parts[0]!, parts[1]!];
}

function describeHw(c: HwConfig): string {
  return (
    `${c.organisation} organisation, ${c.crossbar.size}x${c.crossbar.size} crossbars, ${c.crossbar.cellBits}-bit cells, ` +
    `${c.dac.bits}-bit DAC, ${c.adc.bits}-bit ADC per ${c.adc.colsPerAdc} columns, ${c.clockMhz} MHz`
  );
}

const num = (v: number, digits = 3) =>
  Math.abs(v) >= 1e5 ? v.toExponential(digits) : v.toFixed(digits);

function formatChip(config: HwConfig, precision: string, cost: ChipCost): string {
  const c = config.chip;
  const lines = [
    `autorac cost: ${describeHw(config)}`,
    `chip: ${c.computeTiles ?? "1 (per compute tile: computeTiles is sized to a model)"} compute tiles x (${c.mvmEnginesPerTile} MVM + ${c.dpEnginesPerTile} DP + ${c.fmEnginesPerTile} FM engines) x ${c.crossbarsPerEngine} crossbars, ${config.buffer.tileKiB} KiB buffer per tile`,
    `conversion: ${precision}`,
    "",
    `${"part".padEnd(18)}${"count".padStart(10)}${"area (mm^2)".padStart(16)}${"peak power (mW)".padStart(18)}`,
  ];
  for (const l of cost.lines) {
    lines.push(
      `${l.name.padEnd(18)}${String(l.count).padStart(10)}${num(l.areaUm2 / 1e6, 4).padStart(16)}${num(l.powerMw, 3).padStart(18)}`,
    );
  }
  lines.push(
    `${"total".padEnd(28)}${num(cost.totalAreaUm2 / 1e6, 4).padStart(16)}${num(cost.totalPowerMw, 3).padStart(18)}`,
  );
  lines.push("", "Peak power counts every unit active (MNSIM's convention) plus buffer leakage.");
  return lines.join("\n");
}

function breakdown(parts: Record<string, number>, unit: string): string {
  return Object.entries(parts)
    .map(([k, v]) => `${k} ${num(v)} ${unit}`)
    .join(", ");
}

function formatFc(cost: FcCost): string {
  const s = cost.shape;
  return [
    `FC ${s.inputs} -> ${s.outputs}, ${s.weightBits}-bit weights, ${s.activationBits}-bit activations, ${cost.organisation} organisation`,
    `  crossbars   ${cost.crossbars}`,
    `  cycles      ${cost.cycles}`,
    `  latency     ${num(cost.latencyNs)} ns   (${breakdown(cost.latencyBreakdownNs, "ns")})`,
    `  energy      ${num(cost.energyPj)} pJ   (${breakdown(cost.energyBreakdownPj, "pJ")})`,
    `  area        ${num(cost.areaUm2)} um^2   (${breakdown(cost.areaBreakdownUm2, "um^2")})`,
    `  ADC loss    ${cost.adcBitsLost} bits per conversion at most`,
    ...cost.notes.map((n) => `  note: ${n}`),
  ].join("\n");
}
