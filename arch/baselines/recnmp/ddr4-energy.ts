import type { DdrTiming } from "./ddr4-timing";

/**
 * DDR4 device currents and I/O powers, and the per-command energies derived
 * from them with DRAMPower's formulas (the Micron DDR4 power calculator's
 * method): an ACT costs the current above active standby for tRAS, a PRE the
 * current above precharge standby for tRP, a read burst the current above
 * active standby for the burst; standby itself is counted over time.
 */
export interface DdrPowerSpec {
  name: string;
  vddV: number;
  /** One-bank ACT-PRE current. */
  idd0MilliAmp: number;
  /** Precharge standby current. */
  idd2nMilliAmp: number;
  /** Active standby current. */
  idd3nMilliAmp: number;
  /** Burst read current. */
  idd4rMilliAmp: number;
  /** Power of one DQ pin's driver while it drives read data (per device pin). */
  ioPowerPerDqMw: number;
  /** Power of one DQ pin's termination in the other rank(s) sharing the bus during a read. */
  readTerminationPowerPerDqMw: number;
  source: string;
}

/**
 * Micron 4 Gb DDR4-2400 x8 (die A) currents as DRAMPower ships them; I/O and
 * termination powers are DRAMPower's DDR4 defaults (MemoryType getIoPower /
 * getTermRdPower), themselves from Micron's power calculators.
 */
export const MICRON_4GB_DDR4_2400_X8_POWER: DdrPowerSpec = {
  name: "Micron 4Gb DDR4-2400 x8 (A)",
  vddV: 1.2,
  idd0MilliAmp: 60.75,
  idd2nMilliAmp: 38.25,
  idd3nMilliAmp: 44.0,
  idd4rMilliAmp: 184.5,
  ioPowerPerDqMw: 3.7,
  readTerminationPowerPerDqMw: 12.4,
  source:
    "tukl-msd/DRAMPower memspecs/MICRON_4Gb_DDR4-2400_8bit_A.json (idd0 60.75, idd2n 38.25, " +
    "idd3n 44.0, idd4r 184.5 mA, vdd 1.2 V); DRAMPower MemorySpecification.h MemoryType DDR4: " +
    "ioPower 3.7 mW, termRdPower 12.4 mW per DQ (Micron power calculator based); energy " +
    "formulas as DRAMPower MemoryPowerModel (act: (idd0-idd3n) tRAS, pre: (idd0-idd2n) tRP, " +
    "read: (idd4r-idd3n) per burst, all times vdd)",
};

/** Energies of one command on one whole rank, and the rank's standby powers. */
export interface RankCommandEnergy {
  activatePj: number;
  prechargePj: number;
  readBurstPj: number;
  /** Standby power of a rank with every bank precharged. */
  prechargedStandbyMw: number;
  /** Extra standby power while at least one bank holds an open row. */
  activeStandbyExtraMw: number;
  /** Driver energy per data bit on a DQ pin. */
  ioPjPerBit: number;
  /** Termination energy per data bit in the other ranks on the same bus. */
  readTerminationPjPerBit: number;
}

/** mA x ns x V = pJ; mA x V = mW. */
export function rankCommandEnergy(
  power: DdrPowerSpec,
  timing: DdrTiming,
  devicesPerRank: number,
): RankCommandEnergy {
  const { vddV, idd0MilliAmp, idd2nMilliAmp, idd3nMilliAmp, idd4rMilliAmp } = power;
  const ns = (cycles: number): number => cycles * timing.tCkNs;
  const perDevice = {
    activatePj: vddV * (idd0MilliAmp - idd3nMilliAmp) * ns(timing.tRasCycles),
    prechargePj: vddV * (idd0MilliAmp - idd2nMilliAmp) * ns(timing.tRpCycles),
    readBurstPj: vddV * (idd4rMilliAmp - idd3nMilliAmp) * ns(timing.tBurstCycles),
  };
  // One bit per DQ per half clock: energy per bit = power x tCK / 2.
  const bitTimeNs = timing.tCkNs / 2;
  return {
    activatePj: perDevice.activatePj * devicesPerRank,
    prechargePj: perDevice.prechargePj * devicesPerRank,
    readBurstPj: perDevice.readBurstPj * devicesPerRank,
    prechargedStandbyMw: vddV * idd2nMilliAmp * devicesPerRank,
    activeStandbyExtraMw: vddV * (idd3nMilliAmp - idd2nMilliAmp) * devicesPerRank,
    ioPjPerBit: power.ioPowerPerDqMw * bitTimeNs,
    readTerminationPjPerBit: power.readTerminationPowerPerDqMw * bitTimeNs,
  };
}

/** Refuses impossible power specs, naming the field. */
export function validateDdrPowerSpec(power: DdrPowerSpec, path = "power"): void {
  const fields = [
    "vddV",
    "idd0MilliAmp",
    "idd2nMilliAmp",
    "idd3nMilliAmp",
    "idd4rMilliAmp",
    "ioPowerPerDqMw",
    "readTerminationPowerPerDqMw",
  ] as const;
  for (const field of fields) {
    const value = power[field];
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new Error(`${path}.${field} = ${value}: expected a finite number >= 0`);
    }
  }
  if (power.idd0MilliAmp < power.idd3nMilliAmp || power.idd3nMilliAmp < power.idd2nMilliAmp) {
    throw new Error(
      `${path}: expected idd0MilliAmp >= idd3nMilliAmp >= idd2nMilliAmp; got ` +
        `${power.idd0MilliAmp}, ${power.idd3nMilliAmp}, ${power.idd2nMilliAmp}`,
    );
  }
  if (power.idd4rMilliAmp < power.idd3nMilliAmp) {
    throw new Error(
      `${path}.idd4rMilliAmp = ${power.idd4rMilliAmp}: expected >= idd3nMilliAmp ` +
        `(${power.idd3nMilliAmp})`,
    );
  }
}
