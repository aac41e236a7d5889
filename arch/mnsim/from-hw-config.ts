import { InputError } from "../../sim/kernel/input-error";
import type { HwConfig } from "../config/hw-config";
import type { FcShape } from "../layers/fc-cost";
import type { MnsimFcConfig, MnsimFcLayer } from "./fc-config";
import { mnsimTables } from "./mnsim-tables";

/**
 * MNSIM's design for each converter resolution the hardware config can
 * name: the 4-, 6- and 8-bit ADCs are ASPDAC3, ASPDAC2 (SimConfig.ini's
 * default) and ASPDAC1, the designs of the calibration runs; the DACs are
 * ISAAC's (ADC.py, DAC.py; mnsim-interfaces.json).
 */
const adcChoiceByBits: Record<number, number> = { 1: 8, 4: 7, 6: 6, 8: 5, 10: 1 };
const dacChoiceByBits: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 6: 5, 8: 6 };

/**
 * The hardware config and an FC shape in MNSIM's terms. The config's
 * `mnsim` group names MNSIM's own settings; where it leaves them null they
 * take the calibration runs' values: MNSIM's design of the given bits, one
 * DAC per row, ADC_Num = size / colsPerAdc. The layer sits behind
 * `mnsim.precedingTiles` tiles (1: the dummy conv), its output activations
 * as wide as its inputs.
 */
export function mnsimFcInputs(
  config: HwConfig,
  shape: FcShape,
): { config: MnsimFcConfig; layer: MnsimFcLayer } {
  const size = config.crossbar.size;
  const adcChoice = config.mnsim.adcChoice ?? adcChoiceByBits[config.adc.bits];
  const dacChoice = config.mnsim.dacChoice ?? dacChoiceByBits[config.dac.bits];
  if (adcChoice === undefined || dacChoice === undefined) {
    throw new InputError(
      `mnsim organisation: no MNSIM design for a ${config.adc.bits}-bit ADC or a ${config.dac.bits}-bit DAC`,
    );
  }
  return {
    config: {
      crossbarSize: size,
      adcChoice,
      adcsPerCrossbar: config.mnsim.adcsPerCrossbar ?? Math.ceil(size / config.adc.colsPerAdc),
      dacChoice,
      dacsPerCrossbar: config.mnsim.dacsPerCrossbar ?? size,
      busBits: config.buffer.busBits,
      cellBits: config.crossbar.cellBits,
      precedingTiles: config.mnsim.precedingTiles,
    },
    layer: {
      inputs: shape.inputs,
      outputs: shape.outputs,
      weightBits: shape.weightBits,
      inputBits: shape.activationBits,
      outputBits: shape.activationBits,
    },
  };
}

/** Refuses an MNSIM converter choice whose resolution is not the config's, naming both. */
export function checkMnsimChoices(config: HwConfig, where: string): void {
  const pairs = [
    ["adc", config.mnsim.adcChoice, config.adc.bits, mnsimTables.interfaces.adcChoices],
    ["dac", config.mnsim.dacChoice, config.dac.bits, mnsimTables.interfaces.dacChoices],
  ] as const;
  for (const [kind, choice, bits, table] of pairs) {
    if (choice === null) continue;
    const design = (table as Record<string, { bits: number }>)[String(choice)];
    if (design !== undefined && design.bits !== bits) {
      throw new InputError(
        `${where}: /mnsim/${kind}Choice = ${choice}: MNSIM's ${kind.toUpperCase()}_Choice ${choice} is a ` +
          `${design.bits}-bit design, but /${kind}/bits = ${bits}: expected a choice of ${bits} bits`,
      );
    }
  }
}
