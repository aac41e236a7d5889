import {
  rankCommandEnergy,
  MICRON_4GB_DDR4_2400_X8_POWER,
} from "../../../../arch/baselines/recnmp/ddr4-energy";
import {
  burstBytes,
  DDR4_2400R_TIMING,
  DDR4_4GB_X8_ORGANIZATION,
  rowBytes,
} from "../../../../arch/baselines/recnmp/ddr4-timing";
import { T } from "./recnmp-fixtures";

describe("DDR4-2400R x8 parameters", () => {
  test("the timing is Ramulator's DDR4_2400R with the x8 tRRD/tFAW of 2400", () => {
    // Ramulator DDR4.h speed_table row DDR4_2400R: nBL 4, nCCDS 4, nCCDL 6, nRTRS 2,
    // nCL/nRCD/nRP 16, nRAS 39, nRTP 9; DDR4.cpp: RRDS 4, RRDL 6, FAW 26 (x8, 2400).
    const t = DDR4_2400R_TIMING;
    expect(t.tCkNs).toBeCloseTo(T.tCkNs, 12);
    expect([t.tBurstCycles, t.tRcdCycles, t.tClCycles, t.tRpCycles, t.tRasCycles]).toEqual([
      T.tBurst,
      T.tRcd,
      T.tCl,
      T.tRp,
      T.tRas,
    ]);
    expect([t.tRtpCycles, t.tRrdSCycles, t.tRrdLCycles, t.tFawCycles]).toEqual([
      T.tRtp,
      T.tRrdS,
      T.tRrdL,
      T.tFaw,
    ]);
    expect([t.tCcdSCycles, t.tCcdLCycles, t.tRtrsCycles]).toEqual([T.tCcdS, T.tCcdL, T.tRtrs]);
  });

  test("a rank of eight x8 devices reads 64 B per BL8 burst and opens 8 KB rows", () => {
    // 8 devices x 8 bits x 8 beats / 8 = 64 B; 1024 columns x 8 devices x 1 B = 8192 B.
    expect(burstBytes(DDR4_4GB_X8_ORGANIZATION, DDR4_2400R_TIMING)).toBe(64);
    expect(rowBytes(DDR4_4GB_X8_ORGANIZATION)).toBe(8192);
  });

  test("per-command energies follow DRAMPower's formulas on Micron's IDD values", () => {
    // Micron 4Gb DDR4-2400 x8: VDD 1.2 V, IDD0 60.75, IDD2N 38.25, IDD3N 44, IDD4R 184.5 mA.
    const vdd = 1.2;
    const devices = 8;
    const e = rankCommandEnergy(MICRON_4GB_DDR4_2400_X8_POWER, DDR4_2400R_TIMING, devices);
    // ACT: (IDD0 - IDD3N) x tRAS = 16.75 mA x 39 x 0.8333 ns = 544.4 pC per device.
    expect(e.activatePj).toBeCloseTo(vdd * (60.75 - 44) * T.tRas * T.tCkNs * devices, 6);
    expect(e.activatePj).toBeCloseTo(5226, 0);
    // PRE: (IDD0 - IDD2N) x tRP = 22.5 mA x 16 x 0.8333 ns.
    expect(e.prechargePj).toBeCloseTo(vdd * (60.75 - 38.25) * T.tRp * T.tCkNs * devices, 6);
    expect(e.prechargePj).toBeCloseTo(2880, 0);
    // Read burst: (IDD4R - IDD3N) x 4 tCK = 140.5 mA x 3.333 ns.
    expect(e.readBurstPj).toBeCloseTo(vdd * (184.5 - 44) * T.tBurst * T.tCkNs * devices, 6);
    expect(e.readBurstPj).toBeCloseTo(4496, 0);
    // Standby: IDD2N x VDD x 8 = 367.2 mW; IDD3N - IDD2N adds 55.2 mW.
    expect(e.prechargedStandbyMw).toBeCloseTo(367.2, 6);
    expect(e.activeStandbyExtraMw).toBeCloseTo(55.2, 6);
    // DQ: 3.7 mW and 12.4 mW per pin for one bit time, tCK / 2 = 0.4167 ns.
    expect(e.ioPjPerBit).toBeCloseTo((3.7 * T.tCkNs) / 2, 9);
    expect(e.readTerminationPjPerBit).toBeCloseTo((12.4 * T.tCkNs) / 2, 9);
  });
});
