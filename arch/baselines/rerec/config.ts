import { InputError } from "../../../sim/kernel/input-error";
import { tech } from "../../tech/tables";

/**
 * How a crossbar's columns reach the ADCs.
 * - engine-pool: ReREC's inner-product engine, the crossbars "fully connected" to the
 *   engine's ADCs, so a conversion of any crossbar can go to any free ADC of the engine;
 * - per-crossbar: an ISAAC/PRIME/MNSIM tile, each crossbar wired to its own ADCs.
 */
export type AdcSharing =
  | { kind: "engine-pool"; adcsPerEngine: number }
  | { kind: "per-crossbar"; adcsPerCrossbar: number };

/** The placement of embedding vectors on the crossbars. */
export interface MappingSwitches {
  /**
   * true: ReREC's access-aware mapping (profiled hot vectors replicated and spread,
   * cold ones packed); false: vectors in table and row order, one copy each.
   */
  accessAware: boolean;
  /** Most copies of one vector. */
  maxReplicas: number;
  /** Crossbar slots built beyond one copy of every vector, as a fraction: the replicas' room. */
  spareSlotFraction: number;
}

/** An in-ReRAM recommendation accelerator: ReREC, or the ReRAM baseline it is compared against. */
export interface ReRecConfig {
  name: string;
  clockMhz: number;
  /** Rows = columns of an embedding crossbar; a power of two in 16..256. */
  crossbarSize: number;
  cellBits: number;
  dacBits: number;
  adcBits: number;
  adcSharing: AdcSharing;
  /**
   * Columns converted per read: "target", only the stored vector's columns (ReREC's
   * fine-grained engine); "all", every column of the crossbar (a DNN accelerator's MVM).
   */
  convertColumns: "target" | "all";
  crossbarsPerEngine: number;
  /** Engines built; null: as many as the stored vectors (and the spare slots) need. */
  engines: number | null;
  mapping: MappingSwitches;
  /** Rows stored per table; a larger table is hashed into them (id mod rows), as the autorac chip does. */
  maxRowsPerTable: number;
  /** Requests on the chip at once (closed loop); request r is issued when request r - this completes. */
  requestsInFlight: number;
  /** The MLPs' crossbars (weights programmed once, as in the autorac chip's MVM engines). */
  mlp: { crossbarSize: number; colsPerAdc: number; adcBits: number };
  /** Each engine's input buffer (a CACTI entry of arch/tech/buffers-32nm.json). */
  buffer: { sizeKiB: number; busBits: number };
  /** Where each figure comes from, by field. */
  sources: Record<string, string>;
}

const MNSIM_CLOCK =
  "1000 MHz: this repository's default clock (arch/config/hw-params.ts); ReREC's is not public";

/** ReREC as published, where published; every other figure is a choice, with its reason in `sources`. */
export function defaultReRecConfig(): ReRecConfig {
  return {
    name: "ReREC",
    clockMhz: 1000,
    crossbarSize: 32,
    cellBits: 2,
    dacBits: 1,
    adcBits: 6,
    adcSharing: { kind: "engine-pool", adcsPerEngine: 16 },
    convertColumns: "target",
    crossbarsPerEngine: 16,
    engines: null,
    mapping: { accessAware: true, maxReplicas: 16, spareSlotFraction: 0.1 },
    maxRowsPerTable: 65536,
    requestsInFlight: 8,
    mlp: { crossbarSize: 128, colsPerAdc: 8, adcBits: 8 },
    buffer: { sizeKiB: 2, busBits: 64 },
    sources: {
      clockMhz: MNSIM_CLOCK,
      crossbarSize:
        "choice: ReREC (ICCAD 2021 abstract) reduces the crossbar size for fine-grained inner products; 32x32 holds two 16-row vectors per column slot and keeps MNSIM's 1150 um^2 row drivers to 1.2 um^2 per cell",
      cellBits: "this repository's default memristor precision, 2 bits (arch/config/hw-params.ts)",
      dacBits: "this repository's default DAC, 1 bit: inputs bit-serial",
      adcBits:
        "choice: a 16-row read of 2-bit cells with a 1-bit DAC sums at most 16 x 3 = 48 < 64, so a 6-bit ADC (MNSIM ADC_Choice 6, arch/tech/converters.json) is lossless",
      adcSharing:
        "ReREC abstract: the crossbars of an engine are fully connected to its ADCs; 16 ADCs for 16 crossbars (one per crossbar on average) is our choice",
      convertColumns:
        "ReREC abstract: fine-grained inner-product engines convert only the vector read",
      crossbarsPerEngine:
        "this repository's default crossbars per engine, 16 (arch/config/hw-params.ts)",
      mapping:
        "ReREC abstract: access-aware mapping replicates frequently accessed vectors and balances load; the replica cap (16, about the n/2 + 1 = 14 dot products one vector takes part in per DLRM request) and the 10% spare slots are our choices",
      maxRowsPerTable:
        "the autorac chip's default memory.maxRowsPerTable, 65536 (arch/config/hw-params.ts)",
      requestsInFlight:
        "choice: enough requests to keep the three stages (bottom MLP, interaction, top MLP) busy",
      mlp: "the same MLP crossbars in both designs: 128x128, 8 columns per 8-bit ADC (this repository's default colsPerAdc)",
      buffer: "the smallest CACTI entry, 2 KiB x 64 bits, holds one request's 27 x 128-bit vectors",
    },
  };
}

/**
 * The ReRAM baseline ReREC compares against: a naive adoption of a ReRAM DNN accelerator
 * (ISAAC, PRIME, MNSIM): large crossbars with their own ADCs, every column converted on
 * every read, vectors in table order with no replication.
 */
export function reramBaselineConfig(): ReRecConfig {
  const rerec = defaultReRecConfig();
  return {
    ...rerec,
    name: "ReRAM baseline",
    crossbarSize: 128,
    adcBits: 8,
    adcSharing: { kind: "per-crossbar", adcsPerCrossbar: 16 },
    convertColumns: "all",
    crossbarsPerEngine: 8,
    mapping: { accessAware: false, maxReplicas: 1, spareSlotFraction: 0 },
    sources: {
      ...rerec.sources,
      crossbarSize: "ISAAC (ISCA 2016) and PRIME (ISCA 2016) use 128x128 crossbars",
      adcBits: "ISAAC's 8-bit ADC (MNSIM ADC_Choice 5 in arch/tech/converters.json)",
      adcSharing:
        "16 ADCs per 128-column crossbar: this repository's default colsPerAdc = 8 (arch/config/hw-params.ts), MNSIM's column-multiplexed ADCs",
      convertColumns:
        "a DNN accelerator's MVM converts every column of the crossbar it reads (ISAAC, MNSIM)",
      crossbarsPerEngine: "ISAAC's in-situ multiply-accumulate unit has 8 crossbars",
      mapping: "ReREC abstract: the baseline is a naive adoption; vectors in order, one copy",
    },
  };
}

/** Refuses a bad config before any work, naming the field. */
export function validateConfig(c: ReRecConfig): void {
  const need = (ok: boolean, field: string, value: unknown, expected: string): void => {
    if (!ok)
      throw new InputError(
        `${c.name} config: ${field} = ${JSON.stringify(value)}: expected ${expected}`,
      );
  };
  const int = (v: unknown, min: number) =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= min;
  const pow2 = (v: number) => int(v, 1) && (v & (v - 1)) === 0;
  need(typeof c.clockMhz === "number" && c.clockMhz > 0, "clockMhz", c.clockMhz, "> 0 MHz");
  const size = c.crossbarSize;
  need(pow2(size) && size >= 16 && size <= 256, "crossbarSize", size, "a power of two in 16..256");
  need([1, 2].includes(c.cellBits), "cellBits", c.cellBits, "1 or 2");
  const dacs = Object.keys(tech.converters.dac.byBits).map(Number);
  need(dacs.includes(c.dacBits), "dacBits", c.dacBits, `one of ${dacs.join(", ")}`);
  const adcs = Object.keys(tech.converters.adc.byBits).map(Number);
  need(
    adcs.includes(c.adcBits),
    "adcBits",
    c.adcBits,
    `one of ${adcs.join(", ")} (arch/tech/converters.json)`,
  );
  if (c.adcSharing.kind === "engine-pool") {
    const n = c.adcSharing.adcsPerEngine;
    need(int(n, 1), "adcSharing.adcsPerEngine", n, "an integer >= 1");
  } else {
    const n = c.adcSharing.adcsPerCrossbar;
    const ok = pow2(n) && n <= size;
    need(ok, "adcSharing.adcsPerCrossbar", n, `a power of two <= crossbarSize ${size}`);
  }
  need(
    ["target", "all"].includes(c.convertColumns),
    "convertColumns",
    c.convertColumns,
    '"target" or "all"',
  );
  need(int(c.crossbarsPerEngine, 1), "crossbarsPerEngine", c.crossbarsPerEngine, "an integer >= 1");
  need(c.engines === null || int(c.engines, 1), "engines", c.engines, "null or an integer >= 1");
  need(
    int(c.mapping.maxReplicas, 1),
    "mapping.maxReplicas",
    c.mapping.maxReplicas,
    "an integer >= 1",
  );
  const spare = c.mapping.spareSlotFraction;
  need(Number.isFinite(spare) && spare >= 0, "mapping.spareSlotFraction", spare, ">= 0");
  need(int(c.maxRowsPerTable, 1), "maxRowsPerTable", c.maxRowsPerTable, "an integer >= 1");
  need(int(c.requestsInFlight, 1), "requestsInFlight", c.requestsInFlight, "an integer >= 1");
  const m = c.mlp.crossbarSize;
  need(pow2(m) && m >= 16 && m <= 256, "mlp.crossbarSize", m, "a power of two in 16..256");
  need(
    pow2(c.mlp.colsPerAdc) && c.mlp.colsPerAdc <= m,
    "mlp.colsPerAdc",
    c.mlp.colsPerAdc,
    "a power of two <= mlp.crossbarSize",
  );
  need(adcs.includes(c.mlp.adcBits), "mlp.adcBits", c.mlp.adcBits, `one of ${adcs.join(", ")}`);
  const hasBuffer = tech.buffers.entries.some(
    (e) => e.sizeKiB === c.buffer.sizeKiB && e.busBits === c.buffer.busBits,
  );
  need(hasBuffer, "buffer", c.buffer, "a size and bus width the CACTI table holds");
}
