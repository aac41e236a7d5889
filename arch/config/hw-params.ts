import { param, type ParamValues } from "../../sim/kernel/params";
import { tech } from "../tech/tables";

/** Tile buffer capacities the CACTI table holds (arch/tech/buffers-32nm.json). */
const bufferSizes = [...new Set(tech.buffers.entries.map((e) => e.sizeKiB))];

/**
 * The hardware configuration, declared once: the paper's ReRAM design space
 * (table 1) plus the clock, buffers and the chip's tile counts. The
 * TypeScript type (HwConfig), the JSON Schema a file is checked against,
 * the command-line flags and their `--help`, the search's hardware genes
 * (`searched`) and the table in docs/hardware.md all come from here. A
 * user's file gives only what it changes; the defaults fill the rest.
 */
export const hwParams = {
  organisation: param.choice({
    choices: ["autorac", "mnsim"],
    default: "autorac",
    unit: "",
    description: "autorac: the paper's design; mnsim: MNSIM 2.0's composition rules",
  }),
  clockMhz: param.number({
    above: 0,
    max: 10000,
    default: 1000,
    unit: "MHz",
    description: "Chip clock; every latency rounds up to whole cycles of it",
  }),
  lossy: param.boolean({
    default: false,
    unit: "",
    description:
      "Allow ADC resolutions below the partial-sum width (conversions clip); mnsim defaults to true",
  }),
  crossbar: param.group("The ReRAM crossbars", {
    size: param.integerChoice({
      choices: [16, 32, 64, 128, 256],
      searched: [16, 32, 64], // paper table 1
      default: 64,
      unit: "rows",
      flag: "xbar",
      description: "Crossbar rows = columns",
    }),
    cellBits: param.integerChoice({
      choices: [1, 2, 3, 4, 5, 6, 7, 8],
      searched: [1, 2], // paper table 1: memristor precision
      default: 2,
      unit: "bits per cell",
      description: "Memristor precision (autorac: 1 or 2; mnsim emulates up to 8)",
    }),
    rowsPerRead: param.nullableInteger({
      min: 1,
      max: 256,
      default: null,
      nullMeans: "all rows",
      unit: "rows",
      description: "Rows driven at once per read",
    }),
    enduranceCycles: param.nullableInteger({
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      default: null,
      nullMeans: "the technology table's, 10^9 (arch/tech/reram.json, cited)",
      unit: "writes",
      flag: "endurance",
      description: "Writes a cell takes before it wears out",
    }),
    wearLevel: param.boolean({
      default: false,
      unit: "",
      flag: "wear-level",
      description:
        "Rotate the arrays rewritten every inference (DP, FM) over the idle crossbars of their engines",
    }),
  }),
  dac: param.group("The DACs feeding the crossbar rows", {
    bits: param.integerChoice({
      choices: [1, 2, 3, 4, 6, 8],
      searched: [1, 2], // paper table 1
      default: 1,
      unit: "bits",
      flag: "dac-bits",
      description: "DAC resolution (autorac: 1 or 2; mnsim: its DAC_Choice designs)",
    }),
  }),
  adc: param.group("The ADCs reading the crossbar columns", {
    bits: param.integerChoice({
      choices: [1, 4, 6, 8, 10],
      searched: [4, 6, 8], // paper table 1
      default: 8,
      unit: "bits",
      flag: "adc-bits",
      description: "ADC resolution (autorac: 4, 6 or 8; mnsim: its ADC_Choice designs)",
    }),
    colsPerAdc: param.integerChoice({
      choices: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      default: 8,
      unit: "columns",
      description: "Columns sharing one ADC; their conversions queue",
    }),
    latencyModel: param.choice({
      choices: ["mnsim", "isaac"],
      default: "mnsim",
      unit: "",
      flag: "adc-latency",
      description:
        "How long a conversion takes: mnsim, (bits + 2) / sample rate (MNSIM 2.0, the paper's source); isaac, 1 / sample rate (ISAAC's reading)",
    }),
  }),
  precision: param.group("Operand widths", {
    weightBits: param.integer({
      min: 1,
      max: 16,
      default: 8,
      unit: "bits",
      description:
        "Weight bits of an operator that states none (a model spec sets them per operator)",
    }),
    activationBits: param.integer({
      min: 1,
      max: 16,
      default: 8,
      unit: "bits",
      flag: "act-bits",
      description: "Bits of every activation fed to a crossbar (autorac: at least 2)",
    }),
  }),
  buffer: param.group("The data buffer of each compute tile", {
    tileKiB: param.integerChoice({
      choices: bufferSizes,
      default: 64,
      unit: "KiB",
      flag: "buffer-kib",
      description: "Tile data buffer, a capacity the CACTI table holds",
    }),
    busBits: param.integerChoice({
      choices: [64, 128, 256, 512],
      default: 256,
      unit: "bits",
      description: "Buffer bus width",
    }),
    ports: param.integer({
      min: 1,
      max: 16,
      default: 1,
      unit: "accesses per cycle",
      flag: "buffer-ports",
      description: "Accesses the buffer serves at once; more contend",
    }),
  }),
  chip: param.group("Tiles and engines", {
    computeTiles: param.nullableInteger({
      min: 1,
      max: 65536,
      default: null,
      nullMeans: "as many as the mapped model needs",
      unit: "tiles",
      description: "Compute tiles",
    }),
    mvmEnginesPerTile: param.integer({
      min: 0,
      max: 1024,
      default: 8,
      unit: "engines",
      flag: "mvm-engines",
      description: "MVM engines per compute tile",
    }),
    dpEnginesPerTile: param.integer({
      min: 0,
      max: 1024,
      default: 2,
      unit: "engines",
      flag: "dp-engines",
      description: "DP engines per compute tile",
    }),
    fmEnginesPerTile: param.integer({
      min: 0,
      max: 1024,
      default: 2,
      unit: "engines",
      flag: "fm-engines",
      description: "FM engines per compute tile",
    }),
    crossbarsPerEngine: param.integer({
      min: 1,
      max: 4096,
      default: 16,
      unit: "crossbars",
      description: "Crossbars per engine",
    }),
    memoryTiles: param.integer({
      min: 1,
      max: 65536,
      default: 8,
      unit: "tiles",
      description: "Memory tiles (embedding tables)",
    }),
    banksPerMemoryTile: param.integer({
      min: 1,
      max: 1024,
      default: 16,
      unit: "banks",
      description: "Banks per memory tile",
    }),
  }),
  memory: param.group("The embedding memory", {
    cellBits: param.integerChoice({
      choices: [1, 2],
      default: 2,
      unit: "bits per cell",
      flag: "memory-cell-bits",
      description:
        "Bits per cell of the memory tiles' arrays (their own design: the search's cell bits are the compute crossbars')",
    }),
    maxRowsPerTable: param.integer({
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      default: 65536,
      unit: "rows",
      description:
        "Embedding rows stored per table; a larger table is hashed into them (id mod rows)",
    }),
  }),
  mnsim: param.group("MNSIM 2.0's own interface settings (the mnsim organisation only)", {
    adcChoice: param.nullableInteger({
      min: 1,
      max: 9,
      default: null,
      nullMeans: "MNSIM's design of adc.bits bits",
      unit: "",
      flag: "mnsim-adc-choice",
      description:
        "MNSIM's ADC_Choice (arch/mnsim/mnsim-interfaces.json); its bits must equal adc.bits",
    }),
    dacChoice: param.nullableInteger({
      min: 1,
      max: 7,
      default: null,
      nullMeans: "MNSIM's design of dac.bits bits",
      unit: "",
      flag: "mnsim-dac-choice",
      description: "MNSIM's DAC_Choice; its bits must equal dac.bits",
    }),
    adcsPerCrossbar: param.nullableInteger({
      min: 1,
      max: 4096,
      default: null,
      nullMeans: "crossbar.size / adc.colsPerAdc",
      unit: "ADCs",
      flag: "mnsim-adcs",
      description: "MNSIM's ADC_Num: ADCs per crossbar, any count",
    }),
    dacsPerCrossbar: param.nullableInteger({
      min: 1,
      max: 4096,
      default: null,
      nullMeans: "one per row",
      unit: "DACs",
      flag: "mnsim-dacs",
      description: "MNSIM's DAC_Num: DACs per crossbar",
    }),
    precedingTiles: param.integer({
      min: 0,
      max: 1 << 20,
      default: 1,
      unit: "tiles",
      flag: "mnsim-preceding-tiles",
      description:
        "Tiles the layers ahead of the FC take in MNSIM's spiral placement (1: the dummy conv MNSIM's latency model needs; 0: no merge hops)",
    }),
  }),
};

/** A resolved hardware configuration. */
export type HwConfig = ParamValues<typeof hwParams>;
