/**
 * DDR4 timing and organisation for the RecNMP baseline: the command-level
 * constraints a memory controller (host or rank-NMP) obeys, in DRAM clock
 * cycles (tCK), and the shape of one rank. Time in this model is an integer
 * count of DRAM cycles; nanoseconds only at the result boundary.
 */

/** DDR4 timing parameters, in DRAM clock cycles unless the name says otherwise. */
export interface DdrTiming {
  name: string;
  /** Clock period (the command clock; data moves on both edges). */
  tCkNs: number;
  /** Data beats per read burst (BL8). */
  burstLength: number;
  /** Cycles one burst occupies the data bus: burstLength / 2 (double data rate). */
  tBurstCycles: number;
  /** ACT to RD/WR, same bank. */
  tRcdCycles: number;
  /** RD to first data beat (CAS latency). */
  tClCycles: number;
  /** PRE to ACT, same bank. */
  tRpCycles: number;
  /** ACT to PRE, same bank (minimum row-open time). */
  tRasCycles: number;
  /** RD to PRE, same bank. */
  tRtpCycles: number;
  /** ACT to ACT, different bank groups of one rank. */
  tRrdSCycles: number;
  /** ACT to ACT, same bank group. */
  tRrdLCycles: number;
  /** Window in which a rank may issue at most four ACTs. */
  tFawCycles: number;
  /** RD to RD, different bank groups of one rank. */
  tCcdSCycles: number;
  /** RD to RD, same bank group. */
  tCcdLCycles: number;
  /** Extra bus turnaround between bursts of two different ranks on one data bus. */
  tRtrsCycles: number;
  source: string;
}

/** The shape of one rank of x8 (or x4/x16) devices. */
export interface DdrOrganization {
  name: string;
  bankGroupsPerRank: number;
  banksPerBankGroup: number;
  rowsPerBank: number;
  /** Columns per row of one device; a column is deviceWidthBits wide. */
  columnsPerRow: number;
  devicesPerRank: number;
  deviceWidthBits: number;
  source: string;
}

const ramulatorDdr4 =
  "CMU-SAFARI/ramulator src/DDR4.h speed_table DDR4_2400R and src/DDR4.cpp init_speed " +
  "(nRRDS/nRRDL/nFAW tables for x8 at 2400); JEDEC JESD79-4 DDR4-2400R (16-16-16)";

/**
 * DDR4-2400R (CL16): tCK = 1/1.2 GHz. RecNMP's evaluation runs a
 * Ramulator-based DDR4 cycle model, and its host has DDR4-2400 (both as a
 * summary of the paper reports them); the speed bin R (16-16-16) is a
 * choice. These are Ramulator's values for it.
 */
export const DDR4_2400R_TIMING: DdrTiming = {
  name: "DDR4-2400R",
  tCkNs: 1 / 1.2,
  burstLength: 8,
  tBurstCycles: 4,
  tRcdCycles: 16,
  tClCycles: 16,
  tRpCycles: 16,
  tRasCycles: 39,
  tRtpCycles: 9,
  tRrdSCycles: 4,
  tRrdLCycles: 6,
  tFawCycles: 26,
  tCcdSCycles: 4,
  tCcdLCycles: 6,
  tRtrsCycles: 2,
  source: ramulatorDdr4,
};

/**
 * A rank of eight 4 Gb x8 DDR4 devices (64-bit data bus, no ECC): 4 bank
 * groups x 4 banks, 32768 rows, 1024 columns. The 4 Gb part is chosen so that
 * the organisation matches the IDD currents used (ddr4-energy.ts).
 */
export const DDR4_4GB_X8_ORGANIZATION: DdrOrganization = {
  name: "DDR4 4Gb x8, 8 devices per rank",
  bankGroupsPerRank: 4,
  banksPerBankGroup: 4,
  rowsPerBank: 32768,
  columnsPerRow: 1024,
  devicesPerRank: 8,
  deviceWidthBits: 8,
  source:
    "CMU-SAFARI/ramulator src/DDR4.h org_table DDR4_4Gb_x8 ({4 bank groups, 4 banks, 1<<15 rows, " +
    "1<<10 columns}); tukl-msd/DRAMPower memspecs/MICRON_4Gb_DDR4-2400_8bit_A.json " +
    "(nbrOfDevicesOnDIMM 8)",
};

/** Bytes one read burst delivers from a rank: its data bus width times the burst length. */
export function burstBytes(organization: DdrOrganization, timing: DdrTiming): number {
  return (organization.devicesPerRank * organization.deviceWidthBits * timing.burstLength) / 8;
}

/** Bytes of one row across the rank (the page one ACT opens in all devices). */
export function rowBytes(organization: DdrOrganization): number {
  return (
    (organization.columnsPerRow * organization.devicesPerRank * organization.deviceWidthBits) / 8
  );
}

/** Banks in one rank. */
export function banksPerRank(organization: DdrOrganization): number {
  return organization.bankGroupsPerRank * organization.banksPerBankGroup;
}

function requirePositiveInteger(value: number, path: string): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new Error(`${path} = ${value}: expected an integer >= 1`);
  }
}

/** Refuses impossible timings, naming the field (`path` is where the object sits in a config). */
export function validateDdrTiming(timing: DdrTiming, path = "timing"): void {
  if (!(Number.isFinite(timing.tCkNs) && timing.tCkNs > 0)) {
    throw new Error(`${path}.tCkNs = ${timing.tCkNs}: expected a number > 0 (ns)`);
  }
  const cycleFields = [
    "burstLength",
    "tBurstCycles",
    "tRcdCycles",
    "tClCycles",
    "tRpCycles",
    "tRasCycles",
    "tRtpCycles",
    "tRrdSCycles",
    "tRrdLCycles",
    "tFawCycles",
    "tCcdSCycles",
    "tCcdLCycles",
  ] as const;
  for (const field of cycleFields) requirePositiveInteger(timing[field], `${path}.${field}`);
  if (!(Number.isInteger(timing.tRtrsCycles) && timing.tRtrsCycles >= 0)) {
    throw new Error(`${path}.tRtrsCycles = ${timing.tRtrsCycles}: expected an integer >= 0`);
  }
  if (timing.burstLength % 2 !== 0 || timing.tBurstCycles !== timing.burstLength / 2) {
    throw new Error(
      `${path}.tBurstCycles = ${timing.tBurstCycles}: expected burstLength / 2 = ` +
        `${timing.burstLength / 2} (double data rate)`,
    );
  }
}

/** Refuses impossible organisations, naming the field. */
export function validateDdrOrganization(
  organization: DdrOrganization,
  path = "organization",
): void {
  const fields = [
    "bankGroupsPerRank",
    "banksPerBankGroup",
    "rowsPerBank",
    "columnsPerRow",
    "devicesPerRank",
    "deviceWidthBits",
  ] as const;
  for (const field of fields) requirePositiveInteger(organization[field], `${path}.${field}`);
}
